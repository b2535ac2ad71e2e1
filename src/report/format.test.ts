import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../indicators/definition.js';
import { formatFigure, formatPercent, roundDown, wordChange } from './format.js';

const v = (value: number, unit: IndicatorValue['unit'], extra: Partial<IndicatorValue> = {}): IndicatorValue => ({
  code: 'x',
  label: 'x',
  unit,
  value,
  records: 0,
  ...extra,
});

describe('figure formats', () => {
  it('writes the seed phrasings', () => {
    expect(formatFigure(v(12, '次'), 'exact')).toBe('12次');
    expect(formatFigure(v(63, '条'), 'floor')).toBe('60余条');
    expect(formatFigure(v(83, '条'), 'floor')).toBe('80余条');
    expect(formatFigure(v(1024, '人次'), 'over')).toBe('超1000人次');
    expect(formatFigure(v(100, '%', { numerator: 10, denominator: 10 }), 'percent')).toBe('100%');
  });

  it('does not claim "余" or "超" for a round number or a small one', () => {
    expect(formatFigure(v(60, '条'), 'floor')).toBe('60条');
    expect(formatFigure(v(7, '条'), 'floor')).toBe('7条');
    expect(formatFigure(v(1000, '人次'), 'over')).toBe('1000人次');
  });

  it('rounds down to two significant digits above a hundred', () => {
    expect(roundDown(128)).toBe(120);
    expect(roundDown(1234)).toBe(1200);
    expect(roundDown(99)).toBe(90);
    expect(formatFigure(v(1234, '人次'), 'floor')).toBe('1200余人次');
  });

  it('computes percentages from numerator and denominator, to one decimal', () => {
    expect(formatFigure(v(0, '%', { numerator: 375, denominator: 391 }), 'percent')).toBe('95.9%');
    expect(formatFigure(v(0, '%', { numerator: 0, denominator: 0 }), 'percent')).toBe('—');
  });

  it('writes a percentage to the indicator’s precision, without trailing zeros, and no rate of nothing', () => {
    const rate = (precision: 0 | 1 | 2, numerator: number, denominator: number) => v(0, '%', { numerator, denominator, precision });
    expect(formatFigure(rate(0, 59, 61), 'percent')).toBe('97%');
    expect(formatFigure(rate(2, 113, 115), 'percent')).toBe('98.26%');
    expect(formatFigure(rate(2, 1, 2), 'percent')).toBe('50%');
    expect(formatFigure(rate(2, 1, 2), 'exact')).toBe('50%');
    for (const format of ['percent', 'exact', 'number', 'floor'] as const) expect(formatFigure(rate(2, 0, 0), format)).toBe('—');
    expect(formatPercent(1, 3, 0)).toBe('33%');
    expect(formatPercent(1, 3)).toBe('33.3%');
  });

  it('writes the new unit words', () => {
    expect(formatFigure(v(120, '件次'), 'exact')).toBe('120件次');
    expect(formatFigure(v(3, '批次'), 'exact')).toBe('3批次');
    expect(formatFigure(v(12.5, '万元'), 'exact')).toBe('12.5万元');
  });

  it('writes a plain quotient to its own precision: none, one or two decimals', () => {
    // 人 per village, a ratio that is not a percentage.
    const perVillage = (value: number, precision?: 0 | 1 | 2) => v(value, '人', { numerator: value * 6, denominator: 6, ...(precision === undefined ? {} : { precision }) });
    expect(formatFigure(perVillage(2.4567, 0), 'exact')).toBe('2人');
    expect(formatFigure(perVillage(2.5, 0), 'number')).toBe('3');
    expect(formatFigure(perVillage(2.4567, 2), 'exact')).toBe('2.46人');
    expect(formatFigure(perVillage(2.4567, 2), 'number')).toBe('2.46');
    expect(formatFigure(perVillage(2.4, 2), 'exact')).toBe('2.4人');
    expect(formatFigure(perVillage(2.4567), 'exact')).toBe('2.5人');
    // The placeholder's own decimals win over the definition's.
    expect(formatFigure(perVillage(2.4567, 0), 'exact', 2)).toBe('2.46人');
    expect(formatFigure(perVillage(7, 2), 'exact')).toBe('7人');
  });

  it('writes none of four as 0%, not as a rate of nothing', () => {
    expect(formatFigure(v(0, '%', { numerator: 0, denominator: 4 }), 'percent')).toBe('0%');
  });
});

describe('a change against last year', () => {
  const percent = (now: number, then: number) => v(then ? ((now - then) / then) * 100 : 0, '%', { numerator: now - then, denominator: then, previous: then });
  const count = (now: number, then: number) => v(now - then, '件', { previous: then });

  it('turns the template\'s direction word to the sign of the change', () => {
    expect(wordChange('同比增长', percent(8, 10), 'percent')).toEqual({ before: '同比下降', figure: '20%' });
    expect(wordChange('同比下降', percent(12, 10), 'percent')).toEqual({ before: '同比增长', figure: '20%' });
    expect(wordChange('同比增长', percent(12, 10), 'percent')).toEqual({ before: '同比增长', figure: '20%' });
    expect(wordChange('较上年增加', count(7, 10), 'exact')).toEqual({ before: '较上年减少', figure: '3件' });
    expect(wordChange('较上年提高', percent(9, 12), 'percent', 0)).toEqual({ before: '较上年降低', figure: '25%' });
  });

  it('brings its own direction word when the template has none', () => {
    expect(wordChange('较上年', count(7, 10), 'exact')).toEqual({ before: '较上年减少', figure: '3件' });
    expect(wordChange('较上年', count(12, 10), 'exact')).toEqual({ before: '较上年增加', figure: '2件' });
    expect(wordChange('同比', percent(8, 10), 'percent')).toEqual({ before: '同比下降', figure: '20%' });
  });

  it('says 持平 for no change, and nothing against a year without records', () => {
    expect(wordChange('同比增长', count(5, 5), 'exact')).toEqual({ before: '同比', figure: '持平' });
    expect(wordChange('同比增长', percent(5, 0), 'percent')).toEqual({ before: '同比增长', figure: '—' });
  });
});

