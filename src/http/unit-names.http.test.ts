/**
 * Units named with their context beyond the ledger list: the due list, the records behind a
 * dashboard figure and the Excel import history name a unit by its path below its town
 * (东村/东村一社/东村一社网格) and give its town; the report's workflow gives the unit's readable
 * public address. Over HTTP, so the response schemas are seen to keep the fields.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg } from '../org/repository.js';
import type { DueList } from '../shared/procedures.js';
import type { IndicatorRecords } from '../shared/dashboard.js';
import type { ImportBatchView } from '../shared/imports.js';
import type { Workflow } from '../shared/report.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, signInNewUser, withSession } from '../testing/http.js';
import { fillTemplate } from '../testing/xlsx.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;
let county: string;

const GRID_PATH = '东村/东村一社/东村一社网格';

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  office = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
  county = await signInNewUser(app, ctx.accounts, 'countyReviewer', f.county);
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

async function create(session: string, body: Record<string, unknown>): Promise<string> {
  const res = await callAs(app, session, 'POST', '/api/ledgers/dispute', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

function upload(url: string, content: Buffer, session: string) {
  const boundary = `----fazhi-${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="网格纠纷.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const payload = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return app.inject({ method: 'POST', url, payload, ...withSession(session, { 'content-type': `multipart/form-data; boundary=${boundary}` }) });
}

describe('units named by their path below the town', () => {
  it('in the due list, with the town for the county and for the town alike', async () => {
    // Registered 8-20 and still open: a month to mediate, overdue on 10-09.
    await create(office, disputeBody(f.gridA.id, { date: '2025-08-20', title: '网格内排水沟纠纷' }));
    await create(office, disputeBody(f.villageB.id, { date: '2025-08-21', title: '西村院墙纠纷' }));
    const other = await signInNewUser(app, ctx.accounts, 'townOffice', f.otherTown);
    await create(other, disputeBody(f.otherVillage.id, { date: '2025-08-22', title: '南村浇地纠纷' }));

    const res = await callAs(app, county, 'GET', '/api/due?on=2025-10-09&within=14');
    expect(res.statusCode, res.body).toBe(200);
    const named = (list: DueList) => new Map(list.items.map((i) => [i.title, [i.townName, i.orgPathName, i.orgName]]));
    const seen = named(res.json<DueList>());
    expect(seen.get('网格内排水沟纠纷')).toEqual(['甲镇', GRID_PATH, '东村一社网格']);
    expect(seen.get('西村院墙纠纷')).toEqual(['甲镇', '西村', '西村']);
    expect(seen.get('南村浇地纠纷')).toEqual(['乙镇', '南村', '南村']);

    const mine = named((await callAs(app, office, 'GET', '/api/due?on=2025-10-09&within=14')).json<DueList>());
    expect(mine.get('网格内排水沟纠纷')).toEqual(['甲镇', GRID_PATH, '东村一社网格']);
    expect(mine.has('南村浇地纠纷')).toBe(false);
  });

  it('in the records behind a dashboard figure', async () => {
    const res = await callAs(app, county, 'GET', `/api/dashboard/records?org=${f.county.id}&year=2025&code=dispute.screened`);
    expect(res.statusCode, res.body).toBe(200);
    const records = res.json<IndicatorRecords>().groups.flatMap((g) => g.records);
    const byTitle = new Map(records.map((r) => [r.title, [r.townName, r.orgPathName, r.orgName, r.orgId]]));
    expect(byTitle.get('网格内排水沟纠纷')).toEqual(['甲镇', GRID_PATH, '东村一社网格', f.gridA.id]);
    expect(byTitle.get('南村浇地纠纷')).toEqual(['乙镇', '南村', '南村', f.otherVillage.id]);
  });

  it('in the import history', async () => {
    const template = await callAs(app, office, 'GET', `/api/ledgers/dispute/import/template.xlsx?org=${f.gridA.id}`);
    expect(template.statusCode, template.body).toBe(200);
    // 所属单位 left empty: each record goes to the unit the template was made for.
    const rows = [0, 1].map((i) => ({ 所属单位: '', 登记日期: `2025-05-0${i + 1}`, 纠纷概要: `网格导入纠纷${i}`, 来源: '月度排查', 纠纷类别: '邻里纠纷', 状态: '登记' }));
    const done = await upload(`/api/ledgers/dispute/import?org=${f.gridA.id}`, await fillTemplate(template.rawPayload, rows), office);
    expect(done.statusCode, done.body).toBe(201);

    for (const session of [county, office]) {
      const history = await callAs(app, session, 'GET', '/api/ledgers/dispute/imports');
      expect(history.statusCode, history.body).toBe(200);
      const items = history.json<{ items: ImportBatchView[] }>().items;
      expect(items.map((b) => [b.rows, b.orgId, b.orgName, b.orgPathName, b.townName])).toEqual([[2, f.gridA.id, '东村一社网格', GRID_PATH, '甲镇']]);
    }
  });
});

describe("the report workflow's public address", () => {
  const workflow = async (orgId: string) => {
    const res = await callAs(app, office, 'GET', `/api/reports/workflow?org=${orgId}&year=2025`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Workflow>();
  };

  it('is the readable address of the unit’s public page, told apart by the county when another town shares the name, and none below towns', async () => {
    expect((await workflow(f.town.id)).publicUrl).toBe(`/public/${encodeURIComponent('甲镇')}`);
    expect((await workflow(f.villageA.id)).publicUrl).toBeNull();

    // Another county's 甲镇: the name alone no longer tells them apart.
    const city = await ctx.db.kysely.selectFrom('org_unit').selectAll().where('id', '=', f.county.parent_id ?? '').executeTakeFirstOrThrow();
    const elsewhere = await insertOrg(ctx.db, { parentId: city.id, name: '别的旗', level: 'county' }, city.path);
    await insertOrg(ctx.db, { parentId: elsewhere.id, name: '甲镇', level: 'town' }, elsewhere.path);
    const url = (await workflow(f.town.id)).publicUrl;
    expect(url).toBe(`/public/${encodeURIComponent('测试旗')}/${encodeURIComponent('甲镇')}`);

    // The address is one the public site answers, with this town's page.
    const page = await app.inject({ method: 'GET', url: url ?? '', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('甲镇');
    expect(page.body).toContain('测试旗');
  });
});
