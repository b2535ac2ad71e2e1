/**
 * Moves a record between its API shape (field names, yuan, booleans, arrays) and its row.
 * Sensitive fields cross here too: encrypted (with a search hash beside them) on the way in,
 * decrypted on the way out. Output for people goes through `masked` as well.
 */
import type { Cell } from '../db/schema.js';
import type { FieldCipher } from '../security/crypto.js';
import type { FieldDefinition } from './fields.js';
import { columnOf, hashColumnOf, tableOf, type KindDefinition } from './kind.js';
import type { FieldValue, RecordValues } from './validation.js';
import { mask } from './mask.js';

export interface LedgerRecord extends RecordValues {
  id: string;
  kind: string;
  orgId: string;
  date: string;
  title: string;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
}

const COMMON: Record<string, string> = {
  orgId: 'org_id',
  date: 'date',
  endDate: 'end_date',
  title: 'title',
  notes: 'notes',
  tags: 'tags',
};

function toCell(f: Pick<FieldDefinition, 'type'> | undefined, value: FieldValue): Cell {
  if (value === null) return null;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (f?.type === 'money' && typeof value === 'number') return Math.round(value * 100);
  return value;
}

function fromCell(f: Pick<FieldDefinition, 'type'> | undefined, cell: Cell | undefined): FieldValue {
  if (cell === null || cell === undefined) return null;
  switch (f?.type) {
    case 'multiChoice':
    case 'orgs':
      return JSON.parse(String(cell)) as string[];
    case 'boolean':
      return Number(cell) === 1;
    case 'money':
      return Number(cell) / 100;
    case 'integer':
    case 'decimal':
      return Number(cell);
    default:
      return cell;
  }
}

const fieldOf = (kind: KindDefinition, name: string): Pick<FieldDefinition, 'type' | 'sensitive'> | undefined =>
  name === 'tags' ? { type: 'multiChoice' } : kind.fields.find((f) => f.name === name);

/** Column name for a field name (common or the kind's own). */
export const columnFor = (name: string) => COMMON[name] ?? columnOf(name);

/** Bound into each ciphertext, so a value copied into another column or table does not decrypt. */
export const cipherContext = (kind: Pick<KindDefinition, 'code'>, column: string) => `${tableOf(kind)}.${column}`;

interface Slot {
  field: Pick<FieldDefinition, 'type' | 'sensitive'> | undefined;
  column: string;
  hashColumn: string;
  context: string;
}

/** Where each field name goes, worked out once per kind definition (an import converts many rows). */
const layouts = new WeakMap<KindDefinition, Map<string, Slot>>();

function slotOf(kind: KindDefinition, name: string): Slot {
  let layout = layouts.get(kind);
  if (!layout) layouts.set(kind, (layout = new Map<string, Slot>()));
  let slot = layout.get(name);
  if (!slot) {
    const column = columnFor(name);
    slot = { field: fieldOf(kind, name), column, hashColumn: hashColumnOf(column), context: cipherContext(kind, column) };
    layout.set(name, slot);
  }
  return slot;
}

export function toRow(kind: KindDefinition, values: RecordValues, cipher: FieldCipher): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const name in values) {
    const { field: f, column, hashColumn, context } = slotOf(kind, name);
    const cell = toCell(f, values[name] ?? null);
    if (!f?.sensitive) {
      row[column] = cell;
      continue;
    }
    row[column] = cell === null ? null : cipher.encrypt(String(cell), context);
    row[hashColumn] = cell === null ? null : cipher.hash(String(cell));
  }
  return row;
}

/** A record without its sensitive fields, read without the key (for computations that never need them). */
export function withoutSensitive(kind: KindDefinition, row: Record<string, Cell>): LedgerRecord {
  return fromRow({ ...kind, fields: kind.fields.filter((f) => !f.sensitive) }, row, NO_KEY);
}

/** Stands in for the cipher where no sensitive field is read; using it is a bug. */
const NO_KEY = new Proxy({} as FieldCipher, {
  get() {
    throw new Error('a sensitive field was read without the key');
  },
});

export function fromRow(kind: KindDefinition, row: Record<string, Cell>, cipher: FieldCipher): LedgerRecord {
  const record: RecordValues = {};
  for (const name of Object.keys(COMMON)) {
    if (name === 'endDate' && !kind.dateRange) continue;
    if (name === 'tags' && !kind.tags) continue;
    record[name] = fromCell(fieldOf(kind, name), row[COMMON[name] as string]);
  }
  for (const f of kind.fields) {
    const column = columnOf(f.name);
    const cell = row[column];
    const plain = f.sensitive && cell !== null && cell !== undefined ? cipher.decrypt(String(cell), cipherContext(kind, column)) : cell;
    record[f.name] = fromCell(f, plain);
  }
  return {
    ...record,
    id: String(row.id),
    kind: kind.code,
    orgId: String(row.org_id),
    date: String(row.date),
    title: String(row.title),
    version: Number(row.version),
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: String(row.created_at),
    updatedBy: (row.updated_by as string | null) ?? null,
    updatedAt: String(row.updated_at),
  };
}

/** The record as people may see it by default: sensitive fields masked. */
export function masked(kind: KindDefinition, record: LedgerRecord): LedgerRecord {
  const out: LedgerRecord = { ...record };
  for (const f of kind.fields) {
    const v = out[f.name];
    if (f.sensitive && typeof v === 'string' && v) out[f.name] = mask(v);
  }
  return out;
}
