/**
 * How a figure is written in a report. Approximate phrasing is a formatting rule, not another
 * number: 63 → "60余条", 1,024 → "超1000人次", 10 of 10 → "100%".
 */
import type { IndicatorValue, PercentPrecision } from '../indicators/definition.js';

export const FIGURE_FORMATS = ['exact', 'floor', 'over', 'percent', 'number'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export const FORMAT_LABELS: Record<FigureFormat, string> = {
  exact: '精确（12次）',
  floor: '取整加“余”（60余条）',
  over: '“超”取整（超1000人次）',
  percent: '百分比（100%）',
  number: '只写数字（12）',
};

/** The round number just below n: tens under 100, then two significant digits (1,234 → 1,200). */
export function roundDown(n: number): number {
  if (n < 100) return Math.floor(n / 10) * 10;
  const magnitude = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / magnitude) * magnitude;
}

const plain = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10));

/** A percentage to `precision` decimals, without trailing zeros ("100%", "98.26%"); 0 of 0 is no percentage at all. */
export function formatPercent(numerator: number, denominator: number, precision: PercentPrecision = 1): string {
  if (denominator === 0) return '—';
  const scale = 10 ** precision;
  const pct = Math.round((numerator / denominator) * 100 * scale) / scale;
  return `${Number(pct.toFixed(precision))}%`;
}

const hasNoBase = (value: IndicatorValue) => value.unit === '%' && value.denominator === 0;

/**
 * Nothing to report: a zero, or a rate of nothing. A sentence made only of such figures is left
 * out of the report rather than printed as "…0次" or "覆盖率达到—".
 */
export const isEmptyFigure = (value: IndicatorValue) => value.value === 0 || hasNoBase(value) || (value.numerator !== undefined && value.denominator === 0);

/** The figure as text, with its unit where the format carries one; `precision` overrides a percentage's own. */
export function formatFigure(value: IndicatorValue, format: FigureFormat, precision?: PercentPrecision): string {
  const unit = value.unit === '%' ? '' : value.unit;
  // A rate of nothing (no documents issued, nothing last year) is not 0%, whatever the format.
  if (hasNoBase(value)) return '—';
  switch (format) {
    case 'percent':
      return value.numerator !== undefined && value.denominator !== undefined
        ? formatPercent(value.numerator, value.denominator, precision ?? value.precision)
        : `${Number(value.value.toFixed(precision ?? value.precision ?? 1))}%`;
    case 'number':
      return plain(value.value);
    case 'floor': {
      const n = value.value;
      if (n < 10 || !Number.isInteger(n)) return `${plain(n)}${unit}`;
      const base = roundDown(n);
      return base === n ? `${n}${unit}` : `${base}余${unit}`;
    }
    case 'over': {
      const n = value.value;
      if (n < 10) return `${plain(n)}${unit}`;
      const base = roundDown(n);
      return base === n ? `${plain(n)}${unit}` : `超${base}${unit}`;
    }
    case 'exact':
      return value.unit === '%' ? formatFigure(value, 'percent', precision) : `${plain(value.value)}${unit}`;
  }
}
