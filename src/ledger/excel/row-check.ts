/**
 * One sheet row checked as the form checks one record: each cell read into the field's value, the
 * row's unit and the units it names, the kind's validation, the statutory procedure. Synchronous:
 * everything it consults (names, lists, the day steps are judged against) is loaded before the
 * first row, so the import can run it inside its write transaction without another query.
 */
import { AppError } from '../../core/errors.js';
import type { Cell } from '../../db/schema.js';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../org/levels.js';
import { futureStepProblems, procedureProblems } from '../../procedures/procedure.js';
import type { FieldCipher } from '../../security/crypto.js';
import type { ImportError } from '../../shared/imports.js';
import { toRow } from '../codec.js';
import type { KindDefinition } from '../kind.js';
import { recordValidator, type ListLookup, type RecordValidator } from '../validation.js';
import { columnLetter, convertCell, type SheetColumn } from './columns.js';
import type { SheetRow } from './read.js';
import type { ImportVocabulary } from './vocabulary.js';

interface UnitRef {
  id: string;
  name: string;
  path: string;
  level: string;
}

export interface CheckedRow {
  number: number;
  unit: { id: string; name: string; path: string };
  /** The stored columns (personal fields encrypted), when the row is to be written. */
  row?: Record<string, Cell>;
}

export interface RowCheckSetup {
  kind: KindDefinition;
  sheet: string;
  header: string[];
  /** The sheet's column index of each field present. */
  at: Map<string, number>;
  present: SheetColumn[];
  vocabulary: ImportVocabulary;
  /** List lookups of every unit a row may belong to, by path. */
  lookups: Map<string, ListLookup>;
  statusLabel: (code: string) => string;
  /** The day procedure steps may not be later than. */
  on: string;
  /** Given to encrypt rows for writing; without it rows are only checked (the dry run). */
  cipher?: FieldCipher;
}

export class RowChecker {
  readonly errors: ImportError[] = [];
  readonly byUnit = new Map<string, { orgId: string; orgName: string; rows: number }>();
  passed = 0;
  private readonly validators = new Map<string, RecordValidator>();
  private readonly unitsById: Map<string, UnitRef>;
  /** Field name and sheet column index, in the order of `present`. */
  private readonly columns: Array<{ column: SheetColumn; index: number }>;

  constructor(private readonly setup: RowCheckSetup) {
    this.unitsById = new Map([...setup.vocabulary.units.values()].flat().map((u) => [u.id, u]));
    this.columns = setup.present.map((column) => ({ column, index: setup.at.get(column.name) ?? -1 }));
  }

  /** Units a row may belong to: the import's own and those under it, at a level the kind allows. */
  static unitsOf(kind: KindDefinition, vocabulary: ImportVocabulary): UnitRef[] {
    const all = new Map([...vocabulary.units.values()].flat().map((u) => [u.id, u]));
    all.set(vocabulary.defaultUnit.id, vocabulary.defaultUnit);
    return [...all.values()].filter((u) => kind.orgLevels.includes(u.level as OrgLevel));
  }

  fail(row: number, index: number, message: string): void {
    const { sheet, header } = this.setup;
    this.errors.push({ sheet, row, column: index >= 0 ? columnLetter(index + 1) : '', header: index >= 0 ? (header[index] ?? '') : '', message });
  }

