import type { Kysely } from 'kysely';

/**
 * Monthly summaries are tables made per kind from its indicator definitions (src/indicators/monthly);
 * this one records, for each, the definition it was built for, so a changed definition rebuilds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('summary_state')
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('rebuilt_at', 'text', (c) => c.notNull())
    .execute();
}
