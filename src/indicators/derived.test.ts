/**
 * The engine's figures beyond a plain count: figures dated by another field, things in force until
 * an end field, ratios with their precision, totals over two kinds and change against last year.
 * Fixture kinds, not the real definitions, so the real ones can change without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedgerTables } from '../db/ledger-tables.js';
import { choice, date, integer, money } from '../ledger/fields.js';
import { defineKind, type KindDefinition } from '../ledger/kind.js';
import { KindRegistry } from '../ledger/registry.js';
import { insertRows } from '../ledger/repository.js';
import { systemScope } from '../org/scope.js';
import { formatFigure } from '../report/format.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import type { IndicatorValue } from './definition.js';
import { summaryPlan } from './monthly/plan.js';
import { resolvePeriod } from './period.js';
import { checkIndicators, collectIndicators, describeIndicators } from './registry.js';
import { IndicatorService } from './service.js';

const filing = defineKind({
  code: 'testFiling',
  label: '测试文件',
  area: 'decision',
  description: '测试用',
  orgLevels: ['town'],
  fields: [
    choice('category', '类别', 'testFiling.category'),
    date('reviewedOn', '审核日期'),
    date('expiresOn', '有效期至'),
    integer('expected', '应到人数'),
    integer('present', '实到人数'),
    money('amount', '金额（元）'),
  ],
  indicators: [
    { code: 'f.count', label: '文件', aliases: ['文件'], unit: '件', measure: { op: 'count' } },
    { code: 'f.reviewed', label: '年内审核', aliases: ['审核'], unit: '件', measure: { op: 'count' }, dateField: 'reviewedOn' },
    { code: 'f.in_force', label: '有效文件', aliases: ['有效'], unit: '件', measure: { op: 'count' }, period: 'active', endField: 'expiresOn', where: [{ field: 'category', notIn: ['void'] }] },
    { code: 'f.expected', label: '应到', aliases: ['应到'], unit: '人', measure: { op: 'sum', field: 'expected' } },
    { code: 'f.present', label: '实到', aliases: ['实到'], unit: '人', measure: { op: 'sum', field: 'present' } },
    { code: 'f.rate0', label: '到会率', aliases: ['到会率'], unit: '%', precision: 0, ratio: { numerator: 'f.present', denominator: 'f.expected' } },
    { code: 'f.rate1', label: '到会率', aliases: ['到会率'], unit: '%', ratio: { numerator: 'f.present', denominator: 'f.expected' } },
    { code: 'f.rate2', label: '到会率', aliases: ['到会率'], unit: '%', precision: 2, ratio: { numerator: 'f.present', denominator: 'f.expected' } },
    { code: 'f.per_file', label: '每件实到', aliases: ['件均'], unit: '人', ratio: { numerator: 'f.present', denominator: 'f.count' } },
    { code: 'f.yoy', label: '文件同比增减', aliases: ['同比'], unit: '件', change: { of: 'f.count', as: 'absolute' } },
    { code: 'f.yoy_rate', label: '文件同比增长率', aliases: ['同比增长'], unit: '%', precision: 2, change: { of: 'f.count', as: 'percent' } },
    { code: 'f.rate_yoy', label: '到会率同比', aliases: ['到会率同比'], unit: '%', change: { of: 'f.rate1', as: 'absolute' } },
    { code: 'f.amount', label: '金额', aliases: ['金额'], unit: '万元', measure: { op: 'sum', field: 'amount' } },
  ],
  lists: [{ code: 'testFiling.category', label: '类别', items: [['kept', '保留'], ['void', '作废']] }],
});

const meetingLike = defineKind({
  code: 'testGathering',
  label: '测试会议',
  area: 'study',
  description: '测试用',
  orgLevels: ['town'],
  fields: [],
  indicators: [
    { code: 'g.count', label: '会议', aliases: ['会议'], unit: '次', measure: { op: 'count' } },
    { code: 'fg.total', label: '文件和会议', aliases: ['合计'], unit: '次', total: ['f.count', 'g.count'] },
  ],
});

const KINDS = [filing, meetingLike];

let ctx: TestContext;
let f: Fixture;
let service: IndicatorService;
let n = 0;

async function add(kind: KindDefinition, rows: Array<Record<string, unknown>>) {
  const now = new Date().toISOString();
  const full = rows.map((r) => ({
    id: `t${kind.code}${++n}`,
    org_id: f.town.id,
    org_path: f.town.path,
    title: `记录${n}`,
    created_at: now,
    updated_at: now,
    version: 1,
    ...r,
  }));
  await ctx.db.kysely.transaction().execute((trx) => insertRows(trx, systemScope(f.town), kind, full as never));
  return full.map((r) => r.id);
}

const ids: Record<string, string[]> = {};

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  await syncLedgerTables(ctx.db, KINDS);
  service = new IndicatorService(ctx.db, new KindRegistry(ctx.db, KINDS), ctx.permissions);
  // 2024: three documents; one is reviewed only in January 2025, one expires at the end of 2024.
  ids.lastYear = await add(filing, [
    { date: '2024-05-01', expected: 10, present: 10, expires_on: '2024-12-31' },
    { date: '2024-06-01', expected: 10, present: 9 },
    { date: '2024-11-20', reviewed_on: '2025-01-10', amount: 1_234_567 },
  ]);
  // 2025: four documents, 59 of 61 present (96.72…%); one reviewed in 2026 does not count for 2025; one is void.
  ids.thisYear = await add(filing, [
    { date: '2025-02-01', reviewed_on: '2025-02-10', expected: 20, present: 20 },
    { date: '2025-03-01', reviewed_on: '2025-03-05', expected: 21, present: 20 },
    { date: '2025-04-01', expected: 20, present: 19, category: 'void' },
    { date: '2025-12-20', reviewed_on: '2026-01-05' },
  ]);
  ids.gatherings = await add(meetingLike, [{ date: '2025-05-05' }, { date: '2025-06-06' }]);
});
afterAll(() => ctx.close());

const evaluate = async (year: number, codes?: string[]) =>
  new Map((await service.evaluate(systemScope(f.town), f.town, resolvePeriod({ year }), codes)).map((v) => [v.code, v]));
const value = (values: Map<string, IndicatorValue>, code: string) => values.get(code) as IndicatorValue;

describe('figures dated by another field', () => {
  it('counts a record in the year of that field, whatever its own date', async () => {
    const y2025 = await evaluate(2025);
    expect(value(y2025, 'f.count').value).toBe(4);
    // The 2024 document reviewed in January 2025 and the two reviewed in 2025; not the one reviewed in 2026.
    expect(value(y2025, 'f.reviewed').value).toBe(3);
    expect(value(await evaluate(2024), 'f.reviewed').value).toBe(0);
    expect(value(await evaluate(2026), 'f.reviewed').value).toBe(1);
    const provenance = await service.provenance(systemScope(f.town), f.town, resolvePeriod({ year: 2025 }), 'f.reviewed');
    expect(provenance.ids.sort()).toEqual([ids.lastYear?.[2], ids.thisYear?.[0], ids.thisYear?.[1]].sort());
  });

  it('keeps a thing in force until its end field, and a notIn condition lets empty values through', async () => {
    // 2025: the 2024 ones not expired (two) and the 2025 ones but the void one (three).
    expect(value(await evaluate(2025), 'f.in_force').value).toBe(5);
    expect(value(await evaluate(2024), 'f.in_force').value).toBe(3);
  });

  it('is never read from a monthly summary, which is kept by the month of the record', () => {
    const plan = summaryPlan(filing);
    expect(plan?.columns.map((c) => c.code)).toEqual(['f.count', 'f.expected', 'f.present', 'f.amount']);
  });

  it('refuses an end field on a figure that is not of standing things, and a field that is not a date', () => {
    const bad = (spec: object) => () => checkIndicators(collectIndicators([{ ...filing, indicators: [spec as never] }]), [filing]);
    expect(bad({ code: 'x', label: 'x', unit: '件', measure: { op: 'count' }, endField: 'expiresOn' })).toThrow('active');
    expect(bad({ code: 'x', label: 'x', unit: '件', measure: { op: 'count' }, dateField: 'expected' })).toThrow('没有日期字段 expected');
  });
});

describe('ratios', () => {
  it('keep numerator and denominator and are written to 0, 1 or 2 decimals', async () => {
    const y2025 = await evaluate(2025);
    expect(value(y2025, 'f.rate2')).toMatchObject({ numerator: 59, denominator: 61, precision: 2 });
    expect(formatFigure(value(y2025, 'f.rate0'), 'percent')).toBe('97%');
    expect(formatFigure(value(y2025, 'f.rate1'), 'percent')).toBe('96.7%');
    expect(formatFigure(value(y2025, 'f.rate2'), 'percent')).toBe('96.72%');
    expect(formatFigure(value(y2025, 'f.rate2'), 'exact')).toBe('96.72%');
  });

  it('print "—" for a zero denominator, never "0%"', async () => {
    const y2023 = await evaluate(2023);
    expect(value(y2023, 'f.rate2')).toMatchObject({ value: 0, numerator: 0, denominator: 0 });
    for (const format of ['percent', 'exact', 'number'] as const) expect(formatFigure(value(y2023, 'f.rate2'), format)).toBe('—');
  });

  it('are a plain quotient when the unit is not %', async () => {
    expect(value(await evaluate(2025), 'f.per_file').value).toBeCloseTo(59 / 4, 9);
  });
});

describe('change against the previous period', () => {
  it('gives the absolute and percent change of a count, with last year beside it', async () => {
    const y2025 = await evaluate(2025, ['f.yoy', 'f.yoy_rate']);
    expect(value(y2025, 'f.yoy')).toMatchObject({ value: 1, previous: 3, records: 7 });
    expect(value(y2025, 'f.yoy_rate')).toMatchObject({ numerator: 1, denominator: 3, previous: 3 });
    expect(value(y2025, 'f.yoy_rate').value).toBeCloseTo(100 / 3, 9);
    expect(formatFigure(value(y2025, 'f.yoy_rate'), 'percent')).toBe('33.33%');
    expect(formatFigure(value(y2025, 'f.yoy'), 'exact')).toBe('1件');
    // 2026 against 2025: four documents to none.
    expect(formatFigure(value(await evaluate(2026), 'f.yoy_rate'), 'percent')).toBe('-100%');
  });

  it('has no percentage when last year had nothing', async () => {
    const y2024 = await evaluate(2024);
    expect(value(y2024, 'f.yoy')).toMatchObject({ value: 3, previous: 0 });
    expect(value(y2024, 'f.yoy_rate')).toMatchObject({ denominator: 0 });
    expect(formatFigure(value(y2024, 'f.yoy_rate'), 'percent')).toBe('—');
  });

  it('compares a ratio with last year’s ratio', async () => {
    // 59/61 this year, 19/20 last year.
    expect(value(await evaluate(2025), 'f.rate_yoy').value).toBeCloseTo((59 / 61) * 100 - 95, 6);
  });

  it('names the records of both periods as its provenance', async () => {
    const p = await service.provenance(systemScope(f.town), f.town, resolvePeriod({ year: 2025 }), 'f.yoy_rate');
    expect(p.current?.ids.sort()).toEqual([...(ids.thisYear ?? [])].sort());
    expect(p.previous?.ids.sort()).toEqual([...(ids.lastYear ?? [])].sort());
  });

  it('refuses a change of a change', () => {
    const spec = { code: 'f.yoy2', label: 'x', unit: '件', change: { of: 'f.yoy', as: 'absolute' } };
    expect(() => collectIndicators([{ ...filing, indicators: [...filing.indicators, spec as never] }])).toThrow('不能对同比指标再求同比');
  });
});

describe('totals and units', () => {
  it('add figures of two kinds, with the records of both as provenance', async () => {
    const y2025 = await evaluate(2025, ['fg.total']);
    expect(value(y2025, 'fg.total')).toMatchObject({ value: 6, records: 6 });
    const p = await service.provenance(systemScope(f.town), f.town, resolvePeriod({ year: 2025 }), 'fg.total');
    expect(p.kind).toBe('mixed');
    expect(p.parts?.map((part) => part.kind)).toEqual(['testFiling', 'testGathering']);
    expect(p.ids.sort()).toEqual([...(ids.thisYear ?? []), ...(ids.gatherings ?? [])].sort());
  });

  it('state money in 万元 when that is the unit', async () => {
    const y2024 = await evaluate(2024, ['f.amount']);
    expect(value(y2024, 'f.amount').value).toBeCloseTo(1.234567, 9);
    expect(formatFigure(value(y2024, 'f.amount'), 'exact')).toBe('1.2万元');
  });

  it('are described for the list: measure, kind (none when a total spans kinds), aliases', () => {
    const described = new Map(describeIndicators(KINDS).map((d) => [d.code, d]));
    expect(described.get('f.reviewed')).toMatchObject({ kind: 'testFiling', unit: '件', measure: { op: 'count' }, dateField: 'reviewedOn', aliases: ['审核'] });
    expect(described.get('f.rate2')).toMatchObject({ kind: 'testFiling', measure: { op: 'ratio', numerator: 'f.present', denominator: 'f.expected' }, precision: 2 });
    expect(described.get('f.yoy_rate')).toMatchObject({ kind: 'testFiling', measure: { op: 'change', of: 'f.count', as: 'percent' } });
    expect(described.get('fg.total')).toMatchObject({ kind: null, measure: { op: 'total', of: ['f.count', 'g.count'] } });
    expect(described.get('org.villages')).toMatchObject({ kind: null, measure: { op: 'units', level: 'village' } });
    expect([...described.values()].some((d) => d.ownerOrgId)).toBe(false);
  });
});
