import { describe, expect, it } from 'vitest';
import { choice, date, decimal, integer, money, text } from '../../ledger/fields.js';
import type { KindDefinition } from '../../ledger/kind.js';
import { summaryPlan, wholeMonths } from './plan.js';

/** A fixture kind with every sort of indicator: counts and sums add up; the rest are read from the records. */
const mediation: KindDefinition = {
  code: 'testMediation',
  label: '测试调解',
  area: 'governance',
  description: '测试：月度汇总保留哪些数字',
  orgLevels: ['town', 'village'],
  fields: [
    choice('status', '办理状态', 'testMediationStatus'),
    integer('parties', '当事人数'),
    money('fee', '补偿金额'),
    decimal('hours', '调解用时'),
    text('mediator', '调解员'),
    date('filedOn', '归档日期'),
  ],
  indicators: [
    { code: 'mediation.registered', label: '登记调解', unit: '件', measure: { op: 'count' } },
    { code: 'mediation.resolved', label: '调解成功', unit: '件', measure: { op: 'count' }, where: [{ field: 'status', equals: 'resolved' }] },
    { code: 'mediation.parties', label: '当事人', unit: '人', measure: { op: 'sum', field: 'parties' } },
    { code: 'mediation.fee', label: '补偿金额', unit: '元', measure: { op: 'sum', field: 'fee' } },
    { code: 'mediation.mediators', label: '调解员', unit: '人', measure: { op: 'distinct', field: 'mediator' } },
    { code: 'mediation.hours', label: '调解用时', unit: '小时', measure: { op: 'sum', field: 'hours' } },
    { code: 'mediation.filed', label: '当年归档', unit: '件', measure: { op: 'count' }, dateField: 'filedOn' },
    { code: 'mediation.rate', label: '调解成功率', unit: '%', ratio: { numerator: 'mediation.resolved', denominator: 'mediation.registered' } },
  ],
};

/** A fixture kind of standing things, counted while they are in force. */
const post: KindDefinition = {
  code: 'testPost',
  label: '测试岗位',
  area: 'governance',
  description: '测试：按结束月份汇总',
  orgLevels: ['village'],
  dateRange: true,
  fields: [text('holder', '在岗人员')],
  indicators: [{ code: 'post.active', label: '在岗', unit: '个', measure: { op: 'count' }, period: 'active' }],
};

const codesOf = (kind: KindDefinition) => summaryPlan(kind)?.columns.map((c) => c.code);

describe('what a monthly summary holds', () => {
  it('keeps a column for every count and sum, and none for distinct measures, ratios or figures dated otherwise', () => {
    const plan = summaryPlan(mediation);
    expect(plan?.table).toBe('summary_ledger_test_mediation');
    expect(plan?.source).toBe('ledger_test_mediation');
    expect(codesOf(mediation)).toEqual(['mediation.registered', 'mediation.resolved', 'mediation.parties', 'mediation.fee', 'mediation.hours']);
    expect(plan?.byEndMonth).toBe(false);
  });

  it('keys rows by the month records end when a kind counts standing things', () => {
    expect(summaryPlan(post)?.byEndMonth).toBe(true);
    expect(codesOf(post)).toEqual(['post.active']);
  });

  it('keeps a sum with the number of records behind it, and a count as its own number', () => {
    const columns = summaryPlan(mediation)?.columns ?? [];
    const sums = columns.filter((c) => c.indicator.measure.op === 'sum');
    expect(sums.map((c) => c.code)).toEqual(['mediation.parties', 'mediation.fee', 'mediation.hours']);
    for (const c of sums) expect(c.records).toMatch(/^r_/);
    for (const c of columns.filter((c) => c.indicator.measure.op === 'count')) expect(c.records).toBeUndefined();
    expect(new Set(columns.map((c) => c.value)).size).toBe(columns.length);
  });

  it('changes its signature when a definition changes what it counts, and only then', () => {
    const base = mediation;
    const same = { ...base, indicators: [...(base.indicators ?? [])] };
    expect(summaryPlan(same)?.signature).toBe(summaryPlan(base)?.signature);
    const narrowed = {
      ...base,
      indicators: (base.indicators ?? []).map((i) => (i.code === 'mediation.resolved' ? { ...i, where: [{ field: 'status', equals: 'unresolved' }] } : i)),
    };
    expect(summaryPlan(narrowed)?.signature).not.toBe(summaryPlan(base)?.signature);
    const relabelled = { ...base, indicators: (base.indicators ?? []).map((i) => ({ ...i, label: `${i.label}（改）` })) };
    expect(summaryPlan(relabelled)?.signature).toBe(summaryPlan(base)?.signature);
    // A summed field that becomes money is kept in fen: the rows mean something else.
    const retyped = { ...base, fields: base.fields.map((f) => (f.name === 'parties' ? { ...f, type: 'money' as const } : f)) };
    expect(summaryPlan(retyped)?.signature).not.toBe(summaryPlan(base)?.signature);
  });

  it('keeps sums of decimals (in thousandths, decimal.test.ts), and a decimal that becomes an integer means other rows', () => {
    expect(codesOf(mediation)).toContain('mediation.hours');
    const whole: KindDefinition = { ...mediation, fields: mediation.fields.map((f) => (f.name === 'hours' ? integer('hours', '调解用时') : f)) };
    expect(codesOf(whole)).toContain('mediation.hours');
    expect(summaryPlan(whole)?.signature).not.toBe(summaryPlan(mediation)?.signature);
  });

  it('has no summary for a kind whose figures do not add up', () => {
    const onlyDistinct: KindDefinition = { ...mediation, indicators: [{ code: 'x.people', label: '人数', unit: '人', measure: { op: 'distinct', field: 'mediator' } }] };
    expect(summaryPlan(onlyDistinct)).toBeUndefined();
    expect(summaryPlan({ ...mediation, indicators: [] })).toBeUndefined();
  });
});

describe('which periods and units a summary answers', () => {
  it('answers whole months only', () => {
    expect(wholeMonths({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ from: '2025-01', to: '2025-12' });
    expect(wholeMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ from: '2024-02', to: '2024-02' });
    expect(wholeMonths({ from: '2025-02-01', to: '2025-02-28' })).toEqual({ from: '2025-02', to: '2025-02' });
    expect(wholeMonths({ from: '2025-01-01', to: '2025-12-15' })).toBeUndefined();
    expect(wholeMonths({ from: '2025-01-02', to: '2025-12-31' })).toBeUndefined();
    expect(wholeMonths({ from: '2025-02-01', to: '2025-02-29' })).toBeUndefined();
  });
});
