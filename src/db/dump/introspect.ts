/**
 * What the dump needs to know about the tables, asked of the database itself: tables added by a
 * later migration, or made for a custom kind, are dumped and restored without this code knowing them.
 * On PostgreSQL only the current schema counts (the tests keep one schema per file in one database).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { isSqlite } from '../dialect.js';
import type { Cell } from '../schema.js';
import { valueClassOf, type ValueClass } from './canonical.js';
import { SUMMARY_PREFIX } from '../../indicators/monthly/plan.js';

/** Any table by name: the dump reads and writes tables it learns of at run time. */
export type AnyTables = Record<string, Record<string, Cell>>;
export type AnyDb = Kysely<AnyTables> | Transaction<AnyTables>;

export interface ColumnInfo {
  name: string;
  type: ValueClass;
  nullable: boolean;
  /** A serial (PostgreSQL) or AUTOINCREMENT / INTEGER PRIMARY KEY (SQLite) column. */
  autoIncrement: boolean;
}

export interface ForeignKey {
  column: string;
  /** The referenced table and column. */
  table: string;
  references: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
}

const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Monthly summaries are derived from the records: not dumped, rebuilt after a load. */
const isDerived = (table: string) => table.startsWith(SUMMARY_PREFIX);

export async function describeTables(db: AnyDb): Promise<TableInfo[]> {
  const sqlite = isSqlite(db);
  const schema = sqlite ? undefined : await currentSchema(db);
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView && !MIGRATION_TABLES.has(t.name) && !isDerived(t.name) && (sqlite || t.schema === schema));
  const keys = await primaryKeys(db, sqlite);
  const foreign = await foreignKeys(db, sqlite);
  return tables
    .map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: valueClassOf(c.dataType, `${t.name}.${c.name}`), nullable: c.isNullable, autoIncrement: c.isAutoIncrementing })),
      primaryKey: keys.get(t.name) ?? [],
      foreignKeys: (foreign.get(t.name) ?? []).map((fk) => ({ ...fk, references: fk.references ?? keys.get(fk.table)?.[0] ?? 'id' })),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function currentSchema(db: AnyDb): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}

async function primaryKeys(db: AnyDb, sqlite: boolean): Promise<Map<string, string[]>> {
  const { rows } = sqlite
    ? await sql<{ table: string; column: string; position: number }>`
        select m.name as "table", p.name as "column", p.pk as position
        from sqlite_master m join pragma_table_info(m.name) p
        where m.type = 'table' and p.pk > 0`.execute(db)
    : await sql<{ table: string; column: string; position: number }>`
        select cl.relname as "table", a.attname as "column", array_position(i.indkey::int2[], a.attnum) as position
        from pg_index i
        join pg_class cl on cl.oid = i.indrelid
        join pg_namespace n on n.oid = cl.relnamespace
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indisprimary and n.nspname = current_schema()`.execute(db);
  const keys = new Map<string, Array<{ column: string; position: number }>>();
  for (const r of rows) keys.set(r.table, [...(keys.get(r.table) ?? []), { column: r.column, position: Number(r.position) }]);
  return new Map([...keys].map(([table, columns]) => [table, columns.sort((a, b) => a.position - b.position).map((c) => c.column)]));
}

async function foreignKeys(db: AnyDb, sqlite: boolean): Promise<Map<string, Array<{ column: string; table: string; references: string | null }>>> {
  const { rows } = sqlite
    ? await sql<{ owner: string; column: string; table: string; references: string | null }>`
        select m.name as owner, f."from" as "column", f."table" as "table", f."to" as "references"
        from sqlite_master m join pragma_foreign_key_list(m.name) f
        where m.type = 'table'`.execute(db)
    : await sql<{ owner: string; column: string; table: string; references: string | null }>`
        select cl.relname as owner, a.attname as "column", rf.relname as "table", af.attname as "references"
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_namespace n on n.oid = cl.relnamespace
        join pg_class rf on rf.oid = c.confrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
        where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
  const byTable = new Map<string, Array<{ column: string; table: string; references: string | null }>>();
  for (const r of rows) byTable.set(r.owner, [...(byTable.get(r.owner) ?? []), { column: r.column, table: r.table, references: r.references }]);
  return byTable;
}

/** The last versioned migration applied: a dump loads only where the same one is the last. */
export async function schemaVersion(db: AnyDb): Promise<string | undefined> {
  const sqlite = isSqlite(db);
  const exists = sqlite
    ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db)
    : await sql<{ n: number }>`select count(*) as n from pg_tables where schemaname = current_schema() and tablename = 'kysely_migration'`.execute(db);
  if (!Number(exists.rows[0]?.n)) return undefined;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows[0]?.name;
}

/**
 * Runs `work` on the table with its own triggers set aside. Only --force needs it: emptying a
 * database that holds an audit log, whose triggers refuse every DELETE inside the retention period.
 */
export async function withoutTriggers(trx: Transaction<AnyTables>, table: string, work: () => Promise<void>): Promise<void> {
  if (isSqlite(trx)) {
    const { rows: triggers } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = ${table}`.execute(trx);
    for (const t of triggers) await sql`drop trigger ${sql.id(t.name)}`.execute(trx);
    await work();
    // Made again from their own text: the same triggers, whatever a migration declared.
    for (const t of triggers) await sql.raw(t.sql).execute(trx);
    return;
  }
  const { rows } = await sql<{ n: number }>`select count(*) as n from pg_trigger where tgrelid = to_regclass(${table}) and not tgisinternal`.execute(trx);
  if (!Number(rows[0]?.n)) return work();
  // The table's owner may do this; it lasts only until the end of this transaction's work.
  await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
  await work();
  await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
}

/** The tables there are, cheaply (for the emptiness check, before any migration). */
export async function tableNames(db: AnyDb): Promise<Set<string>> {
  const { rows } = isSqlite(db)
    ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
    : await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
  return new Set(rows.map((r) => r.name));
}
