/**
 * `fazhi export`: every table as canonical JSON lines, the attachment blobs, and a manifest.
 * Read in one snapshot (a read transaction; REPEATABLE READ on PostgreSQL), so a dump taken while
 * the server writes is still one consistent moment.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { nowIso } from '../../core/dates.js';
import { AppError } from '../../core/errors.js';
import { DecryptionError, type FieldCipher } from '../../security/crypto.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../connect.js';
import { isSqlite } from '../dialect.js';
import { byName, canonicalLine } from './canonical.js';
import { describeTables, schemaVersion, type AnyDb, type AnyTables, type ColumnInfo, type TableInfo } from './introspect.js';
import { blobPathInDump, DUMP_FORMAT, DUMP_FORMAT_VERSION, keyFingerprint, manifestPath, tablePath, type Manifest, type TableEntry } from './manifest.js';

/** A database with the key its sensitive fields need and where its attachment blobs are. */
export interface DumpEndpoint {
  db: Db;
  cipher: FieldCipher;
  blobPath: (sha256: string) => string;
}

export type Log = (line: string) => void;

const PAGE = 2000;
const PROGRESS_EVERY = 20_000;

/**
 * A table's rows in canonical order, a page at a time: by primary key (by every column when it
 * has none). A key that includes `id` orders by id alone: ids are unique on their own, and a
 * ledger table's key is (town_id, id) where made now but id where made before, so the order must
 * not depend on which. PostgreSQL compares text in the "C" collation, which is SQLite's byte order.
 */
async function* orderedRows(db: AnyDb, table: TableInfo, columns: readonly ColumnInfo[]): AsyncGenerator<Array<Record<string, unknown>>> {
  const sqlite = isSqlite(db);
  const typeOf = new Map(table.columns.map((c) => [c.name, c.type]));
  const ordered = (column: string): RawBuilder<unknown> =>
    !sqlite && typeOf.get(column) === 'text' ? sql`${sql.ref(column)} collate "C"` : sql`${sql.ref(column)}`;
  const key = table.primaryKey.includes('id') ? ['id'] : table.primaryKey;
  const keys = key.length ? key : table.columns.map((c) => c.name).sort();
  const selected = sql.join(columns.map((c) => sql.ref(c.name)));
  const orderBy = sql.join(keys.map((k) => sql`${ordered(k)} asc nulls first`));

  const [single] = keys;
  if (key.length === 1 && single) {
    // Keyset paging: each page starts after the last key, so a big table costs no more per page.
    let after: unknown;
    for (;;) {
      const where = after === undefined ? sql`` : sql`where ${ordered(single)} > ${after}`;
      const { rows } = await sql<Record<string, unknown>>`select ${selected}, ${sql.ref(single)} as "__key" from ${sql.table(table.name)} ${where} order by ${orderBy} limit ${PAGE}`.execute(db);
      if (rows.length) yield rows;
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]?.__key;
    }
  }
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await sql<Record<string, unknown>>`select ${selected} from ${sql.table(table.name)} order by ${orderBy} limit ${PAGE} offset ${offset}`.execute(db);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
  }
}

export interface DigestOptions {
  /** Receives the canonical lines, a page at a time. */
  write?: (chunk: string) => Promise<void>;
  /** Rows left out of the digest (the target's own ledger_column rows, see importDump). */
  skip?: (row: Record<string, unknown>) => boolean;
  progress?: (rows: number) => void;
}

/** Row count and sha256 of a table's canonical lines over `columns`. */
export async function tableDigest(db: AnyDb, table: TableInfo, columns: readonly ColumnInfo[], options: DigestOptions = {}): Promise<{ rows: number; sha256: string }> {
  const sorted = [...columns].sort(byName);
  const hash = createHash('sha256');
  let count = 0;
  for await (const page of orderedRows(db, table, sorted)) {
    const kept = options.skip ? page.filter((row) => !options.skip?.(row)) : page;
    const chunk = kept.map((row) => `${canonicalLine(table.name, sorted, row)}\n`).join('');
    hash.update(chunk, 'utf8');
    if (options.write) await options.write(chunk);
    count += kept.length;
    options.progress?.(count);
  }
  return { rows: count, sha256: hash.digest('hex') };
}

/** Every table's digest: what the tests compare before and after a refused import. */
export async function databaseDigest(db: Db): Promise<Record<string, string>> {
  const k = db.kysely as unknown as Kysely<AnyTables>;
  const digest: Record<string, string> = {};
  for (const table of await describeTables(k)) digest[table.name] = (await tableDigest(k, table, table.columns)).sha256;
  return digest;
}

/** Refuses unless `dir` is missing or empty: a dump never mixes with other files. */
export async function ensureEmptyDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length) throw new AppError(409, 'dump_exists', `${dir} 已存在且不是空目录，请换一个目录`, 'out');
}

