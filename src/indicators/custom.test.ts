import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomIndicator, CustomKindService } from '../ledger/custom-kinds.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { resolvePeriod } from './period.js';
import { checkSummaries } from './monthly/store.js';

let ctx: TestContext;
let f: Fixture;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
});
afterAll(() => ctx.close());

const failure = appErrorOf;

describe('indicators over a custom kind', () => {
  it('are defined through the kind, counted in SQL and scoped like any other', async () => {
    const office = await f.as('townOffice');
    const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(office, {
      orgId: f.town.id,
      label: '法治夜校',
      area: 'publicity',
      fields: [
        { label: '参加人数', type: 'integer', required: true },
        { label: '形式', type: 'choice', options: ['集中授课', '现场答疑'] },
      ],
    });
    for (const [n, form] of [[30, 'o1'], [12, 'o2'], [25, 'o1']] as const) {
      await ctx.ledger.create(office, kind.code, { orgId: f.villageA.id, date: '2025-05-10', title: `夜校第${n}期`, f1: n, f2: form });
    }
    await ctx.ledger.create(office, kind.code, { orgId: f.villageA.id, date: '2024-05-10', title: '上年一期', f1: 99, f2: 'o1' });

    const count = await addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '集中授课场次', unit: '次', measure: 'count', where: [{ field: 'f2', equals: 'o1' }] });
    const sum = await addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '夜校参加人次', unit: '人次', measure: 'sum', field: 'f1' });

    const values = await ctx.indicators.evaluate(office, f.town, resolvePeriod({ year: 2025 }), [count.code, sum.code]);
    expect(Object.fromEntries(values.map((v) => [v.code, v.value]))).toEqual({ [count.code]: 2, [sum.code]: 67 });
    const provenance = await ctx.indicators.provenance(office, f.town, resolvePeriod({ year: 2025 }), count.code);
    expect(provenance.ids).toHaveLength(2);

    // Records written after the figures were added are counted too: the kind's monthly summary grew
    // their columns with the definition, and every write keeps them. Edited and removed alike.
    const later = await ctx.ledger.create(office, kind.code, { orgId: f.villageA.id, date: '2025-06-01', title: '夜校加开一期', f1: 8, f2: 'o1' });
    const third = await addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '现场答疑场次', unit: '次', measure: 'count', where: [{ field: 'f2', equals: 'o2' }] });
    await ctx.ledger.update(office, kind.code, later.id, { f2: 'o2', version: later.version });
    const removable = await ctx.ledger.create(office, kind.code, { orgId: f.town.id, date: '2025-07-01', title: '临时一期', f1: 5, f2: 'o1' });
    await ctx.ledger.remove(office, kind.code, removable.id, removable.version);
    const now = await ctx.indicators.evaluate(office, f.town, resolvePeriod({ year: 2025 }), [count.code, sum.code, third.code]);
    expect(Object.fromEntries(now.map((v) => [v.code, v.value]))).toEqual({ [count.code]: 2, [sum.code]: 75, [third.code]: 2 });
    const definition = (await ctx.kinds.all()).find((k) => k.code === kind.code);
    expect(await checkSummaries(ctx.db, definition ? [definition] : [])).toEqual([{ table: `summary_ledger_${kind.code}`, differing: 0, built: true }]);

    // Another town neither sees the kind nor its indicators.
    const other = await f.as('townOffice', f.otherTown);
    const theirs = await ctx.indicators.evaluate(other, f.otherTown, resolvePeriod({ year: 2025 }));
    expect(theirs.map((v) => v.code)).not.toContain(count.code);
    expect((await failure(addCustomIndicator(ctx.db, ctx.kinds, other, kind.code, { label: '越权指标', unit: '次', measure: 'count' }))).status).toBe(404);
  });

  it('refuses a sum over a text field, a condition on a number, and built-in kinds', async () => {
    const office = await f.as('townOffice');
    const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(office, {
      orgId: f.town.id,
      label: '调解回访',
      area: 'governance',
      fields: [
        { label: '回访对象', type: 'text' },
        { label: '回访次数', type: 'integer' },
      ],
    });
    expect((await failure(addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '错误求和', unit: '次', measure: 'sum', field: 'f1' }))).field).toBe('field');
    expect((await failure(addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '错误条件', unit: '次', measure: 'count', where: [{ field: 'f2', equals: '3' }] }))).field).toBe('where.0.field');
    expect((await failure(addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '错误单位', unit: '斤', measure: 'count' }))).field).toBe('unit');
    expect((await failure(addCustomIndicator(ctx.db, ctx.kinds, office, 'dispute', { label: '内置', unit: '件', measure: 'count' }))).field).toBe('kind');
  });
});
