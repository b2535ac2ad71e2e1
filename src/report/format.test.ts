import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../indicators/definition.js';
import { formatFigure, roundDown } from './format.js';

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
});
