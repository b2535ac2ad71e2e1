/**
 * The one place that knows which engine we run on. SQLite (embedded, zero setup) unless
 * DATABASE_URL names a PostgreSQL server.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** Where it lives, for messages: a file path or the server without the password. */
  location: string;
  close(): Promise<void>;
}

export interface DbConfig {
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL only: run in this schema (tests get one each). */
  schema?: string;
  /** Open for reading only (SQLite read-only, PostgreSQL read-only transactions): how tests make a read-only database. */
  readOnly?: boolean;
}

export function dbConfigFromEnv(env = process.env): DbConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, sqlitePath: env.FAZHI_DB || 'data/fazhi.db' };
}

// pg returns int8 and numeric as strings; our counts and sums fit in a double.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const pgTypesOf = (driver: typeof pg) => {
  const builtInParser = driver.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown;
  return {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
      return builtInParser(oid, format as 'text');
    },
  } as pg.CustomTypesConfig;
};

// The PostgreSQL driver is loaded only for a PostgreSQL database: a SQLite server (a town's)
// starts without it, which is a third of a second and some megabytes less at every start.
const loadPg = () => createRequire(import.meta.url)('pg') as typeof pg;

export function openDb(config: DbConfig): Db {
  if (config.databaseUrl) {
    const driver = loadPg();
    const pool = new driver.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      types: pgTypesOf(driver),
      ...(config.schema || config.readOnly
        ? { options: [config.schema && `-c search_path=${config.schema}`, config.readOnly && '-c default_transaction_read_only=on'].filter(Boolean).join(' ') }
        : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const location = config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    return { kysely, engine: 'postgres', location, close: () => kysely.destroy() };
  }
  const path = config.sqlitePath ?? 'data/fazhi.db';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path, { readonly: config.readOnly ?? false });
  if (!config.readOnly) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { kysely, engine: 'sqlite', location: path, close: () => kysely.destroy() };
}

const CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query afresh; SQLite's prepare (parse and plan) cost about a sixth of an
 * indicator evaluation. Statements are reusable, so the recent ones are kept by their SQL text.
 * Kysely runs one query at a time on the connection, so a cached statement is never in use twice.
 */
function withStatementCache(database: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text); // re-inserted below: most recently used last
      } else {
        statement = database.prepare(text);
        if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}