  /** The row's values, or undefined with its problems added to `errors`. */
  check(sheetRow: SheetRow): CheckedRow | undefined {
    const { kind, vocabulary, at } = this.setup;
    const input: Record<string, unknown> = {};
    const failed = new Set<string>();
    for (const { column, index } of this.columns) {
      const converted = convertCell(column, sheetRow.cells[index] ?? null, vocabulary);
      if ('error' in converted) {
        this.fail(sheetRow.number, index, converted.error);
        failed.add(column.name);
      } else input[column.name] = converted.value;
    }
    const recordUnit = this.rowUnit(input.orgId);
    if ('error' in recordUnit) {
      if (!failed.has('orgId')) this.fail(sheetRow.number, at.get('orgId') ?? -1, recordUnit.error);
      return undefined;
    }
    input.orgId = recordUnit.id;
    for (const { column, index } of this.columns) {
      if (failed.has(column.name) || (column.type !== 'org' && column.type !== 'orgs')) continue;
      const problem = outsideUnit(column, input[column.name], recordUnit, this.unitsById);
      if (problem) {
        this.fail(sheetRow.number, index, problem);
        failed.add(column.name);
      }
    }
    // Cells already reported are left out, so the validator does not report them a second time.
    const checked = failed.size ? Object.fromEntries(Object.entries(input).filter(([name]) => !failed.has(name))) : input;
    const columnOfField = (field: string) => at.get(field) ?? -1;
    try {
      const values = this.validatorFor(recordUnit.path)(checked, 'create');
      if (failed.size) return undefined;
      const procedure = kind.procedure;
      const outOfOrder = procedure ? [...procedureProblems(procedure, values, this.setup.statusLabel), ...futureStepProblems(procedure, kind.fields, values, this.setup.on)] : [];
      for (const p of outOfOrder) this.fail(sheetRow.number, columnOfField(p.field), p.message);
      if (outOfOrder.length) return undefined;
      const count = this.byUnit.get(recordUnit.id) ?? { orgId: recordUnit.id, orgName: recordUnit.name, rows: 0 };
      count.rows += 1;
      this.byUnit.set(recordUnit.id, count);
      this.passed += 1;
      // Once any row has failed nothing will be written: encrypting the rest would be wasted.
      if (!this.setup.cipher || this.errors.length) return { number: sheetRow.number, unit: recordUnit };
      const { orgId: _unit, ...fields } = values;
      return { number: sheetRow.number, unit: recordUnit, row: toRow(kind, fields, this.setup.cipher) };
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      for (const p of error.details ?? [{ field: error.field ?? '', message: error.message }]) {
        // A cell that could not be read was reported already; validation would only say it is missing.
        if (failed.has(p.field)) continue;
        this.fail(sheetRow.number, columnOfField(p.field), p.message);
      }
      return undefined;
    }
  }

  private validatorFor(path: string): RecordValidator {
    let v = this.validators.get(path);
    if (!v) {
      const lookup = this.setup.lookups.get(path);
      // unitsOf listed every unit rowUnit can return; a miss is a bug, not a bad row.
      if (!lookup) throw new Error(`no list lookup loaded for ${path}`);
      v = recordValidator(this.setup.kind, lookup);
      this.validators.set(path, v);
    }
    return v;
  }

  /** The row's own unit: the one named (under the import's unit, at a level the kind allows) or the import's. */
  private rowUnit(named: unknown): UnitRef | { error: string } {
    const { kind, vocabulary } = this.setup;
    const u = typeof named === 'string' && named ? this.unitsById.get(named) : vocabulary.defaultUnit;
    if (!u) return { error: '「所属单位」不是本单位或下级单位' };
    if (!kind.orgLevels.includes(u.level as OrgLevel)) {
      const allowed = kind.orgLevels.map((l) => ORG_LEVEL_LABELS[l]).join('、');
      return { error: named ? `「${kind.label}」只能登记在${allowed}一级，「${u.name}」不符合` : `请填写「所属单位」：「${kind.label}」只能登记在${allowed}一级` };
    }
    return u;
  }
}

/** An org field must name a unit inside the record's own unit, at a level the field allows. */
function outsideUnit(column: SheetColumn, value: unknown, recordUnit: { name: string; path: string }, unitsById: Map<string, UnitRef>): string | undefined {
  if (value === null || value === undefined) return undefined;
  for (const id of Array.isArray(value) ? value : [value]) {
    const u = unitsById.get(String(id));
    if (!u?.path.startsWith(recordUnit.path)) return `「${column.header}」的「${u?.name ?? id}」不属于「${recordUnit.name}」`;
    const levels = column.field?.levels;
    if (levels && !levels.includes(u.level as OrgLevel)) return `「${column.header}」应选择${levels.map((l) => ORG_LEVEL_LABELS[l]).join('或')}，「${u.name}」不符合`;
  }
  return undefined;
}
