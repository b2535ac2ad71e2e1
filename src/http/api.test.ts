/**
 * The HTTP API end to end, through Fastify's inject (no socket): sessions, scope, kinds, the
 * ledger endpoints, optimistic locking, custom kinds and the OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import { builtInKinds } from '../areas/index.js';
import { dateLabelOf, tableOf } from '../ledger/kind.js';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { buildApp } from './app.js';
import { callAs, expectError, signIn, signInNewUser, withSession, type Method } from '../testing/http.js';
import { SESSION_COOKIE } from './auth.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;

const PASSWORD = 'Fazhi#2025-test';

/** A new user of the role at the unit, signed in through the API; returns the session token. */
const signInAs = (role: Role, unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);

const call = (token: string | undefined, method: Method, url: string, payload?: unknown) => callAs(app, token, method, url, payload);

const countOf = async (table: string) => {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db.kysely);
  return Number(rows[0]?.n ?? 0);
};

const dispute = disputeBody;

let office: string;
let otherOffice: string;
let grid: string;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  [office, otherOffice, grid] = await Promise.all([signInAs('townOffice', f.town), signInAs('townOffice', f.otherTown), signInAs('gridWorker', f.villageA)]);
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('session', () => {
  it('signs in with an HttpOnly SameSite=Strict cookie and says who the user is', async () => {
    await ctx.accounts.createUser({ username: 'wang.clerk', password: PASSWORD, displayName: '王干事', role: 'departmentClerk', orgId: f.town.id });
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'wang.clerk', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain(`${SESSION_COOKIE}=`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//i);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.value.length).toBeGreaterThanOrEqual(40);
    expect(res.json()).toMatchObject({
      username: 'wang.clerk',
      displayName: '王干事',
      role: 'departmentClerk',
      roleLabel: '部门经办人',
      org: { id: f.town.id, name: '甲镇', level: 'town' },
    });
    expect(res.body).not.toContain('password');

    const me = await call(cookie?.value, 'GET', '/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'wang.clerk', org: { id: f.town.id } });
  });

  it('gives the same answer for a wrong password and an unknown user, and sets no cookie', async () => {
    await ctx.accounts.createUser({ username: 'li.office', password: PASSWORD, displayName: '李主任', role: 'townOffice', orgId: f.town.id });
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'li.office', password: 'not-the-password' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody.here', password: PASSWORD } });
    const wrongError = expectError(wrong, 401, 'login_failed');
    expectError(unknown, 401, 'login_failed');
    expect(unknown.body).toBe(wrong.body);
    expect(wrongError.message).toBe('用户名或密码错误');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['set-cookie']).toBeUndefined();
    const failures = await ctx.db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'login_failed').execute();
    expect(failures.map((r) => r.after).join()).toContain('nobody.here');
  });

  it('refuses a sign-in without a password, naming the field', async () => {
    const error = expectError(await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'li.office' } }), 400, 'validation', 'password');
    expect(error.message).toContain('「密码」');
  });

  it('ends the session on DELETE: the cookie is cleared and no longer works', async () => {
    const token = await signInAs('leader', f.town);
    expect((await call(token, 'GET', '/api/me')).statusCode).toBe(200);
    const out = await call(token, 'DELETE', '/api/session');
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expectError(await call(token, 'GET', '/api/me'), 401, 'unauthenticated');
  });

  it('answers the sign-in page\'s question "who is signed in?" with 200, naming the user only to that user', async () => {
    const nobody = await call(undefined, 'GET', '/api/session');
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toEqual({ me: null });
    expect(nobody.headers['set-cookie']).toBeUndefined();

    // A cookie of an ended (or forged) session: "not signed in", and the cookie is removed.
    const stale = await call('forged-token', 'GET', '/api/session');
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ me: null });
    expect(stale.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');

    const token = await signInAs('leader', f.town);
    const signed = await call(token, 'GET', '/api/session');
    expect(signed.statusCode).toBe(200);
    const { me } = signed.json<{ me: { username: string; csrfToken: string; org: { id: string } } }>();
    expect(me).toMatchObject({ org: { id: f.town.id } });
    expect(me.username).toMatch(/^leader\./);
    expect(me).toEqual((await call(token, 'GET', '/api/me')).json());
  });

  it('lets a user who must change the password ask who is signed in', async () => {
    await ctx.accounts.createUser({ username: 'zhao.reset', password: PASSWORD, displayName: '赵干事', role: 'townOffice', orgId: f.town.id, mustChangePassword: true });
    const token = await signIn(app, 'zhao.reset', PASSWORD);
    const probe = await call(token, 'GET', '/api/session');
    expect(probe.statusCode).toBe(200);
    expect(probe.json()).toMatchObject({ me: { username: 'zhao.reset', mustChangePassword: true } });
    expectError(await call(token, 'GET', '/api/kinds'), 403, 'password_change_required');
  });

  it('answers 401 on every protected endpoint without a session, or with a forged one', async () => {
    const protectedCalls: Array<[Method, string, unknown?]> = [
      ['GET', '/api/me'],
      ['DELETE', '/api/session'],
      ['GET', '/api/orgs'],
      ['GET', '/api/kinds'],
      ['GET', '/api/kinds/dispute'],
      ['POST', '/api/kinds', { label: '测试台账' }],
      ['GET', '/api/lists'],
      ['GET', '/api/people'],
      ['GET', '/api/ledgers/dispute'],
      ['POST', '/api/ledgers/dispute', dispute(f.villageA.id)],
      ['GET', '/api/ledgers/dispute/abcdefghij'],
      ['PATCH', '/api/ledgers/dispute/abcdefghij', { version: 1 }],
      ['DELETE', '/api/ledgers/dispute/abcdefghij?version=1'],
      ['GET', '/api/attachments/abcdefghij'],
    ];
    const before = await countOf('ledger_dispute');
    for (const [method, url, payload] of protectedCalls) {
      const error = expectError(await call(undefined, method, url, payload), 401, 'unauthenticated');
      expect(error.message).toBe('请先登录');
      expectError(await call('forged-token', method, url, payload), 401, 'unauthenticated');
    }
    expect(await countOf('ledger_dispute')).toBe(before);
  });
});

