/**
 * Ledger tables follow their kind definitions. For each kind (built-in or custom) the table is
 * created if missing and every field without a column gets one; a sensitive field also gets
 * `<column>_hash` for its search hash. Changes are additive and recorded in ledger_column;
 * renaming or retyping a field, or making a sensitive one plain again, needs a hand-written migration.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { nowIso } from '../core/dates.js';
import { cipherContext } from '../ledger/codec.js';
import type { FieldDefinition } from '../ledger/fields.js';
import { columnOf, hashColumnOf, tableOf, type KindDefinition } from '../ledger/kind.js';
import type { FieldCipher } from '../security/crypto.js';
import type { Db } from './connect.js';
import { fillTownMap, TOWN_MAP } from '../org/towns.js';
import type { Cell, Database } from './schema.js';

type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision';

/** Ledger tables as the query builder sees them: any table name, any column, cells of the stored types. */
export type LedgerTables = Record<string, Record<string, Cell>>;

/**
 * The database as seen by code over ledger tables. Their names and columns come from kind
 * definitions at run time, so the typed schema (schema.ts) cannot list them: this is the one place
 * that widens it, instead of a cast at every query.
 */
export function ledgerTables(executor: Transaction<Database>): Transaction<LedgerTables>;
export function ledgerTables(executor: Kysely<Database> | Transaction<Database>): Kysely<LedgerTables>;
export function ledgerTables(executor: Kysely<Database> | Transaction<Database>): Kysely<LedgerTables> {
  return executor as unknown as Kysely<LedgerTables>;
}

export function columnTypeOf(f: FieldDefinition): ColumnType {
  if (f.sensitive) return 'text'; // ciphertext, whatever the value's type
  switch (f.type) {
    case 'integer':
    case 'boolean':
      return 'integer';
    case 'money':
      return 'bigint'; // whole fen
    case 'decimal':
      return 'double precision';
    default:
      return 'text';
  }
}

const COMMON_COLUMNS: Array<[string, ColumnType, boolean]> = [
  ['id', 'text', true],
  ['org_id', 'text', true],
  ['org_path', 'text', true],
  // The town the record belongs to (src/org/towns.ts): with id, the primary key, so a town's records
  // can be kept together — on one node of a distributed PostgreSQL, say (docs/SCALING.md).
  ['town_id', 'text', true],
  ['date', 'text', true],
  ['end_date', 'text', false],
  ['title', 'text', true],
  ['notes', 'text', false],
  ['tags', 'text', false],
  ['created_by', 'text', false],
  ['created_at', 'text', true],
  ['updated_by', 'text', false],
  ['updated_at', 'text', true],
  ['version', 'integer', true],
  // The Excel import (import_batch.id) a record came from; null when entered by hand.
  ['import_batch', 'text', false],
];

/**
 * `cipher` encrypts values already stored in a column whose field has just become sensitive (or
 * that predate encryption). Without it such a column keeps no hash column yet — the hash column is
 * what says "this column is encrypted" — and the next sync with a cipher (every start) completes it.
 */
export async function syncLedgerTables(db: Db, kinds: readonly KindDefinition[], cipher?: FieldCipher): Promise<string[]> {
  const k = ledgerTables(db.kysely);
  const changes: string[] = [];
  const known = await db.kysely.selectFrom('ledger_column').select(['table_name', 'column_name']).execute();
  const existing = new Set(known.map((r) => `${r.table_name}.${r.column_name}`));
  const now = nowIso();

  for (const kind of kinds) {
    const table = tableOf(kind);
    const record = (column: string, type: ColumnType) =>
      db.kysely.insertInto('ledger_column').values({ table_name: table, column_name: column, column_type: type, added_at: now }).execute();

    if (!existing.has(`${table}.id`)) {
      await db.kysely.transaction().execute(async (trx) => {
        let create = trx.schema.createTable(table).ifNotExists();
        for (const [name, type, notNull] of COMMON_COLUMNS) {
          create = create.addColumn(name, type, (c) => {
            let col = c;
            if (notNull) col = col.notNull();
            if (name === 'org_id') col = col.references('org_unit.id');
            if (name === 'version') col = col.defaultTo(1);
            return col;
          });
        }
        // (The builder types column names from a declared schema; a ledger table's are only known at run time.)
        await create.addPrimaryKeyConstraint(`${table}_pkey`, ['town_id', 'id'] as never).execute();
        // Records are found by id alone (ids are unique by construction); the key leads with the town.
        await trx.schema.createIndex(`${table}_id`).ifNotExists().on(table).column('id').execute();
        await trx.schema.createIndex(`${table}_scope`).ifNotExists().on(table).columns(['org_path', 'date']).execute();
        await trx.schema.createIndex(`${table}_date`).ifNotExists().on(table).column('date').execute();
        for (const [name, type] of COMMON_COLUMNS) {
          await trx.insertInto('ledger_column').values({ table_name: table, column_name: name, column_type: type, added_at: now }).execute();
          existing.add(`${table}.${name}`);
        }
      });
      changes.push(`created ${table}`);
    }

    // PostgreSQL uses an index for `org_path like 'prefix%'` only under the C collation or with
    // text_pattern_ops; without it every scoped query of a county in a province read the whole table.
    if (db.engine === 'postgres') {
      await sql`create index if not exists ${sql.id(`${table}_path_prefix`)} on ${sql.table(table)} (org_path text_pattern_ops, date)`.execute(db.kysely);
    }

    // Columns every record gained after its table was made.
    for (const [name, type] of COMMON_COLUMNS) {
      if (existing.has(`${table}.${name}`)) continue;
      if (name === 'town_id') await keyByTown(db, table, now);
      else {
        await k.schema.alterTable(table).addColumn(name, sql.raw(type)).execute();
        await record(name, type);
      }
      existing.add(`${table}.${name}`);
      changes.push(`added ${table}.${name}`);
    }

    // A list's page in its default order (newest first) is the start of this index's range for the
    // town, and the page after a cursor the next stretch of it: no sort, however many records.
    await sql`create index if not exists ${sql.id(`${table}_town_date`)} on ${sql.table(table)} (town_id, date, id)`.execute(db.kysely);

    for (const f of kind.fields) {
      const column = columnOf(f.name);
      if (!existing.has(`${table}.${column}`)) {
        const type = columnTypeOf(f);
        await k.schema.alterTable(table).addColumn(column, sql.raw(type)).execute();
        await record(column, type);
        existing.add(`${table}.${column}`);
        changes.push(`added ${table}.${column}`);
      }
      const hashColumn = hashColumnOf(column);
      if (!f.sensitive || existing.has(`${table}.${hashColumn}`)) continue;
      if (await addSearchHash(db, kind, column, now, cipher)) {
        existing.add(`${table}.${hashColumn}`);
        changes.push(`added ${table}.${hashColumn}`);
      }
    }
  }
  return changes;
}

