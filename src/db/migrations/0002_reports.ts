import type { Kysely } from 'kysely';

/** Report templates (copied and edited by towns, versioned) and reports with their lifecycle. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_template')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Every saved version of a template, so an edit can be traced and undone.
  await db.schema
    .createTable('report_template_version')
    .addColumn('template_id', 'text', (c) => c.notNull().references('report_template.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text')
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_template_version_pk', ['template_id', 'version'])
    .execute();

  await db.schema
    .createTable('annual_report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.references('report_template.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    /** The report as composed when it was approved or published: figures and their record ids, frozen. */
    .addColumn('frozen', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('annual_report_org_year', ['org_id', 'year'])
    .execute();
}
