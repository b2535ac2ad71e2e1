/** Collects every indicator: those declared with the kinds, plus counts of org units. */
import { AppError } from '../core/errors.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { Indicator, UnitCountIndicator } from './definition.js';
import { isLedger, isRatio } from './definition.js';

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
      all.push('ratio' in spec ? { ...spec, area: kind.area } : { ...spec, kind: kind.code, area: kind.area });
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
  for (const i of all) {
    if (isRatio(i)) {
      for (const ref of [i.ratio.numerator, i.ratio.denominator]) if (!codes.has(ref)) fail(i.code, `引用了不存在的指标 ${ref}`);
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
  }
}
