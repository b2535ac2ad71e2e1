import { describe, expect, it } from 'vitest';
import { builtInKinds } from '../../areas/index.js';
import type { KindDefinition } from '../../ledger/kind.js';
import { summaryPlan, wholeMonths } from './plan.js';

const kind = (code: string) => builtInKinds.find((k) => k.code === code) as KindDefinition;

describe('what a monthly summary holds', () => {
  it('keeps a column for every count and sum, and none for distinct measures', () => {
    const plan = summaryPlan(kind('dispute'));
    expect(plan?.table).toBe('summary_ledger_dispute');
    expect(plan?.columns.map((c) => c.code)).toEqual(['dispute.screened', 'dispute.resolved', 'dispute.land_transfer']);
    expect(plan?.byEndMonth).toBe(false);

    const advisor = summaryPlan(kind('legalAdvisor'));
    const codes = advisor?.columns.map((c) => c.code) ?? [];
    const distinct = (kind('legalAdvisor').indicators ?? []).filter((i) => 'measure' in i && i.measure.op.startsWith('distinct')).map((i) => i.code);
    expect(distinct.length).toBeGreaterThan(0);
    for (const code of distinct) expect(codes).not.toContain(code);
  });

  it('keys rows by the month records end when a kind counts standing things', () => {
    const grid = summaryPlan(kind('gridPost'));
    expect(grid?.byEndMonth).toBe(true);
  });

  it('keeps a sum with the number of records behind it', () => {
    const sums = builtInKinds.flatMap((k) => summaryPlan(k)?.columns ?? []).filter((c) => c.indicator.measure.op === 'sum');
    expect(sums.length).toBeGreaterThan(0);
    for (const c of sums) expect(c.records).toMatch(/^r_/);
  });

  it('changes its signature when a definition changes what it counts, and only then', () => {
    const base = kind('dispute');
    const same = { ...base, indicators: [...(base.indicators ?? [])] };
    expect(summaryPlan(same)?.signature).toBe(summaryPlan(base)?.signature);
    const narrowed = {
      ...base,
      indicators: (base.indicators ?? []).map((i) => (i.code === 'dispute.resolved' ? { ...i, where: [{ field: 'status', equals: 'unresolved' }] } : i)),
    };
    expect(summaryPlan(narrowed)?.signature).not.toBe(summaryPlan(base)?.signature);
    const relabelled = { ...base, indicators: (base.indicators ?? []).map((i) => ({ ...i, label: `${i.label}（改）` })) };
    expect(summaryPlan(relabelled)?.signature).toBe(summaryPlan(base)?.signature);
  });

  it('leaves sums of decimals to the records: adding and taking away fractions drifts', () => {
    const base = kind('dispute');
    const withDecimal: KindDefinition = {
      ...base,
      fields: [...base.fields, { name: 'hours', label: '用时', type: 'decimal' }],
      indicators: [...(base.indicators ?? []), { code: 'dispute.hours', label: '调解用时', unit: '小时', measure: { op: 'sum', field: 'hours' } }],
    };
    expect(summaryPlan(withDecimal)?.columns.map((c) => c.code)).not.toContain('dispute.hours');
    expect(summaryPlan(withDecimal)?.columns.map((c) => c.code)).toContain('dispute.screened');
  });

  it('has no summary for a kind whose figures do not add up', () => {
    const onlyDistinct: KindDefinition = { ...kind('dispute'), indicators: [{ code: 'x.people', label: '人数', unit: '人', measure: { op: 'distinct', field: 'mediator' } }] };
    expect(summaryPlan(onlyDistinct)).toBeUndefined();
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
