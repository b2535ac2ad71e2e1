/**
 * The system administrator's new unit: in scope, below its parent, and written together with its
 * audit row — when the audit row cannot be written, no unit is left behind. The audit write is made
 * to fail by the database itself (a trigger refusing inserts into audit_log), on both engines.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import type { Scope } from './scope.js';

let ctx: TestContext;
let f: Fixture;
let admin: Scope;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  admin = await f.as('systemAdmin');
});
afterAll(() => ctx.close());

const unitsNamed = async (name: string) => ctx.db.kysely.selectFrom('org_unit').select('id').where('name', '=', name).execute();

/** Makes every insert into audit_log fail until the returned function is called. */
async function refuseAuditRows(): Promise<() => Promise<void>> {
  if (ctx.db.engine === 'sqlite') {
    await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused by test'); END`.execute(ctx.db.kysely);
    return async () => {
      await sql`DROP TRIGGER test_refuse_audit`.execute(ctx.db.kysely);
    };
  }
  await sql`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused by test'; END $$`.execute(ctx.db.kysely);
  await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`.execute(ctx.db.kysely);
  return async () => {
    await sql`DROP TRIGGER test_refuse_audit ON audit_log`.execute(ctx.db.kysely);
    await sql`DROP FUNCTION test_refuse_audit()`.execute(ctx.db.kysely);
  };
}

describe('OrgService.create', () => {
  it('adds the unit under its parent and writes its audit row', async () => {
    const unit = await ctx.orgs.create(admin, { parentId: f.town.id, name: '新建村', level: 'village' });
    expect(unit).toMatchObject({ parent_id: f.town.id, name: '新建村', level: 'village', path: `${f.town.path}${unit.id}/` });
    const audit = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'kind', 'org_id', 'actor_id']).where('record_id', '=', unit.id).execute();
    expect(audit).toEqual([{ action: 'create', kind: 'orgUnit', org_id: f.town.id, actor_id: admin.actor.userId }]);
  });

  it('keeps no unit when its audit row cannot be written', async () => {
    const allow = await refuseAuditRows();
    try {
      await expect(ctx.orgs.create(admin, { parentId: f.town.id, name: '无审计村', level: 'village' })).rejects.toThrow(/audit refused by test/);
    } finally {
      await allow();
    }
    expect(await unitsNamed('无审计村')).toEqual([]);
    // With the audit log writable again the same request succeeds.
    await ctx.orgs.create(admin, { parentId: f.town.id, name: '无审计村', level: 'village' });
    expect(await unitsNamed('无审计村')).toHaveLength(1);
  });

  it('refuses a parent outside the scope, and a level not below the parent’s, naming the field', async () => {
    const townAdmin = await f.as('systemAdmin', f.town);
    const outside = await appErrorOf(ctx.orgs.create(townAdmin, { parentId: f.otherTown.id, name: '越界村', level: 'village' }));
    expect(outside).toMatchObject({ status: 400, field: 'parentId', message: '「上级单位」不存在或不在您的管辖范围内' });
    const sameLevel = await appErrorOf(ctx.orgs.create(admin, { parentId: f.town.id, name: '同级镇', level: 'town' }));
    expect(sameLevel).toMatchObject({ status: 400, field: 'level', message: '「层级」应低于上级单位的层级' });
    expect(await unitsNamed('越界村')).toEqual([]);
    expect(await unitsNamed('同级镇')).toEqual([]);
  });
});
