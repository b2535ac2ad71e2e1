import { describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { isLedger, type Indicator, type LedgerIndicator } from '../indicators/definition.js';
import { collectIndicators } from '../indicators/registry.js';
import { deriveValues } from '../indicators/service.js';
import type { RawValue } from '../indicators/sql.js';
import { combineProvinces, needsUnion, type ProvinceRaw } from './combine.js';
import { parseProvinceUrl } from './provinces.js';

const all = collectIndicators(builtInKinds);
const pick = (...codes: string[]) => all.filter((i) => codes.includes(i.code));
const province = (raw: Record<string, [number, number]>, distinct: Record<string, string[]> = {}): ProvinceRaw => ({
  raw: new Map(Object.entries(raw).map(([code, [value, records]]): [string, RawValue] => [code, { value, records }])),
  distinct: new Map(Object.entries(distinct)),
});

describe('combining provinces', () => {
  it('adds counts and sums, and derives a ratio from the added sides, not from the provinces’ percentages', () => {
    const wanted = pick('dispute.screened', 'dispute.resolved', 'dispute.resolution_rate');
    const a = province({ 'dispute.screened': [10, 10], 'dispute.resolved': [10, 10] }); // 100%
    const b = province({ 'dispute.screened': [90, 90], 'dispute.resolved': [45, 45] }); // 50%
    const values = new Map(deriveValues(wanted, combineProvinces(wanted, new Set(), [a, b])).map((v) => [v.code, v]));
    expect(values.get('dispute.screened')).toMatchObject({ value: 100, records: 100 });
    expect(values.get('dispute.resolution_rate')).toMatchObject({ numerator: 55, denominator: 100 });
    expect(values.get('dispute.resolution_rate')?.value).toBeCloseTo(55, 9);
  });

  it('takes the union for distinct values two provinces can share, and still adds their records', () => {
    const wanted = pick('publicity.five_into_targets');
    const a = province({ 'publicity.five_into_targets': [2, 7] }, { 'publicity.five_into_targets': ['organs', 'villages'] });
    const b = province({ 'publicity.five_into_targets': [2, 4] }, { 'publicity.five_into_targets': ['villages', 'units'] });
    expect(combineProvinces(wanted, new Set(['publicity.five_into_targets']), [a, b]).get('publicity.five_into_targets')).toEqual({ value: 3, records: 11 });
  });

  it('drops the binary noise of adding decimals', () => {
    const wanted = pick('dispute.screened');
    const parts = [0.1, 0.2].map((v) => province({ 'dispute.screened': [v, 1] }));
    expect(combineProvinces(wanted, new Set(), parts).get('dispute.screened')?.value).toBe(0.3);
  });

  it('adds distinct counts of ids (units, people), unions every other distinct count', () => {
    const kindOf = (i: LedgerIndicator) => builtInKinds.find((k) => k.code === i.kind);
    const unions = all.filter((i): i is LedgerIndicator => isLedger(i)).filter((i) => needsUnion(kindOf(i) as (typeof builtInKinds)[number], i)).map((i) => i.code);
    // Values that recur across provinces (list items, names) are unioned; ids of units and people never are.
    expect(unions).toEqual(expect.arrayContaining(['publicity.five_into_targets', 'legal_service.categories']));
    expect(unions).not.toContain('grid.people');
    const text = { ...(pick('grid.people')[0] as Indicator & LedgerIndicator), measure: { op: 'distinct' as const, field: 'duties' } };
    expect(needsUnion(builtInKinds.find((k) => k.code === 'gridPost') as (typeof builtInKinds)[number], text)).toBe(true);
  });
});

describe('province address', () => {
  it('splits a URL into server and user-mapping options and never shows the password', () => {
    expect(parseProvinceUrl('postgres://fazhi:p%40ss@10.1.2.3:6432/nmg')).toEqual({
      host: '10.1.2.3',
      port: '6432',
      dbname: 'nmg',
      user: 'fazhi',
      password: 'p@ss',
      display: 'postgres://fazhi@10.1.2.3:6432/nmg',
    });
    expect(parseProvinceUrl('postgresql://db.example/gs')).toMatchObject({ host: 'db.example', port: '5432', user: 'postgres', password: undefined, display: 'postgres://postgres@db.example:5432/gs' });
  });

  it('names the field in Chinese when the URL is unusable', () => {
    expect(() => parseProvinceUrl('mysql://h/db')).toThrow('「省库连接串」应以 postgres:// 开头');
    expect(() => parseProvinceUrl('postgres://h')).toThrow('「省库连接串」缺少数据库名');
    expect(() => parseProvinceUrl('not a url')).toThrow('「省库连接串」格式不对');
  });
});