describe('org scope', () => {
  interface Node {
    id: string;
    name: string;
    level: string;
    children: Node[];
  }
  const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

  it("returns only the caller's subtree", async () => {
    const res = await call(office, 'GET', '/api/orgs');
    expect(res.statusCode).toBe(200);
    const roots = res.json<{ items: Node[] }>().items;
    expect(roots.map((r) => r.id)).toEqual([f.town.id]);
    const ids = flatten(roots).map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([f.town.id, f.villageA.id, f.villageB.id, f.gridA.id]));
    for (const outside of [f.county.id, f.otherTown.id, f.otherVillage.id]) expect(ids).not.toContain(outside);

    const other = flatten((await call(otherOffice, 'GET', '/api/orgs')).json<{ items: Node[] }>().items).map((n) => n.id);
    expect(other.sort()).toEqual([f.otherTown.id, f.otherVillage.id].sort());

    const gridIds = flatten((await call(grid, 'GET', '/api/orgs')).json<{ items: Node[] }>().items).map((n) => n.id);
    expect(gridIds).toContain(f.gridA.id);
    expect(gridIds).not.toContain(f.villageB.id);
    expect(gridIds).not.toContain(f.town.id);
  });

  it('lists units of the asked levels flat, and refuses an unknown level', async () => {
    const res = await call(office, 'GET', '/api/orgs?levels=village');
    const items = res.json<{ items: Array<{ id: string; level: string }> }>().items;
    expect(items.map((i) => i.id).sort()).toEqual([f.villageA.id, f.villageB.id].sort());
    const error = expectError(await call(office, 'GET', '/api/orgs?levels=village,castle'), 400, 'validation', 'levels');
    expect(error.message).toBe('「层级」取值有误');
  });
});

