/**
 * The report page's own questions, on the demo data set: who signed the report off and what the
 * caller may do next, and the records behind a figure — live in a draft, frozen once approved.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../demo/load.js';
import { findOrgByIdOrName, type OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { callAs, expectError, signIn, type Method } from '../testing/http.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let app: FastifyInstance;
let town: OrgUnit;
let county: OrgUnit;

type Account = 'smz_office' | 'smz_leader' | 'smz_grid' | 'hjhq_review' | 'sysadmin';
const tokens = new Map<Account, string>();

const call = (who: Account, method: Method, url: string, payload?: unknown) => callAs(app, tokens.get(who), method, url, payload);

interface Workflow {
  status: string;
  approvedBy: string | null;
  approvedAt: string | null;
  dueToSuperior: string;
  dueToPublic: string;
  may: { chooseTemplate: boolean; editTemplate: boolean; approve: boolean; reopen: boolean; publish: boolean };
}
interface FigureRecords {
  code: string;
  value: number;
  frozen: boolean;
  kind: string;
  kindLabel: string;
  total: number;
  side?: string;
  sides?: Array<{ side: string; code: string; total: number }>;
  records: Array<{ id: string; kind: string; title: string; date: string | null; orgName: string | null; inNumerator?: boolean }>;
}

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  app = await buildApp(ctx);
  await app.ready();
  const named = async (name: string) => (await findOrgByIdOrName(ctx.db, name))[0] as OrgUnit;
  [town, county] = await Promise.all([named('双庙镇'), named('杭锦后旗')]);
  for (const who of ['smz_office', 'smz_leader', 'smz_grid', 'hjhq_review', 'sysadmin'] as const) tokens.set(who, await signIn(app, who, DEMO_PASSWORD));
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('the report workflow', () => {
  it('gives the due dates and what each role may do with a draft', async () => {
    const office = await call('smz_office', 'GET', '/api/reports/workflow?year=2025');
    expect(office.statusCode, office.body).toBe(200);
    expect(office.json<Workflow>()).toMatchObject({
      status: 'draft',
      approvedBy: null,
      dueToSuperior: '2026-03-01',
      dueToPublic: '2026-04-01',
      may: { chooseTemplate: true, editTemplate: true, approve: false, reopen: false, publish: false },
    });
    const leader = (await call('smz_leader', 'GET', '/api/reports/workflow?year=2025')).json<Workflow>();
    expect(leader.may).toEqual({ chooseTemplate: false, editTemplate: false, approve: true, reopen: false, publish: false });
    const reviewer = await call('hjhq_review', 'GET', `/api/reports/workflow?org=${town.id}&year=2025`);
    expect(reviewer.json<Workflow>().may).toEqual({ chooseTemplate: false, editTemplate: false, approve: false, reopen: false, publish: false });
  });

  it('refuses roles without the report, and units outside the caller', async () => {
    expectError(await call('smz_grid', 'GET', '/api/reports/workflow?year=2025'), 403, 'forbidden');
    expectError(await call('sysadmin', 'GET', `/api/reports/workflow?org=${town.id}&year=2025`), 403, 'forbidden');
    expectError(await call('smz_office', 'GET', `/api/reports/workflow?org=${county.id}&year=2025`), 400, 'validation', 'org');
    expectError(await call('smz_office', 'GET', '/api/reports/workflow?year=1999'), 400, 'validation', 'year');
  });
});

describe('the records behind a figure', () => {
  it('lists the live records of a draft with their titles, a page at a time', async () => {
    const res = await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.screened&pageSize=4');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<FigureRecords>();
    expect(body).toMatchObject({ code: 'dispute.screened', value: 10, frozen: false, kind: 'dispute', kindLabel: '矛盾纠纷', total: 10 });
    expect(body.records).toHaveLength(4);
    for (const r of body.records) {
      expect(r.kind).toBe('dispute');
      expect(r.title).toMatch(/[\u4e00-\u9fff]/);
      expect(r.date).toMatch(/^2025-/);
    }
    const last = (await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.screened&pageSize=4&page=3')).json<FigureRecords>();
    expect(last.records).toHaveLength(2);
  });

  it("marks a ratio's records that count in its numerator", async () => {
    const body = (await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.resolution_rate')).json<FigureRecords>();
    expect(body).toMatchObject({ kind: 'dispute', total: 10 });
    expect(body.records.every((r) => r.inNumerator === true)).toBe(true);
    expect(body).toMatchObject({ side: 'denominator', sides: [{ side: 'numerator', code: 'dispute.resolved', total: 10 }, { side: 'denominator', code: 'dispute.screened', total: 10 }] });
    const numerator = (await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.resolution_rate&side=numerator')).json<FigureRecords>();
    expect(numerator).toMatchObject({ side: 'numerator', kind: 'dispute', total: 10 });
    expectError(await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.resolution_rate&side=sideways'), 400, 'validation', 'side');
    expectError(await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.resolution_rate&side=previous'), 400, 'validation', 'side');
  });

  it('lists the records of a total over two kinds, each with its own kind', async () => {
    // 集体学法: meetings with law study before them, and central-group and cadres' study sessions.
    const body = (await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=study.collective&pageSize=100')).json<FigureRecords>();
    expect(body).toMatchObject({ code: 'study.collective', value: 34, kind: 'mixed', kindLabel: '会议、学习', total: 34 });
    expect(new Set(body.records.map((r) => r.kind))).toEqual(new Set(['meeting', 'studySession']));
    for (const r of body.records) expect(r.title).not.toMatch(/已删除/);
  });

  it('answers 404 for an unknown indicator', async () => {
    expectError(await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=no.such'), 404, 'not_found');
    expectError(await call('smz_grid', 'GET', '/api/reports/figure?year=2025&code=dispute.screened'), 403, 'forbidden');
  });

  it('keeps the frozen records once the report is approved, whatever is recorded later', async () => {
    const approved = await call('smz_leader', 'POST', '/api/reports/approve', { year: 2025 });
    expect(approved.statusCode, approved.body).toBe(200);
    const workflow = (await call('smz_leader', 'GET', '/api/reports/workflow?year=2025')).json<Workflow>();
    expect(workflow).toMatchObject({ status: 'approved', may: { approve: false, reopen: true, publish: true } });
    expect(workflow.approvedBy).toMatch(/[\u4e00-\u9fff]/);
    expect((await call('smz_office', 'GET', '/api/reports/workflow?year=2025')).json<Workflow>().may).toMatchObject({ chooseTemplate: false, publish: true });

    const village = await ctx.db.kysely.selectFrom('org_unit').select('id').where('parent_id', '=', town.id).where('level', '=', 'village').executeTakeFirstOrThrow();
    const created = await call('smz_office', 'POST', '/api/ledgers/dispute', {
      orgId: village.id,
      date: '2025-12-01',
      title: '两户因灌溉用水发生争执',
      source: 'visit',
      category: 'neighbour',
      status: 'registered',
      parties: '赵某某',
    });
    expect(created.statusCode, created.body).toBe(201);

    const live = (await call('smz_office', 'GET', '/api/indicators/dispute.screened/records?year=2025')).json<{ ids: string[] }>();
    expect(live.ids).toHaveLength(11);
    const frozen = (await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.screened&pageSize=50')).json<FigureRecords>();
    expect(frozen).toMatchObject({ frozen: true, value: 10, total: 10 });
    expect(frozen.records.map((r) => r.id)).not.toContain(created.json<{ id: string }>().id);

    const reopened = await call('smz_leader', 'POST', '/api/reports/reopen', { year: 2025 });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const again = (await call('smz_office', 'GET', '/api/reports/figure?year=2025&code=dispute.screened')).json<FigureRecords>();
    expect(again).toMatchObject({ frozen: false, value: 11, total: 11 });
  });
});
