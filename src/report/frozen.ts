/**
 * What an approved report keeps of each figure it prints (审定 freezes them): the records behind
 * the value and, for a ratio or a change, behind each side, with the kinds and labels needed to
 * list them. The report page explains an approved figure from this alone, so editing or retiring a
 * town's own indicator, or deleting a record, later never changes what the report shows behind it.
 */
import { isChange, isLedger, isRatio, isTotal, isUnitCount, type Indicator } from '../indicators/definition.js';
import type { Provenance } from '../indicators/service.js';
import type { FigureSide } from '../shared/report.js';
import { FIGURE_SIDES } from '../shared/report.js';
export type { FigureSide };
export { FIGURE_SIDES };

/** One set of records behind a value. */
export interface RecordSet {
  code: string;
  label: string;
  unit: string;
  value: number;
  /** The ledger the ids are of; 'orgUnit' for counts of the org tree, 'mixed' when kindOf names each id's. */
  kind: string;
  kindLabel: string;
  ids: string[];
  /** For records of several kinds (集体学法: meetings and study sessions), each id's kind. */
  kindOf?: Record<string, string>;
}

/** A figure: its own records (a ratio's are its denominator's, a change's this year's) and each side's. */
export interface FigureSnapshot extends RecordSet {
  numerator?: number;
  denominator?: number;
  sides?: Partial<Record<FigureSide, RecordSet>>;
}

export const ORG_UNIT_KIND_LABEL = '组织机构';

/** Names a kind for the page: the org tree, a ledger kind by its label, several kinds joined. */
export function kindLabeller(kinds: ReadonlyArray<{ code: string; label: string }>) {
  const one = (code: string) => (code === 'orgUnit' ? ORG_UNIT_KIND_LABEL : (kinds.find((k) => k.code === code)?.label ?? code));
  return (kind: string, kindOf?: Record<string, string>): string => (kind === 'mixed' ? [...new Set(Object.values(kindOf ?? {}).map(one))].join('、') : one(kind));
}
export type KindLabeller = ReturnType<typeof kindLabeller>;

/** Each id's kind, through a total's parts (which may be totals themselves). */
function kindsOfIds(p: Provenance): Array<[string, string]> {
  return p.kind === 'mixed' ? (p.parts ?? []).flatMap(kindsOfIds) : p.ids.map((id) => [id, p.kind]);
}

export function recordSetOf(p: Provenance, label: KindLabeller): RecordSet {
  const kindOf = p.kind === 'mixed' ? Object.fromEntries(kindsOfIds(p)) : undefined;
  return {
    code: p.indicator.code,
    label: p.indicator.label,
    unit: p.indicator.unit,
    value: p.indicator.value,
    kind: p.kind,
    kindLabel: label(p.kind, kindOf),
    ids: p.ids,
    ...(kindOf ? { kindOf } : {}),
  };
}

/** The figure as it stands in the ledger now (a draft), or as it is frozen at approval. */
export function snapshotOf(p: Provenance, label: KindLabeller): FigureSnapshot {
  const sides: Partial<Record<FigureSide, RecordSet>> = {};
  for (const side of FIGURE_SIDES) {
    const of = p[side];
    if (of) sides[side] = recordSetOf(of, label);
  }
  return {
    ...recordSetOf(p, label),
    ...(p.indicator.numerator !== undefined ? { numerator: p.indicator.numerator } : {}),
    ...(p.indicator.denominator !== undefined ? { denominator: p.indicator.denominator } : {}),
    ...(Object.keys(sides).length ? { sides } : {}),
  };
}

/**
 * A figure as an approved report stores it: its own ids are Frozen.provenance[code] already, and a
 * side whose records are the figure's own (a ratio's denominator, a change's this year) keeps none,
 * so a county's report does not hold its largest lists three times.
 */
export type StoredFigure = Omit<FigureSnapshot, 'ids' | 'sides'> & { sides?: Partial<Record<FigureSide, Omit<RecordSet, 'ids'> & { ids?: string[] }>> };

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, n) => id === b[n]);

export function toStored(figure: FigureSnapshot): StoredFigure {
  const { ids, sides, ...rest } = figure;
  if (!sides) return rest;
  const stored: NonNullable<StoredFigure['sides']> = {};
  for (const side of FIGURE_SIDES) {
    const set = sides[side];
    if (!set) continue;
    const { ids: sideIds, ...label } = set;
    stored[side] = sameIds(sideIds, ids) ? label : set;
  }
  return { ...rest, sides: stored };
}

export function fromStored(stored: StoredFigure, ids: string[]): FigureSnapshot {
  const { sides, ...rest } = stored;
  if (!sides) return { ...rest, ids };
  const full: Partial<Record<FigureSide, RecordSet>> = {};
  for (const side of FIGURE_SIDES) {
    const set = sides[side];
    if (set) full[side] = { ...set, ids: set.ids ?? ids };
  }
  return { ...rest, ids, sides: full };
}

/**
 * Which ledger an indicator's records are of, from its definition alone (a ratio's are its
 * denominator's, a change's those of what it compares): for reports frozen before their figures' kinds were kept.
 */
export function kindOfIndicator(code: string, byCode: ReadonlyMap<string, Indicator>, seen: ReadonlySet<string> = new Set()): string | undefined {
  const i = byCode.get(code);
  if (!i || seen.has(code)) return undefined;
  const next = new Set([...seen, code]);
  if (isLedger(i)) return i.kind;
  if (isUnitCount(i)) return 'orgUnit';
  if (isRatio(i)) return kindOfIndicator(i.ratio.denominator, byCode, next);
  if (isChange(i)) return kindOfIndicator(i.change.of, byCode, next);
  if (isTotal(i)) {
    const kinds = new Set(i.total.map((c) => kindOfIndicator(c, byCode, next)));
    if (kinds.has(undefined)) return undefined;
    return kinds.size === 1 ? [...kinds][0] : 'mixed';
  }
  return undefined;
}
