/**
 * A synthetic record on its way to a row: checked as the ledger service checks one (field
 * validation and the statutory procedure), converted by the ledger's own codec, and laid out as
 * cells in the order of the table's columns, ready for COPY or a multi-row INSERT.
 */
import type { Cell } from '../db/schema.js';
import { columnFor, toRow } from '../ledger/codec.js';
import { hashColumnOf, tableOf, type KindDefinition } from '../ledger/kind.js';
import { recordValidator, slotsOf, type ListLookup, type RecordValidator, type RecordValues } from '../ledger/validation.js';
import { procedureProblems } from '../procedures/procedure.js';
import type { FieldCipher } from '../security/crypto.js';
import type { SynthRecord } from './town.js';

/** Checks, converts and encodes the records of one kind into table rows. */
export class KindEncoder {
  readonly table: string;
  readonly columns: string[];
  private readonly validate: RecordValidator;
  private readonly slots: string[];

  constructor(
    readonly kind: KindDefinition,
    lists: ListLookup,
    private readonly cipher: FieldCipher,
    private readonly statusLabel: (code: string) => string,
  ) {
    this.table = tableOf(kind);
    this.validate = recordValidator(kind, lists);
    this.slots = slotsOf(kind, lists).map((s) => s.name);
    const own = this.slots.flatMap((name) => {
      const column = columnFor(name);
      return kind.fields.find((f) => f.name === name)?.sensitive ? [column, hashColumnOf(column)] : [column];
    });
    this.columns = ['id', 'org_path', 'town_id', 'created_by', 'created_at', 'updated_by', 'updated_at', 'version', ...own];
  }

  /**
   * The record's values as validation leaves them; with `check` false, the generated values with
   * every field present (the record is the generator's own and is not used again, so it is filled in place).
   */
  values(record: SynthRecord, check: boolean): RecordValues {
    if (!check) {
      const values = record.values;
      values.orgId = record.unit.id;
      for (const name of this.slots) if (!(name in values)) values[name] = null;
      return values;
    }
    const input: RecordValues = { ...record.values, orgId: record.unit.id };
    let values: RecordValues;
    try {
      values = this.validate(input, 'create');
    } catch (error) {
      throw new Error(`合成的「${this.kind.label}」记录未通过校验（${String(record.values.title)}）：${describe(error)}`, { cause: error });
    }
    if (this.kind.procedure) {
      const problems = procedureProblems(this.kind.procedure, values, this.statusLabel);
      if (problems.length) throw new Error(`合成的「${this.kind.label}」记录不符合法定程序（${String(record.values.title)}）：${problems.map((p) => p.message).join('；')}`);
    }
    return values;
  }

  /** `townId`: the town the record's unit belongs to (synthetic records all lie in a town). */
  encode(record: SynthRecord, townId: string, check: boolean): Cell[] {
    const row = toRow(this.kind, this.values(record, check), this.cipher);
    const cells: Cell[] = new Array<Cell>(this.columns.length);
    cells[0] = record.id;
    cells[1] = record.unit.path;
    cells[2] = townId;
    cells[3] = null;
    cells[4] = record.createdAt;
    cells[5] = null;
    cells[6] = record.createdAt;
    cells[7] = 1;
    for (let i = 8; i < this.columns.length; i++) cells[i] = row[this.columns[i] as string] ?? null;
    return cells;
  }
}

function describe(error: unknown): string {
  const details = (error as { details?: Array<{ field: string; message: string }> }).details;
  if (details?.length) return details.map((d) => `${d.field}: ${d.message}`).join('；');
  return error instanceof Error ? error.message : String(error);
}
