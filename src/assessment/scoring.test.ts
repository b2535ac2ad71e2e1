import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScoringRule } from '../shared/assessment.js';
import { distributionOf, isShort, itemScore, rankOf, ruleScore } from './scoring.js';

const points = fc.integer({ min: 1, max: 400 }).map((n) => n / 4);
const figure = fc.double({ min: -1000, max: 1000, noNaN: true });
const positive = fc.double({ min: 0.01, max: 50, noNaN: true });

const threshold = fc.record({ type: fc.constant('threshold' as const), indicator: fc.constant('x.count'), min: figure });
const proportional = fc
  .tuple(figure, figure)
  .filter(([a, b]) => Math.abs(a - b) > 1e-3)
  .map(([from, to]) => ({ type: 'proportional' as const, indicator: 'x.count', from, to }));
const deduction = fc.record({ type: fc.constant('deduction' as const), indicator: fc.constant('x.rate'), target: figure, step: positive, deduct: positive });
const anyRule: fc.Arbitrary<ScoringRule> = fc.oneof(threshold, proportional, deduction);

describe('scoring rules', () => {
  it('keeps every score within the item’s points', () => {
    fc.assert(
      fc.property(anyRule, points, figure, (rule, p, value) => {
        const score = ruleScore(rule, p, value);
        expect(score).not.toBeNull();
        expect(score as number).toBeGreaterThanOrEqual(0);
        expect(score as number).toBeLessThanOrEqual(p);
      }),
    );
  });

  it('keeps an adjusted score within the points too', () => {
    fc.assert(
      fc.property(anyRule, points, figure, fc.double({ min: -50, max: 500, noNaN: true }), (rule, p, value, adjusted) => {
        const { score } = itemScore({ points: p, rule }, value, adjusted);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(p);
      }),
    );
  });

  it('never gives less for a higher figure under a threshold rule', () => {
    fc.assert(
      fc.property(threshold, points, figure, figure, (rule, p, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(ruleScore(rule, p, high) as number).toBeGreaterThanOrEqual(ruleScore(rule, p, low) as number);
      }),
    );
  });

  it('moves with the figure under a proportional rule, in the rule’s direction', () => {
    fc.assert(
      fc.property(proportional, points, figure, figure, (rule, p, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const [atLow, atHigh] = [ruleScore(rule, p, low) as number, ruleScore(rule, p, high) as number];
        if (rule.to > rule.from) expect(atHigh).toBeGreaterThanOrEqual(atLow);
        else expect(atHigh).toBeLessThanOrEqual(atLow);
      }),
    );
  });

  it('never gives less for a higher figure under a deduction rule, and stops deducting at zero', () => {
    fc.assert(
      fc.property(deduction, points, figure, figure, (rule, p, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(ruleScore(rule, p, high) as number).toBeGreaterThanOrEqual(ruleScore(rule, p, low) as number);
        // Far below the target every point is gone, and no further.
        expect(ruleScore(rule, p, rule.target - (p / rule.deduct + 2) * rule.step)).toBe(0);
      }),
    );
  });

  it('scores the county’s own examples', () => {
    const meetings: ScoringRule = { type: 'threshold', indicator: 'leadership.meetings', min: 2 };
    expect(ruleScore(meetings, 4, 1)).toBe(0);
    expect(ruleScore(meetings, 4, 2)).toBe(4);
    const resolution: ScoringRule = { type: 'deduction', indicator: 'dispute.rate', target: 95, step: 1, deduct: 0.5 };
    expect(ruleScore(resolution, 5, 96.2)).toBe(5);
    // 95% computed as 19/20 must not count as a step short.
    expect(ruleScore(resolution, 5, (19 / 20) * 100)).toBe(5);
    expect(ruleScore(resolution, 5, 93)).toBe(4);
    expect(ruleScore(resolution, 5, 92.5)).toBe(3.5);
    expect(ruleScore(resolution, 5, 40)).toBe(0);
    const training: ScoringRule = { type: 'proportional', indicator: 'study.hours', from: 0, to: 40 };
    expect(ruleScore(training, 3, 10)).toBe(0.75);
    expect(ruleScore(training, 3, 80)).toBe(3);
    expect(isShort(training, 10)).toBe(true);
    expect(isShort(training, 40)).toBe(false);
  });

  it('leaves a manual item to the reviewer', () => {
    expect(ruleScore({ type: 'manual' }, 5, 3)).toBeNull();
    expect(itemScore({ points: 5, rule: { type: 'manual' } }, null)).toEqual({ computed: null, score: 0 });
    expect(itemScore({ points: 5, rule: { type: 'manual' } }, null, 4.5)).toEqual({ computed: null, score: 4.5 });
  });

  it('ranks ties together and spreads totals over bands of the points', () => {
    const ranked = rankOf([{ name: '甲', total: 80 }, { name: '乙', total: 92 }, { name: '丙', total: 80 }, { name: '丁', total: 60 }]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([['乙', 1], ['甲', 2], ['丙', 2], ['丁', 4]]);
    const bands = distributionOf([100, 95, 80, 12], 100);
    expect(bands.find((b) => b.band === '90%–100%')?.towns).toBe(2);
    expect(bands.find((b) => b.band === '80%–90%')?.towns).toBe(1);
    expect(bands.find((b) => b.band === '10%–20%')?.towns).toBe(1);
    expect(bands.reduce((n, b) => n + b.towns, 0)).toBe(4);
  });
});
