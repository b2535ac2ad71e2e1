/**
 * 导入Excel: a clerk's filled-in sheet becomes records, all or none. Every row is checked the
 * way the form checks one record — the kind's validation, the units and people it names, the
 * statutory procedure — and every problem is reported at once with its sheet, row and column.
 * Only a file without problems is written, in one transaction with its batch row and one audit
 * row; the batch's content hash keeps the same file from being imported twice.
 */
import { createHash } from 'node:crypto';
import { AppError, PayloadTooLarge, fieldError } from '../../core/errors.js';
import { formatBeijingTime, nowIso } from '../../core/dates.js';
import { newId } from '../../core/ids.js';
import { writeAudit } from '../../audit/audit.js';
import type { Permissions } from '../../accounts/permissions.js';
import type { Db } from '../../db/connect.js';
import type { Cell } from '../../db/schema.js';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../org/levels.js';
import { findOrg, type OrgUnit } from '../../org/repository.js';
import { unitNamesOf } from '../../org/unit-names.js';
import { covers, type Scope } from '../../org/scope.js';
import { futureStepProblems, procedureProblems } from '../../procedures/procedure.js';
import { today } from '../../procedures/settings.js';
import type { FieldCipher } from '../../security/crypto.js';
import { toRow } from '../codec.js';
import { mask } from '../mask.js';
import type { KindDefinition } from '../kind.js';
import { tableOf } from '../kind.js';
import { analyzeTables } from '../../db/analyze.js';
import type { ListCatalog } from '../lists.js';
import type { KindRegistry } from '../registry.js';
import * as repo from '../repository.js';
import { recordValidator, type RecordValidator } from '../validation.js';
import {
  EXAMPLE_MARK,
  columnLetter,
  convertCell,
  displayCell,
  headerKey,
  sheetColumns,
  type PlainCell,
  type SheetColumn,
} from './columns.js';
import { readSheet } from './read.js';
import { importVocabulary, type ImportVocabulary } from './vocabulary.js';
import { checkedWorkbook } from './zip-guard.js';
import { importTemplate } from './template.js';
import type { ImportError, PriorImport, ImportCheck, ImportResult, ImportBatchView } from '../../shared/imports.js';
export type { ImportError, PriorImport, ImportCheck, ImportResult, ImportBatchView };

export interface ImportLimits {
  /** Largest file accepted, in bytes (default 20 MB). */
  maxBytes: number;
  /** Most data rows in the sheet (default 100,000). */
  maxRows: number;
  /** Most bytes the file may inflate to (default 300 MB): a guard against zip bombs. */
  maxUnzippedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 100_000, maxUnzippedBytes: 300 * 1024 * 1024 };

/** At most this many problems are listed; the count says how many there were in all. */
export const MAX_LISTED_ERRORS = 1000;
const PREVIEW_ROWS = 50;

export interface ImportFile {
  name: string;
  content: Buffer;
}

export type ImportPhase = 'checking' | 'reading' | 'validating' | 'writing';
export type ImportProgress = (phase: ImportPhase, done: number, total?: number) => void;

interface Prepared {
  kind: KindDefinition;
  unit: OrgUnit;
  fileName: string;
  fileHash: string;
  rows: Array<{ number: number; unit: { id: string; name: string; path: string }; row: Record<string, Cell> }>;
  check: ImportCheck;
}

export interface ImporterDeps {
  db: Db;
  kinds: KindRegistry;
  lists: ListCatalog;
  permissions: Permissions;
  cipher: FieldCipher;
}

export class LedgerImporter {
  readonly limits: ImportLimits;

  constructor(
    private readonly deps: ImporterDeps,
    limits: Partial<ImportLimits> = {},
  ) {
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  }

