/**
 * A record created with a step already taken (a dispute registered as 已化解 with its 办结日期):
 * one write, checked as taking the step afterwards is — the step's date present, not after today,
 * not before the steps it follows — with the same permissions as any new record.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { setSetting } from '../procedures/settings.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';

let ctx: TestContext;
let f: Fixture;

/** The day the procedure counts as today here (the demo's setting), so "the future" is fixed. */
const TODAY = '2025-06-30';

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  await setSetting(ctx.db, 'demo.asOf', TODAY);
});
afterAll(async () => {
  await (ctx as TestContext | undefined)?.close(); // unset when beforeAll failed
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const count = async (table: string) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db.kysely)).rows[0]?.n ?? 0);

/** A dispute titled so it can be looked for afterwards. */
const titled = (title: string, extra: Record<string, unknown>) => disputeBody(f.villageA.id, { title, ...extra });

const storedTitled = async (title: string) => (await sql<{ id: string }>`select id from ledger_dispute where title = ${title}`.execute(ctx.db.kysely)).rows;

describe('creating a record with its closing step', () => {
  it('stores the status and the step date in one write, with one audit row, and the procedure sees the step done', async () => {
    const office = await f.as('townOffice');
    const audits = await count('audit_log');
    const created = await ctx.ledger.create(office, 'dispute', titled('邻里排水沟纠纷', { date: '2025-06-02', status: 'resolved', resolvedOn: '2025-06-20' }));
    expect(created).toMatchObject({ status: 'resolved', resolvedOn: '2025-06-20', version: 1 });
    expect(await count('audit_log')).toBe(audits + 1);
    const audit = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('record_id', '=', created.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(JSON.parse(String(audit[0]?.after))).toMatchObject({ status: 'resolved', resolvedOn: '2025-06-20' });

    const procedure = await ctx.procedures.state(office, 'dispute', created.id);
    expect(procedure.steps.find((s) => s.code === 'concluded')).toMatchObject({ status: 'done', date: '2025-06-20' });
    expect(procedure.deadlines.find((d) => d.code === 'mediation')).toMatchObject({ status: 'met', metOn: '2025-06-20' });
  });

  it('takes the step date on today itself', async () => {
    const office = await f.as('townOffice');
    const created = await ctx.ledger.create(office, 'dispute', titled('今天调解成功的纠纷', { date: '2025-06-01', status: 'transferred', resolvedOn: TODAY }));
    expect(created).toMatchObject({ status: 'transferred', resolvedOn: TODAY });
  });

  it('refuses a closed status without the step date, naming 「办结日期」, and stores nothing', async () => {
    const office = await f.as('townOffice');
    const audits = await count('audit_log');
    const error = await refusal(ctx.ledger.create(office, 'dispute', titled('没有办结日期的纠纷', { status: 'resolved' })));
    expect(error.status).toBe(422);
    expect(error.details).toContainEqual({ field: 'resolvedOn', message: '请填写「办结日期」：状态为「已化解」须登记「办结（化解、未化解或移交）」的日期' });
    expect(error.details?.find((d) => d.field === 'status')?.message).toContain('尚未登记「办结（化解、未化解或移交）」');
    expect(await storedTitled('没有办结日期的纠纷')).toEqual([]);
    expect(await count('audit_log')).toBe(audits);
  });

  it('refuses a step date after today, on create as on the step button, and stores nothing', async () => {
    const office = await f.as('townOffice');
    const audits = await count('audit_log');
    const error = await refusal(ctx.ledger.create(office, 'dispute', titled('明天才办结的纠纷', { status: 'resolved', resolvedOn: '2025-07-01' })));
    expect(error.status).toBe(422);
    expect(error.field).toBe('resolvedOn');
    expect(error.message).toBe('「办结日期」（2025-07-01）不能晚于今天（2025-06-30）：步骤办理后才能登记');
    expect(await storedTitled('明天才办结的纠纷')).toEqual([]);
    expect(await count('audit_log')).toBe(audits);

    // The step taken afterwards meets the same rule, in the same words.
    const open = await ctx.ledger.create(office, 'dispute', titled('调处中的纠纷', { status: 'mediating' }));
    const step = await refusal(ctx.procedures.takeStep(office, 'dispute', open.id, { step: 'concluded', date: '2025-07-01', version: 1 }));
    expect(step.status).toBe(422);
    expect(step.message).toBe(error.message);
    expect(await ctx.ledger.get(office, 'dispute', open.id)).toMatchObject({ version: 1, status: 'mediating', resolvedOn: null });
  });

  it('refuses a step date before the record was registered, as the step button does', async () => {
    const office = await f.as('townOffice');
    const error = await refusal(ctx.ledger.create(office, 'dispute', titled('办结早于登记的纠纷', { date: '2025-05-10', status: 'resolved', resolvedOn: '2025-05-01' })));
    expect(error).toMatchObject({ status: 422, field: 'resolvedOn', message: '「办结（化解、未化解或移交）」的日期（2025-05-01）不能早于「登记」（2025-05-10）' });
    expect(await storedTitled('办结早于登记的纠纷')).toEqual([]);

    const open = await ctx.ledger.create(office, 'dispute', titled('五月登记的纠纷', { date: '2025-05-10', status: 'mediating' }));
    const step = await refusal(ctx.procedures.takeStep(office, 'dispute', open.id, { step: 'concluded', date: '2025-05-01', version: 1 }));
    expect(step.message).toBe(error.message);
  });

  it('does not judge again a step date already stored when other fields change', async () => {
    const office = await f.as('townOffice');
    const created = await ctx.ledger.create(office, 'dispute', titled('已办结待补协议的纠纷', { status: 'resolved', resolvedOn: '2025-06-10' }));
    // The demo day moves back before the stored step: editing the agreement still saves.
    await setSetting(ctx.db, 'demo.asOf', '2025-06-01');
    try {
      const updated = await ctx.ledger.update(office, 'dispute', created.id, { version: 1, agreement: '双方达成调解协议' });
      expect(updated).toMatchObject({ version: 2, resolvedOn: '2025-06-10', agreement: '双方达成调解协议' });
    } finally {
      await setSetting(ctx.db, 'demo.asOf', TODAY);
    }
  });

  it('leaves permissions as they were: who may create may create it closed, who may not is refused', async () => {
    const grid = await f.as('gridWorker');
    const byGrid = await ctx.ledger.create(grid, 'dispute', titled('网格员登记的已化解纠纷', { status: 'resolved', resolvedOn: '2025-06-15' }));
    expect(byGrid).toMatchObject({ status: 'resolved', resolvedOn: '2025-06-15' });

    for (const role of ['leader', 'countyReviewer'] as const) {
      const scope = await f.as(role);
      const error = await refusal(ctx.ledger.create(scope, 'dispute', titled(`无权登记的纠纷${role}`, { status: 'resolved', resolvedOn: '2025-06-15' })));
      expect(error.status).toBe(403);
      expect(await storedTitled(`无权登记的纠纷${role}`)).toEqual([]);
    }

    // Outside the caller's scope the unit is refused, closed or not.
    const office = await f.as('townOffice');
    const outside = await refusal(ctx.ledger.create(office, 'dispute', disputeBody(f.otherVillage.id, { title: '外镇的已化解纠纷', status: 'resolved', resolvedOn: '2025-06-15' })));
    expect(outside).toMatchObject({ status: 400, field: 'orgId' });
    expect(await storedTitled('外镇的已化解纠纷')).toEqual([]);
  });
});
