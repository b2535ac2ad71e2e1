/**
 * /api/indicator-definitions across a county's towns: parallel saves of one code on a branch (one
 * wins, none fails with 500), a county user naming the owner of a code two towns use, and a role
 * that may not read a kind seeing no figure over it, built-in or defined.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRANTS } from '../accounts/permissions.js';
import type { Role } from '../accounts/roles.js';
import type { OrgUnit } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { callAs, expectError, signInNewUser, type Method } from '../testing/http.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let app: FastifyInstance;
let f: Fixture;
const tokens = new Map<string, string>();
const call = (who: string, method: Method, url: string, payload?: unknown) => callAs(app, tokens.get(who), method, url, payload);
const PASSWORD = 'Fanwei#2025-test';

async function user(username: string, role: Role, unit: OrgUnit) {
  tokens.set(username, await signInNewUser(app, ctx.accounts, role, unit, { username, displayName: username, password: PASSWORD }));
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  await user('jia_office', 'townOffice', f.town);
  await user('yi_office', 'townOffice', f.otherTown);
  await user('county_office', 'townOffice', f.county);
  await user('jia_leader', 'leader', f.town);
}, 120_000);
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

const count = (orgId: string, code: string, extra: Record<string, unknown> = {}) => ({ orgId, code, label: '同时新建的指标', unit: '件', measure: 'count', kind: 'dispute', ...extra });

describe('saving one code at once', () => {
  it('along one branch exactly one save wins; the others are refused naming 「编码」, never with 500', async () => {
    const attempts = [
      ['jia_office', f.town],
      ['jia_office', f.town],
      ['county_office', f.county],
      ['yi_office', f.otherTown],
    ] as const;
    const responses = await Promise.all(attempts.map(([who, unit]) => call(who, 'POST', '/api/indicator-definitions', count(unit.id, 'own.same_time'))));
    for (const res of responses) if (res.statusCode !== 201) expectError(res, 400, 'validation', 'code');
    const saved = responses.flatMap((res, n) => (res.statusCode === 201 ? [(attempts[n] as (typeof attempts)[number])[1].id] : []));
    // Either the county's (which 甲镇 and 乙镇 would both use), or one of 甲镇's and 乙镇's (siblings never meet).
    expect([...saved].sort()).toEqual(saved.includes(f.county.id) ? [f.county.id] : [f.town.id, f.otherTown.id].sort());
    const rows = await ctx.db.kysely.selectFrom('town_indicator').select('org_id').where('code', '=', 'own.same_time').execute();
    expect(rows.map((r) => r.org_id).sort()).toEqual([...saved].sort());
  });
});

describe('a code two towns use', () => {
  it('the county user names the owner: 422 naming 「所属单位」 until it does', async () => {
    for (const [who, unit, category] of [
      ['jia_office', f.town, 'neighbour'],
      ['yi_office', f.otherTown, 'labour'],
    ] as const) {
      const res = await call(who, 'POST', '/api/indicator-definitions', count(unit.id, 'own.hotspot', { label: '热点纠纷', filters: [{ field: 'category', op: 'in', values: [category] }] }));
      expect(res.statusCode, res.body).toBe(201);
    }
    const edit = { version: 1, label: '热点纠纷（欠薪）', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] };
    const ambiguous = expectError(await call('county_office', 'PUT', '/api/indicator-definitions/own.hotspot', edit), 422, 'ambiguous_owner', 'orgId');
    expect(ambiguous.message).toContain('「所属单位」');
    expectError(await call('county_office', 'GET', '/api/indicator-definitions/own.hotspot/versions'), 422, 'ambiguous_owner', 'orgId');
    expectError(await call('county_office', 'DELETE', '/api/indicator-definitions/own.hotspot'), 422, 'ambiguous_owner', 'orgId');

    const edited = await call('county_office', 'PUT', `/api/indicator-definitions/own.hotspot?orgId=${f.otherTown.id}`, edit);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<{ orgId: string; version: number }>()).toMatchObject({ orgId: f.otherTown.id, version: 2 });
    const history = (await call('county_office', 'GET', `/api/indicator-definitions/own.hotspot/versions?orgId=${f.town.id}`)).json<{ orgId: string; versions: Array<{ version: number }> }>();
    expect([history.orgId, history.versions.map((v) => v.version)]).toEqual([f.town.id, [1]]);
    // The town needs no owner for its own, and cannot reach its neighbour's.
    expect((await call('jia_office', 'GET', '/api/indicator-definitions/own.hotspot/versions')).statusCode).toBe(200);
    expectError(await call('jia_office', 'DELETE', `/api/indicator-definitions/own.hotspot?orgId=${f.otherTown.id}`), 404, 'not_found');
    expect((await call('county_office', 'DELETE', `/api/indicator-definitions/own.hotspot?orgId=${f.otherTown.id}`)).statusCode).toBe(204);

    // Both towns' are listed for the county, each with its owner.
    const listed = (await call('county_office', 'GET', '/api/indicator-definitions')).json<{ items: Array<{ code: string; orgId: string }> }>();
    expect(listed.items.filter((i) => i.code === 'own.hotspot').map((i) => i.orgId)).toEqual([f.town.id]);
  });
});

describe('a role that may not read a kind', () => {
  it('is listed no figure over it, built-in or defined, nor one resting on such a figure', async () => {
    for (const body of [
      { orgId: f.town.id, code: 'jz.visits', label: '来访纠纷', unit: '件', measure: 'count', kind: 'dispute' },
      { orgId: f.town.id, code: 'jz.visit_share', label: '来访纠纷占比', measure: 'ratio', numerator: 'jz.visits', denominator: 'dispute.screened' },
      { orgId: f.town.id, code: 'jz.oaths', label: '宪法宣誓场次', unit: '场', measure: 'count', kind: 'ceremony' },
    ]) {
      const res = await call('jia_office', 'POST', '/api/indicator-definitions', body);
      expect(res.statusCode, res.body).toBe(201);
    }
    // 纠纷 sit in the governance area: the security administrator takes it from the leader's role.
    await ctx.permissions.setGrants(
      systemScope(f.county),
      'leader',
      DEFAULT_GRANTS.leader.filter((g) => g.target !== 'governance'),
    );
    interface Listing {
      items: Array<{ code: string }>;
      indicators: Array<{ code: string; kind: string | null }>;
    }
    const leader = (await call('jia_leader', 'GET', '/api/indicator-definitions')).json<Listing>();
    expect(leader.items.map((i) => i.code).sort()).toEqual(['jz.oaths']);
    const codes = leader.indicators.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['jz.oaths', 'ceremony.count']));
    for (const hidden of ['jz.visits', 'jz.visit_share', 'own.hotspot', 'dispute.screened', 'dispute.resolution_rate']) expect(codes).not.toContain(hidden);
    expect(leader.indicators.filter((i) => i.kind === 'dispute')).toEqual([]);

    // The office, which may read disputes, is listed them all.
    const office = (await call('jia_office', 'GET', '/api/indicator-definitions')).json<Listing>();
    expect(office.items.map((i) => i.code)).toEqual(expect.arrayContaining(['jz.visits', 'jz.visit_share', 'jz.oaths', 'own.hotspot']));
    expect(office.indicators.map((i) => i.code)).toEqual(expect.arrayContaining(['jz.visit_share', 'dispute.screened']));
  });
});