describe('kinds', () => {
  interface KindOut {
    code: string;
    label: string;
    custom: boolean;
    fields: Array<{ name: string; label: string; type: string; options?: Array<{ code: string; label: string }> }>;
    permissions: Record<string, boolean>;
  }

  it('lists every built-in kind with its fields and the options of its lists', async () => {
    const res = await call(office, 'GET', '/api/kinds');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: KindOut[] }>().items;
    expect(items.map((k) => k.code)).toEqual(expect.arrayContaining(builtInKinds.map((k) => k.code)));
    for (const kind of builtInKinds) {
      const out = items.find((k) => k.code === kind.code);
      expect(out?.label).toBe(kind.label);
      expect(out?.fields.map((x) => x.name)).toEqual(kind.fields.map((x) => x.name));
      expect(out?.permissions).toEqual({ read: true, create: true, update: true, delete: true, reveal: true });
      for (const field of kind.fields.filter((x) => x.list)) {
        const declared = builtInKinds.flatMap((k) => k.lists ?? []).find((l) => l.code === field.list);
        const options = out?.fields.find((x) => x.name === field.name)?.options;
        expect(options?.map((o) => [o.code, o.label]), `${kind.code}.${field.name}`).toEqual(declared?.items.map(([c, l]) => [c, l]));
      }
    }
  });

  it('shows a grid worker only the kinds of their work, and refuses the others', async () => {
    const items = (await call(grid, 'GET', '/api/kinds')).json<{ items: KindOut[] }>().items;
    expect(items.map((k) => k.code).sort()).toEqual(['dispute', 'gridPartyGroup', 'gridPost', 'screeningRound']);
    expect(items.find((k) => k.code === 'gridPost')?.permissions).toMatchObject({ read: true, create: false });
    expectError(await call(grid, 'GET', '/api/kinds/meeting'), 403, 'forbidden');
    expectError(await call(grid, 'GET', '/api/ledgers/meeting'), 403, 'forbidden');
    const before = await countOf('ledger_grid_post');
    expectError(await call(grid, 'POST', '/api/ledgers/gridPost', { orgId: f.villageA.id, date: '2025-03-08', title: '网格员' }), 403, 'forbidden');
    expect(await countOf('ledger_grid_post')).toBe(before);
  });

  it('answers 404 for an unknown kind', async () => {
    const error = expectError(await call(office, 'GET', '/api/kinds/noSuchKind'), 404, 'unknown_kind');
    expect(error.message).toContain('noSuchKind');
    expectError(await call(office, 'GET', '/api/ledgers/noSuchKind'), 404, 'unknown_kind');
    expectError(await call(office, 'POST', '/api/ledgers/noSuchKind', dispute(f.villageA.id)), 404, 'unknown_kind');
    expectError(await call(office, 'GET', '/api/ledgers/noSuchKind/abcdefghij'), 404, 'unknown_kind');
    expectError(await call(office, 'PATCH', '/api/ledgers/noSuchKind/abcdefghij', { version: 1 }), 404, 'unknown_kind');
    expectError(await call(office, 'DELETE', '/api/ledgers/noSuchKind/abcdefghij?version=1'), 404, 'unknown_kind');
  });
});

