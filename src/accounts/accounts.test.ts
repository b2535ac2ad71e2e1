import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../http/auth.js';
import { rememberSession, withSession } from '../testing/http.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { AccountService, DEFAULT_ACCOUNTS_CONFIG } from './service.js';
import type { Role } from './roles.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;

/** A clock the test moves by hand: expiry and lockout without sleeping. */
const clock = { now: new Date('2025-06-01T08:00:00Z') };
const advance = (minutes: number) => {
  clock.now = new Date(clock.now.getTime() + minutes * 60_000);
};

const PASSWORD = 'Fazhi#2025-ok';
let n = 0;
const newUser = async (accounts: AccountService, role: Role = 'townOffice', extra: { mustChangePassword?: boolean } = {}) => {
  n += 1;
  const username = `user${n}`;
  await accounts.createUser({ username, password: PASSWORD, displayName: `用户${n}`, role, orgId: f.town.id, ...extra });
  return username;
};

const failure = appErrorOf;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('passwords', () => {
  it('refuse weak passwords, naming the field', async () => {
    for (const weak of ['Sh0rt!', 'alllowercase', 'lowercase123', 'UPPERlower']) {
      const error = await failure(ctx.accounts.createUser({ username: `weak${weak.length}x`, password: weak, displayName: '弱', role: 'leader', orgId: f.town.id }));
      expect(error.field).toBe('password');
    }
    const containsName = await failure(ctx.accounts.createUser({ username: 'zhangsan', password: 'Zhangsan#2025', displayName: '张三', role: 'leader', orgId: f.town.id }));
    expect(containsName.message).toContain('用户名');
  });

  it('refuse the last five passwords, and a change ends every session', async () => {
    const username = await newUser(ctx.accounts);
    const a = await ctx.accounts.login(username, PASSWORD, '127.0.0.1');
    const b = await ctx.accounts.login(username, PASSWORD, '127.0.0.2');
    let current = PASSWORD;
    const used = [PASSWORD];
    for (let i = 1; i <= 5; i++) {
      const session = (await ctx.accounts.login(username, current, null)).session;
      const next = `Fazhi#2025-n${i}`;
      await ctx.accounts.changePassword(session, current, next);
      used.push(next);
      current = next;
    }
    expect(await ctx.accounts.resume(a.token, null)).toBeUndefined();
    expect(await ctx.accounts.resume(b.token, null)).toBeUndefined();
    const session = (await ctx.accounts.login(username, current, null)).session;
    for (const old of used.slice(-5)) expect((await failure(ctx.accounts.changePassword(session, current, old))).field).toBe('newPassword');
    // The sixth-newest is allowed again.
    await ctx.accounts.changePassword(session, current, used[0] as string);
  });
});

describe('lockout', () => {
  it('locks a name after five failures for fifteen minutes, the same for unknown names', async () => {
    const accounts = new AccountService(ctx.db, DEFAULT_ACCOUNTS_CONFIG, () => clock.now);
    const username = await newUser(accounts);
    for (const name of [username, 'nobody-here']) {
      for (let i = 1; i <= 4; i++) expect((await failure(accounts.login(name, 'Wrong#2025x', null))).id).toBe('login_failed');
      const fifth = await failure(accounts.login(name, 'Wrong#2025x', null));
      expect(fifth.id).toBe('locked');
      expect(fifth.message).toContain('15 分钟');
    }
    // Locked: even the right password is refused, with the same message as for the unknown name.
    const locked = await failure(accounts.login(username, PASSWORD, null));
    const unknown = await failure(accounts.login('nobody-here', PASSWORD, null));
    expect([locked.status, locked.id, locked.message]).toEqual([unknown.status, unknown.id, unknown.message]);
    advance(16);
    expect((await accounts.login(username, PASSWORD, null)).session.user.username).toBe(username);
  });

  it('gives the same answer for a wrong password and an unknown user, and audits both', async () => {
    const username = await newUser(ctx.accounts);
    const wrong = await failure(ctx.accounts.login(username, 'Wrong#2025x', '10.1.1.1'));
    const unknown = await failure(ctx.accounts.login('ghost-user', 'Wrong#2025x', '10.1.1.1'));
    expect([wrong.status, wrong.message]).toEqual([unknown.status, unknown.message]);
    const rows = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'login_failed').execute();
    expect(rows.some((r) => String(r.after).includes(username))).toBe(true);
    expect(rows.some((r) => String(r.after).includes('ghost-user'))).toBe(true);
  });

  it('lets the security administrator unlock early', async () => {
    const accounts = new AccountService(ctx.db, DEFAULT_ACCOUNTS_CONFIG, () => clock.now);
    const username = await newUser(accounts);
    for (let i = 0; i < 5; i++) await failure(accounts.login(username, 'Wrong#2025x', null));
    expect((await failure(accounts.login(username, PASSWORD, null))).id).toBe('locked');
    await accounts.unlock(username, { userId: null, name: '安全管理员', role: 'securityAdmin', ip: null });
    expect((await accounts.login(username, PASSWORD, null)).session.user.username).toBe(username);
  });
});

