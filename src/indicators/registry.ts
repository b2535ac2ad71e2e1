/** Collects every indicator: those declared with the kinds, plus counts of org units. */
import { AppError } from '../core/errors.js';
import { isCustom, type AnyKind, type KindDefinition } from '../ledger/kind.js';
import type { Indicator, LedgerIndicator, UnitCountIndicator } from './definition.js';
import { isChange, isDerived, isDerivedSpec, isLedger, isRatio, isTotal, partsOf } from './definition.js';

/** Counts of the org tree itself, for coverage ratios (e.g. villages with an advisor / all villages). */
export const orgIndicators: UnitCountIndicator[] = [
  { code: 'org.villages', label: '村（社区）数', aliases: ['行政村', '村（社区）', '个村'], unit: '个', unitLevel: 'village', area: 'organisation' },
  { code: 'org.towns', label: '镇（乡、街道）数', aliases: ['乡镇', '苏木镇', '镇（乡、街道）'], unit: '个', unitLevel: 'town', area: 'organisation' },
  { code: 'org.grids', label: '网格数', aliases: ['网格', '划分网格'], unit: '个', unitLevel: 'grid', area: 'organisation' },
];

export function collectIndicators(kinds: readonly KindDefinition[]): Indicator[] {
  const all: Indicator[] = [...orgIndicators];
  for (const kind of kinds) {
    for (const spec of kind.indicators ?? []) {
      all.push(isDerivedSpec(spec) ? { ...spec, area: kind.area } : { ...spec, kind: kind.code, area: kind.area });
    }
  }
  checkIndicators(all, kinds);
  return all;
}

/** Definitions refer to fields, kinds and other indicators by name: catch a typo at start-up, not in a report. */
export function checkIndicators(all: Indicator[], kinds: readonly KindDefinition[]) {
  const codes = new Set<string>();
  const fail = (code: string, message: string) => {
    throw new AppError(500, 'bad_indicator', `指标 ${code} 定义有误：${message}`);
  };
  for (const i of all) {
    if (codes.has(i.code)) fail(i.code, '编码重复');
    codes.add(i.code);
  }
  const byCode = new Map(all.map((i) => [i.code, i]));
  for (const i of all) {
    if (isDerived(i)) {
      for (const ref of partsOf(i)) if (!codes.has(ref)) fail(i.code, `引用了不存在的指标 ${ref}`);
      // Last year's value is evaluated once, from records: a change of a change is not offered.
      if (isChange(i) && byCode.get(i.change.of) && isChange(byCode.get(i.change.of) as Indicator)) fail(i.code, '不能对同比指标再求同比');
      if (isTotal(i) && !i.total.length) fail(i.code, '合计指标至少引用一个指标');
      continue;
    }
    if (!isLedger(i)) continue;
    const kind = kinds.find((k) => k.code === i.kind);
    if (!kind) {
      fail(i.code, `台账类型 ${i.kind} 不存在`);
      continue;
    }
    const names = new Set(['tags', 'date', 'endDate', 'orgId', 'title', 'notes', ...kind.fields.map((f) => f.name)]);
    const fieldsUsed = [...(i.where ?? []).map((c) => c.field), ...('field' in i.measure ? [i.measure.field] : [])];
    for (const name of fieldsUsed) if (!names.has(name)) fail(i.code, `台账「${kind.label}」没有字段 ${name}`);
    for (const name of [i.dateField, i.endField]) {
      if (name === undefined) continue;
      if (!['date', 'endDate'].includes(name) && kind.fields.find((f) => f.name === name)?.type !== 'date') fail(i.code, `台账「${kind.label}」没有日期字段 ${name}`);
    }
    if (i.endField && i.period !== 'active') fail(i.code, '只有在期间内持续存在的事物（active）才有结束日期字段');
  }
}

/** How an indicator is computed, as `fazhi indicators --list` and the API describe it. */
export type MeasureDescription =
  | LedgerIndicator['measure']
  | { op: 'ratio'; numerator: string; denominator: string }
  | { op: 'total'; of: readonly string[] }
  | { op: 'change'; of: string; as: 'absolute' | 'percent' }
  | { op: 'units'; level: string };

export interface IndicatorDescription {
  code: string;
  label: string;
  unit: string;
  /** The ledger kind counted; for a derived figure, the kind all its parts count (null when they span kinds or count org units). */
  kind: string | null;
  area: string;
  measure: MeasureDescription;
  aliases: readonly string[];
  /** Words that name the indicator only beside a word of its topic (topicWords, or its kind's). */
  genericAliases?: readonly string[];
  topicWords?: readonly string[];
  precision?: number;
  where?: LedgerIndicator['where'];
  period?: 'dated' | 'active';
  dateField?: string;
  endField?: string;
  /** The unit that defined it, for a town's (or county's) own indicator; absent for built-in ones. */
  ownerOrgId?: string;
}

/**
 * Every definition, described field by field; indicators of a town's own kinds, and those a town
 * or county defined (`own`, already checked when saved), name the unit that owns them.
 */
export function describeIndicators(kinds: readonly AnyKind[], own: readonly Indicator[] = []): IndicatorDescription[] {
  const all = [...collectIndicators(kinds), ...own];
  const byCode = new Map(all.map((i) => [i.code, i]));
  const owners = new Map(kinds.filter(isCustom).map((k) => [k.code, k.ownerOrgId]));
  const kindsUnder = (i: Indicator, seen = new Set<string>()): Set<string | null> => {
    if (isLedger(i)) return new Set([i.kind]);
    if (!isDerived(i) || seen.has(i.code)) return new Set([null]);
    seen.add(i.code);
    return new Set(partsOf(i).flatMap((code) => [...kindsUnder(byCode.get(code) as Indicator, seen)]));
  };
  return all.map((i): IndicatorDescription => {
    const under = [...kindsUnder(i)];
    const kind = under.length === 1 ? (under[0] ?? null) : null;
    const measure: MeasureDescription = isLedger(i)
      ? i.measure
      : isRatio(i)
        ? { op: 'ratio', ...i.ratio }
        : isTotal(i)
          ? { op: 'total', of: i.total }
          : isChange(i)
            ? { op: 'change', ...i.change }
            : { op: 'units', level: i.unitLevel };
    // An indicator of a custom kind, or a derived one over such indicators only, is its owner's.
    const owner = i.ownerOrgId ?? (kind ? owners.get(kind) : undefined);
    return {
      code: i.code,
      label: i.label,
      unit: i.unit,
      kind,
      area: i.area,
      measure,
      aliases: i.aliases ?? [],
      ...(i.genericAliases?.length ? { genericAliases: i.genericAliases } : {}),
      ...(i.topicWords?.length ? { topicWords: i.topicWords } : {}),
      ...(i.precision !== undefined ? { precision: i.precision } : {}),
      ...(isLedger(i)
        ? { ...(i.where ? { where: i.where } : {}), period: i.period ?? 'dated', ...(i.dateField ? { dateField: i.dateField } : {}), ...(i.endField ? { endField: i.endField } : {}) }
        : {}),
      ...(owner ? { ownerOrgId: owner } : {}),
    };
  });
}
