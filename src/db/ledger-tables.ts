/**
 * Ledger tables follow their kind definitions. For each kind (built-in or custom) the table is
 * created if missing and every field without a column gets one. Changes are additive and recorded
 * in ledger_column; renaming or retyping a field needs a hand-written migration.
 */
import { sql, type Kysely } from 'kysely';
import { nowIso } from '../core/dates.js';
import type { FieldDefinition } from '../ledger/fields.js';
import { columnOf, tableOf, type KindDefinition } from '../ledger/kind.js';
import type { Db } from './connect.js';

type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision';

export function columnTypeOf(f: FieldDefinition): ColumnType {
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
];

export async function syncLedgerTables(db: Db, kinds: readonly KindDefinition[]): Promise<string[]> {
  const k = db.kysely as unknown as Kysely<Record<string, Record<string, string>>>;
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
            let col = name === 'id' ? c.primaryKey() : c;
            if (notNull) col = col.notNull();
            if (name === 'org_id') col = col.references('org_unit.id');
            if (name === 'version') col = col.defaultTo(1);
            return col;
          });
        }
        await create.execute();
        await trx.schema.createIndex(`${table}_scope`).ifNotExists().on(table).columns(['org_path', 'date']).execute();
        await trx.schema.createIndex(`${table}_date`).ifNotExists().on(table).column('date').execute();
        for (const [name, type] of COMMON_COLUMNS) {
          await trx.insertInto('ledger_column').values({ table_name: table, column_name: name, column_type: type, added_at: now }).execute();
          existing.add(`${table}.${name}`);
        }
      });
      changes.push(`created ${table}`);
    }

    for (const f of kind.fields) {
      const column = columnOf(f.name);
      if (existing.has(`${table}.${column}`)) continue;
      const type = columnTypeOf(f);
      await k.schema.alterTable(table).addColumn(column, sql.raw(type)).execute();
      await record(column, type);
      existing.add(`${table}.${column}`);
      changes.push(`added ${table}.${column}`);
    }
  }
  return changes;
}
