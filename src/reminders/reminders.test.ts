import { createServer, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import { addDays } from '../procedures/calendar.js';
import { buildApp } from '../http/app.js';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signIn } from '../testing/http.js';
import { DAY_TOPIC } from './digest.js';
import { ReminderService, type ReminderLog } from './service.js';
import { fakeSmtp } from '../testing/smtp.js';

const ON = '2025-04-20';
const PASSWORD = 'Fazhi#2025-remind';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
const topic = DAY_TOPIC;

interface TestUser {
  id: string;
  username: string;
  token?: string;
}
const users = {} as Record<'office' | 'clerk' | 'leader' | 'grid' | 'gridWest' | 'county' | 'otherOffice' | 'sysadmin' | 'auditadmin', TestUser>;

let serial = 0;
async function user(role: Role, unit: OrgUnit): Promise<TestUser> {
  serial += 1;
  const username = `remind.${role.toLowerCase()}.${serial}`;
  const created = await ctx.accounts.createUser({ username, password: PASSWORD, displayName: `${unit.name}用户${serial}`, role, orgId: unit.id });
  return { id: created.id, username };
}

async function signInUser(u: TestUser): Promise<string> {
  u.token = await signIn(app, u.username, PASSWORD);
  return u.token;
}

const noticesOf = (userId: string) => ctx.db.kysely.selectFrom('notification').selectAll().where('user_id', '=', userId).execute();
const countAll = async () => Number((await ctx.db.kysely.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

/** Captures what the service logs. */
const recorder = () => {
  const lines: string[] = [];
  const log: ReminderLog = { info: (m) => lines.push(m), warn: (m) => lines.push(m) };
  return { lines, log };
};

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  users.office = await user('townOffice', f.town);
  users.clerk = await user('departmentClerk', f.town);
  users.leader = await user('leader', f.town);
  users.grid = await user('gridWorker', f.villageA);
  users.gridWest = await user('gridWorker', f.villageB);
  users.county = await user('countyReviewer', f.county);
  users.otherOffice = await user('townOffice', f.otherTown);
  users.sysadmin = await user('systemAdmin', f.county);
  users.auditadmin = await user('auditAdmin', f.county);
  // Registered 40 days before and still open: past the 30-day mediation period.
  await ctx.ledger.create(f.system, 'dispute', disputeBody(f.villageA.id, { date: addDays(ON, -40), title: '两户因宅基地边界发生争执' }));
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('the daily run', () => {
  it('notifies every user whose scope holds the overdue dispute, and nobody else', async () => {
    const run = await ctx.reminders.run(ON);
    for (const u of [users.office, users.clerk, users.leader, users.grid, users.county]) {
      // One notification of the day, summarising the user's due list.
      const mine = await noticesOf(u.id);
      expect(mine, u.username).toHaveLength(1);
      const notice = mine[0];
      if (!notice) throw new Error(`no notification for ${u.username}`);
      expect(notice.topic).toBe(topic);
      expect(notice.severity).toBe('overdue');
      expect(notice.on_date).toBe(ON);
      expect(notice.title).toMatch(/^待办提醒：逾期 \d+ 项/);
      expect(notice.body).toMatch(/^矛盾纠纷：逾期 1 项/m);
      expect(notice.body).toContain('「矛盾纠纷」两户因宅基地边界发生争执');
      expect(notice.body).toMatch(/逾期\d+天/);
      expect(notice.read_at).toBeNull();
      expect(run.users.find((r) => r.userId === u.id)?.overdue).toBeGreaterThanOrEqual(1);
    }
    // Another town, another village, and the administrators who hold no business data.
    for (const u of [users.otherOffice, users.gridWest, users.sysadmin, users.auditadmin]) {
      expect((await noticesOf(u.id)).filter((n) => n.body.includes('两户因宅基地边界发生争执')), u.username).toHaveLength(0);
    }
    expect(run.users.map((r) => r.userId)).not.toContain(users.sysadmin.id);
    expect(run.users.map((r) => r.userId)).not.toContain(users.auditadmin.id);
    expect(run.users.every((r) => !r.error && !r.emailed)).toBe(true);
  });

  it('adds nothing when run again the same day', async () => {
    const before = await countAll();
    const again = await ctx.reminders.run(ON);
    expect(await countAll()).toBe(before);
    expect(again.users.every((r) => r.created === 0)).toBe(true);
  });

  it('notifies again the next day', async () => {
    const next = addDays(ON, 1);
    await ctx.reminders.run(next);
    const mine = (await noticesOf(users.office.id)).filter((n) => n.topic === topic);
    expect(mine.map((n) => n.on_date).sort()).toEqual([ON, next]);
  });

  it('refuses a day that is not a date', async () => {
    await expect(ctx.reminders.run('2025-02-30')).rejects.toMatchObject({ status: 400, field: 'on' });
  });
});

describe('the digest', () => {
  it('lists the overdue dispute for a user whose scope holds it', async () => {
    const text = await ctx.reminders.digest(users.office.id, ON);
    expect(text).toContain('，您好：');
    expect(text).toContain(ON);
    expect(text).toContain('【已逾期】');
    expect(text).toContain('两户因宅基地边界发生争执');
    expect(text).toContain('东村');
    expect(text).toMatch(/逾期\d+天/);
  });

  it('says nothing is due for a user whose scope does not hold it', async () => {
    const text = await ctx.reminders.digest(users.otherOffice.id, ON);
    expect(text).not.toContain('两户因宅基地边界发生争执');
  });
});

describe('HTTP', () => {
  beforeAll(async () => {
    await signInUser(users.office);
    await signInUser(users.otherOffice);
    await signInUser(users.grid);
  });

  it('lists only the caller’s own notifications, newest first', async () => {
    const res = await callAs(app, users.office.token, 'GET', '/api/notifications?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Array<{ id: string; createdAt: string; on: string }>; total: number; page: number; pageSize: number; unread: number }>();
    const own = await noticesOf(users.office.id);
    expect(body.total).toBe(own.length);
    expect(body.unread).toBe(own.length);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(200);
    expect(new Set(body.items.map((i) => i.id))).toEqual(new Set(own.map((n) => n.id)));
    const created = body.items.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort().reverse());

    const other = await callAs(app, users.otherOffice.token, 'GET', '/api/notifications');
    expect(other.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).not.toContain(body.items[0]?.id);
  });

  it('marks one read, and only the caller’s own', async () => {
    const own = (await noticesOf(users.office.id)).find((n) => n.topic === topic && n.on_date === ON);
    if (!own) throw new Error('the office has no notification of the day');
    expectError(await callAs(app, users.otherOffice.token, 'POST', `/api/notifications/${own.id}/read`), 404, 'not_found');
    expectError(await callAs(app, users.grid.token, 'POST', `/api/notifications/${own.id}/read`), 404, 'not_found');

    const res = await callAs(app, users.office.token, 'POST', `/api/notifications/${own.id}/read`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ readAt: string | null }>().readAt).toBeTruthy();

    const unread = await callAs(app, users.office.token, 'GET', '/api/notifications?unread=true&pageSize=200');
    const body = unread.json<{ items: Array<{ id: string }>; total: number; unread: number }>();
    expect(body.items.map((i) => i.id)).not.toContain(own.id);
    expect(body.total).toBe(body.unread);
    expect(body.unread).toBe((await noticesOf(users.office.id)).length - 1);
    // The grid worker's own notice of the same dispute is untouched.
    expect((await noticesOf(users.grid.id)).every((n) => n.read_at === null)).toBe(true);
  });

  it('marks all the caller’s own read', async () => {
    const res = await callAs(app, users.office.token, 'POST', '/api/notifications/read-all');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ marked: number }>().marked).toBeGreaterThan(0);
    const after = await callAs(app, users.office.token, 'GET', '/api/notifications?unread=true');
    expect(after.json<{ total: number; unread: number }>()).toMatchObject({ total: 0, unread: 0 });
    expect((await noticesOf(users.grid.id)).every((n) => n.read_at === null)).toBe(true);
  });

  it('gives the caller’s digest for a day', async () => {
    const res = await callAs(app, users.office.token, 'GET', `/api/notifications/digest?on=${ON}`);
    expect(res.statusCode, res.body).toBe(200);
    const { text } = res.json<{ text: string }>();
    expect(text).toContain('两户因宅基地边界发生争执');
    expect(text).toContain('逾期');
    expectError(await callAs(app, users.office.token, 'GET', '/api/notifications/digest?on=2025-13-01'), 400, 'validation', 'on');
  });

  it('refuses anonymous callers and state changes without the CSRF header', async () => {
    expectError(await callAs(app, undefined, 'GET', '/api/notifications'), 401, 'unauthenticated');
    expectError(await callAs(app, undefined, 'GET', '/api/notifications/digest'), 401, 'unauthenticated');
    expectError(await callAs(app, undefined, 'POST', '/api/notifications/read-all'), 401, 'unauthenticated');
    expectError(await callAs(app, undefined, 'POST', '/api/notifications/x/read'), 401, 'unauthenticated');
    const token = users.grid.token;
    if (!token) throw new Error('the grid worker is not signed in');
    const res = await app.inject({ method: 'POST', url: '/api/notifications/read-all', cookies: { fazhi_session: token } });
    expectError(res, 403, 'csrf');
  });

  it('checks the unread filter', async () => {
    expectError(await callAs(app, users.office.token, 'GET', '/api/notifications?unread=yes'), 400, 'validation', 'unread');
  });
});

