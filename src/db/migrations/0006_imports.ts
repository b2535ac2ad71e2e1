import type { Kysely } from 'kysely';

/**
 * Excel imports: one row per imported file. The same file (by content hash) is imported once
 * per kind — the unique index makes that hold even for two uploads racing each other. Every
 * ledger table also gains `import_batch` (see ledger-tables.ts), so a record says which file it came from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_batch')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('imported_by_name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_batch_file').unique().on('import_batch').columns(['kind', 'file_hash']).execute();
  await db.schema.createIndex('import_batch_scope').on('import_batch').columns(['org_path', 'imported_at']).execute();
}
