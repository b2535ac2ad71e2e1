/**
 * Migration 0014 on a database that already holds towns' own indicators: every definition and
 * version is kept, each version gets its owner, and the keys become (owner, code) — so a sibling
 * town may now save a code another town uses, while one unit still cannot save a code twice.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds } from '../../areas/index.js';
import { insertOrg, type OrgUnit } from '../../org/repository.js';
import { openDb, type Db } from '../connect.js';
import { migrate, migrations } from '../migrate.js';
import { emptyDatabase } from '../../testing/databases.js';


describe('0014: town indicators keyed by owner and code', () => {
  let empty: Awaited<ReturnType<typeof emptyDatabase>>;
  let db: Db;
  let county: OrgUnit;
  let town: OrgUnit;
  let otherTown: OrgUnit;

  beforeAll(async () => {
    empty = await emptyDatabase();
    db = openDb(empty.config);
    const schema = db.engine === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema : undefined;
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => ({ ...migrations }) }, migrationTableSchema: schema });
    const { error } = await migrator.migrateTo('0013_town_indicators');
    if (error) throw error instanceof Error ? error : new Error(`migration to 0013 failed: ${JSON.stringify(error)}`);

    county = await insertOrg(db, { parentId: null, name: '样例县', level: 'county' });
    town = await insertOrg(db, { parentId: county.id, name: '河东镇', level: 'town' }, county.path);
    otherTown = await insertOrg(db, { parentId: county.id, name: '河西街道', level: 'town' }, county.path);
    // As 0013 stored them: keyed by code alone, a version not naming its owner.
    const at = '2025-03-01T00:00:00.000Z';
    const definition = (code: string, label: string) => JSON.stringify({ code, label, unit: '件', measure: 'count', kind: 'dispute' });
    const old = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const [code, owner, version, retired] of [
      ['cty.visits', county, 2, 0],
      ['hd.night_school', town, 1, 0],
      ['hd.old', town, 1, 1],
    ] as const) {
      await old
        .insertInto('town_indicator')
        .values({ code, org_id: owner.id, org_path: owner.path, version, definition: definition(code, `指标${code}`), retired, created_by: null, created_at: at, updated_at: at })
        .execute();
      for (let v = 1; v <= version; v += 1) await old.insertInto('town_indicator_version').values({ code, version: v, definition: definition(code, `第${v}版`), created_by: null, created_at: at }).execute();
    }
  });
  afterAll(async () => {
    // Unset when beforeAll failed.
    await (db as Db | undefined)?.close();
    await (empty as typeof empty | undefined)?.drop();
  });

  it('keeps every definition and version, each version with its owner', async () => {
    const report = await migrate(db, builtInKinds);
    expect(report.applied).toContain('0014_town_indicator_owner_keys');
    const rows = await db.kysely.selectFrom('town_indicator').select(['org_id', 'code', 'version', 'retired']).orderBy('code').execute();
    expect(rows).toEqual([
      { org_id: county.id, code: 'cty.visits', version: 2, retired: 0 },
      { org_id: town.id, code: 'hd.night_school', version: 1, retired: 0 },
      { org_id: town.id, code: 'hd.old', version: 1, retired: 1 },
    ]);
    const versions = await db.kysely.selectFrom('town_indicator_version').select(['org_id', 'code', 'version', 'definition']).orderBy('code').orderBy('version').execute();
    expect(versions.map((v) => [v.org_id, v.code, v.version, (JSON.parse(v.definition) as { label: string }).label])).toEqual([
      [county.id, 'cty.visits', 1, '第1版'],
      [county.id, 'cty.visits', 2, '第2版'],
      [town.id, 'hd.night_school', 1, '第1版'],
      [town.id, 'hd.old', 1, '第1版'],
    ]);
  });

  it('lets a sibling save the same code, but not the same unit twice', async () => {
    const row = (orgId: string, path: string) => ({ code: 'hd.night_school', org_id: orgId, org_path: path, version: 1, definition: '{}', retired: 0, created_by: null, created_at: 'x', updated_at: 'x' });
    await db.kysely.insertInto('town_indicator').values(row(otherTown.id, otherTown.path)).execute();
    await db.kysely.insertInto('town_indicator_version').values({ org_id: otherTown.id, code: 'hd.night_school', version: 1, definition: '{}', created_by: null, created_at: 'x' }).execute();
    await expect(db.kysely.insertInto('town_indicator').values(row(town.id, town.path)).execute()).rejects.toThrow();
    await expect(db.kysely.insertInto('town_indicator_version').values({ org_id: town.id, code: 'hd.night_school', version: 1, definition: '{}', created_by: null, created_at: 'x' }).execute()).rejects.toThrow();
  });

  it('is a no-op the second time', async () => {
    expect((await migrate(db, builtInKinds)).applied).toEqual([]);
  });
});
