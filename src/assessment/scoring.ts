/**
 * Scoring an assessment item from its figure: pure functions over a rule, the item's points and
 * the value of the indicator the rule reads. No database; the service feeds in the figures.
 */
import type { AssessmentItem, ScoringRule } from '../shared/assessment.js';

/** Scores are kept to two decimals, as score sheets are written (0.5, 2.25). */
export const roundScore = (n: number) => Math.round(n * 100) / 100;

// Figures come out of divisions (化解率 94.99999…): compare them at a millionth so a rate that is
// 95% on paper is not a step short.
const settle = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * What the rule gives for `value`, between 0 and `points`; null for a manual rule (the reviewer
 * scores it) or when there is no figure to read.
 */
export function ruleScore(rule: ScoringRule, points: number, value: number | null): number | null {
  if (rule.type === 'manual' || value === null || !Number.isFinite(value)) return null;
  const v = settle(value);
  if (rule.type === 'threshold') return v >= settle(rule.min) ? points : 0;
  if (rule.type === 'proportional') {
    // A rule written high-to-low (fewer is better, e.g. 败诉案件) runs the same way reversed.
    const share = (v - rule.from) / (rule.to - rule.from);
    return roundScore(points * Math.min(1, Math.max(0, share)));
  }
  const short = settle(rule.target - v);
  if (short <= 0) return points;
  // Every started step counts: 1.2 points short with a step of 1 is two deductions.
  const steps = Math.ceil(settle(short / rule.step));
  return roundScore(Math.max(0, points - steps * rule.deduct));
}

/** The figure the rule needs for full points, for telling a town how far it is short. */
export function neededFor(rule: ScoringRule): number | null {
  if (rule.type === 'threshold') return rule.min;
  if (rule.type === 'proportional') return rule.to;
  if (rule.type === 'deduction') return rule.target;
  return null;
}

/** Whether a figure falls short of full points. */
export function isShort(rule: ScoringRule, value: number | null): boolean {
  const needed = neededFor(rule);
  if (needed === null || value === null) return false;
  if (rule.type === 'proportional' && rule.to < rule.from) return settle(value) > settle(needed);
  return settle(value) < settle(needed);
}

/**
 * The item's score: the reviewer's adjustment when there is one, else what the rule gives,
 * else (a manual item nobody has scored yet) nothing. Kept within the item's points.
 */
export function itemScore(item: Pick<AssessmentItem, 'points' | 'rule'>, value: number | null, adjusted?: number | null): { computed: number | null; score: number } {
  const computed = ruleScore(item.rule, item.points, value);
  const chosen = adjusted ?? computed ?? 0;
  return { computed, score: roundScore(Math.min(item.points, Math.max(0, chosen))) };
}

/** Competition ranking (1, 2, 2, 4) of totals, highest first. */
export function rankOf<T extends { total: number }>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  return sorted.map((row) => ({ ...row, rank: sorted.findIndex((r) => r.total === row.total) + 1 }));
}

/** How many totals fall in each tenth of the points (the last band holds full marks). */
export function distributionOf(totals: readonly number[], totalPoints: number): Array<{ band: string; towns: number }> {
  const bands = Array.from({ length: 10 }, (_, i) => ({ band: `${i * 10}%–${i === 9 ? 100 : i * 10 + 10}%`, towns: 0 }));
  for (const t of totals) {
    const share = totalPoints > 0 ? t / totalPoints : 0;
    const at = Math.min(9, Math.max(0, Math.floor(settle(share * 10))));
    (bands[at] as { towns: number }).towns += 1;
  }
  return bands;
}
