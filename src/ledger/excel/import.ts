/**
 * 导入Excel: a clerk's filled-in sheet becomes records, all or none. Every row is checked the
 * way the form checks one record — the kind's validation, the units and people it names, the
 * statutory procedure — and every problem is reported at once with its sheet, row and column.
 * Only a file without problems is written, in one transaction with its batch row and one audit
 * row; the batch's content hash keeps the same file from being imported twice. The sheet is parsed
 * on a thread of its own (sheet-stream.ts) while this one checks and writes the rows already parsed,
 * so a large file costs a few batches of memory, and its parse overlaps the checking and writing.
 */
import { createHash } from 'node:crypto';
import { AppError, PayloadTooLarge, fieldError } from '../../core/errors.js';
import { formatBeijingTime, nowIso } from '../../core/dates.js';
import { newId } from '../../core/ids.js';
import type { Transaction } from 'kysely';
import { takeWriteTurn, townChainOf, writeAudit } from '../../audit/audit.js';
import type { Permissions } from '../../accounts/permissions.js';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { ORG_LEVELS, levelRank } from '../../org/levels.js';
import { findOrg, type OrgUnit } from '../../org/repository.js';
import { unitNamesOf } from '../../org/unit-names.js';
import { covers, type Scope } from '../../org/scope.js';
import { today } from '../../procedures/settings.js';
import type { FieldCipher } from '../../security/crypto.js';
import { mask } from '../mask.js';
import type { KindDefinition } from '../kind.js';
import { tableOf } from '../kind.js';
import { analyzeTables } from '../../db/analyze.js';
import type { ListCatalog } from '../lists.js';
import type { KindRegistry } from '../registry.js';
import * as repo from '../repository.js';
import type { ListLookup } from '../validation.js';
import { EXAMPLE_MARK, columnLetter, displayCell, headerKey, sheetColumns, type PlainCell, type SheetColumn } from './columns.js';
import type { SheetRow } from './read.js';
import { RowChecker, type CheckedRow } from './row-check.js';
import { streamSheet, type SheetBatch } from './sheet-stream.js';
import { importVocabulary } from './vocabulary.js';
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
  /** The parsing thread's heap in MB (default 256): a file that needs more is refused, the server lives on. */
  parserHeapMb: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 100_000, maxUnzippedBytes: 300 * 1024 * 1024, parserHeapMb: 256 };

/** At most this many problems are listed; the count says how many there were in all. */
export const MAX_LISTED_ERRORS = 1000;
const PREVIEW_ROWS = 50;

export interface ImportFile {
  name: string;
  content: Buffer;
}

export type ImportPhase = 'checking' | 'reading' | 'validating' | 'writing';
export type ImportProgress = (phase: ImportPhase, done: number, total?: number) => void;

