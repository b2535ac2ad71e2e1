/**
 * `fazhi import DIR`: a portable dump into an empty database of either engine.
 *
 * Everything that can refuse is checked before anything is written: the dump's schema version,
 * the master key, every file against its checksum, and that the target is empty (no units, users
 * or audit log; --force empties it). Then the target is migrated and the dump loaded in one
 * transaction, parents before children, and every table read back and checked against the
 * manifest: any difference rolls the whole load back.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql, type Kysely, type Transaction } from 'kysely';
import { builtInKinds } from '../../areas/index.js';
import { AppError } from '../../core/errors.js';
import type { FieldCipher } from '../../security/crypto.js';
import { migrate, migrationNames } from '../migrate.js';
import { isSqlite } from '../dialect.js';
import { analyzeTables } from '../analyze.js';
import type { Cell, Database } from '../schema.js';
import { forgetSummaryStates, rebuildSummaries } from '../../indicators/monthly/store.js';
import { KindRegistry } from '../../ledger/registry.js';
import { loadOrder, parentsFirst } from './canonical.js';
import { copyBlob, tableDigest, type DumpEndpoint, type Log } from './export.js';
import { describeTables, tableNames, withoutTriggers, type AnyTables, type TableInfo } from './introspect.js';
import { blobPathInDump, keyFingerprint, readManifest, tablePath, type Manifest, type TableEntry } from './manifest.js';

export interface ImportOptions {
  /** Empty a target that holds data (its audit log included) instead of refusing. */
  force?: boolean;
  log?: Log;
}

export interface ImportSummary {
  tables: number;
  rows: number;
  files: number;
}

/** Bound parameters per INSERT: under SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMETERS = 30_000;
const MAX_BATCH = 1000;

export async function importDump(target: DumpEndpoint, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const log = options.log ?? (() => { /* no progress wanted */ });
  const manifest = await readManifest(dir);
  checkSchemaVersion(manifest);
  checkKey(manifest, target.cipher);
  const blobs = await verifyFiles(dir, manifest);
  log(`已校验导出文件：${manifest.tables.length} 张表，${blobs.length} 个附件文件，校验和一致`);

  const nonEmpty = await holdsData(target.db.kysely as unknown as Kysely<AnyTables>);
  if (nonEmpty && !options.force) throw NotEmpty(target.db.location);
  if (nonEmpty) log('目标数据库中已有数据：按 --force 清空（含审计日志）后载入');

  await migrate(target.db, builtInKinds, target.cipher);
  // Blobs first: a committed row never points at a file not yet there. Extra blobs harm nothing.
  for (const sha of blobs) if (!existsSync(target.blobPath(sha))) await copyBlob(blobPathInDump(dir, sha), target.blobPath(sha), sha);

  const ledgerColumns = manifest.tables.some((t) => t.name === 'ledger_column') ? await readRows(dir, tableEntry(manifest, 'ledger_column')) : [];
  const k = target.db.kysely as unknown as Kysely<AnyTables>;
  let loading = '';
  const filled = new Set<string>();
  const rows = await k
    .transaction()
    .execute(async (trx) => {
      const loaded = await loadAll(trx, dir, manifest, ledgerColumns, { log, loading: (table) => (loading = table) });
      // The monthly summaries count the records just loaded (custom kinds' included), in the same transaction.
      const within = trx as unknown as Transaction<Database>;
      const summaries = await rebuildSummaries(within, await new KindRegistry({ ...target.db, kysely: within }, builtInKinds).all());
      for (const table of [...manifest.tables.map((t) => t.name), ...summaries]) filled.add(table);
      return loaded;
    })
    .finally(() => forgetSummaryStates(target.db.kysely))
    .catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      // The database's own words (a foreign key, a constraint) are English: say what happened first.
      const where = loading ? `载入表 ${loading} 时` : '载入时';
      throw new AppError(500, 'dump_load', `${where}数据库拒绝（${error instanceof Error ? error.message : String(error)}），已全部撤销，数据未改动`);
    });
  // Every table was just filled: without statistics the planner guesses until autovacuum comes round (if it is on).
  await analyzeTables(k, filled, log);
  return { tables: manifest.tables.length, rows, files: blobs.length };
}

const columnKey = (row: Record<string, unknown>) => `${String(row.table_name)}.${String(row.column_name)}`;

