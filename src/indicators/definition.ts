/**
 * Indicators (指标): named counts over ledger records. Each is declared beside the kind it
 * counts (src/areas/…), evaluated in SQL for an org subtree and a period, and returns its value
 * with the ids of the records behind it. Rates are ratios of two indicators, never stored;
 * totals of indicators and changes against the previous period are derived the same way
 * (docs/DESIGN.md §5).
 */
import type { OrgLevel } from '../org/levels.js';
import type { Unit, PercentPrecision, IndicatorValue } from '../shared/indicators.js';
import { UNITS, PERCENT_PRECISIONS } from '../shared/indicators.js';
export type { Unit, PercentPrecision, IndicatorValue };
export { UNITS, PERCENT_PRECISIONS };

/** A condition on a record; all conditions of an indicator must hold. */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: readonly string[] }
  /** Empty, or none of these: a certificate counts unless suspended or cancelled. */
  | { field: string; notIn: readonly string[] }
  /** A multiChoice field (or 'tags') holds this item. */
  | { field: string; has: string }
  | { field: string; present: true }
  | { field: string; absent: true }
  /** A text field contains any of these words. */
  | { field: string; mentions: readonly string[] }
  /** A date or number within bounds (inclusive; either may be open): a town's own filters. */
  | { field: string; range: { from?: string | number; to?: string | number } };

export type Measure =
  | { op: 'count' }
  | { op: 'sum'; field: string }
  /** Distinct non-empty values of a field: people rather than posts. */
  | { op: 'distinct'; field: string }
  /** Distinct items named in a multiChoice field across the records (e.g. which 法律五进 targets were reached). */
  | { op: 'distinctItems'; field: string }
  /** Distinct org units of a level named in an 'orgs' field, e.g. villages an advisor serves. */
  | { op: 'distinctUnits'; field: string; level: OrgLevel };

interface Common {
  code: string;
  label: string;
  unit: Unit;
  description?: string;
  /** Words reports use for the figure besides its label, for checking drafts; longer, more specific words win. */
  aliases?: readonly string[];
  /**
   * Words that say which figure is meant but not of what: a report says them of many things
   * ("提出建议", "参训", "同比增长"), so they name this indicator only when the figure's sentence
   * also names its topic (`topicWords`). Better a figure left unmatched than a false 不一致.
   */
  genericAliases?: readonly string[];
  /**
   * Words that name what the indicator is about, needed beside its generic aliases; by default the
   * words of the kind it counts ("法治体检" for 企业法治体检提出建议).
   */
  topicWords?: readonly string[];
  /** A percentage's decimals (default 1). */
  precision?: PercentPrecision;
  /** For a town's (or county's) own indicator: the unit that defined it and the definition's version. */
  ownerOrgId?: string;
  version?: number;
}

export interface LedgerIndicatorSpec extends Common {
  measure: Measure;
  where?: readonly Condition[];
  /**
   * 'dated' (default): records dated within the period.
   * 'active': records in force at some time in the period (date ≤ end and no end date before the start),
   * for standing things like posts, advisors' contracts, equipment.
   */
  period?: 'dated' | 'active';
  /**
   * The date field that places a record in the period instead of the record's date: documents
   * filed in the year (filedOn) whatever year they were drafted. Such figures are counted from the
   * records, never from the monthly summaries (kept by the record's month).
   */
  dateField?: string;
  /** For 'active': the date field on which the thing ends instead of the end date (a certificate's expiresOn). */
  endField?: string;
}

/**
 * numerator / denominator: a percentage when the unit is '%' (0 of 0 is "—", not 0%), otherwise
 * the plain quotient (per head, per village).
 */
export interface RatioIndicatorSpec extends Common {
  ratio: { numerator: string; denominator: string };
}

/** The sum of other indicators, possibly over several kinds: 集体学法 = 党委会学法 + 常务会学法 + 中心组 + 干部集中学法. */
export interface TotalIndicatorSpec extends Common {
  total: readonly string[];
}

/**
 * Change of another indicator against the same period a year before (同比): 'absolute' (this
 * year − last year, in the indicator's unit) or 'percent' (of last year's value; "—" when last year was 0).
 */
export interface ChangeIndicatorSpec extends Common {
  change: { of: string; as: 'absolute' | 'percent' };
}

export type DerivedIndicatorSpec = RatioIndicatorSpec | TotalIndicatorSpec | ChangeIndicatorSpec;
export type KindIndicatorSpec = LedgerIndicatorSpec | DerivedIndicatorSpec;

/** Counts the org units of a level in the subtree (e.g. all villages), for coverage ratios. */
export interface UnitCountIndicatorSpec extends Common {
  unitLevel: OrgLevel;
}

/** A ledger indicator with its kind filled in. */
export interface LedgerIndicator extends LedgerIndicatorSpec {
  kind: string;
  area: string;
}
export interface RatioIndicator extends RatioIndicatorSpec {
  area: string;
}
export interface TotalIndicator extends TotalIndicatorSpec {
  area: string;
}
export interface ChangeIndicator extends ChangeIndicatorSpec {
  area: string;
}
export interface UnitCountIndicator extends UnitCountIndicatorSpec {
  area: string;
}
export type Indicator = LedgerIndicator | RatioIndicator | TotalIndicator | ChangeIndicator | UnitCountIndicator;

export const isRatio = (i: Indicator): i is RatioIndicator => 'ratio' in i;
export const isTotal = (i: Indicator): i is TotalIndicator => 'total' in i;
export const isChange = (i: Indicator): i is ChangeIndicator => 'change' in i;
/** Computed from other indicators' values rather than from records or units. */
export const isDerived = (i: Indicator): i is RatioIndicator | TotalIndicator | ChangeIndicator => isRatio(i) || isTotal(i) || isChange(i);
/** A spec as declared with a kind: derived ones have no kind of their own. */
export const isDerivedSpec = (s: KindIndicatorSpec): s is DerivedIndicatorSpec => 'ratio' in s || 'total' in s || 'change' in s;
/** The indicators a derived one is computed from. */
export const partsOf = (i: DerivedIndicatorSpec): readonly string[] =>
  'ratio' in i ? [i.ratio.numerator, i.ratio.denominator] : 'total' in i ? i.total : [i.change.of];
/** Counted on a date other than the record's own, or ending on another field: never from the monthly summaries. */
export const hasOwnDates = (i: Pick<LedgerIndicatorSpec, 'dateField' | 'endField'>) => !!(i.dateField || i.endField);
export const isUnitCount = (i: Indicator): i is UnitCountIndicator => 'unitLevel' in i;
export const isLedger = (i: Indicator): i is LedgerIndicator => 'measure' in i;

