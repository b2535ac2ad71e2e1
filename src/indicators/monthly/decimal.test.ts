/**
 * Sums of decimals kept in the monthly summary: in thousandths, each value rounded first, so adding
 * and taking away fractions month after month leaves the figure the records give, to the digit —
 * where floating point would drift (0.1 + 0.2 - 0.1 is not 0.2). A fixture kind of its own.
 */
import fc from 'fast-check';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedgerTables } from '../../db/ledger-tables.js';
import type { Cell, Database } from '../../db/schema.js';
import { choice, decimal } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import * as repo from '../../ledger/repository.js';
import type { OrgUnit } from '../../org/repository.js';
import { systemScope } from '../../org/scope.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { isLedger } from '../definition.js';
import { resolvePeriod } from '../period.js';
import { collectIndicators } from '../registry.js';
import { evaluateKind } from '../sql.js';
import { summaryPlan } from './plan.js';
import { checkSummaries, forgetSummaryStates, rebuildSummaries } from './store.js';

const lesson = defineKind({
  code: 'testLesson',
  label: '测试授课',
  area: 'study',
  description: '测试用：学时带小数',
  orgLevels: ['town', 'village'],
  fields: [decimal('hours', '学时（小时）', { max: 24 }), choice('form', '形式', 'testLesson.form')],
  lists: [{ code: 'testLesson.form', label: '形式', items: [['class', '课堂'], ['online', '线上']] }],
  indicators: [
    { code: 'lesson.hours', label: '授课学时', unit: '小时', measure: { op: 'sum', field: 'hours' } },
    { code: 'lesson.online_hours', label: '线上学时', unit: '小时', measure: { op: 'sum', field: 'hours' }, where: [{ field: 'form', equals: 'online' }] },
  ],
});
const indicators = collectIndicators([lesson]).filter(isLedger);
/** Values a clerk types, and a few with more digits than a thousandth. */
const HOURS = [0.1, 0.2, 0.3, 0.7, 1.5, 2.25, 0.125, 3.333, 0.0004, 1 / 3, 7];
const thousandths = (h: number) => Math.round(h * 1000);

describe('sums of decimals in the monthly summary', () => {
  let ctx: TestContext;
  let f: Fixture;
  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
    await syncLedgerTables(ctx.db, [lesson]);
    await ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, [lesson]));
    forgetSummaryStates(ctx.db.kysely);
  });
  afterAll(() => ctx.close());

  it('are kept in the summary', () => {
    expect(summaryPlan(lesson)?.columns.map((c) => c.code)).toEqual(['lesson.hours', 'lesson.online_hours']);
  });

  it('stay equal to the records, exactly, through any sequence of creates, updates and deletes', async () => {
    const live = new Map<string, { version: number; hours: number; online: boolean; town: boolean }>();
    const units = () => [f.town, f.villageA, f.otherTown] as OrgUnit[];
    const write = <T>(work: (trx: Transaction<Database>) => Promise<T>) => ctx.db.kysely.transaction().execute(work);
    const row = (o: { unit: number; hours: number; online: boolean }): Record<string, Cell> => {
      const unit = units()[o.unit] as OrgUnit;
      return { org_id: unit.id, org_path: unit.path, date: '2025-05-10', hours: HOURS[o.hours] as number, form: o.online ? 'online' : 'class' };
    };
    const values = { unit: fc.nat(2), hours: fc.nat(HOURS.length - 1), online: fc.boolean() };
    const op = fc.oneof(
      { arbitrary: fc.record({ op: fc.constant('create' as const), ...values }), weight: 3 },
      fc.record({ op: fc.constant('update' as const), pick: fc.nat(), ...values }),
      fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
    );
    let n = 0;
    let nonZero = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'create') {
            const id = `lesson${++n}`;
            const now = new Date().toISOString();
            await write((trx) => repo.insertRow(trx, f.system, lesson, { id, title: '授课', created_at: now, updated_at: now, version: 1, ...row(o) }));
            live.set(id, { version: 1, hours: HOURS[o.hours] as number, online: o.online, town: o.unit < 2 });
            continue;
          }
          const ids = [...live.keys()];
          const id = ids[o.pick % Math.max(1, ids.length)];
          const target = id === undefined ? undefined : live.get(id);
          if (!id || !target) continue;
          if (o.op === 'update') {
            expect(await write((trx) => repo.updateRow(trx, f.system, lesson, id, target.version, row(o)))).toBe(true);
            live.set(id, { version: target.version + 1, hours: HOURS[o.hours] as number, online: o.online, town: o.unit < 2 });
          } else {
            expect(await write((trx) => repo.deleteRow(trx, f.system, lesson, id, target.version))).toBe(true);
            live.delete(id);
          }
        }
        const period = resolvePeriod({ year: 2025 });
        const read = Object.fromEntries(await evaluateKind(ctx.db, lesson, indicators, systemScope(f.town), period));
        const counted = Object.fromEntries(await evaluateKind(ctx.db, lesson, indicators, systemScope(f.town), period, { summaries: false }));
        expect(read).toEqual(counted);
        // And what a person adds up from the records, each value to the thousandth.
        const mine = [...live.values()].filter((r) => r.town);
        const expected = mine.reduce((s, r) => s + thousandths(r.hours), 0) / 1000;
        const expectedOnline = mine.filter((r) => r.online).reduce((s, r) => s + thousandths(r.hours), 0) / 1000;
        expect(read['lesson.hours']).toEqual({ value: expected, records: mine.length });
        expect(read['lesson.online_hours']).toEqual({ value: expectedOnline, records: mine.filter((r) => r.online).length });
        if (expected > 0) nonZero += 1;
        expect(await checkSummaries(ctx.db, [lesson])).toEqual([{ table: 'summary_ledger_test_lesson', differing: 0, built: true }]);
      }),
      { numRuns: 30, seed: 20261208 },
    );
    expect(nonZero).toBeGreaterThan(10);
  }, 120_000);

  it('give 0.3 for 0.1 and 0.2, where floating point says 0.30000000000000004', async () => {
    const other = f.otherVillage;
    const now = new Date().toISOString();
    for (const [i, hours] of [0.1, 0.2].entries()) {
      await ctx.db.kysely.transaction().execute((trx) =>
        repo.insertRow(trx, f.system, lesson, { id: `sum${i}`, title: '授课', created_at: now, updated_at: now, version: 1, org_id: other.id, org_path: other.path, date: '2024-03-01', hours, form: 'class' }),
      );
    }
    const [hours] = await evaluateKind(ctx.db, lesson, indicators, systemScope(f.otherTown), resolvePeriod({ year: 2024 }));
    expect(hours).toEqual(['lesson.hours', { value: 0.3, records: 2 }]);
  });
});
