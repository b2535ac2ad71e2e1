/**
 * Indicators (指标): named counts over ledger records. Each is declared beside the kind it
 * counts (src/areas/…), evaluated in SQL for an org subtree and a period, and returns its value
 * with the ids of the records behind it. Rates are ratios of two indicators, never stored.
 */
import type { OrgLevel } from '../org/levels.js';

export const UNITS = ['次', '条', '人', '件', '起', '台', '个', '%', '人次', '元', '小时', '家'] as const;
export type Unit = (typeof UNITS)[number];

/** A condition on a record; all conditions of an indicator must hold. */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: readonly string[] }
  /** A multiChoice field (or 'tags') holds this item. */
  | { field: string; has: string }
  | { field: string; present: true }
  | { field: string; absent: true }
  /** A text field contains any of these words. */
  | { field: string; mentions: readonly string[] };

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
}

export interface RatioIndicatorSpec extends Common {
  ratio: { numerator: string; denominator: string };
}

export type KindIndicatorSpec = LedgerIndicatorSpec | RatioIndicatorSpec;

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
export interface UnitCountIndicator extends UnitCountIndicatorSpec {
  area: string;
}
export type Indicator = LedgerIndicator | RatioIndicator | UnitCountIndicator;

export const isRatio = (i: Indicator): i is RatioIndicator => 'ratio' in i;
export const isUnitCount = (i: Indicator): i is UnitCountIndicator => 'unitLevel' in i;
export const isLedger = (i: Indicator): i is LedgerIndicator => 'measure' in i;

export interface IndicatorValue {
  code: string;
  label: string;
  unit: Unit;
  value: number;
  numerator?: number;
  denominator?: number;
  /** How many records stand behind the value. */
  records: number;
}
