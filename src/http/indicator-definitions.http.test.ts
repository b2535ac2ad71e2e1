/**
 * Town- and county-defined indicators through the HTTP API, on the demo: a town created from
 * scratch under the demo county gets the county's ratio and adds its own figure on a built-in
 * kind; both are evaluated for it, traced to their records, and written in its report.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRANTS } from '../accounts/permissions.js';
import { DEMO_PASSWORD, loadDemo } from '../demo/load.js';
import { findOrgByIdOrName, insertOrg, type OrgUnit } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { callAs, expectError, signIn, type Method } from '../testing/http.js';
import { testContext, type TestContext } from '../testing/context.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let app: FastifyInstance;
let county: OrgUnit;
let town: OrgUnit;
let village: OrgUnit;
const tokens = new Map<string, string>();
const call = (who: string, method: Method, url: string, payload?: unknown) => callAs(app, tokens.get(who), method, url, payload);
const NEW_PASSWORD = 'Xinzhen#2025-test';

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  app = await buildApp(ctx);
  await app.ready();
  [county] = (await findOrgByIdOrName(ctx.db, '杭锦后旗')) as [OrgUnit];
  town = await insertOrg(ctx.db, { parentId: county.id, name: '新建镇', level: 'town' }, county.path);
  village = await insertOrg(ctx.db, { parentId: town.id, name: '新建村', level: 'village' }, town.path);
  await ctx.accounts.createUser({ username: 'xjz_office', password: NEW_PASSWORD, displayName: '新建镇法治办', role: 'townOffice', orgId: town.id });
  // The security administrator lets the county reviewer define the county's figures (not a default grant).
  await ctx.permissions.setGrants(systemScope(county), 'countyReviewer', [...DEFAULT_GRANTS.countyReviewer, { target: 'annualReport', action: 'update' }]);
  tokens.set('xjz_office', await signIn(app, 'xjz_office', NEW_PASSWORD));
  tokens.set('hjhq_review', await signIn(app, 'hjhq_review', DEMO_PASSWORD));
  tokens.set('smz_office', await signIn(app, 'smz_office', DEMO_PASSWORD));
}, 180_000);
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

interface Value {
  code: string;
  value: number;
  unit: string;
  numerator?: number;
  denominator?: number;
  precision?: number;
}

describe('/api/indicator-definitions', () => {
  it('a new town under the demo county: the county’s ratio and its own figure, evaluated, traced and written in its report', async () => {
    const countyRatio = await call('hjhq_review', 'POST', '/api/indicator-definitions', {
      orgId: county.id,
      code: 'hjhq.court_share',
      label: '拟申请司法确认纠纷占比',
      measure: 'ratio',
      numerator: 'hjhq.court',
      denominator: 'dispute.screened',
      precision: 2,
    });
    // The numerator must exist first: the error names the field, nothing is saved.
    expectError(countyRatio, 400, 'validation', 'numerator');
    expect((await call('hjhq_review', 'POST', '/api/indicator-definitions', {
      orgId: county.id, code: 'hjhq.court', label: '拟申请司法确认纠纷', unit: '件', measure: 'count', kind: 'dispute',
      filters: [{ field: 'seekJudicialConfirmation', op: 'is', value: true }],
    })).statusCode).toBe(201);
    expect((await call('hjhq_review', 'POST', '/api/indicator-definitions', {
      orgId: county.id, code: 'hjhq.court_share', label: '拟申请司法确认纠纷占比', measure: 'ratio', numerator: 'hjhq.court', denominator: 'dispute.screened', precision: 2,
    })).statusCode).toBe(201);

    // The new town's office adds a figure of its own on a built-in kind, in a unit word it adds.
    expectError(await call('xjz_office', 'POST', '/api/indicator-definitions', { orgId: town.id, code: 'xjz.neighbour', label: '邻里纠纷', unit: '宗', measure: 'count', kind: 'dispute' }), 400, 'validation', 'unit');
    expect((await call('xjz_office', 'POST', '/api/lists/indicator.unit/items', { label: '宗' })).statusCode).toBe(201);
    const own = await call('xjz_office', 'POST', '/api/indicator-definitions', {
      orgId: town.id, code: 'xjz.neighbour', label: '邻里纠纷', unit: '宗', aliases: ['邻里矛盾'], measure: 'count', kind: 'dispute',
      filters: [{ field: 'category', op: 'in', values: ['neighbour'] }],
    });
    expect(own.statusCode, own.body).toBe(201);
    // A filter that does not fit its field is refused with the field named.
    expectError(await call('xjz_office', 'POST', '/api/indicator-definitions', { orgId: town.id, label: '错误筛选', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'between', from: 1 }] }), 400, 'validation', 'filters.0.op');

    const listed = (await call('xjz_office', 'GET', '/api/indicator-definitions')).json<{ items: Array<{ code: string; orgId: string }>; indicators: Array<{ code: string; ownerOrgId?: string }>; units: string[] }>();
    expect(listed.items.map((i) => i.code).sort()).toEqual(['hjhq.court', 'hjhq.court_share', 'xjz.neighbour']);
    expect(listed.indicators.find((i) => i.code === 'hjhq.court_share')?.ownerOrgId).toBe(county.id);
    expect(listed.units).toEqual(expect.arrayContaining(['场', '件次', '批次', '家', '宗']));
    // 双庙镇 is offered the county's, not 新建镇's.
    const theirs = (await call('smz_office', 'GET', '/api/indicator-definitions')).json<{ items: Array<{ code: string }> }>();
    expect(theirs.items.map((i) => i.code).sort()).toEqual(['hjhq.court', 'hjhq.court_share']);

    // No records yet: the ratio has nothing under it.
    const empty = (await call('xjz_office', 'GET', `/api/indicators?org=${town.id}&year=2025`)).json<{ items: Value[] }>();
    expect(empty.items.find((v) => v.code === 'hjhq.court_share')).toMatchObject({ value: 0, denominator: 0 });

    for (const [category, court] of [['neighbour', true], ['neighbour', false], ['labour', false]] as const) {
      const res = await call('xjz_office', 'POST', '/api/ledgers/dispute', { orgId: village.id, date: '2025-05-06', title: '新登记纠纷', source: 'visit', category, status: 'registered', seekJudicialConfirmation: court });
      expect(res.statusCode, res.body).toBe(201);
    }
    const values = new Map((await call('xjz_office', 'GET', `/api/indicators?org=${town.id}&year=2025`)).json<{ items: Value[] }>().items.map((v) => [v.code, v]));
    expect(values.get('hjhq.court_share')).toMatchObject({ unit: '%', numerator: 1, denominator: 3, precision: 2 });
    expect(values.get('hjhq.court_share')?.value).toBeCloseTo(33.333, 2);
    expect(values.get('xjz.neighbour')).toMatchObject({ value: 2, unit: '宗' });
    const trace = (await call('xjz_office', 'GET', `/api/indicators/hjhq.court_share/records?org=${town.id}&year=2025`)).json<{ numerator: { ids: string[] }; denominator: { ids: string[] } }>();
    expect([trace.numerator.ids.length, trace.denominator.ids.length]).toEqual([1, 3]);

    // In the town's own template, in its own words.
    const copy = (await call('xjz_office', 'POST', '/api/report-templates', { orgId: town.id, name: '新建镇模板' })).json<{ id: string; version: number; body: { opening: string } }>();
    const saved = await call('xjz_office', 'PUT', `/api/report-templates/${copy.id}`, {
      version: copy.version,
      body: { ...copy.body, opening: `全镇受理邻里纠纷{{xjz.neighbour|exact}}，拟申请司法确认的占{{hjhq.court_share|percent:2}}。${copy.body.opening}` },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const preview = (await call('xjz_office', 'GET', `/api/reports/preview?org=${town.id}&year=2025&template=${copy.id}`)).json<{ blocks: Array<{ type: string; runs?: Array<{ text: string }> }>; problems: string[] }>();
    expect(preview.problems).toEqual([]);
    const text = preview.blocks.flatMap((b) => b.runs ?? []).map((r) => r.text).join('');
    expect(text).toContain('全镇受理邻里纠纷2宗，拟申请司法确认的占33.33%。');

    // The draft check reads the town's figure by its alias.
    const check = (await call('xjz_office', 'POST', '/api/reports/check', { org: town.id, year: 2025, text: '今年共化解邻里矛盾2宗。' })).json<{ matched: Array<{ code: string; draftValue: number }> }>();
    expect(check.matched.map((m) => [m.code, m.draftValue])).toContainEqual(['xjz.neighbour', 2]);

    // Edited: a new version, audited, its history listed.
    const edited = await call('xjz_office', 'PUT', '/api/indicator-definitions/xjz.neighbour', { version: 1, label: '邻里纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
    expect(edited.json<{ version: number }>().version).toBe(2);
    expectError(await call('xjz_office', 'PUT', '/api/indicator-definitions/xjz.neighbour', { version: 1, label: '旧版本', unit: '件', measure: 'count', kind: 'dispute' }), 409, 'conflict', 'version');
    const versions = (await call('xjz_office', 'GET', '/api/indicator-definitions/xjz.neighbour/versions')).json<{ versions: Array<{ version: number }> }>();
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    // A county's definition is not a town's to edit.
    expectError(await call('xjz_office', 'DELETE', '/api/indicator-definitions/hjhq.court'), 404, 'not_found');
  });
});
