import { sql, type Kysely } from 'kysely';

/** The words seeded (a migration keeps its own copy: src/indicators/town-units.ts may grow later). */
const TOWN_UNIT_WORDS = ['次', '场', '件', '件次', '项', '类', '批次', '家', '个', '条', '起', '台', '户', '人', '人次', '名', '元', '万元'];

/**
 * Indicators a town or county defines on any kind. The current definition sits in
 * town_indicator; every version ever saved in town_indicator_version, so a report approved with
 * version 1 still says what it counted after the definition was edited. The unit words offered
 * are an editable list (towns add their own words) seeded here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('town_indicator')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('town_indicator_path').on('town_indicator').column('org_path').execute();
  await db.schema
    .createTable('town_indicator_version')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('town_indicator_version_pk', ['code', 'version'])
    .execute();
  const list = await sql<{ n: number }>`select count(*) as n from list_def where code = ${'indicator.unit'}`.execute(db);
  if (Number(list.rows[0]?.n ?? 0) === 0) {
    await sql`insert into list_def (code, label, org_id) values (${'indicator.unit'}, ${'指标单位'}, null)`.execute(db);
    for (const [sort, word] of TOWN_UNIT_WORDS.entries()) {
      await sql`insert into list_item (id, list, code, label, org_id, sort, active) values (${`indicator-unit-${sort + 1}`}, ${'indicator.unit'}, ${`w${sort + 1}`}, ${word}, null, ${sort}, 1)`.execute(db);
    }
  }
}