/**
 * A table made before records carried their town: every row gets its town, and on PostgreSQL the
 * primary key becomes (town_id, id) as in a table made now. SQLite cannot change a table's primary
 * key in place: there the key stays id and town_id stays nullable in the table's definition (every
 * row has one all the same; a town's SQLite file is never distributed anyway). On a large
 * PostgreSQL table this rewrites the table and its key under a lock, once, at the start that adds it.
 */
async function keyByTown(db: Db, table: string, now: string): Promise<void> {
  // One transaction: a failure leaves the table as it was, and the next start tries again.
  await db.kysely.transaction().execute(async (trx) => {
    await sql`alter table ${sql.table(table)} add column town_id text`.execute(trx);
    await trx.insertInto('ledger_column').values({ table_name: table, column_name: 'town_id', column_type: 'text', added_at: now }).execute();
    await fillTownMap(trx);
    // A unit missing from the tree (it cannot be: org_id references it) would leave the record its own town.
    await sql`update ${sql.table(table)} set town_id = coalesce((select m.town_id from ${sql.table(TOWN_MAP)} m where m.path = ${sql.table(table)}.org_path), org_id)`.execute(trx);
    await sql`drop table ${sql.table(TOWN_MAP)}`.execute(trx);
    if (db.engine !== 'postgres') return;
    const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = ${table}::regclass and contype = 'p'`.execute(trx);
    await sql`alter table ${sql.table(table)} alter column town_id set not null`.execute(trx);
    for (const { name } of rows) await sql`alter table ${sql.table(table)} drop constraint ${sql.id(name)}`.execute(trx);
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_pkey`)} primary key (town_id, id)`.execute(trx);
    await sql`create index if not exists ${sql.id(`${table}_id`)} on ${sql.table(table)} (id)`.execute(trx);
  });
}

const BATCH = 500;

/**
 * Adds the hash column of a sensitive field and, in the same transaction, encrypts the values the
 * column held in plain text. Returns false (and changes nothing) when there are such values but
 * no cipher to encrypt them with.
 */
async function addSearchHash(db: Db, kind: KindDefinition, column: string, now: string, cipher: FieldCipher | undefined): Promise<boolean> {
  const table = tableOf(kind);
  const hashColumn = hashColumnOf(column);
  return db.kysely.transaction().execute(async (trx: Transaction<Database>) => {
    const t = ledgerTables(trx);
    const plain = await t.selectFrom(table).select('id').where(column, 'is not', null).limit(1).executeTakeFirst();
    if (plain && !cipher) return false;
    await t.schema.alterTable(table).addColumn(hashColumn, 'text').execute();
    await trx.insertInto('ledger_column').values({ table_name: table, column_name: hashColumn, column_type: 'text', added_at: now }).execute();
    if (!plain || !cipher) return true;
    let after = '';
    for (;;) {
      const rows = await t
        .selectFrom(table)
        .select(['id', column])
        .where(column, 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const value = String(row[column]);
        await t
          .updateTable(table)
          .set({ [column]: cipher.encrypt(value, cipherContext(kind, column)), [hashColumn]: cipher.hash(value) })
          .where('id', '=', String(row.id))
          .execute();
      }
      if (rows.length < BATCH) return true;
      after = String(rows[rows.length - 1]?.id);
    }
  });
}
