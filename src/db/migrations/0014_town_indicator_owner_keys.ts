import { sql, type Kysely } from 'kysely';

/**
 * A town's own indicator is keyed by its owner and code, not by the code alone: a code need only be
 * unique along one branch of the tree (the units whose definitions a unit uses, and those that use
 * its), so 乙镇 may call a figure own.training_rate although 甲镇 has one of that name. Both
 * tables are rebuilt with the new keys (SQLite cannot change a primary key in place); every row is
 * kept, a version taking its owner from the definition, whose code was unique until now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('town_indicator_next')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('town_indicator_owner_code', ['org_id', 'code'])
    .execute();
  await sql`insert into town_indicator_next (code, org_id, org_path, version, definition, retired, created_by, created_at, updated_at)
    select code, org_id, org_path, version, definition, retired, created_by, created_at, updated_at from town_indicator`.execute(db);

  await db.schema
    .createTable('town_indicator_version_next')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('town_indicator_version_owner_code', ['org_id', 'code', 'version'])
    .execute();
  await sql`insert into town_indicator_version_next (org_id, code, version, definition, created_by, created_at)
    select t.org_id, v.code, v.version, v.definition, v.created_by, v.created_at
    from town_indicator_version v join town_indicator t on t.code = v.code`.execute(db);

  await db.schema.dropTable('town_indicator_version').execute();
  await db.schema.dropTable('town_indicator').execute();
  await db.schema.alterTable('town_indicator_next').renameTo('town_indicator').execute();
  await db.schema.alterTable('town_indicator_version_next').renameTo('town_indicator_version').execute();
  await db.schema.createIndex('town_indicator_path').on('town_indicator').column('org_path').execute();
  // Lookups by code alone (is it on my branch?) and the reports using a code.
  await db.schema.createIndex('town_indicator_code').on('town_indicator').column('code').execute();
}