describe('sessions', () => {
  it('end after 30 idle minutes and after 12 hours whatever happens', async () => {
    const accounts = new AccountService(ctx.db, DEFAULT_ACCOUNTS_CONFIG, () => clock.now);
    const username = await newUser(accounts);
    const idle = await accounts.login(username, PASSWORD, null);
    advance(29);
    expect(await accounts.resume(idle.token, null)).toBeDefined();
    advance(29);
    expect(await accounts.resume(idle.token, null)).toBeDefined(); // 29 minutes since the last request
    advance(31);
    expect(await accounts.resume(idle.token, null)).toBeUndefined();

    const busy = await accounts.login(username, PASSWORD, null);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      advance(20);
      expect(await accounts.resume(busy.token, null), `${minutes}`).toBeDefined();
    }
    advance(40);
    expect(await accounts.resume(busy.token, null)).toBeUndefined();
  });

  it('signing out ends the user’s sessions on every device', async () => {
    const username = await newUser(ctx.accounts);
    const a = await ctx.accounts.login(username, PASSWORD, null);
    const b = await ctx.accounts.login(username, PASSWORD, null);
    await ctx.accounts.logout(a.session);
    expect(await ctx.accounts.resume(b.token, null)).toBeUndefined();
  });
});

describe('over HTTP', () => {
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    expect(res.statusCode, res.body).toBe(200);
    return rememberSession(res);
  };
  const dispute = () => ({ orgId: f.villageA.id, date: '2025-03-08', title: 'CSRF 测试纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
  const disputes = async () => Number((await ctx.db.kysely.selectFrom('ledger_dispute' as 'org_unit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a state-changing request without the CSRF token, and writes nothing', async () => {
    const token = await signIn(await newUser(ctx.accounts));
    const before = await disputes();
    const none = await app.inject({ method: 'POST', url: '/api/ledgers/dispute', cookies: { [SESSION_COOKIE]: token }, payload: dispute() });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.id).toBe('csrf');
    const wrong = await app.inject({ method: 'POST', url: '/api/ledgers/dispute', cookies: { [SESSION_COOKIE]: token }, headers: { [CSRF_HEADER]: 'x'.repeat(32) }, payload: dispute() });
    expect(wrong.statusCode).toBe(403);
    expect(await disputes()).toBe(before);
    const right = await app.inject({ method: 'POST', url: '/api/ledgers/dispute', ...withSession(token), payload: dispute() });
    expect(right.statusCode, right.body).toBe(201);
    expect(await disputes()).toBe(before + 1);
  });

  it('forces a password change before anything else after an administrator creates or resets the account', async () => {
    const username = await newUser(ctx.accounts, 'townOffice', { mustChangePassword: true });
    const token = await signIn(username);
    const me = await app.inject({ method: 'GET', url: '/api/me', ...withSession(token) });
    expect(me.json().mustChangePassword).toBe(true);
    const blocked = await app.inject({ method: 'GET', url: '/api/ledgers/dispute', ...withSession(token) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.id).toBe('password_change_required');
    const changed = await app.inject({ method: 'POST', url: '/api/me/password', ...withSession(token), payload: { currentPassword: PASSWORD, newPassword: 'Fazhi#2025-new' } });
    expect(changed.statusCode, changed.body).toBe(204);
    const again = await signIn(username, 'Fazhi#2025-new');
    expect((await app.inject({ method: 'GET', url: '/api/ledgers/dispute', ...withSession(again) })).statusCode).toBe(200);
  });

  it('limits sign-in attempts per address', async () => {
    const limited = await buildApp({ ...ctx, config: { ...ctx.config, loginRatePerMinute: 3 } });
    const attempts = [];
    for (let i = 0; i < 5; i++) attempts.push(await limited.inject({ method: 'POST', url: '/api/session', payload: { username: `rate${i}`, password: 'Wrong#2025x' } }));
    expect(attempts.map((r) => r.statusCode)).toEqual([401, 401, 401, 429, 429]);
    expect(attempts[3]?.json().error.id).toBe('rate_limited');
    await limited.close();
  });

  it('sends security headers with a content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('keeps each administrator to their duty', async () => {
    const sys = await signIn(await newUser(ctx.accounts, 'systemAdmin'));
    const sec = await signIn(await newUser(ctx.accounts, 'securityAdmin'));
    const aud = await signIn(await newUser(ctx.accounts, 'auditAdmin'));
    const get = (token: string, url: string) => app.inject({ method: 'GET', url, ...withSession(token) });
    const post = (token: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, ...withSession(token), payload: payload as Record<string, unknown> });

    // No administrator reads business data.
    for (const token of [sys, sec, aud]) {
      expect((await get(token, '/api/ledgers/dispute')).statusCode).toBe(403);
      expect((await get(token, '/api/indicators?year=2025')).json().items).toEqual([]);
    }
    // System administrator: users and the org tree; not permissions, not unlocking.
    const created = await post(sys, '/api/users', { username: 'clerk.new', displayName: '新经办人', role: 'departmentClerk', orgId: f.town.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().oneTimePassword).toMatch(/.{12}/);
    const clerkId = created.json().user.id as string;
    expect((await post(sys, '/api/orgs', { parentId: f.town.id, name: '新建村', level: 'village' })).statusCode).toBe(201);
    expect((await get(sys, '/api/permissions')).statusCode).toBe(403);
    expect((await post(sys, `/api/users/${clerkId}/unlock`, {})).statusCode).toBe(403);
    // Security administrator: roles, permissions, unlocks; not users.
    expect((await get(sec, '/api/permissions')).statusCode).toBe(200);
    expect((await post(sec, `/api/users/${clerkId}/unlock`, {})).statusCode).toBe(204);
    const role = await app.inject({ method: 'PUT', url: `/api/users/${clerkId}/role`, ...withSession(sec), payload: { role: 'leader' } });
    expect(role.statusCode, role.body).toBe(200);
    const adminGrant = await app.inject({ method: 'PUT', url: '/api/permissions/auditAdmin', ...withSession(sec), payload: { grants: [{ target: 'governance', action: 'read' }] } });
    expect(adminGrant.statusCode).toBe(400);
    expect((await post(sec, '/api/users', { username: 'sneaky', displayName: '越权', role: 'townOffice', orgId: f.town.id })).statusCode).toBe(403);
    // Audit administrator: neither.
    expect((await post(aud, '/api/users', { username: 'sneaky2', displayName: '越权', role: 'townOffice', orgId: f.town.id })).statusCode).toBe(403);
    expect((await get(aud, '/api/permissions')).statusCode).toBe(403);
  });
});
