import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { loadDemo } from '../demo/load.js';
import { tableOf } from '../ledger/kind.js';
import { findOrgByIdOrName, type OrgUnit } from '../org/repository.js';
import { scopeOf, systemScope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { isLedger, isRatio, isUnitCount, type IndicatorValue } from './definition.js';
import { previousYear, resolvePeriod } from './period.js';
import { collectIndicators } from './registry.js';

/** The seed report's figures, which the demo ledger must reproduce through the indicators (docs/DESIGN.md §5). */
const SEED: Record<string, number | [number, number]> = {
  'meeting.deployment': 4,
  'study.central_group': 12,
  'study.central_group.special': 3,
  'study.document': 1,
  'study.law': 18,
  'study.lecture': 2,
  'study.warning': 2,
  'advisor.town': 1,
  'disclosure.items': [60, 69],
  'enforcement.inspections': 18,
  'enforcement.penalties': 2,
  'enforcement.trainings': 2,
  'enforcement.exams': 1,
  'equipment.body_cameras': 5,
  'grid.leaders': 115,
  'grid.workers': 308,
  'grid.workers.full_time': 291,
  'grid.workers.part_time': 17,
  'grid.party_groups': 26,
  'grid.liaison_heads': 90,
  'dispute.screened': 10,
  'dispute.resolved': 10,
  'dispute.resolution_rate': 100,
  'petition.key_persons': 0,
  'publicity.online_posts': [80, 89],
  'publicity.online_reads': [1001, 1099],
  'publicity.offline_events': 12,
  'publicity.five_into_targets': 5,
  'advisor.village_coverage': 100,
};

let ctx: TestContext;
let town: OrgUnit;
let county: OrgUnit;
const year2025 = resolvePeriod({ year: 2025 });

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  [town] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
  [county] = (await findOrgByIdOrName(ctx.db, '杭锦后旗')) as [OrgUnit];
});
afterAll(() => ctx.close());

const byCode = (values: IndicatorValue[]) => new Map(values.map((v) => [v.code, v]));

describe('indicator definitions', () => {
  it('name existing kinds, fields and indicators, and cover every seed code', () => {
    const all = collectIndicators(builtInKinds);
    const codes = new Set(all.map((i) => i.code));
    for (const code of Object.keys(SEED)) expect(codes, code).toContain(code);
  });
});

describe('双庙镇 2025', () => {
  it('reproduces every seed figure', async () => {
    const values = byCode(await ctx.indicators.evaluate(systemScope(town), town, year2025));
    for (const [code, expected] of Object.entries(SEED)) {
      const v = values.get(code);
      expect(v, code).toBeDefined();
      if (Array.isArray(expected)) {
        expect(v?.value, code).toBeGreaterThanOrEqual(expected[0]);
        expect(v?.value, code).toBeLessThanOrEqual(expected[1]);
      } else expect(v?.value, code).toBe(expected);
    }
    expect(values.get('dispute.resolution_rate')).toMatchObject({ numerator: 10, denominator: 10 });
    expect(values.get('advisor.village_coverage')).toMatchObject({ numerator: 12, denominator: 12 });
  });

  it('returns record ids that reproduce each value', async () => {
    const scope = systemScope(town);
    const all = collectIndicators(builtInKinds);
    const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

    /** Recomputes an indicator from the rows its ids name, outside the indicator SQL. */
    const reproduce = async (code: string): Promise<number> => {
      const p = await ctx.indicators.provenance(scope, town, year2025, code);
      const indicator = all.find((i) => i.code === code);
      if (!indicator) throw new Error(code);
      if (isRatio(indicator)) {
        const numerator = await reproduce(indicator.ratio.numerator);
        const denominator = await reproduce(indicator.ratio.denominator);
        expect([numerator, denominator], code).toEqual([p.indicator.numerator, p.indicator.denominator]);
        return (numerator / denominator) * 100;
      }
      if (isUnitCount(indicator)) {
        const units = p.ids.length ? await ctx.db.kysely.selectFrom('org_unit').selectAll().where('id', 'in', p.ids).execute() : [];
        expect(units.every((u) => u.path.startsWith(town.path) && u.level === indicator.unitLevel), code).toBe(true);
        return units.length;
      }
      if (!isLedger(indicator)) throw new Error(`${code}: no seed figure is a total or a change`);
      const kind = builtInKinds.find((k) => k.code === indicator.kind);
      if (!kind) throw new Error(indicator.kind);
      const rows = (p.ids.length
        ? await ctx.db.kysely.selectFrom(tableOf(kind) as 'org_unit').selectAll().where('id', 'in', p.ids).execute()
        : []) as unknown as Array<Record<string, unknown>>;
      expect(rows.length, code).toBe(p.ids.length);
      for (const r of rows) expect(String(r.org_path).startsWith(town.path), code).toBe(true);
      const m = indicator.measure;
      switch (m.op) {
        case 'count':
          return rows.length;
        case 'sum':
          return rows.reduce((s, r) => s + Number(r[snake(m.field)] ?? 0), 0);
        case 'distinct':
          return new Set(rows.map((r) => r[snake(m.field)])).size;
        case 'distinctItems':
          return new Set(rows.flatMap((r) => JSON.parse(String(r[snake(m.field)])) as string[])).size;
        case 'distinctUnits': {
          const ids = [...new Set(rows.flatMap((r) => JSON.parse(String(r[snake(m.field)])) as string[]))];
          const units = await ctx.db.kysely.selectFrom('org_unit').selectAll().where('id', 'in', ids).execute();
          return units.filter((u) => u.level === m.level && u.path.startsWith(town.path)).length;
        }
      }
    };

    const values = byCode(await ctx.indicators.evaluate(scope, town, year2025));
    for (const code of Object.keys(SEED)) {
      expect(await reproduce(code), code).toBeCloseTo(values.get(code)?.value ?? NaN, 6);
    }
  });

  it('counts people and posts apart where one person holds two posts', async () => {
    const values = byCode(await ctx.indicators.evaluate(systemScope(town), town, year2025, ['grid.posts', 'grid.people']));
    expect(values.get('grid.posts')?.value).toBe(115 + 291 + 17 + 90);
    expect(values.get('grid.people')?.value).toBeLessThan(values.get('grid.posts')?.value ?? 0);
  });

  it('evaluates a quarter and a month as well as the year', async () => {
    const scope = systemScope(town);
    const quarters = await Promise.all([1, 2, 3, 4].map((quarter) => ctx.indicators.evaluate(scope, town, resolvePeriod({ year: 2025, quarter }), ['study.law'])));
    expect(quarters.reduce((s, [v]) => s + (v?.value ?? 0), 0)).toBe(18);
    const months = await Promise.all(Array.from({ length: 12 }, (_, i) => ctx.indicators.evaluate(scope, town, resolvePeriod({ year: 2025, month: i + 1 }), ['screening.rounds'])));
    expect(months.map(([v]) => v?.value)).toEqual(Array(12).fill(12));
  });
});

