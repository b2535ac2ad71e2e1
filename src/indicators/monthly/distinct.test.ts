/**
 * The distinct summaries against the records they count: every distinct figure the engine reads
 * from them equals the same figure counted from the records, through any sequence of creates,
 * updates, moves between towns and deletes; `check` finds a tampered row and a rebuild repairs it.
 * A fixture kind of its own: people by posts (standing), places (dated), items of a multi-choice field.
 */
import fc from 'fast-check';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedgerTables } from '../../db/ledger-tables.js';
import type { Cell, Database } from '../../db/schema.js';
import { choice, multiChoice, person } from '../../ledger/fields.js';
import { defineKind, type KindDefinition } from '../../ledger/kind.js';
import * as repo from '../../ledger/repository.js';
import type { OrgUnit } from '../../org/repository.js';
import { systemScope } from '../../org/scope.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { isLedger } from '../definition.js';
import { resolvePeriod, type Period } from '../period.js';
import { collectIndicators } from '../registry.js';
import { evaluateKind } from '../sql.js';
import { checkDistinct, distinctPlan, MONTH_RANGES, rangeRows, rebuildDistinct } from './distinct.js';
import { checkSummaries, forgetSummaryStates, rebuildSummaries } from './store.js';
import { fillTownMap } from '../../org/towns.js';

const duty = defineKind({
  code: 'testDuty',
  label: '测试值守',
  area: 'organisation',
  description: '测试用：一人一岗一条，另记走访对象',
  orgLevels: ['town', 'village', 'group', 'grid'],
  dateRange: true,
  fields: [person('holder', '值守人员'), choice('shift', '班次', 'testDuty.shift'), multiChoice('visited', '走访对象', 'testDuty.visited')],
  lists: [
    { code: 'testDuty.shift', label: '班次', items: [['day', '白班'], ['night', '夜班']] },
    { code: 'testDuty.visited', label: '走访对象', items: [['school', '学校'], ['firm', '企业'], ['office', '机关'], ['home', '住户']] },
  ],
  indicators: [
    { code: 'duty.posts', label: '值守岗位', unit: '个', measure: { op: 'count' }, period: 'active' },
    { code: 'duty.people', label: '值守人员（按人计）', unit: '人', measure: { op: 'distinct', field: 'holder' }, period: 'active' },
    { code: 'duty.night_people', label: '夜班人员', unit: '人', measure: { op: 'distinct', field: 'holder' }, where: [{ field: 'shift', equals: 'night' }], period: 'active' },
    { code: 'duty.places', label: '有值守记录的单位', unit: '个', measure: { op: 'distinct', field: 'orgId' } },
    { code: 'duty.visited', label: '走访对象类别', unit: '类', measure: { op: 'distinctItems', field: 'visited' } },
  ],
});

const indicators = collectIndicators([duty]).filter(isLedger);

async function bothWays(ctx: TestContext, kind: KindDefinition, unit: { id: string; path: string }, period: Period) {
  const read = await evaluateKind(ctx.db, kind, indicators, systemScope(unit), period);
  const counted = await evaluateKind(ctx.db, kind, indicators, systemScope(unit), period, { summaries: false });
  return { read: Object.fromEntries(read), counted: Object.fromEntries(counted) };
}

describe('range rows', () => {
  it('count a value once in every month range it touches, and its records', () => {
    const members = [
      { code: 'x', town_path: '/t/', value: 'a', month: '2025-02', end_month: '2025-04', tally: 0, n: 1 },
      { code: 'x', town_path: '/t/', value: 'a', month: '2025-03', end_month: '2025-03', tally: 0, n: 1 },
      { code: 'x', town_path: '/t/', value: 'b', month: '2024-11', end_month: '9999-12', tally: 0, n: 1 },
      { code: 'x', town_path: '/t/', value: '', month: '2025-02', end_month: '2025-04', tally: 1, n: 2 },
    ];
    const [row] = rangeRows('x', '/t/', members, [2025]);
    expect(MONTH_RANGES).toHaveLength(78);
    expect(row?.c_01_01).toBe(1);
    expect(row?.c_01_12).toBe(2);
    expect(row?.c_03_03).toBe(2);
    expect(row?.c_05_12).toBe(1);
    expect(row?.r_04_06).toBe(2);
    expect(row?.r_05_06).toBe(0);
    expect(rangeRows('x', '/t/', members, [2023])).toEqual([]);
  });
});

