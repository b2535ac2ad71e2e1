/**
 * How a figure is written in a report. Approximate phrasing is a formatting rule, not another
 * number: 63 → "60余条", 1,024 → "超1000人次", 10 of 10 → "100%".
 */
import type { IndicatorValue, PercentPrecision } from '../indicators/definition.js';
import type { FigureFormat } from '../shared/report.js';
import { FIGURE_FORMATS, FORMAT_LABELS } from '../shared/report.js';
export type { FigureFormat };
export { FIGURE_FORMATS, FORMAT_LABELS };

/** The round number just below n: tens under 100, then two significant digits (1,234 → 1,200). */
export function roundDown(n: number): number {
  if (n < 100) return Math.floor(n / 10) * 10;
  const magnitude = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / magnitude) * magnitude;
}

/** A number to `digits` decimals (one unless the indicator or placeholder says otherwise), without trailing zeros. */
const plain = (n: number, digits = 1) => {
  if (Number.isInteger(n)) return String(n);
  const scale = 10 ** digits;
  return String(Math.round(n * scale) / scale);
};

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
export const isEmptyFigure = (value: IndicatorValue) =>
  value.value === 0 || hasNoBase(value) || (value.numerator !== undefined && value.denominator === 0) || nothingNow(value);

/**
 * A change to nothing: this year's value is 0 ("下降100%"), so the figure it compares has left
 * the sentence and the change would stand without its subject.
 */
const nothingNow = (value: IndicatorValue) => value.previous !== undefined && (value.numerator ?? value.value) + value.previous === 0;

/** The figure as text, with its unit where the format carries one; `precision` overrides a percentage's own. */
export function formatFigure(value: IndicatorValue, format: FigureFormat, precision?: PercentPrecision): string {
  const unit = value.unit === '%' ? '' : value.unit;
  // A rate of nothing (no documents issued, nothing last year) is not 0%, whatever the format.
  if (hasNoBase(value)) return '—';
  // A plain quotient (人 per 村) keeps the decimals its definition or the placeholder asks for.
  const digits = precision ?? value.precision ?? 1;
  switch (format) {
    case 'percent':
      return value.numerator !== undefined && value.denominator !== undefined
        ? formatPercent(value.numerator, value.denominator, precision ?? value.precision)
        : `${Number(value.value.toFixed(precision ?? value.precision ?? 1))}%`;
    case 'number':
      return plain(value.value, digits);
    case 'floor': {
      const n = value.value;
      if (n < 10 || !Number.isInteger(n)) return `${plain(n, digits)}${unit}`;
      const base = roundDown(n);
      return base === n ? `${n}${unit}` : `${base}余${unit}`;
    }
    case 'over': {
      const n = value.value;
      if (n < 10) return `${plain(n, digits)}${unit}`;
      const base = roundDown(n);
      return base === n ? `${plain(n, digits)}${unit}` : `超${base}${unit}`;
    }
    case 'exact':
      return value.unit === '%' ? formatFigure(value, 'percent', precision) : `${plain(value.value, digits)}${unit}`;
  }
}

/** A rise and its fall, as reports word a change: 增长 20% / 下降 20%, 增加 3件 / 减少 3件. */
const DIRECTIONS: ReadonlyArray<readonly [rise: string, fall: string]> = [
  ['增长', '下降'],
  ['增加', '减少'],
  ['上升', '下降'],
  ['提高', '降低'],
  ['提升', '下降'],
  ['增多', '减少'],
];

/** A change against the year before (同比), which carries the value then. */
export const isChangeFigure = (value: IndicatorValue) => value.previous !== undefined;

/**
 * A change written by its direction, never as "增长-20%": the template's own direction word before
 * the figure is turned to the change's sign ("同比增长" with −20% reads "同比下降20%"); without one
 * the change brings its own ("较上年" with −3件 reads "较上年减少3件"); no change reads "持平".
 * Returns the text before the figure and the figure's own text.
 */
export function wordChange(before: string, value: IndicatorValue, format: FigureFormat, precision?: PercentPrecision): { before: string; figure: string } {
  if (hasNoBase(value)) return { before, figure: formatFigure(value, format, precision) };
  const said = DIRECTIONS.flatMap(([rise, fall]) => [rise, fall].map((word) => ({ word, rise, fall }))).find(({ word }) => before.endsWith(word));
  const stem = said ? before.slice(0, -said.word.length) : before;
  if (value.value === 0) return { before: stem, figure: '持平' };
  const [rise, fall] = said ? [said.rise, said.fall] : value.unit === '%' ? ['增长', '下降'] : ['增加', '减少'];
  const magnitude: IndicatorValue = { ...value, value: Math.abs(value.value), ...(value.numerator === undefined ? {} : { numerator: Math.abs(value.numerator) }) };
  return { before: `${stem}${value.value < 0 ? fall : rise}`, figure: formatFigure(magnitude, format, precision) };
}
