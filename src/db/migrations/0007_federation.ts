import type { Kysely } from 'kysely';

/**
 * Provinces federated into a national (or multi-province) roll-up: one row per province database
 * read through postgres_fdw (see src/federation/). The connection lives in a foreign server and a
 * user mapping; this row keeps what people and the roll-up need: the name, the address without
 * its password, the local schema holding the foreign tables, and the province's root unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('federated_province')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('remote_schema', 'text', (c) => c.notNull())
    .addColumn('server_name', 'text', (c) => c.notNull())
    .addColumn('local_schema', 'text', (c) => c.notNull())
    .addColumn('root_id', 'text', (c) => c.notNull().unique())
    .addColumn('root_name', 'text', (c) => c.notNull())
    .addColumn('root_level', 'text', (c) => c.notNull())
    .addColumn('root_path', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
}
