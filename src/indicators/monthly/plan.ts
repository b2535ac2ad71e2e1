/**
 * Monthly summaries (月度汇总): for every kind, one row per town (or unit above a town that keeps
 * records itself), month and — for kinds with standing things — month the record ends, holding
 * each additive indicator's count or sum. A county, city or province then adds up a few thousand
 * summary rows instead of reading millions of records. Only counts and sums add up; distinct
 * measures stay on the records. This module is the pure half: what a kind's summary holds and which
 * periods it can answer. Rows are kept per town (src/org/towns.ts).
 */
import { createHash } from 'node:crypto';
import type { KindDefinition } from '../../ledger/kind.js';
import { tableOf } from '../../ledger/kind.js';
import { hasOwnDates, type LedgerIndicator, type LedgerIndicatorSpec } from '../definition.js';
import type { Period } from '../period.js';

/** Raised when what a summary row means changes; every summary is then rebuilt at the next start. */
const LAYOUT_VERSION = 3;

/** The month of a standing thing without an end date: later than any real month. */
export const OPEN_END = '9999-12';

export interface SummaryColumn {
  code: string;
  /** Column of the value: a count, or the sum of a field (whole fen for money). */
  value: string;
  /** Column of the number of records behind a sum; a count is its own number of records. */
  records?: string;
  indicator: LedgerIndicatorSpec;
}

export interface SummaryPlan {
  kind: string;
  /** The kind's ledger table and its summary table. */
  source: string;
  table: string;
  columns: SummaryColumn[];
  /** Whether rows are also keyed by the month records end ('active' indicators need it). */
  byEndMonth: boolean;
  /** Changes whenever the meaning of a column changes, so a stale summary is never read. */
  signature: string;
}

export const SUMMARY_PREFIX = 'summary_';

/**
 * Counts and sums add up over units and months exactly: every sum is of whole numbers (integers,
 * money in fen, decimals in thousandths: conditions.ts's summand). Distinct measures do not add up;
 * they are counted from the records or kept apart (distinct.ts).
 */
export function isSummarizable(i: Pick<LedgerIndicatorSpec, 'measure' | 'dateField' | 'endField'>): boolean {
  // Rows are kept by the month of the record's date (and end date): a figure dated otherwise reads the records.
  if (hasOwnDates(i)) return false;
  return i.measure.op === 'count' || i.measure.op === 'sum';
}

const columnName = (prefix: string, code: string) => {
  const plain = `${prefix}_${code.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  return plain.length <= 60 ? plain : `${prefix}_${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
};

const plans = new WeakMap<KindDefinition, SummaryPlan | null>();

/** What the kind's summary holds; undefined when none of its indicators adds up. */
export function summaryPlan(kind: KindDefinition): SummaryPlan | undefined {
  const known = plans.get(kind);
  if (known !== undefined) return known ?? undefined;
  const specs = (kind.indicators ?? []).filter((i): i is LedgerIndicatorSpec => 'measure' in i && isSummarizable(i));
  const columns = specs.map((indicator) => ({
    code: indicator.code,
    value: columnName('v', indicator.code),
    ...(indicator.measure.op === 'sum' ? { records: columnName('r', indicator.code) } : {}),
    indicator,
  }));
  const plan: SummaryPlan | undefined = columns.length
    ? {
        kind: kind.code,
        source: tableOf(kind),
        table: `${SUMMARY_PREFIX}${tableOf(kind)}`,
        columns,
        byEndMonth: specs.some((i) => i.period === 'active'),
        signature: signatureOf(kind, specs),
      }
    : undefined;
  plans.set(kind, plan ?? null);
  return plan;
}

function signatureOf(kind: KindDefinition, specs: LedgerIndicatorSpec[]): string {
  // The types of the fields named matter too: a sum of money is kept in fen, a boolean equals 1.
  const named = new Set(specs.flatMap((i) => [...(i.where ?? []).map((c) => c.field), ...('field' in i.measure ? [i.measure.field] : [])]));
  const fields = kind.fields.filter((f) => named.has(f.name)).map((f) => [f.name, f.type, f.sensitive ?? false]);
  const body = JSON.stringify([LAYOUT_VERSION, specs.map((i) => [i.code, i.measure, i.where ?? [], i.period ?? 'dated']), fields]);
  return createHash('sha256').update(body).digest('hex').slice(0, 32);
}

export const monthOf = (date: string) => date.slice(0, 7);

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/** The months a period spans when it starts on a first and ends on a last day of a month; otherwise undefined. */
export function wholeMonths(period: Period): { from: string; to: string } | undefined {
  if (!period.from.endsWith('-01')) return undefined;
  const to = monthOf(period.to);
  if (Number(period.to.slice(8, 10)) !== lastDayOf(to)) return undefined;
  return { from: monthOf(period.from), to };
}

const columnsOf = new WeakMap<LedgerIndicator, SummaryColumn | null>();

/** An indicator with its kind, as the engine passes it, belongs to the plan when the plan has its column. */
export function summaryColumnOf(plan: SummaryPlan, indicator: LedgerIndicator): SummaryColumn | undefined {
  // Indicators are collected once per set of kinds, so the answer is kept with the indicator object.
  const known = columnsOf.get(indicator);
  if (known !== undefined) return known ?? undefined;
  const column = plan.columns.find((c) => c.code === indicator.code);
  // Same code, same definition: a caller holding another version of the kind must not read this one.
  const same =
    column && JSON.stringify([column.indicator.measure, column.indicator.where ?? [], column.indicator.period ?? 'dated']) === JSON.stringify([indicator.measure, indicator.where ?? [], indicator.period ?? 'dated']);
  columnsOf.set(indicator, same ? column : null);
  return same ? column : undefined;
}