  /** The template for the kind, its dropdowns offering the units, options and people of `orgId` (default: the caller's unit). */
  async template(scope: Scope, kindCode: string, orgId: string | undefined, today: string): Promise<{ filename: string; content: Buffer }> {
    const kind = await this.deps.kinds.resolve(scope, kindCode);
    this.deps.permissions.require(scope.actor.role, 'create', kind);
    const unit = await this.unitOf(scope, orgId);
    const vocabulary = await importVocabulary(this.deps, scope, kind, unit);
    const content = await importTemplate({ kind, unitName: unit.name, vocabulary, today, limits: this.limits });
    return { filename: `${kind.label}导入模板-${unit.name}.xlsx`, content };
  }

  /** The dry run: what would be created, or every problem; writes nothing. */
  async check(scope: Scope, kindCode: string, orgId: string | undefined, file: ImportFile, progress?: ImportProgress): Promise<ImportCheck> {
    return (await this.prepare(scope, kindCode, orgId, file, progress)).check;
  }

  /** Checks, then writes every row in one transaction; refuses a file already imported for the kind. */
  async import(scope: Scope, kindCode: string, orgId: string | undefined, file: ImportFile, progress?: ImportProgress): Promise<ImportResult> {
    const prepared = await this.prepare(scope, kindCode, orgId, file, progress);
    const { kind, unit, fileHash, fileName, rows } = prepared;
    if (prepared.check.duplicate) throw duplicateOf(prepared.check.duplicate);

    const batchId = newId();
    const now = nowIso();
    const width = Object.keys(rows[0]?.row ?? {}).length + 10;
    // Both engines bound the parameters of one statement (SQLite 32766, PostgreSQL 65535).
    const batchSize = Math.max(1, Math.min(1000, Math.floor(30_000 / width)));
    try {
      await this.deps.db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('import_batch')
          .values({ id: batchId, kind: kind.code, org_id: unit.id, org_path: unit.path, file_name: fileName, file_hash: fileHash, rows: rows.length, imported_by: scope.actor.userId, imported_by_name: scope.actor.name, imported_at: now })
          .execute();
        for (let i = 0; i < rows.length; i += batchSize) {
          const batch = rows.slice(i, i + batchSize).map(({ unit: u, row }) => ({
            ...row,
            id: newId(),
            org_id: u.id,
            org_path: u.path,
            created_by: scope.actor.userId,
            created_at: now,
            updated_by: scope.actor.userId,
            updated_at: now,
            version: 1,
            import_batch: batchId,
          }));
          await repo.insertRows(trx, scope, kind, batch);
          progress?.('writing', Math.min(i + batchSize, rows.length), rows.length);
        }
        await writeAudit(trx, scope.actor, {
          action: 'import',
          kind: kind.code,
          recordId: batchId,
          orgId: unit.id,
          after: { fileName, fileHash, rows: rows.length, byUnit: prepared.check.byUnit },
        });
      });
    } catch (error) {
      // Two uploads of one file racing: the unique index lets one in; the other learns who won.
      const prior = await this.priorImport(kind, fileHash);
      if (prior) throw duplicateOf(prior);
      throw error;
    }
    // Autovacuum may not analyse the table for a while: the planner would guess over rows it has never seen.
    await analyzeTables(this.deps.db.kysely, [tableOf(kind), 'import_batch', 'audit_log']);
    return { batchId, created: rows.length, fileHash, fileName };
  }

  /** Past imports of the kind inside the caller's scope, newest first. */
  async history(scope: Scope, kindCode: string, params: { org?: string; page?: number; pageSize?: number }) {
    const kind = await this.deps.kinds.resolve(scope, kindCode);
    this.deps.permissions.require(scope.actor.role, 'read', kind);
    const unit = await this.unitOf(scope, params.org);
    const page = params.page ?? 1;
    const pageSize = params.pageSize ?? 20;
    const base = this.deps.db.kysely.selectFrom('import_batch').where('kind', '=', kind.code).where('org_path', 'like', `${unit.path}%`);
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base
      .leftJoin('org_unit', 'org_unit.id', 'import_batch.org_id')
      .selectAll('import_batch')
      .select(['org_unit.name as org_name', 'org_unit.path as unit_path'])
      .orderBy('import_batch.imported_at', 'desc')
      .orderBy('import_batch.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    // Named as the ledger list names units: 新华村/一社, with the town for those who see several.
    const names = await unitNamesOf(
      this.deps.db,
      rows.flatMap((r) => (r.unit_path ? [r.unit_path] : [])),
    );
    const items: ImportBatchView[] = rows.map((r) => {
      const named = r.unit_path ? names.get(r.unit_path) : undefined;
      return {
        id: r.id,
        batchId: r.id,
        fileName: r.file_name,
        fileHash: r.file_hash,
        rows: Number(r.rows),
        orgId: r.org_id,
        orgName: r.org_name ?? null,
        orgPathName: named?.pathName ?? r.org_name ?? null,
        townName: named?.townName ?? null,
        importedAt: r.imported_at,
        importedBy: r.imported_by_name,
      };
    });
    return { items, total: Number(count?.n ?? 0), page, pageSize };
  }

  /** The unit an import is for: the caller's own unless another in scope is named. */
  async unitOf(scope: Scope, orgId: string | undefined): Promise<OrgUnit> {
    const unit = await findOrg(this.deps.db, orgId || scope.orgId);
    if (!unit || !covers(scope, unit.path)) throw fieldError('org', '所选单位不存在或不在您的管辖范围内');
    return unit;
  }

  private async priorImport(kind: KindDefinition, fileHash: string): Promise<PriorImport | null> {
    const row = await this.deps.db.kysely.selectFrom('import_batch').selectAll().where('kind', '=', kind.code).where('file_hash', '=', fileHash).executeTakeFirst();
    return row ? { batchId: row.id, fileName: row.file_name, importedAt: row.imported_at, importedBy: row.imported_by_name, rows: Number(row.rows) } : null;
  }

  private async prepare(scope: Scope, kindCode: string, orgId: string | undefined, file: ImportFile, progress?: ImportProgress): Promise<Prepared> {
    const kind = await this.deps.kinds.resolve(scope, kindCode);
    this.deps.permissions.require(scope.actor.role, 'create', kind);
    const unit = await this.unitOf(scope, orgId);
    if (file.content.length === 0) throw fieldError('file', '上传的文件是空的');
    if (file.content.length > this.limits.maxBytes) throw fileTooLarge(this.limits.maxBytes);
    const fileName = file.name.trim() || `${kind.label}.xlsx`;
    const fileHash = createHash('sha256').update(file.content).digest('hex');

    progress?.('checking', 0);
    const workbook = await checkedWorkbook(file.content, this.limits.maxUnzippedBytes);
    const columns = sheetColumns(kind);
    const byKey = new Map<string, SheetColumn>();
    for (const c of columns) {
      byKey.set(headerKey(c.header), c);
      byKey.set(c.name, c);
    }
    const sheet = await readSheet(workbook, {
      maxRows: this.limits.maxRows,
      knows: (h) => byKey.has(h),
      headerKey,
      onProgress: (n) => progress?.('reading', n),
    });

    const errors: ImportError[] = [];
    const fail = (row: number, index: number, message: string) =>
      errors.push({ sheet: sheet.sheet, row, column: index >= 0 ? columnLetter(index + 1) : '', header: index >= 0 ? (sheet.header[index] ?? '') : '', message });

    // Which column of the sheet fills which field; headers that name nothing are refused, lest a typo drop data.
    const at = new Map<string, number>();
    sheet.header.forEach((h, i) => {
      if (!h) return;
      const column = byKey.get(h);
      if (!column) fail(1, i, `无法识别的列名「${h}」：请使用导入模板中的列名`);
      else if (at.has(column.name)) fail(1, i, `「${column.header}」列重复出现`);
      else at.set(column.name, i);
    });
    for (const c of columns) {
      if (c.required && !at.has(c.name)) errors.push({ sheet: sheet.sheet, row: 1, column: '', header: c.header, message: `缺少必填列「${c.header}」` });
    }
    const dataRows = sheet.rows.filter((r) => !isExampleRow(r.cells, at.get('title')));
    if (errors.length) throw invalid(errors, dataRows.length);
    if (dataRows.length === 0) throw fieldError('file', '表格中没有可导入的数据行（示例行不计）');

    const vocabulary = await importVocabulary(this.deps, scope, kind, unit);
    const labels = await this.deps.lists.labels();
    const statusList = kind.fields.find((f) => f.name === kind.procedure?.statusField)?.list ?? '';
    const statusLabel = (code: string) => labels.get(`${statusList}\u0000${code}`) ?? code;
    const validators = new Map<string, RecordValidator>();
    const validatorFor = async (path: string) => {
      let v = validators.get(path);
      if (!v) {
        v = recordValidator(kind, await this.deps.lists.lookupFor(path));
        validators.set(path, v);
      }
      return v;
    };
    const unitsById = new Map([...vocabulary.units.values()].flat().map((u) => [u.id, u]));
    // Step dates are judged against the day the form and the step buttons use (the demo's reference day there).
    const on = kind.procedure ? await today(this.deps.db) : '';
    const present = columns.filter((c) => at.has(c.name));

    const prepared: Prepared['rows'] = [];
    const byUnit = new Map<string, { orgId: string; orgName: string; rows: number }>();
    for (const [n, sheetRow] of dataRows.entries()) {
      const input: Record<string, unknown> = {};
      const failed = new Set<string>();
      for (const c of present) {
        const index = at.get(c.name) ?? -1;
        const converted = convertCell(c, sheetRow.cells[index] ?? null, vocabulary);
        if ('error' in converted) {
          fail(sheetRow.number, index, converted.error);
          failed.add(c.name);
        } else input[c.name] = converted.value;
      }
      const recordUnit = this.rowUnit(kind, input.orgId, vocabulary, unitsById);
      if ('error' in recordUnit) {
        if (!failed.has('orgId')) fail(sheetRow.number, at.get('orgId') ?? -1, recordUnit.error);
        continue;
      }
      input.orgId = recordUnit.id;
      for (const c of present) {
        if (failed.has(c.name) || (c.type !== 'org' && c.type !== 'orgs')) continue;
        const problem = outsideUnit(c, input[c.name], recordUnit, unitsById);
        if (problem) {
          fail(sheetRow.number, at.get(c.name) ?? -1, problem);
          failed.add(c.name);
        }
      }
      // Cells already reported are left out, so the validator does not report them a second time.
      const checked = Object.fromEntries(Object.entries(input).filter(([name]) => !failed.has(name)));
      const columnOfField = (field: string) => at.get(field) ?? -1;
      try {
        const values = (await validatorFor(recordUnit.path))(checked, 'create');
        if (failed.size) continue;
        const outOfOrder = kind.procedure ? [...procedureProblems(kind.procedure, values, statusLabel), ...futureStepProblems(kind.procedure, kind.fields, values, on)] : [];
        for (const p of outOfOrder) fail(sheetRow.number, columnOfField(p.field), p.message);
        if (outOfOrder.length) continue;
        const { orgId: _unit, ...fields } = values;
        prepared.push({ number: sheetRow.number, unit: recordUnit, row: toRow(kind, fields, this.deps.cipher) });
        const count = byUnit.get(recordUnit.id) ?? { orgId: recordUnit.id, orgName: recordUnit.name, rows: 0 };
        count.rows += 1;
        byUnit.set(recordUnit.id, count);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 400) throw error;
        for (const p of error.details ?? [{ field: error.field ?? '', message: error.message }]) {
          // A cell that could not be read was reported already; validation would only say it is missing.
          if (failed.has(p.field)) continue;
          fail(sheetRow.number, columnOfField(p.field), p.message);
        }
      }
      if ((n + 1) % 5000 === 0) progress?.('validating', n + 1, dataRows.length);
    }
    if (errors.length) throw invalid(errors, dataRows.length);

    const shown = present.map((c) => at.get(c.name) ?? -1);
    const check: ImportCheck = {
      dryRun: true,
      fileName,
      fileHash,
      rows: prepared.length,
      byUnit: [...byUnit.values()],
      preview: {
        columns: present.map((c) => c.header),
        rows: dataRows.slice(0, PREVIEW_ROWS).map((r) => ({
          row: r.number,
          // Personal information is masked here as in every list, though the file is the uploader's own.
          cells: shown.map((i, k) => {
            const text = displayCell(r.cells[i] ?? null, present[k]?.type);
            return present[k]?.field?.sensitive && text ? mask(text) : text;
          }),
        })),
      },
      duplicate: await this.priorImport(kind, fileHash),
    };
    return { kind, unit, fileName, fileHash, rows: prepared, check };
  }

  /** The row's own unit: the one named (under the import's unit, at a level the kind allows) or the import's. */
  private rowUnit(
    kind: KindDefinition,
    named: unknown,
    vocabulary: ImportVocabulary,
    unitsById: Map<string, { id: string; name: string; path: string; level: string }>,
  ): { id: string; name: string; path: string } | { error: string } {
    const u = typeof named === 'string' && named ? unitsById.get(named) : vocabulary.defaultUnit;
    if (!u) return { error: '「所属单位」不是本单位或下级单位' };
    if (!kind.orgLevels.includes(u.level as OrgLevel)) {
      const allowed = kind.orgLevels.map((l) => ORG_LEVEL_LABELS[l]).join('、');
      return { error: named ? `「${kind.label}」只能登记在${allowed}一级，「${u.name}」不符合` : `请填写「所属单位」：「${kind.label}」只能登记在${allowed}一级` };
    }
    return u;
  }
}

