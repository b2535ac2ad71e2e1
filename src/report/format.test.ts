import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../indicators/definition.js';
import { formatFigure, formatPercent, roundDown } from './format.js';

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
});