export async function exportDump(source: DumpEndpoint, dir: string, options: { log?: Log } = {}): Promise<Manifest> {
  await ensureEmptyDir(dir);
  const existed = existsSync(dir);
  try {
    return await writeDump(source, dir, options.log ?? (() => { /* no progress wanted */ }));
  } catch (error) {
    // Nothing half-written is left to be mistaken for a dump, or to block the next attempt.
    if (existed) for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
    else await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function writeDump(source: DumpEndpoint, dir: string, log: Log): Promise<Manifest> {
  // A dump holds what the database holds (password hashes, ciphertext): its owner's eyes only.
  await mkdir(join(dir, 'tables'), { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'files'), { recursive: true, mode: 0o700 });

  const k = source.db.kysely as unknown as Kysely<AnyTables>;
  const snapshot = source.db.engine === 'postgres' ? k.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : k.transaction();
  const { version, tables, blobs } = await snapshot.execute(async (trx) => {
    const version = await schemaVersion(trx);
    if (!version) throw new AppError(400, 'dump_schema', `数据库（${source.db.location}）尚未建立，没有可导出的数据`);
    const infos = await describeTables(trx);
    await checkKeyReads(trx, infos, source.cipher);
    const tables: TableEntry[] = [];
    for (const table of infos) tables.push(await dumpTable(trx, table, tablePath(dir, table.name), log));
    const blobs = infos.some((t) => t.name === 'attachment')
      ? (await sql<{ sha256: string }>`select distinct sha256 from attachment order by sha256`.execute(trx)).rows.map((r) => r.sha256)
      : [];
    return { version, tables, blobs };
  });

  // Blobs are written once under their hash and never changed: copying after the snapshot is safe.
  let bytes = 0;
  for (const sha of blobs) bytes += await copyBlob(source.blobPath(sha), blobPathInDump(dir, sha), sha);
  if (blobs.length) log(`附件文件 ${blobs.length} 个（${(bytes / 1024 / 1024).toFixed(1)} MB）`);

  const manifest: Manifest = {
    format: DUMP_FORMAT,
    formatVersion: DUMP_FORMAT_VERSION,
    schemaVersion: version,
    engine: source.db.engine,
    source: source.db.location,
    createdAt: nowIso(),
    cipher: source.cipher.algorithm,
    keyFingerprint: keyFingerprint(source.cipher),
    tables,
    files: { count: blobs.length, bytes },
  };
  // Written last: a directory with a manifest is a complete dump.
  await writeFile(manifestPath(dir), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

async function dumpTable(trx: Transaction<AnyTables>, table: TableInfo, path: string, log: Log): Promise<TableEntry> {
  const file = await open(path, 'w', 0o600);
  try {
    let reported = 0;
    const digest = await tableDigest(trx, table, table.columns, {
      write: async (chunk) => {
        await file.write(chunk);
      },
      progress: (rows) => {
        if (rows - reported < PROGRESS_EVERY) return;
        reported = rows;
        log(`  ${table.name}：已导出 ${rows} 行`);
      },
    });
    if (digest.rows >= PROGRESS_EVERY) log(`  ${table.name}：共 ${digest.rows} 行`);
    return {
      name: table.name,
      rows: digest.rows,
      sha256: digest.sha256,
      primaryKey: table.primaryKey,
      columns: [...table.columns].sort(byName).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    };
  } finally {
    await file.close();
  }
}

/** Copies one blob, checking on the way that its content still has the hash it is named by. */
export async function copyBlob(from: string, to: string, sha: string): Promise<number> {
  let content: Buffer;
  try {
    content = await readFile(from);
  } catch {
    throw new AppError(400, 'dump_file_missing', `附件文件缺失：${from}（sha256 ${sha}）`);
  }
  if (createHash('sha256').update(content).digest('hex') !== sha) throw new AppError(400, 'dump_file_checksum', `附件文件已损坏（内容与其 sha256 不符）：${from}`);
  await mkdir(join(to, '..'), { recursive: true });
  await writeFile(to, content, { mode: 0o640 });
  return content.length;
}

/**
 * A dump records the fingerprint of the key it was made with, so it had better be the key the
 * data is encrypted with: one stored value of each sensitive column must decrypt. Sensitive
 * columns are the ledger columns with a search-hash column beside them, and person.phone.
 */
async function checkKeyReads(trx: Transaction<AnyTables>, tables: readonly TableInfo[], cipher: FieldCipher): Promise<void> {
  const columns = new Set(tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
  const ledgerColumns = columns.has('ledger_column.table_name')
    ? (await sql<{ table_name: string; column_name: string }>`select table_name, column_name from ledger_column`.execute(trx)).rows.map((r) => `${r.table_name}.${r.column_name}`)
    : [];
  const recorded = new Set(ledgerColumns);
  const sensitive = ledgerColumns.filter((c) => recorded.has(`${c}_hash`) && columns.has(c));
  if (columns.has('person.phone')) sensitive.push('person.phone');
  for (const context of sensitive) {
    const [table = '', column = ''] = context.split('.');
    const { rows } = await sql<{ value: string }>`select ${sql.ref(column)} as value from ${sql.table(table)} where ${sql.ref(column)} like ${'v1:%'} limit 1`.execute(trx);
    const value = rows[0]?.value;
    if (value === undefined) continue;
    try {
      cipher.decrypt(value, context);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new AppError(400, 'dump_key', `当前配置的主密钥（FAZHI_KEY 或 FAZHI_KEY_FILE）解不开这个数据库中的敏感字段（${context}）：请使用该数据库原来的密钥`);
    }
  }
}

/** The endpoint of a running context: its database, its key and its attachment directory. */
export const endpointOf = (ctx: Pick<AppContext, 'db' | 'cipher' | 'attachments'>): DumpEndpoint => ({
  db: ctx.db,
  cipher: ctx.cipher,
  blobPath: (sha256) => ctx.attachments.pathOf(sha256),
});
