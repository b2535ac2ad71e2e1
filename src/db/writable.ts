/**
 * Can the database be written? A read-only SQLite file (or directory) opens and answers every
 * read, so a server on it looks healthy while each sign-in fails. The probe writes in a
 * transaction that is always rolled back: start-up refuses such a database, /api/health reports it.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './connect.js';

export class ReadOnlyDatabaseError extends Error {
  constructor(location: string, detail: string) {
    super(`数据库 ${location} 不可写入：${detail}。法治台账要写入数据库（登录记录、会话、审计日志），请改正文件和目录的权限或换用可写的数据库后再启动。`);
    this.name = 'ReadOnlyDatabaseError';
  }
}

/** Thrown out of the probe's transaction to roll it back; never escapes. */
const ROLLBACK = new Error('rollback');

/**
 * Why the database cannot be written now (undefined when it can), rolled back either way. 'row'
 * inserts a setting (the health check: no catalog churn); 'table' creates a table, for start-up,
 * before the migrations have made any.
 */
export async function writeProblem(db: Db, probe: 'row' | 'table' = 'row'): Promise<string | undefined> {
  const name = `health_probe_${randomBytes(6).toString('hex')}`;
  try {
    await db.kysely.transaction().execute(async (trx) => {
      if (probe === 'row') await trx.insertInto('app_setting').values({ key: name, value: new Date().toISOString() }).execute();
      else await sql`create table ${sql.table(name)} (id integer)`.execute(trx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error === ROLLBACK) return undefined;
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

/** For SQLite: the file and its directory (where -wal and -shm are made) must be writable by this process. */
function sqliteFileProblem(path: string): string | undefined {
  if (path === ':memory:' || path === '') return undefined;
  const writable = (p: string) => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (existsSync(path) && !writable(path)) return `文件 ${resolve(path)} 没有写权限`;
  const dir = dirname(resolve(path));
  if (!writable(dir)) return `所在目录 ${dir} 没有写权限（SQLite 要在其中建立 -wal、-shm 文件）`;
  return undefined;
}

/** Throws ReadOnlyDatabaseError, with a Chinese reason, when the database cannot be written. */
export async function assertWritable(db: Db): Promise<void> {
  const problem = (db.engine === 'sqlite' ? sqliteFileProblem(db.location) : undefined) ?? (await writeProblem(db, 'table'));
  if (problem) throw new ReadOnlyDatabaseError(db.location, problem);
}
