/**
 * Thousands of items due at once (after a big import): the daily run makes one notification per
 * user and day that summarises them, not one per item, and a second run the same day adds none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import type { Cell } from '../db/schema.js';
import { newId } from '../core/ids.js';
import { tableOf } from '../ledger/kind.js';
import * as repo from '../ledger/repository.js';
import { addDays } from '../procedures/calendar.js';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { DAY_TOPIC, LISTED_ITEMS, NOTICE_ITEMS } from './digest.js';

const ON = '2025-04-20';
const OVERDUE = 3000;
const DUE_SOON = 1000;

let ctx: TestContext;
let f: Fixture;
const users: Record<string, string> = {};

async function user(role: Role, unit: OrgUnit, name: string) {
  const created = await ctx.accounts.createUser({ username: `flood.${name}`, password: 'Fazhi#2025-flood', displayName: `${unit.name}${name}`, role, orgId: unit.id });
  users[name] = created.id;
}

/** Copies of one stored dispute under new ids, titles and dates: thousands written in one transaction, without the form's checks. */
async function manyDisputes(count: number, date: string, label: string) {
  const kind = ctx.kinds.builtIn.find((k) => k.code === 'dispute');
  if (!kind) throw new Error('no dispute kind');
  const model = await ctx.db.kysely
    .selectFrom(tableOf(kind) as 'audit_log')
    .selectAll()
    .where('title' as 'action', '=', '样板纠纷')
    .executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => ({ ...(model as Record<string, Cell>), id: newId(), title: `${label}${i}号纠纷`, date }));
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await repo.insertRows(trx, f.system, kind, rows.slice(i, i + 500));
  });
}

const countNotifications = async () => Number((await ctx.db.kysely.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  await user('townOffice', f.town, 'office');
  await user('townOffice', f.town, 'office2');
  await user('gridWorker', f.villageA, 'grid');
  await user('countyReviewer', f.county, 'county');
  await user('townOffice', f.otherTown, 'other');
  await ctx.ledger.create(f.system, 'dispute', disputeBody(f.villageA.id, { date: addDays(ON, -40), title: '样板纠纷' }));
  // Past the 30-day mediation period, and 5 days from it.
  await manyDisputes(OVERDUE - 1, addDays(ON, -40), '逾期');
  await manyDisputes(DUE_SOON, addDays(ON, -25), '将到期');
}, 120_000);
afterAll(() => (ctx as TestContext | undefined)?.close()); // unset when beforeAll failed

describe('a flood of due items', () => {
  it('makes at most one notification per user and day, summarising the counts', async () => {
    const run = await ctx.reminders.run(ON);
    const rows = await ctx.db.kysely.selectFrom('notification').selectAll().execute();
    const perUserDay = new Map<string, number>();
    for (const r of rows) perUserDay.set(`${r.user_id}@${r.on_date}`, (perUserDay.get(`${r.user_id}@${r.on_date}`) ?? 0) + 1);
    expect(Math.max(...perUserDay.values())).toBe(1);
    expect(rows.length).toBeLessThanOrEqual(run.users.length);

    for (const name of ['office', 'office2', 'grid', 'county']) {
      const mine = rows.filter((r) => r.user_id === users[name]);
      expect(mine, name).toHaveLength(1);
      const notice = mine[0];
      if (!notice) throw new Error(`no notification for ${name}`);
      expect(notice).toMatchObject({ topic: DAY_TOPIC, on_date: ON, severity: 'overdue', kind: null, record_id: null });
      // The disputes, and whatever else the user's due list holds (the town's annual report, say).
      const result = run.users.find((u) => u.userId === users[name]);
      if (!result) throw new Error(`no run result for ${name}`);
      expect(result.overdue).toBeGreaterThanOrEqual(OVERDUE);
      expect(result.dueSoon).toBeGreaterThanOrEqual(DUE_SOON);
      expect(result.created).toBe(1);
      expect(notice.title).toBe(`待办提醒：逾期 ${result.overdue} 项，7天内到期 ${result.dueSoon} 项`);
      expect(notice.body.split('\n')[0]).toBe(`矛盾纠纷：逾期 ${OVERDUE} 项，7天内到期 ${DUE_SOON} 项`);
      expect(notice.body.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(NOTICE_ITEMS);
      expect(notice.body).toContain(`……另有 ${result.overdue + result.dueSoon - NOTICE_ITEMS} 项，见「待办」。`);
    }
    // Another town's office has none of them.
    expect(rows.filter((r) => r.user_id === users.other && r.body.includes('矛盾纠纷：'))).toHaveLength(0);
  }, 120_000);

  it('adds none on a second run the same day', async () => {
    const before = await countNotifications();
    const again = await ctx.reminders.run(ON);
    expect(await countNotifications()).toBe(before);
    expect(again.users.every((u) => u.created === 0)).toBe(true);
  }, 120_000);

  it('gives a digest that counts them all and names the first few', async () => {
    const grid = users.grid;
    if (!grid) throw new Error('no grid worker');
    const text = await ctx.reminders.digest(grid, ON);
    expect(text).toContain(`矛盾纠纷：逾期 ${OVERDUE} 项，7天内到期 ${DUE_SOON} 项`);
    expect(text).toContain(`${LISTED_ITEMS}. 东村｜「矛盾纠纷」`);
    expect(text).not.toContain(`${LISTED_ITEMS + 1}. 东村`);
    expect(text).toContain(`……另有 ${OVERDUE - LISTED_ITEMS} 项`);
    expect(text).toContain(`……另有 ${DUE_SOON - LISTED_ITEMS} 项`);
  }, 120_000);
});
