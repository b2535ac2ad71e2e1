/**
 * The dashboard's breakdowns through the API: counts by month, category, village, domain and
 * channel agree with the records created here, stay inside the unit and the caller's scope, leave
 * out kinds the role may not read, and the records behind a figure come back named.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import type { Dashboard, DashboardFigures, IndicatorRecords } from '../dashboard/service.js';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser } from '../testing/http.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;

const signInAs = (role: Role, unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);

async function create(kind: string, body: Record<string, unknown>): Promise<string> {
  return (await ctx.ledger.create(f.system, kind, body)).id;
}

const ids: Record<string, string> = {};
/** A village of 甲镇 without disputes. */
let quiet: OrgUnit;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  quiet = await insertOrg(ctx.db, { parentId: f.town.id, name: '北村', level: 'village' }, f.town.path);

  // 甲镇, 2025: three disputes in 东村 (one resolved), one in 西村, one without a village; one in March 2024.
  ids.landResolved = await create('dispute', disputeBody(f.villageA.id, { date: '2025-03-02', title: '土地流转租金纠纷', category: 'landTransfer', village: f.villageA.id, status: 'resolved', resolvedOn: '2025-03-20' }));
  ids.landOpen = await create('dispute', disputeBody(f.villageA.id, { date: '2025-03-15', title: '土地流转合同到期纠纷', category: 'landTransfer', village: f.villageA.id }));
  ids.neighbourGrid = await create('dispute', disputeBody(f.gridA.id, { date: '2025-07-01', title: '邻里排水纠纷', village: f.gridA.id }));
  ids.neighbourB = await create('dispute', disputeBody(f.villageB.id, { date: '2025-07-09', title: '邻里通道纠纷', village: f.villageB.id }));
  ids.noVillage = await create('dispute', disputeBody(f.town.id, { date: '2025-11-30', title: '劳资纠纷', category: 'labour' }));
  await create('dispute', disputeBody(f.villageA.id, { date: '2024-03-02', title: '上一年的纠纷', village: f.villageA.id }));
  // 乙镇: not 甲镇's.
  await create('dispute', disputeBody(f.otherVillage.id, { date: '2025-03-02', title: '乙镇的纠纷', village: f.otherVillage.id }));

  await create('inspection', { orgId: f.town.id, date: '2025-05-10', title: '校园周边食品安全检查', domain: 'foodDrug', problemsFound: 5, problemsRectified: 3 });
  await create('inspection', { orgId: f.town.id, date: '2025-06-10', title: '夏季食品安全检查', domain: 'foodDrug', problemsFound: 2, problemsRectified: 2 });
  await create('inspection', { orgId: f.town.id, date: '2025-06-20', title: '加油站安全生产检查', domain: 'workSafety', problemsFound: 1 });

  await create('publicityItem', { orgId: f.town.id, date: '2025-03-01', title: '民法典小课堂', mode: 'online', channel: 'officialAccount', reads: 1200 });
  await create('publicityItem', { orgId: f.villageA.id, date: '2025-04-01', title: '防范电信诈骗提示', mode: 'online', channel: 'wechatGroup', reads: 300 });
  await create('publicityItem', { orgId: f.villageA.id, date: '2025-12-04', title: '宪法宣传日进村', mode: 'offline', theme: 'constitutionWeek', audience: 150 });
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