/** The load proper, inside the one transaction: returns the rows loaded. */
async function loadAll(
  trx: Transaction<AnyTables>,
  dir: string,
  manifest: Manifest,
  ledgerColumns: ReadonlyArray<Record<string, Cell>>,
  progress: { log: Log; loading: (table: string) => void },
): Promise<number> {
  await prepareLedgerTables(trx, manifest, ledgerColumns);
  const infos = new Map((await describeTables(trx)).map((t) => [t.name, t]));
  for (const entry of manifest.tables) checkTableFits(entry, infos.get(entry.name));

  // The target's own ledger_column rows describe its physical tables: a column its code added
  // that the dump's database lacked stays recorded, or the next start would add it again.
  const targetLedgerColumns = infos.has('ledger_column') ? await trx.selectFrom('ledger_column').selectAll().execute() : [];
  const dumped = new Set(ledgerColumns.map(columnKey));
  const kept = targetLedgerColumns.filter((r) => !dumped.has(columnKey(r)) && infos.has(String(r.table_name)));

  // Every table the dump fills, and every ledger table the target has (--force may leave custom ones).
  const cleared = new Set([...manifest.tables.map((t) => t.name), ...targetLedgerColumns.map((r) => String(r.table_name))].filter((n) => infos.has(n)));
  const order = loadOrder([...cleared].map((n) => infos.get(n) as TableInfo));
  for (const name of [...order].reverse()) await clearTable(trx, name);

  let rows = 0;
  for (const name of order) {
    const entry = manifest.tables.find((t) => t.name === name);
    if (!entry) continue;
    progress.loading(name);
    rows += await loadTable(trx, dir, entry, infos.get(name) as TableInfo, progress.log);
  }
  progress.loading('');
  if (kept.length) await trx.insertInto('ledger_column').values(kept).execute();
  if (!isSqlite(trx)) await advanceSequences(trx, manifest, infos);
  await verifyLoaded(trx, manifest, infos, new Set(kept.map(columnKey)));
  return rows;
}

/** Every table read back as the manifest says it should be (the target's own ledger_column rows aside). */
async function verifyLoaded(trx: Transaction<AnyTables>, manifest: Manifest, infos: Map<string, TableInfo>, keptColumns: Set<string>) {
  for (const entry of manifest.tables) {
    const info = infos.get(entry.name) as TableInfo;
    const columns = entry.columns.map((c) => info.columns.find((t) => t.name === c.name)).filter((c) => c !== undefined);
    const skip = entry.name === 'ledger_column' ? (row: Record<string, unknown>) => keptColumns.has(columnKey(row)) : undefined;
    const digest = await tableDigest(trx, info, columns, { skip });
    if (digest.rows !== entry.rows || digest.sha256 !== entry.sha256) {
      throw new AppError(500, 'dump_verify', `载入后核对不符：表 ${entry.name} 读回 ${digest.rows} 行（应为 ${entry.rows} 行）或内容不同。已全部撤销，数据未改动`);
    }
  }
}

const latestMigration = () => migrationNames[migrationNames.length - 1] ?? '';

function checkSchemaVersion(manifest: Manifest) {
  if (manifest.schemaVersion === latestMigration()) return;
  throw new AppError(
    400,
    'dump_schema',
    `导出的数据库结构版本为 ${manifest.schemaVersion}，本程序为 ${latestMigration()}，不能直接载入：请用与导出时相同版本的程序载入，或先在原库上升级后重新导出`,
  );
}

function checkKey(manifest: Manifest, cipher: FieldCipher) {
  if (manifest.cipher !== cipher.algorithm) {
    throw new AppError(400, 'dump_key', `导出数据的加密算法为 ${manifest.cipher}，当前配置（FAZHI_CIPHER）为 ${cipher.algorithm}：请改用与原库相同的设置`);
  }
  if (manifest.keyFingerprint !== keyFingerprint(cipher)) {
    throw new AppError(400, 'dump_key', '当前主密钥（FAZHI_KEY 或 FAZHI_KEY_FILE）与导出数据时的不同，载入后敏感字段将无法解密：请使用原库的密钥文件');
  }
}

function tableEntry(manifest: Manifest, name: string): TableEntry {
  const entry = manifest.tables.find((t) => t.name === name);
  if (!entry) throw new AppError(400, 'dump_manifest', `导出中没有表 ${name}`);
  return entry;
}