describe('writes keep the distinct summaries in step', () => {
  let ctx: TestContext;
  let f: Fixture;
  let n = 0;
  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
    await syncLedgerTables(ctx.db, [duty]);
    await ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, [duty]));
    forgetSummaryStates(ctx.db.kysely);
  });
  afterAll(() => ctx.close());

  const people = ['pa', 'pb', 'pc', 'pd', 'pe'];
  const items = ['school', 'firm', 'office', 'home'];
  const months = ['2024-06', '2024-12', '2025-01', '2025-03', '2025-07', '2025-12'];
  const units = () => [f.town, f.villageA, f.villageB, f.gridA, f.otherTown, f.otherVillage] as OrgUnit[];
  interface Values {
    unit: number;
    month: number;
    length: number | null;
    holder: number;
    night: boolean;
    visited: number[];
  }
  type Op = ({ op: 'create' } & Values) | ({ op: 'update'; pick: number } & Values) | { op: 'delete'; pick: number };

  const values = {
    unit: fc.nat(5),
    month: fc.nat(months.length - 1),
    length: fc.option(fc.nat(14), { nil: null }),
    holder: fc.nat(people.length - 1),
    night: fc.boolean(),
    visited: fc.uniqueArray(fc.nat(items.length - 1), { maxLength: 3 }),
  };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('create' as const), ...values }), weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('update' as const), pick: fc.nat(), ...values }), weight: 2 },
    fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  );

  const row = (v: Values): Record<string, Cell> => {
    const unit = units()[v.unit] as OrgUnit;
    const date = `${months[v.month]}-15`;
    const end = v.length === null ? null : new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 + v.length, 20)).toISOString().slice(0, 10);
    return {
      org_id: unit.id,
      org_path: unit.path,
      date,
      end_date: end,
      holder: people[v.holder] ?? null,
      shift: v.night ? 'night' : 'day',
      visited: v.visited.length ? JSON.stringify(v.visited.map((i) => items[i])) : null,
    };
  };

  it('through any sequence of creates, updates (dates, person, items, unit, town), and deletes', async () => {
    const live: Array<{ id: string; version: number }> = [];
    const write = <T>(work: (trx: Transaction<Database>) => Promise<T>) => ctx.db.kysely.transaction().execute(work);
    let compared = 0;
    let nonZero = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'create') {
            const now = new Date().toISOString();
            const id = `duty${++n}`;
            await write((trx) => repo.insertRow(trx, f.system, duty, { id, title: '值守', created_at: now, updated_at: now, version: 1, ...row(o) }));
            live.push({ id, version: 1 });
            continue;
          }
          const target = live[o.pick % Math.max(1, live.length)];
          if (!target) continue;
          if (o.op === 'update') {
            expect(await write((trx) => repo.updateRow(trx, f.system, duty, target.id, target.version, row(o)))).toBe(true);
            target.version += 1;
          } else {
            expect(await write((trx) => repo.deleteRow(trx, f.system, duty, target.id, target.version))).toBe(true);
            live.splice(live.indexOf(target), 1);
          }
        }
        for (const unit of [f.county, f.town, f.otherTown]) {
          for (const period of [resolvePeriod({ year: 2025 }), resolvePeriod({ year: 2025, quarter: 1 }), resolvePeriod({ year: 2024, month: 12 }), { from: '2025-03-01', to: '2025-08-31' }]) {
            const { read, counted } = await bothWays(ctx, duty, unit, period);
            expect(read, `${unit.name} ${period.from}…${period.to}`).toEqual(counted);
            compared += 1;
            nonZero += Object.values(read).filter((v) => v.value > 0).length;
          }
        }
        const [check] = await ctx.db.kysely.transaction().execute(async (trx) => {
          await fillTownMap(trx);
          return checkDistinct(trx, [duty]);
        });
        expect(check).toEqual({ table: 'distinct_member:ledger_test_duty', differing: 0, built: true });
      }),
      { numRuns: 25, seed: 20261207 },
    );
    expect(compared).toBeGreaterThan(250);
    expect(nonZero).toBeGreaterThan(500);
    // People posted in both towns are what the shared rows are for: the data reached that case.
    const { rows } = await sql<{ k: number | string }>`select count(*) as k from distinct_shared where source = 'ledger_test_duty'`.execute(ctx.db.kysely);
    expect(Number(rows[0]?.k)).toBeGreaterThan(0);
  }, 180_000);

  it('shares a value two towns add at the same time: the second writer waits for the first and counts it once', async () => {
    const now = new Date().toISOString();
    for (let round = 0; round < 6; round++) {
      const holder = `pnew${round}`;
      const at = (unit: OrgUnit) => ({ id: `duty${++n}`, title: '值守', created_at: now, updated_at: now, version: 1, ...row({ unit: 0, month: 3, length: null, holder: 0, night: false, visited: [] }), org_id: unit.id, org_path: unit.path, holder });
      await Promise.all([f.villageA, f.otherVillage, f.villageB, f.otherTown].map((unit) => ctx.db.kysely.transaction().execute((trx) => repo.insertRow(trx, f.system, duty, at(unit)))));
    }
    const { read, counted } = await bothWays(ctx, duty, f.county, resolvePeriod({ year: 2025 }));
    expect(read).toEqual(counted);
    const [check] = await ctx.db.kysely.transaction().execute(async (trx) => {
      await fillTownMap(trx);
      return checkDistinct(trx, [duty]);
    });
    expect(check?.differing).toBe(0);
  });

  it('is what the engine reads: a tampered row changes the figure, check finds it, rebuild repairs it', async () => {
    const now = new Date().toISOString();
    await ctx.db.kysely.transaction().execute((trx) =>
      repo.insertRow(trx, f.system, duty, { id: `duty${++n}`, title: '值守', created_at: now, updated_at: now, version: 1, ...row({ unit: 1, month: 3, length: null, holder: 0, night: true, visited: [0] }) }),
    );
    const year = resolvePeriod({ year: 2025 });
    const before = await bothWays(ctx, duty, f.county, year);
    expect(before.read).toEqual(before.counted);
    expect(before.read['duty.people']?.value).toBeGreaterThan(0);

    await sql`update distinct_range set c_01_12 = c_01_12 + 5 where source = 'ledger_test_duty' and code = 'duty.people' and year = 2025 and town_path = ${f.town.path}`.execute(ctx.db.kysely);
    const tampered = await bothWays(ctx, duty, f.county, year);
    expect(tampered.read['duty.people']?.value).toBe((before.read['duty.people']?.value ?? 0) + 5);
    expect(tampered.counted).toEqual(before.counted);
    const checked = await checkSummaries(ctx.db, [duty]);
    // The stored row and the row counting gives: two rows differ.
    expect(checked.find((c) => c.table === 'distinct_member:ledger_test_duty')?.differing).toBe(2);

    await sql`delete from distinct_member where source = 'ledger_test_duty' and code = 'duty.visited' and tally = 1`.execute(ctx.db.kysely);
    expect((await checkSummaries(ctx.db, [duty])).find((c) => c.table === 'distinct_member:ledger_test_duty')?.differing).toBeGreaterThan(2);

    await ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, [duty]));
    forgetSummaryStates(ctx.db.kysely);
    expect(await bothWays(ctx, duty, f.county, year)).toEqual(before);
    expect((await checkSummaries(ctx.db, [duty])).every((c) => c.differing === 0 && c.built)).toBe(true);
  });

  it('reads the records for what it cannot answer: a period across two years, a unit below a town, a ragged period; a changed definition is another summary', async () => {
    const plan = distinctPlan(duty);
    expect(plan?.indicators.map((i) => i.code)).toEqual(['duty.people', 'duty.night_people', 'duty.places', 'duty.visited']);
    await sql`update distinct_range set c_01_12 = c_01_12 + 5 where source = 'ledger_test_duty' and code = 'duty.people'`.execute(ctx.db.kysely);
    // Neither reads the (now wrong) range rows, so both still agree with the records.
    for (const [unit, period] of [
      [f.county, { from: '2024-07-01', to: '2025-06-30' }],
      [f.villageA, resolvePeriod({ year: 2025 })],
      [f.county, { from: '2025-01-02', to: '2025-12-31' }],
    ] as const) {
      const { read, counted } = await bothWays(ctx, duty, unit, period);
      expect(read).toEqual(counted);
    }
    const widened: KindDefinition = { ...duty, indicators: duty.indicators.map((i) => (i.code === 'duty.night_people' ? { ...i, where: [] } : i)) };
    expect(distinctPlan(widened)?.signature).not.toBe(plan?.signature);
    await ctx.db.kysely.transaction().execute((trx) => rebuildDistinct(trx, [duty]));
    forgetSummaryStates(ctx.db.kysely);
  });
});