/** An org field must name a unit inside the record's own unit, at a level the field allows. */
function outsideUnit(
  column: SheetColumn,
  value: unknown,
  recordUnit: { name: string; path: string },
  unitsById: Map<string, { name: string; path: string; level: string }>,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  for (const id of Array.isArray(value) ? value : [value]) {
    const u = unitsById.get(String(id));
    if (!u?.path.startsWith(recordUnit.path)) return `「${column.header}」的「${u?.name ?? id}」不属于「${recordUnit.name}」`;
    const levels = column.field?.levels;
    if (levels && !levels.includes(u.level as OrgLevel)) return `「${column.header}」应选择${levels.map((l) => ORG_LEVEL_LABELS[l]).join('或')}，「${u.name}」不符合`;
  }
  return undefined;
}

const isExampleRow = (cells: PlainCell[], titleIndex: number | undefined) => {
  const title = titleIndex === undefined ? null : cells[titleIndex];
  return typeof title === 'string' && title.trim().startsWith(EXAMPLE_MARK);
};

export const fileTooLarge = (maxBytes: number) => PayloadTooLarge(`文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分成几个文件分别导入`);

function invalid(errors: ImportError[], rows: number): AppError {
  // By row, then by column as Excel orders them (B before AA); problems of the whole file last in their row.
  const order = (column: string) => (column ? column.length * 100 + column.charCodeAt(0) : 10_000);
  const sorted = [...errors].sort((a, b) => a.row - b.row || order(a.column) - order(b.column) || a.column.localeCompare(b.column));
  const first = sorted[0];
  const where = first ? `${first.row > 1 ? `第 ${first.row} 行` : '列名'}${first.column ? `（${first.column} 列）` : ''}：${first.message}` : '';
  return new AppError(422, 'import_invalid', `共 ${errors.length} 处错误，未导入任何记录。${where}`, 'file', undefined, {
    errors: sorted.slice(0, MAX_LISTED_ERRORS),
    errorCount: errors.length,
    rows,
    truncated: errors.length > MAX_LISTED_ERRORS,
  });
}

function duplicateOf(prior: PriorImport): AppError {
  return new AppError(409, 'import_duplicate', `这个文件已于 ${formatBeijingTime(prior.importedAt)} 由${prior.importedBy}导入（${prior.rows} 条），没有重复导入`, 'file', undefined, { batch: prior });
}