/** Every table file against its checksum and row count, every blob against its name; returns the blobs. */
async function verifyFiles(dir: string, manifest: Manifest): Promise<string[]> {
  for (const entry of manifest.tables) {
    const path = tablePath(dir, entry.name);
    if (!existsSync(path)) throw new AppError(400, 'dump_checksum', `导出文件缺失：${path}。未做任何改动`);
    const hash = createHash('sha256');
    let lines = 0;
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      for (const byte of bytes) if (byte === 0x0a) lines += 1;
    }
    if (hash.digest('hex') !== entry.sha256 || lines !== entry.rows) {
      throw new AppError(400, 'dump_checksum', `导出文件 ${path} 的校验和与 manifest.json 不符（文件被改动或不完整）。未做任何改动`);
    }
  }
  const attachment = manifest.tables.find((t) => t.name === 'attachment');
  const blobs = attachment ? [...new Set((await readRows(dir, attachment)).map((r) => String(r.sha256)))].sort() : [];
  if (blobs.length !== manifest.files.count) throw new AppError(400, 'dump_checksum', `附件文件数（${blobs.length}）与 manifest.json（${manifest.files.count}）不符。未做任何改动`);
  for (const sha of blobs) {
    const path = blobPathInDump(dir, sha);
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    } catch {
      throw new AppError(400, 'dump_checksum', `附件文件缺失：${path}。未做任何改动`);
    }
    if (hash.digest('hex') !== sha) throw new AppError(400, 'dump_checksum', `附件文件 ${path} 的内容与其 sha256 不符。未做任何改动`);
  }
  return blobs;
}

export const NotEmpty = (location: string) =>
  new AppError(409, 'not_empty', `目标数据库（${location}）中已有数据（单位、用户或审计日志），未做任何改动。若确要清空后载入，请加 --force`);

/** "Empty": no unit, user or audit row. Rows the migrations seed (lists, grants, settings) do not count. */
export async function holdsData(db: Kysely<AnyTables>): Promise<boolean> {
  const tables = await tableNames(db);
  for (const table of ['org_unit', 'app_user', 'audit_log']) {
    if (!tables.has(table)) continue;
    const { rows } = await sql`select 1 from ${sql.table(table)} limit 1`.execute(db);
    if (rows.length) return true;
  }
  return false;
}

async function* lines(path: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of reader) if (line !== '') yield line;
}

function parseRow(entry: TableEntry, line: string, n: number): Record<string, Cell> {
  const parsed: unknown = JSON.parse(line);
  const bad = () => new AppError(400, 'dump_row', `表 ${entry.name} 第 ${n} 行格式不正确`);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad();
  const values = parsed as Record<string, unknown>;
  if (Object.keys(values).length !== entry.columns.length) throw bad();
  const row: Record<string, Cell> = {};
  for (const { name } of entry.columns) {
    const value = values[name];
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw bad();
    row[name] = value;
  }
  return row;
}

async function readRows(dir: string, entry: TableEntry): Promise<Array<Record<string, Cell>>> {
  const rows: Array<Record<string, Cell>> = [];
  for await (const line of lines(tablePath(dir, entry.name))) rows.push(parseRow(entry, line, rows.length + 1));
  return rows;
}

/** DDL type of a ledger column: ledger_column says, else the value class does. */
const DDL_TYPES: Record<string, string> = { text: 'text', integer: 'integer', real: 'double precision' };

/**
 * Ledger tables the target lacks (custom kinds) are made, and columns it lacks are added, as
 * the dump's ledger_column rows describe them — inside the load's transaction, so a failed load
 * leaves no table behind. Shape as in ledger-tables.ts: the dump's key ((town_id, id), or id for
 * a table made before records carried their town), org_id → org_unit, indexes on id, scope and date.
 * (The next start adds PostgreSQL's prefix index and, to an id-keyed table, the town.)
 */
