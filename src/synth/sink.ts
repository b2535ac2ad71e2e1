/**
 * Where synthetic rows go: one transaction on either engine, with a bulk append for each table.
 * PostgreSQL gets COPY on a connection of its own (the pool's connections are not reachable through
 * Kysely); SQLite gets multi-row INSERTs in the application's own transaction.
 */
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type { AppContext } from '../context.js';
import type { Cell, Database } from '../db/schema.js';
import { copyRows } from './pg-copy.js';
import { bindAuditChain, chainBindingOf } from '../audit/audit.js';

export interface BulkSession {
  engine: 'sqlite' | 'postgres';
  /** The transaction everything is written in (the audit row goes through it too). */
  trx: Transaction<Database>;
  /** Appends rows, given as arrays in `columns` order. */
  append(table: string, columns: readonly string[], rows: readonly Cell[][]): Promise<void>;
}

/** Runs `work` in one transaction: all of it is written, or nothing. */
export async function inBulkSession<T>(ctx: AppContext, work: (session: BulkSession) => Promise<T>): Promise<T> {
  if (ctx.db.engine === 'sqlite') {
    return ctx.db.kysely.transaction().execute((trx) => work({ engine: 'sqlite', trx, append: (table, columns, rows) => insertRows(trx, table, columns, rows) }));
  }
  const { databaseUrl, schema } = ctx.config.db;
  if (!databaseUrl) throw new Error('PostgreSQL without DATABASE_URL');
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl, types: pgTypes(pg), ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  // Kysely over this one connection, so the transaction's other statements share it with COPY.
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleClientPool(client) }) });
  // Its audit row is chained with the context's key, and counts toward its checkpoints.
  bindAuditChain(kysely, chainBindingOf(ctx.db.kysely));
  try {
    return await kysely.transaction().execute((trx) => work({ engine: 'postgres', trx, append: (table, columns, rows) => copyRows(client, table, columns, rows) }));
  } finally {
    await client.end();
  }
}

// As in db/connect.ts: int8 and numeric as numbers (the audit log's id is a bigserial).
function pgTypes(driver: typeof pg): pg.CustomTypesConfig {
  const builtInParser = driver.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown;
  return {
    getTypeParser: (oid: number, format?: string) => (oid === 20 || oid === 1700 ? (v: string) => Number(v) : builtInParser(oid, format as 'text')),
  };
}

function singleClientPool(client: pg.Client) {
  const lease = { query: client.query.bind(client), release: () => { /* the client stays open until the load ends */ } };
  return { connect: () => Promise.resolve(lease as never), end: () => Promise.resolve() };
}

/** SQLite allows 32,766 parameters a statement; rows are sent a few hundred at a time. */
async function insertRows(trx: Transaction<Database>, table: string, columns: readonly string[], rows: readonly Cell[][]): Promise<void> {
  const per = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
  const head = sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values `;
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((row) => sql`(${sql.join(row)})`);
    await sql`${head}${sql.join(values)}`.execute(trx);
  }
}
