import { sql, type Kysely } from 'kysely';

/**
 * The county's assessment of its towns: schemes (a unit's items for a year, every saved version
 * kept) and each town's assessment against a scheme (its notes, the reviewer's adjustments and
 * returns, and the result frozen when confirmed). A database already in use also gets the
 * grants on the new target (a new one is seeded with them by Permissions.load); the migration
 * keeps its own copy of them, as the defaults may change later.
 */
const ASSESSMENT_GRANTS: Array<[role: string, action: string]> = [
  ['townOffice', 'read'],
  ['townOffice', 'update'],
  ['departmentClerk', 'read'],
  ['leader', 'read'],
  ['leader', 'update'],
  ['countyReviewer', 'read'],
  ['countyReviewer', 'create'],
  ['countyReviewer', 'approve'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assessment_scheme')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('copied_from', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_scheme_path').on('assessment_scheme').columns(['org_path', 'year']).execute();
  await db.schema
    .createTable('assessment_scheme_version')
    .addColumn('scheme_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_scheme_version_pk', ['scheme_id', 'version'])
    .execute();
  await db.schema
    .createTable('assessment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scheme_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('frozen', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_scheme_org', ['scheme_id', 'org_id'])
    .execute();
  await db.schema.createIndex('assessment_path').on('assessment').column('org_path').execute();
  const granted = await sql<{ n: number }>`select count(*) as n from role_permission`.execute(db);
  if (Number(granted.rows[0]?.n ?? 0) > 0) {
    for (const [role, action] of ASSESSMENT_GRANTS) {
      await sql`insert into role_permission (role, target, action) values (${role}, ${'assessment'}, ${action})`.execute(db);
    }
  }
}
