import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import * as repo from './repository.js';

let ctx: TestContext;
let f: Fixture;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
});
afterAll(() => ctx.close());

const dispute = disputeBody;

const errorOf = appErrorOf;

const auditCount = async () => Number((await ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('ledger service', () => {
  it('creates a record, reads it back and writes one audit row with it', async () => {
    const office = await f.as('townOffice');
    const before = await auditCount();
    const created = await ctx.ledger.create(office, 'dispute', dispute(f.villageA.id, { parties: '王某某、李某某' }));
    expect(created).toMatchObject({ kind: 'dispute', orgId: f.villageA.id, orgName: '东村', version: 1, category: 'neighbour' });
    expect(created.parties).toBe('王*某、李*某'); // sensitive: masked on output, each party on its own
    expect(await auditCount()).toBe(before + 1);
    const audit = await ctx.db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'create', kind: 'dispute', record_id: created.id, actor_id: office.actor.userId, ip: '127.0.0.1' });
    expect(audit.after).not.toContain('王某某、李某某');
  });

  it('names the record unit by its path below the town, with the town beside it', async () => {
    const office = await f.as('townOffice');
    const created = await ctx.ledger.create(office, 'dispute', dispute(f.gridA.id, { title: '网格内两户排水沟纠纷' }));
    expect(created).toMatchObject({ orgName: '东村一社网格', orgPathName: '东村/东村一社/东村一社网格', townName: '甲镇' });
    const inVillage = await ctx.ledger.create(office, 'dispute', dispute(f.villageB.id, { title: '西村两户排水沟纠纷' }));
    const atTown = await ctx.ledger.create(office, 'dispute', dispute(f.town.id, { title: '镇上两户排水沟纠纷' }));
    const county = await f.as('countyReviewer');
    const page = await ctx.ledger.list(county, 'dispute', { q: '排水沟', pageSize: 200 });
    const byId = new Map(page.items.map((r) => [r.id, [r.townName, r.orgPathName]]));
    expect(byId.get(created.id)).toEqual(['甲镇', '东村/东村一社/东村一社网格']);
    expect(byId.get(inVillage.id)).toEqual(['甲镇', '西村']);
    expect(byId.get(atTown.id)).toEqual(['甲镇', '甲镇']);
    // The grid worker sees the same path from inside the village.
    const grid = await f.as('gridWorker', f.villageA);
    expect(await ctx.ledger.get(grid, 'dispute', created.id)).toMatchObject({ orgPathName: '东村/东村一社/东村一社网格', townName: '甲镇' });
  });

  it('refuses a village of another town, naming the field, and writes nothing', async () => {
    const office = await f.as('townOffice');
    const before = await auditCount();
    const error = await errorOf(ctx.ledger.create(office, 'dispute', dispute(f.otherVillage.id)));
    expect(error.status).toBe(400);
    expect(error.field).toBe('orgId');
    expect(error.message).toContain('所属单位');
    expect(await auditCount()).toBe(before);
  });

  it('refuses an org field pointing outside the record unit', async () => {
    const office = await f.as('townOffice');
    const error = await errorOf(ctx.ledger.create(office, 'petition', {
      orgId: f.town.id, date: '2025-04-01', title: '反映灌溉用水分配问题', form: 'visit', status: 'registered', petitioner: '赵某', village: f.otherVillage.id,
    }));
    expect(error.status).toBe(400);
    expect(error.field).toBe('village');
  });

  it('keeps a grid worker inside their village: other villages are invisible and 404', async () => {
    const office = await f.as('townOffice');
    const inB = await ctx.ledger.create(office, 'dispute', dispute(f.villageB.id));
    const inA = await ctx.ledger.create(office, 'dispute', dispute(f.gridA.id));
    const grid = await f.as('gridWorker', f.villageA);
    const page = await ctx.ledger.list(grid, 'dispute', { pageSize: 200 });
    expect(page.items.map((r) => r.id)).toContain(inA.id);
    expect(page.items.map((r) => r.id)).not.toContain(inB.id);
    expect((await errorOf(ctx.ledger.get(grid, 'dispute', inB.id))).status).toBe(404);
    expect((await errorOf(ctx.ledger.update(grid, 'dispute', inB.id, { version: 1, title: 'x' }))).status).toBe(404);
    expect((await errorOf(ctx.ledger.list(grid, 'meeting', {}))).status).toBe(403);
  });

  it('refuses a stale version with 409 naming who changed it, and changes nothing', async () => {
    const office = await f.as('townOffice');
    const other = await f.as('townOffice');
    const record = await ctx.ledger.create(office, 'dispute', dispute(f.villageA.id));
    const updated = await ctx.ledger.update(other, 'dispute', record.id, { version: 1, status: 'mediating' });
    expect(updated.version).toBe(2);
    const before = await auditCount();
    const error = await errorOf(ctx.ledger.update(office, 'dispute', record.id, { version: 1, status: 'resolved', resolvedOn: '2025-03-20' }));
    expect(error.status).toBe(409);
    expect(error.message).toContain(other.actor.name);
    expect(await auditCount()).toBe(before);
    const stored = await ctx.ledger.get(office, 'dispute', record.id);
    expect(stored).toMatchObject({ version: 2, status: 'mediating', resolvedOn: null });
    expect((await errorOf(ctx.ledger.remove(office, 'dispute', record.id, 1))).status).toBe(409);
    await ctx.ledger.remove(office, 'dispute', record.id, 2);
    expect((await errorOf(ctx.ledger.get(office, 'dispute', record.id))).status).toBe(404);
  });

  it('rolls back the audit row when the change itself fails', async () => {
    const office = await f.as('townOffice');
    const record = await ctx.ledger.create(office, 'dispute', dispute(f.villageA.id));
    const before = await auditCount();
    const spy = vi.spyOn(repo, 'updateRow').mockRejectedValueOnce(new Error('disk full'));
    await expect(ctx.ledger.update(office, 'dispute', record.id, { version: 1, status: 'mediating' })).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(await auditCount()).toBe(before);
    expect((await ctx.ledger.get(office, 'dispute', record.id)).status).toBe('registered');
  });

  it('lists with filters, search, sorting and pagination', async () => {
    const office = await f.as('townOffice', f.otherTown);
    for (const [i, date] of ['2025-01-05', '2025-02-05', '2025-03-05', '2024-12-30'].entries()) {
      await ctx.ledger.create(office, 'dispute', dispute(f.otherVillage.id, { date, title: `土地流转纠纷${i}`, category: i % 2 ? 'landTransfer' : 'labour' }));
    }
    const page1 = await ctx.ledger.list(office, 'dispute', { from: '2025-01-01', to: '2025-12-31', sort: 'date', pageSize: 2 });
    expect(page1.total).toBe(3);
    expect(page1.items.map((r) => r.date)).toEqual(['2025-01-05', '2025-02-05']);
    const page2 = await ctx.ledger.list(office, 'dispute', { from: '2025-01-01', sort: 'date', pageSize: 2, page: 2 });
    expect(page2.items.map((r) => r.date)).toEqual(['2025-03-05']);
    const land = await ctx.ledger.list(office, 'dispute', { filters: { category: 'landTransfer' } });
    expect(land.total).toBe(2);
    const q = await ctx.ledger.list(office, 'dispute', { q: '纠纷2' });
    expect(q.items.map((r) => r.title)).toEqual(['土地流转纠纷2']);
    expect((await errorOf(ctx.ledger.list(office, 'dispute', { sort: 'nonsense' }))).field).toBe('sort');
  });
});