describe('ledger endpoints', () => {
  const auditCount = async () => countOf('audit_log');

  it('creates, lists, reads, updates and deletes a record', async () => {
    const created = await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageA.id, { parties: '王某某、李某某', mediator: f.personInTown }));
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<{ id: string; version: number; orgName: string; parties: string }>();
    expect(record).toMatchObject({ kind: 'dispute', orgId: f.villageA.id, orgName: '东村', version: 1, category: 'neighbour', mediator: f.personInTown });
    expect(record.parties).toBe('王*某、李*某');

    const list = await call(office, 'GET', '/api/ledgers/dispute?category=neighbour&from=2025-01-01&to=2025-12-31&pageSize=200');
    expect(list.statusCode).toBe(200);
    const page = list.json<{ items: Array<{ id: string }>; total: number; page: number; pageSize: number }>();
    expect(page.items.map((r) => r.id)).toContain(record.id);
    expect(page).toMatchObject({ page: 1, pageSize: 200 });
    expect(page.total).toBe(page.items.length);

    const got = await call(office, 'GET', `/api/ledgers/dispute/${record.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: record.id, version: 1, attachments: [] });

    const patched = await call(office, 'PATCH', `/api/ledgers/dispute/${record.id}`, { version: 1, status: 'resolved', resolvedOn: '2025-03-20' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, status: 'resolved', resolvedOn: '2025-03-20', title: '两户因宅基地边界发生争执' });

    const deleted = await call(office, 'DELETE', `/api/ledgers/dispute/${record.id}?version=2`);
    expect(deleted.statusCode).toBe(204);
    expectError(await call(office, 'GET', `/api/ledgers/dispute/${record.id}`), 404, 'not_found');
  });

  it('round-trips the field types through the database', async () => {
    const penalty = await call(office, 'POST', '/api/ledgers/penaltyCase', {
      orgId: f.town.id,
      date: '2025-05-06',
      title: '未经许可占道经营',
      caseNo: '甲综执罚〔2025〕12号',
      partyType: 'entity',
      partyName: '某某商贸有限公司',
      hearingRequested: true,
      legalAuditRequired: false,
      amount: 1234.56,
      status: 'filed',
    });
    expect(penalty.statusCode, penalty.body).toBe(201);
    expect(penalty.json()).toMatchObject({ amount: 1234.56, hearingRequested: true, legalAuditRequired: false, decidedOn: null });

    const advisor = await call(office, 'POST', '/api/ledgers/legalAdvisor', {
      orgId: f.town.id,
      date: '2025-01-01',
      endDate: '2025-12-31',
      title: '2025年度法律顾问聘用',
      advisor: f.personInTown,
      servedUnits: [f.town.id, f.villageA.id, f.villageA.id],
      scope: ['contractReview', 'consultation'],
      fee: 30000,
    });
    expect(advisor.statusCode, advisor.body).toBe(201);
    expect(advisor.json()).toMatchObject({ endDate: '2025-12-31', servedUnits: [f.town.id, f.villageA.id], scope: ['contractReview', 'consultation'], fee: 30000 });

    const study = await call(office, 'POST', '/api/ledgers/studySession', {
      orgId: f.town.id,
      date: '2025-04-15',
      title: '习近平法治思想专题学习',
      studyKind: 'centralGroup',
      attendeeCount: 23,
      hours: 2.5,
      tags: ['xiThought'],
    });
    expect(study.statusCode, study.body).toBe(201);
    expect(study.json()).toMatchObject({ attendeeCount: 23, hours: 2.5, tags: ['xiThought'] });
  });

  it.each(builtInKinds.map((k) => [k.code, k] as const))('%s: lists, and refuses an impossible date naming the field, writing nothing', async (_code, kind) => {
    expect((await call(office, 'GET', `/api/ledgers/${kind.code}`)).statusCode).toBe(200);
    const unit = kind.orgLevels.includes('town') ? f.town : f.villageA;
    const [rows, audits] = [await countOf(tableOf(kind)), await auditCount()];
    const error = expectError(await call(office, 'POST', `/api/ledgers/${kind.code}`, { orgId: unit.id, date: '2025-02-30', title: '测试' }), 400, 'validation', 'date');
    expect(error.message).toContain(`「${dateLabelOf(kind)}」`);
    expect([await countOf(tableOf(kind)), await auditCount()]).toEqual([rows, audits]);
  });

  it('refuses invalid fields with 400 naming the field in Chinese, writing nothing', async () => {
    const [rows, audits] = [await countOf('ledger_dispute'), await auditCount()];
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ category: 'alienAbduction' }, 'category', '「纠纷类别」'],
      [{ title: '法'.repeat(201) }, 'title', '「纠纷概要」'],
      [{ partyPhone: 13800138000 }, 'partyPhone', '「当事人电话」'],
      [{ mediator: f.personInOtherTown }, 'mediator', '「调解人」'],
      [{ village: f.otherVillage.id }, 'village', '「所在村（社区）」'],
      [{ orgId: f.otherVillage.id }, 'orgId', '「所属单位」'],
      [{ status: undefined }, 'status', '「状态」'],
      [{ color: 'red' }, 'color', '「矛盾纠纷」'],
    ];
    for (const [change, field, label] of cases) {
      const error = expectError(await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageA.id, change)), 400, 'validation', field);
      expect(error.message, field).toContain(label);
    }
    expect([await countOf('ledger_dispute'), await auditCount()]).toEqual([rows, audits]);
  });

  it('refuses a step out of order with 422 naming the missing step, writing nothing', async () => {
    const [rows, audits] = [await countOf('ledger_dispute'), await auditCount()];
    // 办结 before the dispute was registered, and a status saying it was concluded without the date.
    const early = expectError(await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageA.id, { resolvedOn: '2025-03-01' })), 422, 'procedure', 'resolvedOn');
    expect(early.message).toContain('「登记」');
    const undated = expectError(await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageA.id, { status: 'resolved' })), 422, 'procedure', 'status');
    expect(undated.message).toBe('状态不能为「已化解」：尚未登记「办结（化解、未化解或移交）」');
    expect([await countOf('ledger_dispute'), await auditCount()]).toEqual([rows, audits]);
  });

  it('reports several problems at once in details', async () => {
    const error = expectError(
      await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageA.id, { date: '2025-02-30', category: 'x', status: '' })),
      400,
      'validation',
      'date',
    );
    expect((error.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['date', 'category', 'status']);
  });

  it('refuses bad list parameters and a malformed JSON body', async () => {
    expect(expectError(await call(office, 'GET', '/api/ledgers/dispute?pageSize=500'), 400, 'validation', 'pageSize').message).toContain('「每页条数」');
    expectError(await call(office, 'GET', '/api/ledgers/dispute?sort=password'), 400, 'validation', 'sort');
    expectError(await call(office, 'GET', '/api/ledgers/dispute?from=2025-02-30'), 400, 'validation', 'from');
    expectError(await call(office, 'GET', '/api/ledgers/dispute?agreement=x'), 400, 'validation', 'agreement');
    expectError(await call(office, 'GET', '/api/ledgers/dispute?sort=parties'), 400, 'validation', 'sort'); // ciphertext has no order
    expectError(await call(office, 'GET', `/api/ledgers/dispute?org=${f.otherVillage.id}`), 400, 'validation', 'org');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/ledgers/dispute',
      ...withSession(office, { 'content-type': 'application/json' }),
      payload: '{"orgId": ',
    });
    expectError(bad, 400, 'bad_json');
    expectError(await call(office, 'GET', '/api/nothing-here'), 404, 'not_found');
  });

  it('refuses PATCH and DELETE with a stale version with 409, changing nothing', async () => {
    const record = (await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageB.id))).json<{ id: string }>();
    const url = `/api/ledgers/dispute/${record.id}`;
    expect((await call(office, 'PATCH', url, { version: 1, status: 'mediating' })).statusCode).toBe(200);
    const audits = await auditCount();

    const stale = expectError(await call(office, 'PATCH', url, { version: 1, status: 'resolved', resolvedOn: '2025-03-20' }), 409, 'conflict', 'version');
    expect(stale).toMatchObject({ currentVersion: 2 });
    expect(stale.message).toContain('版本');
    expectError(await call(office, 'DELETE', `${url}?version=1`), 409, 'conflict', 'version');
    expectError(await call(office, 'DELETE', url), 400, 'validation', 'version');
    expectError(await call(office, 'PATCH', url, { status: 'resolved' }), 400, 'validation', 'version');

    expect(await auditCount()).toBe(audits);
    const stored = (await call(office, 'GET', url)).json<unknown>();
    expect(stored).toMatchObject({ version: 2, status: 'mediating', resolvedOn: null });
  });

  it('hides records of another town: 404 to read, change or delete them', async () => {
    const record = (await call(office, 'POST', '/api/ledgers/dispute', dispute(f.villageA.id))).json<{ id: string }>();
    const url = `/api/ledgers/dispute/${record.id}`;
    expectError(await call(otherOffice, 'GET', url), 404, 'not_found');
    expectError(await call(otherOffice, 'PATCH', url, { version: 1, title: '改' }), 404, 'not_found');
    expectError(await call(otherOffice, 'DELETE', `${url}?version=1`), 404, 'not_found');
    const list = (await call(otherOffice, 'GET', '/api/ledgers/dispute?pageSize=200')).json<{ items: Array<{ id: string }> }>();
    expect(list.items.map((r) => r.id)).not.toContain(record.id);
    expect((await call(office, 'GET', url)).json()).toMatchObject({ version: 1 });
  });
});

describe('custom kinds', () => {
  interface DefinedKind {
    code: string;
    custom: boolean;
    fields: Array<{ name: string; label: string; type: string; required: boolean; options?: Array<{ code: string; label: string }> }>;
  }
  const definition = {
    label: '法律明白人培训',
    area: 'publicity',
    fields: [
      { label: '培训人数', type: 'integer', required: true },
      { label: '培训方式', type: 'choice', options: ['线上', '线下'] },
      { label: '结业日期', type: 'date' },
    ],
  };
  let code: string;

  beforeAll(async () => {
    const res = await call(office, 'POST', '/api/kinds', { ...definition, orgId: f.town.id });
    expect(res.statusCode, res.body).toBe(201);
    const kind = res.json<DefinedKind>();
    code = kind.code;
    expect(kind.custom).toBe(true);
    expect(kind.fields.map((x) => [x.name, x.label, x.type, x.required])).toEqual([
      ['f1', '培训人数', 'integer', true],
      ['f2', '培训方式', 'choice', false],
      ['f3', '结业日期', 'date', false],
    ]);
    expect(kind.fields[1]?.options?.map((o) => [o.code, o.label])).toEqual([
      ['o1', '线上'],
      ['o2', '线下'],
    ]);
  });

  it('takes records through /api/ledgers/<code> like a built-in kind', async () => {
    const created = await call(office, 'POST', `/api/ledgers/${code}`, { orgId: f.villageA.id, date: '2025-06-01', title: '东村第一期培训', f1: 35, f2: 'o2', f3: '2025-06-03' });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<{ id: string }>();
    expect(created.json()).toMatchObject({ kind: code, f1: 35, f2: 'o2', f3: '2025-06-03', orgName: '东村' });
    const page = (await call(office, 'GET', `/api/ledgers/${code}?f2=o2`)).json<{ items: Array<{ id: string }>; total: number }>();
    expect(page.items.map((r) => r.id)).toEqual([record.id]);
    expect((await call(office, 'GET', `/api/ledgers/${code}/${record.id}`)).statusCode).toBe(200);
    const kinds = (await call(office, 'GET', '/api/kinds')).json<{ items: DefinedKind[] }>().items;
    expect(kinds.find((k) => k.code === code)?.custom).toBe(true);
  });

  it('validates its records from the definition', async () => {
    const rows = await countOf(`ledger_${code}`);
    const base = { orgId: f.villageA.id, date: '2025-06-01', title: '培训', f1: 10 };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ f1: undefined }, 'f1', '请填写「培训人数」'],
      [{ f1: 'ten' }, 'f1', '「培训人数」应为数字'],
      [{ f1: 2.5 }, 'f1', '「培训人数」应为整数'],
      [{ f2: 'o3' }, 'f2', '「培训方式」的取值不在可选范围内'],
      [{ f3: '2025-02-30' }, 'f3', '「结业日期」不是有效日期，应为 年-月-日，如 2025-03-08'],
    ];
    for (const [change, field, message] of cases) {
      const error = expectError(await call(office, 'POST', `/api/ledgers/${code}`, { ...base, ...change }), 400, 'validation', field);
      expect(error.message).toBe(message);
    }
    expect(await countOf(`ledger_${code}`)).toBe(rows);
  });

  it('does not exist for a user of another town', async () => {
    expectError(await call(otherOffice, 'GET', `/api/ledgers/${code}`), 404, 'unknown_kind');
    expectError(await call(otherOffice, 'GET', `/api/kinds/${code}`), 404, 'unknown_kind');
    expectError(await call(otherOffice, 'POST', `/api/ledgers/${code}`, { orgId: f.otherVillage.id, date: '2025-06-01', title: '培训', f1: 1 }), 404, 'unknown_kind');
    const kinds = (await call(otherOffice, 'GET', '/api/kinds')).json<{ items: DefinedKind[] }>().items;
    expect(kinds.map((k) => k.code)).not.toContain(code);
  });

  it('may be defined only by a town office, for a unit in its scope, with a valid definition', async () => {
    const kindsBefore = await countOf('custom_kind');
    expectError(await call(grid, 'POST', '/api/kinds', { ...definition, orgId: f.villageA.id }), 403, 'forbidden');
    expectError(await call(otherOffice, 'POST', '/api/kinds', { ...definition, orgId: f.town.id }), 400, 'validation', 'orgId');
    expectError(await call(office, 'POST', '/api/kinds', { ...definition, orgId: f.villageA.id }), 400, 'validation', 'orgId');
    const noLabel = expectError(await call(office, 'POST', '/api/kinds', { ...definition, orgId: f.town.id, label: undefined }), 400, 'validation', 'label');
    expect(noLabel.message).toBe('请填写「台账名称」');
    expectError(await call(office, 'POST', '/api/kinds', { ...definition, orgId: f.town.id, fields: [] }), 400, 'validation', 'fields');
    expectError(
      await call(office, 'POST', '/api/kinds', { ...definition, orgId: f.town.id, fields: [{ label: '方式', type: 'choice' }] }),
      400,
      'validation',
      'fields.0.options',
    );
    expect(await countOf('custom_kind')).toBe(kindsBefore);
  });
});

describe('the site around the API', () => {
  it('serves an icon at /favicon.ico, to anyone', async () => {
    const res = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    // An ICO header (reserved 0, type 1) holding at least one image, each a PNG.
    expect(res.rawPayload.readUInt16LE(0)).toBe(0);
    expect(res.rawPayload.readUInt16LE(2)).toBe(1);
    expect(res.rawPayload.readUInt16LE(4)).toBeGreaterThan(0);
    const first = res.rawPayload.readUInt32LE(6 + 12);
    expect(res.rawPayload.subarray(first, first + 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  });

  it('allows inline styles on the API documentation alone; the UI keeps its policy', async () => {
    const docs = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    const policy = String(docs.headers['content-security-policy']);
    expect(policy).toContain("style-src 'self' 'unsafe-inline';");
    expect(policy).not.toMatch(/style-src[^;]*sha256/);
    // Inline scripts are not opened up with the styles.
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);

    const ui = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    expect(ui).toContain("script-src 'self'");
    expect(ui).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('OpenAPI', () => {
  it('documents the ledger endpoints at /api/docs/json', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('法治台账 API');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/ledgers/{kind}', '/api/ledgers/{kind}/{id}', '/api/session', '/api/kinds', '/api/orgs']));
    expect(Object.keys(doc.paths['/api/ledgers/{kind}'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/ledgers/{kind}/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
  });
});