async function dashboardOf(token: string, org: OrgUnit, year = 2025): Promise<Dashboard> {
  const res = await callAs(app, token, 'GET', `/api/dashboard?org=${org.id}&year=${year}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>();
}

describe('GET /api/dashboard', () => {
  it('counts the town office’s year by category, village, month, domain and channel', async () => {
    const board = await dashboardOf(await signInAs('townOffice', f.town), f.town);
    expect(board.org.id).toBe(f.town.id);
    expect(board.disputesByCategory).toEqual([
      { code: 'landTransfer', label: '土地流转', count: 2, resolved: 1 },
      { code: 'neighbour', label: '邻里纠纷', count: 2, resolved: 0 },
      { code: 'labour', label: '劳资纠纷', count: 1, resolved: 0 },
    ]);
    // The grid's dispute counts for 东村; a village without any is listed too; the one without a village comes last.
    expect(board.disputesByVillage).toEqual([
      { orgId: f.villageA.id, name: '东村', count: 3, resolved: 1 },
      { orgId: f.villageB.id, name: '西村', count: 1, resolved: 0 },
      { orgId: quiet.id, name: '北村', count: 0, resolved: 0 },
      { orgId: null, name: '未填所在村', count: 1, resolved: 0 },
    ]);
    expect(board.resolutionByMonth).toHaveLength(12);
    expect(board.resolutionByMonth.find((m) => m.month === '2025-03')).toEqual({ month: '2025-03', registered: 2, resolved: 1 });
    expect(board.resolutionByMonth.find((m) => m.month === '2025-07')).toEqual({ month: '2025-07', registered: 2, resolved: 0 });
    expect(board.resolutionByMonth.reduce((s, m) => s + m.registered, 0)).toBe(5);
    expect(board.inspectionsByDomain).toEqual([
      { code: 'foodDrug', label: '食品药品安全', count: 2, problemsFound: 7, problemsRectified: 5 },
      { code: 'workSafety', label: '安全生产', count: 1, problemsFound: 1, problemsRectified: 0 },
    ]);
    expect(board.publicityReach).toEqual({ online: { posts: 2, reads: 1500 }, offline: { events: 1, audience: 150 } });
    const governance = board.activityByMonth.filter((a) => a.area === 'governance');
    const disputes = (count: number) => [{ kind: 'dispute', kindLabel: '矛盾纠纷', count }];
    expect(governance).toEqual([
      { area: 'governance', areaLabel: '基层治理', month: '2025-03', count: 2, kinds: disputes(2) },
      { area: 'governance', areaLabel: '基层治理', month: '2025-07', count: 2, kinds: disputes(2) },
      { area: 'governance', areaLabel: '基层治理', month: '2025-11', count: 1, kinds: disputes(1) },
    ]);
    expect(board.activityByMonth.find((a) => a.area === 'enforcement' && a.month === '2025-06')?.count).toBe(2);
    expect(board.reportDueDates).toEqual({ submitBy: '2026-03-01', publishBy: '2026-04-01' });
  });

  it('agrees with the indicators', async () => {
    const token = await signInAs('leader', f.town);
    const board = await dashboardOf(token, f.town);
    const res = await callAs(app, token, 'GET', `/api/indicators?org=${f.town.id}&year=2025`);
    const values = new Map(res.json<{ items: Array<{ code: string; value: number }> }>().items.map((i) => [i.code, i.value]));
    expect(board.disputesByCategory.reduce((s, c) => s + c.count, 0)).toBe(values.get('dispute.screened'));
    expect(board.disputesByCategory.reduce((s, c) => s + c.resolved, 0)).toBe(values.get('dispute.resolved'));
    expect(board.inspectionsByDomain.reduce((s, c) => s + c.count, 0)).toBe(values.get('enforcement.inspections'));
    expect(board.publicityReach.online.reads).toBe(values.get('publicity.online_reads'));
    expect(board.publicityReach.offline.audience).toBe(values.get('publicity.offline_audience'));
  });

  it('narrows to a village and to the grid worker’s scope, and leaves out kinds the role may not read', async () => {
    const office = await signInAs('townOffice', f.town);
    const east = await dashboardOf(office, f.villageA);
    expect(east.disputesByCategory.reduce((s, c) => s + c.count, 0)).toBe(3);
    expect(east.publicityReach).toEqual({ online: { posts: 1, reads: 300 }, offline: { events: 1, audience: 150 } });

    const grid = await signInAs('gridWorker', f.villageA);
    const own = await dashboardOf(grid, f.villageA);
    expect(own.disputesByVillage).toEqual([{ orgId: f.villageA.id, name: '东村', count: 3, resolved: 1 }]);
    // A grid worker reads disputes and screening rounds, not inspections or publicity.
    expect(own.inspectionsByDomain).toEqual([]);
    expect(own.publicityReach).toEqual({ online: { posts: 0, reads: 0 }, offline: { events: 0, audience: 0 } });
    expect(new Set(own.activityByMonth.map((a) => a.area))).toEqual(new Set(['governance']));
    expectError(await callAs(app, grid, 'GET', `/api/dashboard?org=${f.town.id}&year=2025`), 400, 'validation', 'org');
  });

  it('shows the county reviewer every town under the county, and administrators nothing', async () => {
    const county = await dashboardOf(await signInAs('countyReviewer', f.county), f.county);
    expect(county.disputesByCategory.reduce((s, c) => s + c.count, 0)).toBe(6);
    // Above a town, only villages with disputes.
    expect(county.disputesByVillage.map((v) => v.name)).toEqual(['东村', '南村', '西村', '未填所在村']);
    const admin = await dashboardOf(await signInAs('systemAdmin', f.county), f.county);
    expect(admin.activityByMonth).toEqual([]);
    expect(admin.disputesByCategory).toEqual([]);
    expect(admin.resolutionByMonth).toEqual([]);
  });

  it('refuses a year it cannot count', async () => {
    const office = await signInAs('townOffice', f.town);
    expectError(await callAs(app, office, 'GET', `/api/dashboard?org=${f.town.id}`), 400, 'validation', 'year');
    expectError(await callAs(app, office, 'GET', `/api/dashboard?org=${f.town.id}&year=1900`), 400, 'validation', 'year');
  });
});

describe('grouped breakdowns', () => {
  it('count by village what one count per village finds', async () => {
    const board = await dashboardOf(await signInAs('townOffice', f.town), f.town);
    // The per-value reference: each village's disputes counted on their own, by the unit they name.
    const perVillage = async (village: OrgUnit) => {
      const { rows } = await sql<{ n: number | string; resolved: number | string }>`select count(*) as n, count(*) filter (where t.status = 'resolved') as resolved
        from ledger_dispute t join org_unit u on u.id = t.village
        where u.path like ${`${village.path}%`} and t.org_path like ${`${f.town.path}%`} and t.date >= '2025-01-01' and t.date <= '2025-12-31'`.execute(ctx.db.kysely);
      const row = rows[0] ?? { n: 0, resolved: 0 };
      return { count: Number(row.n), resolved: Number(row.resolved) };
    };
    for (const village of [f.villageA, f.villageB, quiet]) {
      const row = board.disputesByVillage.find((v) => v.orgId === village.id);
      expect(row, village.name).toBeDefined();
      expect({ count: row?.count, resolved: row?.resolved }).toEqual(await perVillage(village));
    }
    const total = board.disputesByVillage.reduce((n, v) => n + v.count, 0);
    expect(total).toBe(board.disputesByCategory.reduce((n, c) => n + c.count, 0));
  });

  it('rolls a grid’s disputes up to its village when the unit is below the village', async () => {
    const board = await dashboardOf(await signInAs('townOffice', f.town), f.gridA);
    expect(board.disputesByVillage).toEqual([{ orgId: f.villageA.id, name: '东村', count: 1, resolved: 0 }]);
  });

  it('count each ledger by month as the ledger’s own lists do', async () => {
    const board = await dashboardOf(await signInAs('townOffice', f.town), f.town);
    const disputes = board.activityByMonth.flatMap((a) => a.kinds.filter((k) => k.kind === 'dispute').map((k) => [a.month, k.count]));
    expect(disputes).toEqual([
      ['2025-03', 2],
      ['2025-07', 2],
      ['2025-11', 1],
    ]);
    const march = board.activityByMonth.filter((a) => a.month === '2025-03');
    expect(march.map((a) => [a.area, a.count])).toEqual([
      ['governance', 2],
      ['publicity', 1],
    ]);
  });
});

async function figuresOf(token: string, org: OrgUnit, year = 2025): Promise<DashboardFigures> {
  const res = await callAs(app, token, 'GET', `/api/dashboard/figures?org=${org.id}&year=${year}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DashboardFigures>();
}
const valueOf = (items: DashboardFigures['items'], code: string) => items.find((i) => i.code === code)?.value;

describe('GET /api/dashboard/figures', () => {
  it('answers the first screen’s figures for the year and the year before, as /api/indicators does', async () => {
    const office = await signInAs('townOffice', f.town);
    const figures = await figuresOf(office, f.town);
    expect(figures.org).toEqual({ id: f.town.id, name: '甲镇', level: 'town' });
    const indicators = async (year: number) => (await callAs(app, office, 'GET', `/api/indicators?org=${f.town.id}&year=${year}`)).json<{ items: unknown[] }>().items;
    expect(figures.items).toEqual(await indicators(2025));
    expect(figures.previous).toEqual(await indicators(2024));
    expect(valueOf(figures.items, 'dispute.screened')).toBe(5);
    expect(valueOf(figures.previous, 'dispute.screened')).toBe(1);
  });

  it('keeps a town to its own figures and gives a county user each of its towns', async () => {
    const office = await signInAs('townOffice', f.town);
    expectError(await callAs(app, office, 'GET', `/api/dashboard/figures?org=${f.otherTown.id}&year=2025`), 400, 'validation', 'org');
    const reviewer = await signInAs('countyReviewer', f.county);
    expect(valueOf((await figuresOf(reviewer, f.county)).items, 'dispute.screened')).toBe(6);
    expect(valueOf((await figuresOf(reviewer, f.town)).items, 'dispute.screened')).toBe(5);
    expect(valueOf((await figuresOf(reviewer, f.otherTown)).items, 'dispute.screened')).toBe(1);
  });

  it('gives a role no figures over a kind it may not read, and administrators none at all', async () => {
    const grid = await signInAs('gridWorker', f.villageA);
    const own = await figuresOf(grid, f.villageA);
    expect(valueOf(own.items, 'dispute.screened')).toBe(3);
    expect(own.items.filter((i) => i.code.startsWith('enforcement.') || i.code.startsWith('publicity.'))).toEqual([]);
    expect(own.previous.filter((i) => i.code.startsWith('enforcement.'))).toEqual([]);
    const admin = await figuresOf(await signInAs('systemAdmin', f.county), f.county);
    expect(admin.items.filter((i) => !i.code.startsWith('org.'))).toEqual([]);
  });
});

describe('GET /api/dashboard/records', () => {
  it('names the records behind a count, newest first', async () => {
    const office = await signInAs('townOffice', f.town);
    const res = await callAs(app, office, 'GET', `/api/dashboard/records?org=${f.town.id}&year=2025&code=dispute.land_transfer`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<IndicatorRecords>();
    expect(body.indicator.value).toBe(2);
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]).toMatchObject({ part: 'value', kind: 'dispute', kindLabel: '矛盾纠纷', total: 2 });
    expect(body.groups[0]?.records).toEqual([
      { id: ids.landOpen, title: '土地流转合同到期纠纷', date: '2025-03-15', orgId: f.villageA.id, orgName: '东村', orgPathName: '东村', townName: '甲镇' },
      { id: ids.landResolved, title: '土地流转租金纠纷', date: '2025-03-02', orgId: f.villageA.id, orgName: '东村', orgPathName: '东村', townName: '甲镇' },
    ]);
  });

  it('lists both sides of a rate', async () => {
    const office = await signInAs('townOffice', f.town);
    const res = await callAs(app, office, 'GET', `/api/dashboard/records?org=${f.town.id}&year=2025&code=dispute.resolution_rate`);
    const body = res.json<IndicatorRecords>();
    expect(body.indicator.value).toBeCloseTo(20);
    expect(body.groups.map((g) => [g.part, g.total])).toEqual([
      ['numerator', 1],
      ['denominator', 5],
    ]);
    expect(body.groups[0]?.records.map((r) => r.id)).toEqual([ids.landResolved]);
  });

  it('does not answer for an indicator over a kind the role may not read', async () => {
    const grid = await signInAs('gridWorker', f.villageA);
    expectError(await callAs(app, grid, 'GET', `/api/dashboard/records?org=${f.villageA.id}&year=2025&code=enforcement.inspections`), 404, 'not_found');
  });
});