describe('roll-up', () => {
  it('adds the towns up for counts and sums, and recomputes ratios from the summed parts', async () => {
    const scope = systemScope(county);
    const countyValues = byCode(await ctx.indicators.evaluate(scope, county, year2025));
    const rows = await ctx.indicators.compare(scope, county, year2025, 'town');
    expect(rows.map((r) => r.org.name).sort()).toEqual(['双庙镇', '团结镇', '蛮会镇'].sort());
    const all = collectIndicators(builtInKinds);
    for (const indicator of all.filter((i) => isLedger(i) && (i.measure.op === 'count' || i.measure.op === 'sum'))) {
      const sum = rows.reduce((s, r) => s + (r.values.find((v) => v.code === indicator.code)?.value ?? 0), 0);
      expect(countyValues.get(indicator.code)?.value, indicator.code).toBeCloseTo(sum, 6);
    }
    const rate = countyValues.get('dispute.resolution_rate');
    const resolved = rows.reduce((s, r) => s + (r.values.find((v) => v.code === 'dispute.resolved')?.value ?? 0), 0);
    const screened = rows.reduce((s, r) => s + (r.values.find((v) => v.code === 'dispute.screened')?.value ?? 0), 0);
    expect(rate).toMatchObject({ numerator: resolved, denominator: screened });
    expect(rate?.value).toBeCloseTo((resolved / screened) * 100, 6);
    // Averaging the towns' rates would give a different (wrong) figure whenever they differ in size.
    expect(resolved).toBeLessThan(screened);
  });
});

describe('scope', () => {
  it('lets a grid worker count only the kinds they may read, inside their village', async () => {
    const [village] = (await findOrgByIdOrName(ctx.db, '新华村')) as [OrgUnit];
    const grid = scopeOf(village, { userId: null, name: '网格员', role: 'gridWorker', ip: null });
    const values = byCode(await ctx.indicators.evaluate(grid, village, year2025));
    expect(values.has('study.law')).toBe(false);
    expect(values.get('dispute.screened')?.value).toBeLessThan(10);
    await expect(ctx.indicators.evaluate(grid, town, year2025)).rejects.toMatchObject({ status: 404 });
    const admin = scopeOf(county, { userId: null, name: '系统管理员', role: 'systemAdmin', ip: null });
    expect(await ctx.indicators.evaluate(admin, county, year2025)).toEqual([]);
  });
});

describe('periods', () => {
  it('resolves years, quarters, months and ranges, and refuses nonsense', () => {
    expect(resolvePeriod({ year: 2024, quarter: 1 })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(resolvePeriod({ year: 2024, month: 2 })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolvePeriod({ from: '2025-03-01', to: '2025-03-31' })).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(previousYear({ from: '2024-02-29', to: '2024-12-31' })).toEqual({ from: '2023-02-28', to: '2023-12-31' });
    expect(() => resolvePeriod({ year: 2025, quarter: 5 })).toThrow('季度');
    expect(() => resolvePeriod({ from: '2025-03-01', to: '2025-02-01' })).toThrow('结束日期');
    expect(() => resolvePeriod({})).toThrow('年度');
  });
});
