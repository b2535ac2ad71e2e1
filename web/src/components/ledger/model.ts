/**
 * What every ledger screen reads off a kind's definition: which field holds the status, which
 * fields are procedure step dates, how a value reads in Chinese. Nothing here knows a kind by name.
 */
import type { Field, Kind } from '../../lib/types';
import type { Attachment, RecordWithAttachments, ReferenceNames } from '../../../../src/shared/ledger.js';
import { levelRank } from '../../../../src/shared/levels.js';

/** The record as the detail page gets it: the values and its attachments. */
export type { Attachment, RecordWithAttachments };

/** Names for the ids a record holds (GET /api/references). */
export type Names = ReferenceNames;
export const NO_NAMES: Names = { people: {}, orgs: {}, records: {} };

/** The choice field the list filters by status: the procedure's status field, else a choice named 'status'. */
export function statusFieldOf(kind: Kind): Field | undefined {
  const name = kind.procedure?.statusField ?? 'status';
  return kind.fields.find((f) => f.name === name && f.type === 'choice');
}

/** Fields whose value is a step's date: set with the step buttons on the detail page, not typed in the form. */
export function stepFieldNames(kind: Kind): Set<string> {
  return new Set((kind.procedure?.steps ?? []).map((s) => s.field).filter((f) => f !== 'date'));
}

/** The status a new record starts in: the first step's first status. */
export const initialStatus = (kind: Kind): string | undefined => kind.procedure?.steps[0]?.statuses?.[0];

/** The option's label; a code the field does not list is shown as it is (a choice's value is a code, never an object). */
export const optionLabelOf = (field: Field, code: unknown) =>
  field.options?.find((o) => o.code === code)?.label ?? (typeof code === 'string' || typeof code === 'number' || typeof code === 'boolean' ? String(code) : '');

/** ¥1,234.50 */
export const money = (value: number) => `¥${value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

export const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

/** A value as plain text (for lists and titles); links and multi-line text are drawn by FieldValue. */
export function valueText(field: Field, value: unknown, names: Names): string {
  if (isEmpty(value)) return '';
  switch (field.type) {
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : '';
    case 'money':
      return typeof value === 'number' ? money(value) : String(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value.toLocaleString('zh-CN', { maximumFractionDigits: 4 }) : String(value);
    case 'choice':
      return optionLabelOf(field, value);
    case 'multiChoice':
      return asList(value)
        .map((code) => optionLabelOf(field, code))
        .join('、');
    case 'person':
      return asList(value)
        .map((id) => names.people[id] ?? '…')
        .join('、');
    case 'org':
    case 'orgs':
      return asList(value)
        .map((id) => names.orgs[id] ?? '…')
        .join('、');
    case 'record':
      return asList(value)
        .map((id) => names.records[`${field.kind}:${id}`] ?? '…')
        .join('、');
    default:
      return String(value);
  }
}

/** The ids a page of records names, for one GET /api/references. */
export function referencesOf(kind: Kind, records: ReadonlyArray<Record<string, unknown>>) {
  const people = new Set<string>();
  const orgs = new Set<string>();
  const linked = new Set<string>();
  for (const record of records) {
    for (const f of kind.fields) {
      for (const id of asList(record[f.name])) {
        if (f.type === 'person') people.add(id);
        else if (f.type === 'org' || f.type === 'orgs') orgs.add(id);
        else if (f.type === 'record' && f.kind) linked.add(`${f.kind}:${id}`);
      }
    }
  }
  return { people: [...people].sort(), orgs: [...orgs].sort(), records: [...linked].sort() };
}

/** Query parameters the list takes that are not field filters. */
export const LIST_PARAMS = new Set(['page', 'pageSize', 'sort', 'org', 'from', 'to', 'q', 'tag', 'reason']);

/** Field types the server filters by exact value. */
export const FILTERABLE_TYPES = new Set(['choice', 'boolean', 'person', 'org', 'record', 'integer']);

/** Status colours by what the code says, whatever the kind. */
export const statusColor = (code: string) =>
  /unresolved|declined|repealed|overdue|cancel/i.test(code)
    ? 'red'
    : /resolved|closed|published|executed|served|decided|handled|reviewed|valid|done|completed/i.test(code)
      ? 'green'
      : /registered|filed|draft/i.test(code)
        ? 'default'
        : 'blue';

/** Whoever sits above towns (a county reviewer) sees several towns' 一社: lists then show the town too. */
export const seesTowns = (level: string) => levelRank(level) >= 0 && levelRank(level) < levelRank('town');

/** A record's unit as lists and details show it: its path below the town (新华村/一社). */
export const unitLabel = (r: { orgPathName?: string | null; orgName: string | null }) => r.orgPathName ?? r.orgName ?? '';
