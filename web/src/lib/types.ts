/** Shapes of the API's answers that the UI reads (the server's OpenAPI document at /api/docs is the full reference). */

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  mustChangePassword: boolean;
  /** Who last reset the password and when: shown on the forced change, so a reset nobody asked for is noticed. */
  lastReset: { by: string; at: string } | null;
  csrfToken: string;
  demo: boolean;
  /** Today in China, or the demo's reference day (2025-12-15) on the demo database. */
  today: string;
  mayReadReport: boolean;
  /** What an Excel import accepts; the server's settings. */
  importLimits: { maxBytes: number; maxRows: number };
  org: { id: string; name: string; level: string };
}

export interface Option {
  code: string;
  label: string;
  active: boolean;
}

export type FieldType =
  | 'text'
  | 'textarea'
  | 'url'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'date'
  | 'boolean'
  | 'choice'
  | 'multiChoice'
  | 'person'
  | 'org'
  | 'orgs'
  | 'record';

/** Whether a field of this type holds a number: what a sum adds up and a number range filters. */
export const isNumericType = (type: FieldType): boolean => type === 'integer' || type === 'decimal' || type === 'money';

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  sensitive?: boolean;
  help?: string;
  maxLength?: number;
  pattern?: string;
  patternHint?: string;
  min?: number;
  max?: number;
  list?: string;
  levels?: string[];
  kind?: string;
  inList?: boolean;
  options?: Option[];
}

export interface Step {
  code: string;
  label: string;
  field: string;
  when?: string | { field: string; in: string[] };
  optional?: boolean;
  after?: string[];
  statuses?: string[];
  basis?: string;
}

export interface Deadline {
  code: string;
  label: string;
  from: string;
  until: string[];
  days: number;
  count: 'working' | 'calendar';
  basis: string;
  extension?: { maxDays: number; basis: string };
}

export interface Kind {
  code: string;
  label: string;
  area: string;
  areaLabel: string;
  description: string;
  custom: boolean;
  orgLevels: Array<{ level: string; label: string }>;
  titleLabel: string;
  dateLabel: string;
  dateRange: boolean;
  endDateLabel?: string;
  tags?: { list: string; options: Option[] };
  fields: Field[];
  procedure?: { statusField?: string; steps: Step[]; deadlines: Deadline[] };
  indicators: Array<{ code: string; label: string; unit: string }>;
  permissions: { read: boolean; create: boolean; update: boolean; delete: boolean; reveal: boolean };
}

export interface KindsResponse {
  areas: Array<{ code: string; label: string }>;
  items: Kind[];
}

export type RecordValue = string | number | boolean | string[] | null;

export interface LedgerRecord {
  id: string;
  kind: string;
  orgId: string;
  orgName: string | null;
  /** The unit by its path below its town (新华村/一社). */
  orgPathName: string | null;
  /** The unit's town; null for a unit above towns. */
  townName: string | null;
  date: string;
  endDate?: string | null;
  title: string;
  notes?: string | null;
  tags?: string[] | null;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
  [field: string]: unknown;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface OrgUnit {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  path: string;
}

export interface StepState {
  code: string;
  label: string;
  field: string;
  basis?: string;
  optional: boolean;
  status: 'done' | 'ready' | 'waiting' | 'notApplicable';
  date?: string;
  waitingFor: string[];
}

export interface DeadlineState {
  code: string;
  label: string;
  basis: string;
  count: 'working' | 'calendar';
  from: string;
  start: string;
  statutoryDue: string;
  due: string;
  extendedDays: number;
  status: 'open' | 'met' | 'metLate';
  metOn?: string;
  daysLeft?: number;
  until: string[];
  warning?: string;
  extendable?: number;
}

export interface RecordProcedure {
  on: string;
  steps: StepState[];
  deadlines: DeadlineState[];
  next: string[];
  extensions: Array<{ id: string; deadline: string; days: number; approver: string; reason: string; approvedOn: string }>;
}

/** The due list's shapes are the server's own (type-only: nothing of the server reaches the bundle). */
export type { DueItem, DueList } from '../../../src/procedures/due.js';

/** The Excel import's shapes are the server's own (type-only): the dry run's check, the result, a listed problem, a past batch. */
export type {
  ImportBatchView as ImportBatch,
  ImportCheck,
  ImportError as ImportProblem,
  ImportResult as ImportDone,
  PriorImport as ImportBatchRef,
} from '../../../src/ledger/excel/import.js';