async function prepareLedgerTables(trx: Transaction<AnyTables>, manifest: Manifest, ledgerColumns: ReadonlyArray<Record<string, Cell>>) {
  const existing = new Map((await describeTables(trx)).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const ddlType = new Map(ledgerColumns.map((r) => [`${String(r.table_name)}.${String(r.column_name)}`, String(r.column_type)]));
  const ledgerTables = new Set(ledgerColumns.map((r) => String(r.table_name)));
  for (const entry of manifest.tables) {
    if (!ledgerTables.has(entry.name)) continue;
    const typeOf = (column: TableEntry['columns'][number]) => sql.raw(ddlType.get(`${entry.name}.${column.name}`) ?? DDL_TYPES[column.type] ?? 'text');
    const columns = existing.get(entry.name);
    if (!columns) {
      let create = trx.schema.createTable(entry.name);
      for (const column of entry.columns) {
        create = create.addColumn(column.name, typeOf(column), (c) => {
          let col = entry.primaryKey.length === 1 && entry.primaryKey[0] === column.name ? c.primaryKey() : c;
          if (!column.nullable) col = col.notNull();
          if (column.name === 'org_id') col = col.references('org_unit.id');
          return col;
        });
      }
      const key = entry.primaryKey;
      await (key.length > 1 ? create.addPrimaryKeyConstraint(`${entry.name}_pkey`, key as never) : create).execute();
      const has = (name: string) => entry.columns.some((c) => c.name === name);
      if (key.length > 1 && has('id')) await trx.schema.createIndex(`${entry.name}_id`).on(entry.name).column('id').execute();
      if (has('org_path') && has('date')) await trx.schema.createIndex(`${entry.name}_scope`).on(entry.name).columns(['org_path', 'date']).execute();
      if (has('date')) await trx.schema.createIndex(`${entry.name}_date`).on(entry.name).column('date').execute();
      continue;
    }
    for (const column of entry.columns) {
      if (!columns.has(column.name)) await trx.schema.alterTable(entry.name).addColumn(column.name, typeOf(column)).execute();
    }
  }
}

function checkTableFits(entry: TableEntry, info: TableInfo | undefined) {
  if (!info) throw new AppError(400, 'dump_schema', `目标数据库没有表 ${entry.name}：导出与本程序的数据库结构不一致。未做任何改动`);
  const missing = entry.columns.filter((c) => !info.columns.some((t) => t.name === c.name));
  if (missing.length) throw new AppError(400, 'dump_schema', `目标数据库的表 ${entry.name} 缺少列 ${missing.map((c) => c.name).join('、')}：导出与本程序的数据库结构不一致。未做任何改动`);
}

async function clearTable(trx: Transaction<AnyTables>, table: string) {
  const { rows } = await sql`select 1 from ${sql.table(table)} limit 1`.execute(trx);
  if (!rows.length) return;
  await withoutTriggers(trx, table, async () => {
    await trx.deleteFrom(table).execute();
  });
}

async function loadTable(trx: Transaction<AnyTables>, dir: string, entry: TableEntry, info: TableInfo, log: Log): Promise<number> {
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(MAX_PARAMETERS / entry.columns.length)));
  const insert = (rows: Array<Record<string, Cell>>) => trx.insertInto(entry.name).values(rows).execute();
  const selfReference = info.foreignKeys.find((f) => f.table === entry.name);
  if (selfReference) {
    // The whole table in memory, parents first (org_unit: a few thousand rows at most).
    const rows = parentsFirst(await readRows(dir, entry), selfReference.column, selfReference.references);
    for (let i = 0; i < rows.length; i += batchSize) await insert(rows.slice(i, i + batchSize));
    return rows.length;
  }
  let batch: Array<Record<string, Cell>> = [];
  let count = 0;
  for await (const line of lines(tablePath(dir, entry.name))) {
    count += 1;
    batch.push(parseRow(entry, line, count));
    if (batch.length < batchSize) continue;
    await insert(batch);
    batch = [];
    if (count % 20_000 < batchSize) log(`  ${entry.name}：已载入 ${count}/${entry.rows} 行`);
  }
  if (batch.length) await insert(batch);
  return count;
}

/** Serial columns continue after the highest id loaded (audit_log numbers its own rows; others may not). */
async function advanceSequences(trx: Transaction<AnyTables>, manifest: Manifest, infos: Map<string, TableInfo>) {
  for (const entry of manifest.tables) {
    for (const column of infos.get(entry.name)?.columns.filter((c) => c.autoIncrement) ?? []) {
      await sql`select setval(pg_get_serial_sequence(${entry.name}, ${column.name}), coalesce((select max(${sql.ref(column.name)}) from ${sql.table(entry.name)}), 0) + 1, false)`.execute(trx);
    }
  }
}