describe('e-mail', () => {
  const mailTo = (address: string) => (u: { username: string }) => (u.username === users.office.username ? address : undefined);

  it('is not sent, and nothing fails, without SMTP', async () => {
    const { lines, log } = recorder();
    const run = await new ReminderService(ctx.db, ctx.due, { addressOf: mailTo('office@example.org'), log }).run(addDays(ON, 2));
    expect(run.users.every((r) => !r.emailed && !r.error)).toBe(true);
    expect(lines.join('\n')).not.toContain('邮件');
  });

  it('is logged, not thrown, when the SMTP server cannot be reached', async () => {
    const port = await closedPort();
    const { lines, log } = recorder();
    const reminders = new ReminderService(ctx.db, ctx.due, {
      mail: { smtpUrl: `smtp://fazhi:s3cret@127.0.0.1:${port}`, from: '法治台账 <fazhi@example.org>' },
      addressOf: mailTo('office@example.org'),
      log,
    });
    const on = addDays(ON, 3);
    const run = await reminders.run(on);
    const office = run.users.find((r) => r.userId === users.office.id);
    expect(office?.emailed).toBe(false);
    expect(office?.error).toBeUndefined();
    expect(office?.created).toBeGreaterThan(0);
    const warning = lines.find((l) => l.includes('发送邮件失败'));
    expect(warning).toContain(users.office.username);
    expect(warning).not.toContain('s3cret');
    // The notifications were made all the same.
    expect((await noticesOf(users.office.id)).some((n) => n.topic === topic && n.on_date === on)).toBe(true);
  });

  it('sends the digest to users with an address when the server takes it', async () => {
    const smtp = await fakeSmtp();
    try {
      const { log } = recorder();
      const reminders = new ReminderService(ctx.db, ctx.due, {
        mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'fazhi@example.org' },
        addressOf: mailTo('office@example.org'),
        log,
      });
      const run = await reminders.run(addDays(ON, 4));
      expect(run.users.filter((r) => r.emailed).map((r) => r.userId)).toEqual([users.office.id]);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain('To: office@example.org');
      expect(smtp.messages[0]).toMatch(/^Subject: /m);
    } finally {
      smtp.server.close();
    }
  });
});
