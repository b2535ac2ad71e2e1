import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../http/auth.js';
import { signIn, withSession, type ErrorBody } from '../testing/http.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { fakeSmtp, mailText } from '../testing/smtp.js';
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
/** The account named `username`; the test fails if there is none. */
const userNamed = async (username: string) => {
  const user = await ctx.accounts.findByUsername(username);
  if (!user) throw new Error(`no user ${username}`);
  return user;
};

const failure = appErrorOf;

/** What GET /api/me answers, as far as these tests read it. */
interface Me {
  mustChangePassword: boolean;
  org: { id: string };
  lastReset: { by: string; at: string };
}
/** What POST /api/users answers. */
interface Created {
  user: { id: string; username: string; pendingGrant: boolean };
}

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

describe('lockout under parallel attempts', () => {
  const attempt = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  /** The login_failed audit rows written for a name. */
  const failuresAudited = async (username: string) =>
    (await ctx.db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'login_failed').execute()).filter(
      (r) => r.after !== null && (JSON.parse(r.after) as { username?: string }).username === username,
    ).length;

  it('counts 20 wrong passwords sent in parallel: the name locks and then the right password is refused', async () => {
    const username = await newUser(ctx.accounts);
    // One failure first, so the counter row exists: this is the lost-update race, not the insert race below.
    const answers = [await attempt(username, 'Wrong#2025x'), ...(await Promise.all(Array.from({ length: 19 }, () => attempt(username, 'Wrong#2025x'))))];
    expect(answers.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
    const ids = answers.map((r) => r.json<{ error: { id: string } }>().error.id);
    // Only the first five are checked: four plain failures, the fifth locks; the rest meet the lock,
    // or (still in flight before it was set) are turned away unchecked. One count each, none lost.
    expect(ids.filter((id) => id === 'login_failed')).toHaveLength(DEFAULT_ACCOUNTS_CONFIG.maxFailures - 1);
    expect(ids.filter((id) => id === 'locked').length).toBeGreaterThanOrEqual(1);
    expect(ids.filter((id) => id !== 'login_failed' && id !== 'locked' && id !== 'rate_limited')).toEqual([]);
    const right = await attempt(username, PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.json<ErrorBody>().error.id).toBe('locked');
    expect(right.cookies).toEqual([]);
    expect(await failuresAudited(username)).toBe(21);
  });

  it('answers 12 parallel attempts on a name with no counter yet without a 500, and audits each', async () => {
    for (const username of ['never-seen-before', await newUser(ctx.accounts)]) {
      const answers = await Promise.all(Array.from({ length: 12 }, () => attempt(username, 'Wrong#2025x')));
      expect(answers.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
      expect(await failuresAudited(username)).toBe(12);
    }
  });

  it('lets one person sign in on several devices at once: the right password never locks the name', async () => {
    const username = await newUser(ctx.accounts);
    const answers = await Promise.all(Array.from({ length: 8 }, () => attempt(username, PASSWORD)));
    const ids = answers.filter((r) => r.statusCode !== 200).map((r) => r.json<{ error: { id: string } }>().error.id);
    // Past the limit of attempts in flight some are asked to try again, but none is told it is locked.
    expect(answers.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(DEFAULT_ACCOUNTS_CONFIG.maxFailures);
    expect(ids.filter((id) => id !== 'rate_limited')).toEqual([]);
    const lock = await ctx.db.kysely.selectFrom('login_failure').select('locked_until').where('username', '=', username).executeTakeFirst();
    expect(lock?.locked_until ?? null).toBeNull();
    expect((await attempt(username, PASSWORD)).statusCode).toBe(200);
  });

  it('counts afresh once a lock has run out: five more failures before the next lock', async () => {
    const accounts = new AccountService(ctx.db, DEFAULT_ACCOUNTS_CONFIG, () => clock.now);
    const username = await newUser(accounts);
    const ids = async (times: number) => {
      const seen: string[] = [];
      for (let i = 0; i < times; i++) seen.push((await failure(accounts.login(username, 'Wrong#2025x', null))).id);
      return seen;
    };
    expect(await ids(6)).toEqual(['login_failed', 'login_failed', 'login_failed', 'login_failed', 'locked', 'locked']);
    advance(16);
    expect(await ids(5)).toEqual(['login_failed', 'login_failed', 'login_failed', 'login_failed', 'locked']);
    advance(16);
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
  const signInAs = (username: string, password = PASSWORD) => signIn(app, username, password);
  const dispute = () => ({ orgId: f.villageA.id, date: '2025-03-08', title: 'CSRF 测试纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
  const disputes = async () => Number((await ctx.db.kysely.selectFrom('ledger_dispute' as 'org_unit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a state-changing request without the CSRF token, and writes nothing', async () => {
    const token = await signInAs(await newUser(ctx.accounts));
    const before = await disputes();
    const none = await app.inject({ method: 'POST', url: '/api/ledgers/dispute', cookies: { [SESSION_COOKIE]: token }, payload: dispute() });
    expect(none.statusCode).toBe(403);
    expect(none.json<ErrorBody>().error.id).toBe('csrf');
    const wrong = await app.inject({ method: 'POST', url: '/api/ledgers/dispute', cookies: { [SESSION_COOKIE]: token }, headers: { [CSRF_HEADER]: 'x'.repeat(32) }, payload: dispute() });
    expect(wrong.statusCode).toBe(403);
    expect(await disputes()).toBe(before);
    const right = await app.inject({ method: 'POST', url: '/api/ledgers/dispute', ...withSession(token), payload: dispute() });
    expect(right.statusCode, right.body).toBe(201);
    expect(await disputes()).toBe(before + 1);
  });

  it('forces a password change before anything else after an administrator creates or resets the account', async () => {
    const username = await newUser(ctx.accounts, 'townOffice', { mustChangePassword: true });
    const token = await signInAs(username);
    const me = await app.inject({ method: 'GET', url: '/api/me', ...withSession(token) });
    expect(me.json<Me>().mustChangePassword).toBe(true);
    const blocked = await app.inject({ method: 'GET', url: '/api/ledgers/dispute', ...withSession(token) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<ErrorBody>().error.id).toBe('password_change_required');
    const changed = await app.inject({ method: 'POST', url: '/api/me/password', ...withSession(token), payload: { currentPassword: PASSWORD, newPassword: 'Fazhi#2025-new' } });
    expect(changed.statusCode, changed.body).toBe(204);
    const again = await signInAs(username, 'Fazhi#2025-new');
    expect((await app.inject({ method: 'GET', url: '/api/ledgers/dispute', ...withSession(again) })).statusCode).toBe(200);
  });

  it('limits sign-in attempts per address', async () => {
    const limited = await buildApp({ ...ctx, config: { ...ctx.config, loginRatePerMinute: 3 } });
    const attempts = [];
    for (let i = 0; i < 5; i++) attempts.push(await limited.inject({ method: 'POST', url: '/api/session', payload: { username: `rate${i}`, password: 'Wrong#2025x' } }));
    expect(attempts.map((r) => r.statusCode)).toEqual([401, 401, 401, 429, 429]);
    expect(attempts[3]?.json<ErrorBody>().error.id).toBe('rate_limited');
    await limited.close();
  });

  it('sends security headers with a content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('keeps each administrator to their duty', async () => {
    const sys = await signInAs(await newUser(ctx.accounts, 'systemAdmin'));
    const sec = await signInAs(await newUser(ctx.accounts, 'securityAdmin'));
    const aud = await signInAs(await newUser(ctx.accounts, 'auditAdmin'));
    const get = (token: string, url: string) => app.inject({ method: 'GET', url, ...withSession(token) });
    const post = (token: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, ...withSession(token), payload: payload as Record<string, unknown> });

    // No administrator reads business data.
    for (const token of [sys, sec, aud]) {
      expect((await get(token, '/api/ledgers/dispute')).statusCode).toBe(403);
      expect((await get(token, '/api/indicators?year=2025')).json<{ items: unknown[] }>().items).toEqual([]);
    }
    // System administrator: users and the org tree; not permissions, not unlocking.
    const created = await post(sys, '/api/users', { username: 'clerk.new', displayName: '新经办人', role: 'departmentClerk', orgId: f.town.id });
    expect(created.statusCode, created.body).toBe(201);
    // …but no password for the account: that is the security administrator's grant (below, 三员分立).
    expect(created.json()).not.toHaveProperty('oneTimePassword');
    const clerkId = created.json<Created>().user.id;
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

describe('三员分立: no administrator alone obtains a working business credential', () => {
  let sys: string;
  let sec: string;
  let sysId: string;
  let secId: string;
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, on = app) =>
    on.inject({ method, url, ...withSession(token), ...(payload ? { payload } : {}) });
  const attempt = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  const signInAs = (username: string, password: string) => signIn(app, username, password);
  /** Each step on the account in the audit log: who, and what (the change, or the action). */
  const steps = async (userId: string) =>
    (await ctx.db.kysely.selectFrom('audit_log').select(['actor_id', 'action', 'after']).where('record_id', '=', userId).orderBy('id').execute()).map((r) => {
      const after = JSON.parse(r.after ?? '{}') as { change?: string; via?: string };
      return [r.actor_id, after.change ?? r.action, ...(after.via ? [after.via] : [])];
    });
  const listed = async (id: string) => (await call(sec, 'GET', '/api/users?pageSize=200')).json<{ items: Array<{ id: string }> }>().items.find((u) => u.id === id);

  beforeAll(async () => {
    // Both at the county, as the attacker was.
    const admin = async (username: string, role: Role, displayName: string) => {
      const user = await ctx.accounts.createUser({ username, password: PASSWORD, displayName, role, orgId: f.county.id });
      return { id: user.id, token: await signInAs(username, PASSWORD) };
    };
    ({ id: sysId, token: sys } = await admin('county.sys', 'systemAdmin', '县系统管理员'));
    ({ id: secId, token: sec } = await admin('county.sec', 'securityAdmin', '县安全管理员'));
  });

  it('an account the system administrator creates works only after the security administrator grants its role and unit', async () => {
    const created = await call(sys, 'POST', '/api/users', { username: 'county.office', displayName: '县里新建的账号', role: 'townOffice', orgId: f.county.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).not.toHaveProperty('oneTimePassword');
    expect(created.json<Created>().user).toMatchObject({ username: 'county.office', pendingGrant: true });
    const id = created.json<Created>().user.id;
    expect(await ctx.db.kysely.selectFrom('app_user').select(['active', 'pending_grant']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ active: 0, pending_grant: 1 });

    // Nothing else the system administrator may do yields a password for it.
    expect((await call(sys, 'POST', `/api/users/${id}/reset-password`)).statusCode).toBe(409);
    expect((await call(sys, 'POST', `/api/users/${id}/grant`, { role: 'townOffice', orgId: f.county.id })).statusCode).toBe(403);
    expect((await call(sys, 'POST', `/api/users/${id}/release-password`)).statusCode).toBe(403);
    expect(await listed(id)).toMatchObject({ pendingGrant: true, active: false, role: 'townOffice' });

    // The security administrator grants the role and a narrower unit; the one-time password is shown to them alone, once.
    const granted = await call(sec, 'POST', `/api/users/${id}/grant`, { role: 'townOffice', orgId: f.town.id });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ username: 'county.office', delivery: 'securityAdmin' });
    const oneTime = granted.json<{ oneTimePassword: string }>().oneTimePassword;
    expect(oneTime).toMatch(/^.{12}$/);
    expect((await call(sec, 'POST', `/api/users/${id}/grant`, { role: 'townOffice', orgId: f.town.id })).statusCode).toBe(409);

    const first = await signInAs('county.office', oneTime);
    expect((await call(first, 'POST', '/api/me/password', { currentPassword: oneTime, newPassword: 'Fazhi#2025-mine' })).statusCode).toBe(204);
    const token = await signInAs('county.office', 'Fazhi#2025-mine');
    const me = (await call(token, 'GET', '/api/me')).json<Me>();
    expect(me.org.id).toBe(f.town.id);
    expect((await call(token, 'GET', '/api/ledgers/dispute')).statusCode).toBe(200);

    expect((await steps(id)).slice(0, 3)).toEqual([
      [sysId, 'create'],
      [secId, 'grant'],
      [secId, 'credential_delivered', 'securityAdmin'],
    ]);
  });

  it('a reset by the system administrator hands them no working password, and the user sees who reset it and when', async () => {
    const username = await newUser(ctx.accounts);
    const user = await userNamed(username);
    const before = Date.now();
    const reset = await call(sys, 'POST', `/api/users/${user.id}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toEqual({ username, delivery: 'securityAdmin' });
    // The old password stops working too: the account waits for the security administrator.
    expect((await attempt(username, PASSWORD)).statusCode).toBe(401);
    expect(await listed(user.id)).toMatchObject({ passwordReleasePending: true });

    expect((await call(sys, 'POST', `/api/users/${user.id}/release-password`)).statusCode).toBe(403);
    const released = await call(sec, 'POST', `/api/users/${user.id}/release-password`);
    expect(released.statusCode, released.body).toBe(200);
    const oneTime = released.json<{ oneTimePassword: string }>().oneTimePassword;
    expect(oneTime).toMatch(/^.{12}$/);
    expect((await call(sec, 'POST', `/api/users/${user.id}/release-password`)).statusCode).toBe(409);

    const token = await signInAs(username, oneTime);
    const me = (await call(token, 'GET', '/api/me')).json<Me>();
    expect(me.mustChangePassword).toBe(true);
    expect(me.lastReset.by).toBe('系统管理员「县系统管理员」');
    expect(Date.parse(me.lastReset.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(me.lastReset.at)).toBeLessThanOrEqual(Date.now());

    expect(await steps(user.id)).toEqual([
      [sysId, 'password_reset', 'securityAdmin'],
      [secId, 'credential_delivered', 'securityAdmin'],
    ]);
  });

  it('with mail configured, the one-time password goes to the user’s mailbox and to no administrator', async () => {
    const smtp = await fakeSmtp();
    const mail = { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'fazhi@example.org' };
    const mailing = await buildApp({ ...ctx, accounts: new AccountService(ctx.db, { ...DEFAULT_ACCOUNTS_CONFIG, mail }) });
    const setEmail = (id: string, email: string) => ctx.db.kysely.updateTable('app_user').set({ email }).where('id', '=', id).execute();
    const passwordIn = (message: string | undefined) => /一次性密码[:：]\s*(\S{12})/.exec(mailText(message ?? ''))?.[1] ?? '';
    try {
      // A reset.
      const username = await newUser(ctx.accounts);
      const user = await userNamed(username);
      await setEmail(user.id, 'reset.user@example.org');
      const reset = await call(sys, 'POST', `/api/users/${user.id}/reset-password`, undefined, mailing);
      expect(reset.statusCode, reset.body).toBe(200);
      expect(reset.json()).toEqual({ username, delivery: 'mail' });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain('To: reset.user@example.org');
      const token = await signInAs(username, passwordIn(smtp.messages[0]));
      expect((await call(token, 'GET', '/api/me')).json<Me>().lastReset.by).toBe('系统管理员「县系统管理员」');
      expect(await steps(user.id)).toEqual([
        [sysId, 'password_reset', 'mail'],
        [sysId, 'credential_delivered', 'mail'],
      ]);

      // A new account: the grant mails it.
      const created = await call(sys, 'POST', '/api/users', { username: 'mailed.clerk', displayName: '邮件经办人', role: 'departmentClerk', orgId: f.town.id }, mailing);
      const id = created.json<Created>().user.id;
      await setEmail(id, 'mailed.clerk@example.org');
      const granted = await call(sec, 'POST', `/api/users/${id}/grant`, { role: 'departmentClerk', orgId: f.town.id }, mailing);
      expect(granted.statusCode, granted.body).toBe(200);
      expect(granted.json()).toEqual({ username: 'mailed.clerk', delivery: 'mail' });
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages[1]).toContain('To: mailed.clerk@example.org');
      await signInAs('mailed.clerk', passwordIn(smtp.messages[1]));
    } finally {
      await mailing.close();
      await smtp.close();
    }
  });
});
