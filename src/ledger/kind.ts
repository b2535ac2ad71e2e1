/**
 * A ledger kind (台账类型) is defined once, as data. Its table, validation, REST endpoints,
 * metadata for the web UI, its Excel template and its indicators all derive from it (docs/DESIGN.md §3, §9).
 */
import type { OrgLevel } from '../org/levels.js';
import type { KindIndicatorSpec } from '../indicators/definition.js';
import type { FieldDefinition } from './fields.js';
import type { ProcedureDefinition } from '../procedures/procedure.js';
import { REPORT_AREAS } from '../shared/areas.js';

/** The areas of the annual report, plus the org-and-people area that is not a report section. */
export const AREAS = {
  ...REPORT_AREAS,
  plan: '工作计划',
  organisation: '组织与人员',
} as const;
export type AreaCode = keyof typeof AREAS;

/** One item of an editable list: a stable code and the label people see (and may edit). */
export type ListItemSeed = readonly [code: string, label: string];

export interface ListSeed {
  code: string;
  label: string;
  items: readonly ListItemSeed[];
}

export interface KindDefinition {
  /** Stable identifier, used in URLs and table names: 'dispute', 'penaltyCase'. */
  code: string;
  label: string;
  area: AreaCode;
  description: string;
  /** Levels of the org unit a record may belong to. */
  orgLevels: OrgLevel[];
  titleLabel?: string;
  dateLabel?: string;
  /** Records span a period: an end date (labelled endDateLabel) not before the start date. */
  dateRange?: boolean;
  endDateLabel?: string;
  /** The editable list the record's tags come from, if the kind is tagged. */
  tags?: string;
  fields: FieldDefinition[];
  /** The statutory procedure its records follow, if any (see src/procedures). */
  procedure?: ProcedureDefinition;
  /** Lists this kind introduces, seeded on migration. */
  lists?: ListSeed[];
  /** The figures counted from this kind's records (see src/indicators). */
  indicators?: KindIndicatorSpec[];
}

export const defineKind = <K extends KindDefinition>(kind: K): K => kind;

/** A kind a town defined for itself: stored as a definition, visible on the owner's branch (see KindRegistry). */
export interface CustomKind extends KindDefinition {
  custom: true;
  ownerOrgId: string;
  ownerOrgPath: string;
  definitionVersion: number;
}

export type AnyKind = KindDefinition | CustomKind;

export const isCustom = (kind: AnyKind): kind is CustomKind => (kind as { custom?: unknown }).custom === true;

/** Every record has these besides its kind's own fields. */
export const COMMON_FIELDS = ['orgId', 'date', 'endDate', 'title', 'notes', 'tags'] as const;

export const titleLabelOf = (kind: KindDefinition) => kind.titleLabel ?? '标题';
export const dateLabelOf = (kind: KindDefinition) => kind.dateLabel ?? '日期';
export const endDateLabelOf = (kind: KindDefinition) => kind.endDateLabel ?? '结束日期';

/**
 * The kind's dates that record something done — the record's own date and each step or event —
 * as opposed to a term's end or a time limit (a period's end date, a date field marked `ahead`).
 */
export const doneDateFields = (kind: KindDefinition): string[] => [
  'date',
  ...(kind.dateRange ? [] : ['endDate']),
  ...kind.fields.filter((f) => f.type === 'date' && !f.ahead).map((f) => f.name),
];

/** camelCase field name → snake_case column. */
export const columnOf = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const tableOf = (kind: Pick<KindDefinition, 'code'>) => `ledger_${columnOf(kind.code)}`;

/** A sensitive field's column holds ciphertext; this companion column holds its keyed search hash. */
export const hashColumnOf = (column: string) => `${column}_hash`;
