/**
 * Databases a test opens and reopens by configuration, with a key it chooses: the dump tests move
 * data between engines and need the same key on both ends (testContext makes a random key each).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createContext, type AppContext, type Config } from '../context.js';
import type { DbConfig, Engine } from '../db/connect.js';
import { cipherNameOf } from '../security/crypto.js';

export interface TestDatabase {
  engine: Engine;
  config: Config;
  /** A temporary directory holding the SQLite file (if any), the attachment blobs and spare room. */
  dir: string;
  /** A context over the database (migrated unless told otherwise); the caller closes it. */
  open(options?: { migrate?: boolean }): Promise<AppContext>;
  /** Drops the PostgreSQL schema and removes the directory. */
  drop(): Promise<void>;
}

/** The engine of this test run: PostgreSQL when DATABASE_URL is set. */
export const passEngine = (): Engine => (process.env.DATABASE_URL ? 'postgres' : 'sqlite');

export const randomKey = () => randomBytes(32).toString('hex');

/** Runs one statement on a PostgreSQL server (creating or dropping a schema or database). */
export async function onServer(databaseUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** An empty database of the engine under this run (a new schema on PostgreSQL), not yet migrated: for migration tests. */
export async function emptyDatabase(): Promise<{ config: DbConfig; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-empty-'));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!databaseUrl) return { config: { sqlitePath: join(dir, 'empty.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  const schema = `m_${randomBytes(6).toString('hex')}`;
  await onServer(databaseUrl, `CREATE SCHEMA ${schema}`);
  return {
    config: { databaseUrl, schema },
    drop: async () => {
      await onServer(databaseUrl, `DROP SCHEMA ${schema} CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function testDatabase(engine: Engine, key: string): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-db-'));
  const databaseUrl = engine === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (engine === 'postgres' && !databaseUrl) throw new Error('a PostgreSQL test database needs DATABASE_URL');
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  if (databaseUrl && schema) await onServer(databaseUrl, `CREATE SCHEMA ${schema}`);
  const config: Config = {
    db: { databaseUrl, sqlitePath: join(dir, 'fazhi.db'), schema },
    dataDir: join(dir, 'files'),
    maxUploadBytes: 1024 * 1024,
    sessionIdleMinutes: 30,
    loginRatePerMinute: 100_000,
    key,
    keyFile: join(dir, 'fazhi.key'),
    cipher: cipherNameOf(process.env.FAZHI_CIPHER),
  };
  return {
    engine,
    config,
    dir,
    open: (options) => createContext(config, options),
    drop: async () => {
      if (databaseUrl && schema) await onServer(databaseUrl, `DROP SCHEMA ${schema} CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