/** An upload whose header is understood and whose rows are still coming from the parsing thread. */
interface Reading {
  kind: KindDefinition;
  unit: OrgUnit;
  fileName: string;
  fileHash: string;
  /** The sheet's column index of each field present, and those columns in template order. */
  at: Map<string, number>;
  present: SheetColumn[];
  checker: RowChecker;
  batches: AsyncGenerator<SheetBatch>;
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
    const reading = await this.open(scope, kindCode, orgId, file, progress, false);
    try {
      const check = await this.checkRows(reading, progress);
      return { ...check, duplicate: await this.priorImport(reading.kind, reading.fileHash) };
    } finally {
      await reading.batches.return(undefined);
    }
  }

  /**
   * Checks and writes the rows as the parsing thread hands them over, in one transaction with the
   * batch row and one audit row: the first bad row stops the writing, the rest are still checked so
   * every problem is named, and the transaction is rolled back. Refuses a file already imported for the kind.
   */
  async import(scope: Scope, kindCode: string, orgId: string | undefined, file: ImportFile, progress?: ImportProgress): Promise<ImportResult> {
    const reading = await this.open(scope, kindCode, orgId, file, progress, true);
    const { kind, unit, fileHash, fileName } = reading;
    const batchId = newId();
    let created = 0;
    try {
      const prior = await this.priorImport(kind, fileHash);
      if (prior) throw duplicateOf(prior);
      const now = nowIso();
      await this.deps.db.kysely.transaction().execute(async (trx) => {
        // Rows name their batch, so it goes first; its row count is known at the end.
        await trx
          .insertInto('import_batch')
          .values({ id: batchId, kind: kind.code, org_id: unit.id, org_path: unit.path, file_name: fileName, file_hash: fileHash, rows: 0, imported_by: scope.actor.userId, imported_by_name: scope.actor.name, imported_at: now })
          .execute();
        await takeImportTurns(trx, unit.path);
        const check = await this.checkRows(reading, progress, async (rows) => {
          const batch = rows.map(({ unit: u, row }) => ({
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
          created += batch.length;
          progress?.('writing', created);
        });
        await trx.updateTable('import_batch').set({ rows: created }).where('id', '=', batchId).execute();
        await writeAudit(trx, scope.actor, {
          action: 'import',
          kind: kind.code,
          recordId: batchId,
          orgId: unit.id,
          after: { fileName, fileHash, rows: created, byUnit: check.byUnit },
        });
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      // Two uploads of one file racing: the unique index lets one in; the other learns who won.
      const prior = await this.priorImport(kind, fileHash);
      if (prior) throw duplicateOf(prior);
      throw error;
    } finally {
      await reading.batches.return(undefined);
    }
    // Autovacuum may not analyse the table for a while: the planner would guess over rows it has never seen.
    await analyzeTables(this.deps.db.kysely, [tableOf(kind), 'import_batch', 'audit_log']);
    return { batchId, created, fileHash, fileName };
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

  /**
   * Starts reading the file on the parsing thread and waits for its header: columns that name
   * nothing, or a required column missing, are refused before any row is checked. Then loads what
   * the rows will be checked against, while the thread parses on.
   */
  private async open(scope: Scope, kindCode: string, orgId: string | undefined, file: ImportFile, progress: ImportProgress | undefined, writing: boolean): Promise<Reading> {
    const kind = await this.deps.kinds.resolve(scope, kindCode);
    this.deps.permissions.require(scope.actor.role, 'create', kind);
    const unit = await this.unitOf(scope, orgId);
    if (file.content.length === 0) throw fieldError('file', '上传的文件是空的');
    if (file.content.length > this.limits.maxBytes) throw fileTooLarge(this.limits.maxBytes);
    const fileName = file.name.trim() || `${kind.label}.xlsx`;
    const fileHash = createHash('sha256').update(file.content).digest('hex');

    progress?.('checking', 0);
    const columns = sheetColumns(kind);
    const byKey = new Map<string, SheetColumn>();
    for (const c of columns) {
      byKey.set(headerKey(c.header), c);
      byKey.set(c.name, c);
    }
    const batches = streamSheet(file.content, {
      maxUnzippedBytes: this.limits.maxUnzippedBytes,
      maxRows: this.limits.maxRows,
      knownHeaders: [...byKey.keys()],
      heapMb: this.limits.parserHeapMb,
    });
    try {
      let first = await batches.next();
      if (!first.done && first.value.type === 'checked') {
        progress?.('reading', 0);
        first = await batches.next();
      }
      // The thread posts the header before any row, or ends with the reader's error.
      if (first.done || first.value.type !== 'header') throw new Error('the parsing thread sent rows before the header');
      const { sheet, header } = first.value;

      const errors: ImportError[] = [];
      const fail = (index: number, message: string) => errors.push({ sheet, row: 1, column: index >= 0 ? columnLetter(index + 1) : '', header: index >= 0 ? (header[index] ?? '') : '', message });
      // Which column of the sheet fills which field; headers that name nothing are refused, lest a typo drop data.
      const at = new Map<string, number>();
      header.forEach((h, i) => {
        if (!h) return;
        const column = byKey.get(h);
        if (!column) fail(i, `无法识别的列名「${h}」：请使用导入模板中的列名`);
        else if (at.has(column.name)) fail(i, `「${column.header}」列重复出现`);
        else at.set(column.name, i);
      });
      for (const c of columns) {
        if (c.required && !at.has(c.name)) fail(-1, `缺少必填列「${c.header}」`);
      }
      if (errors.length) throw invalid(errors);

      const vocabulary = await importVocabulary(this.deps, scope, kind, unit);
      const labels = await this.deps.lists.labels();
      const statusList = kind.fields.find((f) => f.name === kind.procedure?.statusField)?.list ?? '';
      const lookups = new Map<string, ListLookup>();
      for (const u of RowChecker.unitsOf(kind, vocabulary)) lookups.set(u.path, await this.deps.lists.lookupFor(u.path));
      const checker = new RowChecker({
        kind,
        sheet,
        header,
        at,
        present: columns.filter((c) => at.has(c.name)),
        vocabulary,
        lookups,
        statusLabel: (code) => labels.get(`${statusList}\u0000${code}`) ?? code,
        // Step dates are judged against the day the form and the step buttons use (the demo's reference day there).
        on: kind.procedure ? await today(this.deps.db) : '',
        cipher: writing ? this.deps.cipher : undefined,
      });
      const present = columns.filter((c) => at.has(c.name));
      return { kind, unit, fileName, fileHash, at, present, checker, batches };
    } catch (error) {
      await batches.return(undefined);
      throw error;
    }
  }

  /**
   * Checks every row as the thread hands it over; with `write`, hands on checked rows in batches
   * while no row has failed. Throws every problem found, or returns what the dry run shows.
   */
  private async checkRows(reading: Reading, progress: ImportProgress | undefined, write?: (rows: Array<Required<CheckedRow>>) => Promise<void>): Promise<Omit<ImportCheck, 'duplicate'>> {
    const { checker } = reading;
    const preview: SheetRow[] = [];
    let dataRows = 0;
    let pending: Array<Required<CheckedRow>> = [];
    let batchSize = 0;
    for await (const batch of reading.batches) {
      if (batch.type !== 'rows') continue;
      for (const sheetRow of batch.rows) {
        if (isExampleRow(sheetRow.cells, reading.at.get('title'))) continue;
        dataRows += 1;
        if (preview.length < PREVIEW_ROWS) preview.push(sheetRow);
        const checked = checker.check(sheetRow);
        if (!write || !checked?.row || checker.errors.length) continue;
        pending.push(checked as Required<CheckedRow>);
        // Both engines bound the parameters of one statement (SQLite 32766, PostgreSQL 65535).
        batchSize ||= Math.max(1, Math.min(1000, Math.floor(30_000 / (Object.keys(checked.row).length + 10))));
        if (pending.length >= batchSize) {
          await write(pending);
          pending = [];
        }
        if (dataRows % 5000 === 0) progress?.('validating', dataRows);
      }
      if (checker.errors.length) pending = [];
    }
    if (checker.errors.length) throw invalid(checker.errors, dataRows);
    if (dataRows === 0) throw fieldError('file', '表格中没有可导入的数据行（示例行不计）');
    if (write && pending.length) await write(pending);
    progress?.('validating', dataRows, dataRows);

    const { present, at } = reading;
    const shown = present.map((c) => at.get(c.name) ?? -1);
    return {
      dryRun: true,
      fileName: reading.fileName,
      fileHash: reading.fileHash,
      rows: checker.passed,
      byUnit: [...checker.byUnit.values()],
      preview: {
        columns: present.map((c) => c.header),
        rows: preview.map((r) => ({
          row: r.number,
          // Personal information is masked here as in every list, though the file is the uploader's own.
          cells: shown.map((i, k) => {
            const text = displayCell(r.cells[i] ?? null, present[k]?.type);
            return present[k]?.field?.sensitive && text ? mask(text) : text;
          }),
        })),
      },
    };
  }
}

const isExampleRow = (cells: PlainCell[], titleIndex: number | undefined) => {
  const title = titleIndex === undefined ? null : cells[titleIndex];
  return typeof title === 'string' && title.trim().startsWith(EXAMPLE_MARK);
};

export const fileTooLarge = (maxBytes: number) => PayloadTooLarge(`文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分成几个文件分别导入`);

/** `rows`: the data rows read, unless the file was refused on its header. */
function invalid(errors: ImportError[], rows?: number): AppError {
  // By row, then by column as Excel orders them (B before AA); problems of the whole file last in their row.
  const order = (column: string) => (column ? column.length * 100 + column.charCodeAt(0) : 10_000);
  const sorted = [...errors].sort((a, b) => a.row - b.row || order(a.column) - order(b.column) || a.column.localeCompare(b.column));
  const first = sorted[0];
  const where = first ? `${first.row > 1 ? `第 ${first.row} 行` : '列名'}${first.column ? `（${first.column} 列）` : ''}：${first.message}` : '';
  return new AppError(422, 'import_invalid', `共 ${errors.length} 处错误，未导入任何记录。${where}`, 'file', undefined, {
    errors: sorted.slice(0, MAX_LISTED_ERRORS),
    errorCount: errors.length,
    ...(rows === undefined ? {} : { rows }),
    truncated: errors.length > MAX_LISTED_ERRORS,
  });
}

function duplicateOf(prior: PriorImport): AppError {
  return new AppError(409, 'import_duplicate', `这个文件已于 ${formatBeijingTime(prior.importedAt)} 由${prior.importedBy}导入（${prior.rows} 条），没有重复导入`, 'file', undefined, { batch: prior });
}

/**
 * The write turns of every town the file may write into, taken at once before the first batch:
 * batch by batch, a county's file would ask for towns out of order and could deadlock with a
 * record moving between two of them (see takeWriteTurn). The unit's own town (or the unit, above
 * towns) and each town-level unit below it.
 */
async function takeImportTurns(trx: Transaction<Database>, unitPath: string): Promise<void> {
  const below = await trx
    .selectFrom('org_unit')
    .select('id')
    .where('path', 'like', `${unitPath}%`)
    .where('level', 'in', ORG_LEVELS.filter((l) => levelRank(l) === levelRank('town')))
    .execute();
  await takeWriteTurn(trx, [await townChainOf(trx, unitPath), ...below.map((r) => r.id)]);
}
