/**
 * `fazhi backup FILE` and `fazhi restore FILE`.
 *
 * On SQLite a backup is SQLite's online backup of the live file (consistent while the server
 * writes) plus the attachment blobs it refers to, in FILE.files/ (the attachment directory's
 * layout). On PostgreSQL it is the portable dump, a directory. A restore takes either — a SQLite
 * file or a dump directory — into whichever engine is configured: a town's data/fazhi.db restores
 * straight into a county's PostgreSQL.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { builtInKinds } from '../../areas/index.js';
import { AppError } from '../../core/errors.js';
import { encryptPlainPhones } from '../../org/people.js';
import { openDb } from '../connect.js';
import { migrate, migrationNames } from '../migrate.js';
import { copyBlob, exportDump, type DumpEndpoint, type Log } from './export.js';
import { holdsData, importDump, NotEmpty, type ImportOptions, type ImportSummary } from './import.js';
import { schemaVersion, type AnyTables } from './introspect.js';
import { blobPathIn, manifestPath } from './manifest.js';

export interface BackupSummary {
  format: 'sqlite' | 'dump';
  path: string;
  files: number;
}

export const filesDirOf = (backupFile: string) => `${backupFile}.files`;

export async function backupDatabase(source: DumpEndpoint, file: string, options: { log?: Log } = {}): Promise<BackupSummary> {
  for (const path of [file, filesDirOf(file)]) {
    if (existsSync(path)) throw new AppError(409, 'backup_exists', `${path} 已存在，请换一个文件名（备份不覆盖已有文件）`, 'file');
  }
  if (source.db.engine === 'postgres') {
    const manifest = await exportDump(source, file, options);
    return { format: 'dump', path: file, files: manifest.files.count };
  }
  try {
    await onlineBackup(source.db.location, file);
    // It holds what the database holds (password hashes, ciphertext): readable by its owner only.
    await chmod(file, 0o600);
    const copy = new SQLite(file, { readonly: true, fileMustExist: true });
    let blobs: string[];
    try {
      blobs = copy.prepare('select distinct sha256 from attachment order by sha256').pluck().all() as string[];
    } finally {
      copy.close();
    }
    for (const sha of blobs) await copyBlob(source.blobPath(sha), blobPathIn(filesDirOf(file), sha), sha);
    return { format: 'sqlite', path: file, files: blobs.length };
  } catch (error) {
    // A backup that did not finish is no backup: nothing is left to be mistaken for one.
    await rm(file, { force: true });
    await rm(filesDirOf(file), { recursive: true, force: true });
    throw error;
  }
}

/** SQLite's backup API over its own connection: a consistent copy even while another process writes. */
async function onlineBackup(from: string, to: string): Promise<void> {
  const database = new SQLite(from, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    // All remaining pages in one step: a write between small steps would restart the copy.
    await database.backup(to, { progress: () => 0x7fffffff });
  } finally {
    database.close();
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

async function isSqliteFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const { bytesRead } = await file.read(header, 0, 16, 0);
    return bytesRead === 16 && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    await file.close();
  }
}

export interface RestoreOptions extends ImportOptions {
  /** Where a SQLite file's attachment blobs are; by default FILE.files/, then files/ beside FILE. */
  files?: string;
}

export async function restore(target: DumpEndpoint, file: string, options: RestoreOptions = {}): Promise<ImportSummary & { format: 'sqlite' | 'dump' }> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new AppError(404, 'not_found', `${file} 不存在`, 'file');
  if (info.isDirectory()) {
    if (!existsSync(manifestPath(file))) throw new AppError(400, 'restore_format', `${file} 是目录，但其中没有 manifest.json：不是导出或备份目录`, 'file');
    return { ...(await importDump(target, file, options)), format: 'dump' };
  }
  if (!(await isSqliteFile(file))) throw new AppError(400, 'restore_format', `${file} 既不是 SQLite 数据库文件，也不是导出目录`, 'file');
  // Refused before the copy below, which takes a while for a big file.
  if (!options.force && (await holdsData(target.db.kysely as unknown as Kysely<AnyTables>))) throw NotEmpty(target.db.location);

  const work = await mkdtemp(join(tmpdir(), 'fazhi-restore-'));
  try {
    // A copy, brought up to this program's schema as a start would: the file itself is not changed.
    const copyPath = join(work, 'source.db');
    await onlineBackup(file, copyPath);
    const source = openDb({ sqlitePath: copyPath });
    try {
      const version = await schemaVersion(source.kysely as unknown as Kysely<AnyTables>);
      if (version && !migrationNames.includes(version)) {
        throw new AppError(400, 'dump_schema', `${file} 的数据库结构版本（${version}）比本程序新：请用更新版本的程序恢复`);
      }
      await migrate(source, builtInKinds, target.cipher);
      await encryptPlainPhones(source, target.cipher);
      const dirs = options.files ? [options.files] : [filesDirOf(file), join(dirname(file), 'files')];
      // Moving on one machine, the blobs may already be where the target keeps them.
      const blobPath = (sha: string) => [...dirs.map((d) => blobPathIn(d, sha)), target.blobPath(sha)].find((p) => existsSync(p)) ?? blobPathIn(dirs[0] ?? '', sha);
      await exportDump({ db: source, cipher: target.cipher, blobPath }, join(work, 'dump'), options);
    } finally {
      await source.close();
    }
    return { ...(await importDump(target, join(work, 'dump'), options)), format: 'sqlite' };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
