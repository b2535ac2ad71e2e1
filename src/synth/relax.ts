/**
 * PostgreSQL's advice for populating a database, applied inside the load's transaction: drop the
 * ledger tables' secondary indexes and foreign keys, load, restore them (the planner's statistics
 * are refreshed after commit: src/db/analyze.ts).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { BulkSession } from './sink.js';

export interface Relaxed {
  /** Non-unique indexes: name and CREATE INDEX statement. */
  indexes: Array<{ name: string; definition: string }>;
  /** Foreign keys: table, constraint name and definition. */
  foreignKeys: Array<{ table: string; name: string; definition: string }>;
}

export const NOTHING_RELAXED: Relaxed = { indexes: [], foreignKeys: [] };

/**
 * The ledger tables' non-unique indexes and foreign keys, dropped for the load and restored after
 * it (PostgreSQL's advice for populating a database): building an index once and checking a
 * foreign key with one join are much cheaper than doing both row by row. All inside the load's
 * transaction, so a failed or killed load leaves them as they were. Primary keys stay.
 */
export async function relaxForLoad(session: BulkSession, tables: string[]): Promise<Relaxed> {
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and not x.indisunique and t.relname in (${sql.join(tables)})`.execute(session.trx);
  const { rows: foreignKeys } = await sql<{ table: string; name: string; definition: string }>`
    select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and c.contype = 'f' and t.relname in (${sql.join(tables)})`.execute(session.trx);
  for (const fk of foreignKeys) await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.ref(fk.name)}`.execute(session.trx);
  for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(session.trx);
  return { indexes, foreignKeys };
}

export async function restore(session: BulkSession, relaxed: Relaxed) {
  if (!relaxed.indexes.length && !relaxed.foreignKeys.length) return;
  await sql`set local maintenance_work_mem = '512MB'`.execute(session.trx);
  for (const index of relaxed.indexes) await sql.raw(index.definition).execute(session.trx);
  for (const fk of relaxed.foreignKeys) await sql`alter table ${sql.table(fk.table)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(session.trx);
}

/** The rows the ledger tables hold, as the planner estimates them (no count over millions of rows). */
export async function estimatedRows(ctx: AppContext, tables: string[]): Promise<number> {
  const { rows } = await sql<{ n: number | null }>`
    select sum(greatest(c.reltuples, 0)) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relname in (${sql.join(tables)})`.execute(ctx.db.kysely);
  return Number(rows[0]?.n ?? 0);
}
