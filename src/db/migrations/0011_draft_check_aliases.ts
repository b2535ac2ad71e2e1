import type { Kysely } from 'kysely';

/**
 * A town's own words for an indicator, learnt when a user confirms or corrects a match in the draft
 * check ("督查整改" → supervision.problems_rectified); later checks of that town read them first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('draft_check_alias')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('phrase', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One phrase names one indicator in a town: a correction replaces the earlier word.
    .addUniqueConstraint('draft_check_alias_org_phrase', ['org_id', 'phrase'])
    .execute();
  await db.schema.createIndex('draft_check_alias_path').on('draft_check_alias').column('org_path').execute();
}
