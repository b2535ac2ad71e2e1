/**
 * Evaluates indicators for an org unit's subtree and a period, inside the caller's scope,
 * and answers which records stand behind a value.
 */
import { NotFound, fieldError } from '../core/errors.js';
import type { Db } from '../db/connect.js';
import type { KindDefinition } from '../ledger/kind.js';
import { isCustom, type AnyKind, type KindRegistry } from '../ledger/registry.js';
import type { Permissions } from '../accounts/permissions.js';
import { findOrg, listSubtree, type OrgUnit } from '../org/repository.js';
import type { OrgLevel } from '../org/levels.js';
import { covers, narrow, type Scope } from '../org/scope.js';
import { isChange, isDerived, isLedger, isRatio, isTotal, isUnitCount, partsOf, type Indicator, type IndicatorValue, type LedgerIndicator } from './definition.js';
import { previousYear, type Period } from './period.js';
import { collectIndicators, describeIndicators, type IndicatorDescription } from './registry.js';
import { indicatorsOf, TownIndicatorStore } from './town-defined.js';
import { evaluateKind, evaluateUnitCounts, recordIds, unitIds, type EvaluateOptions, type RawValue } from './sql.js';
import type { UnitRow } from '../shared/dashboard.js';
export type { UnitRow };

export interface Provenance {
  indicator: IndicatorValue;
  /** Which ledger the ids are of ('orgUnit' for counts of the org tree). */
  kind: string;
  ids: string[];
  numerator?: Provenance;
  denominator?: Provenance;
  /** A total's parts, each with its own kind (ids then holds them all, kind is 'mixed' when they differ). */
  parts?: Provenance[];
  /** A change against the previous period: the records behind the value now and a year before. */
  current?: Provenance;
  previous?: Provenance;
}

export class IndicatorService {
  /** Towns' and counties' own indicators, read once and kept until one is written. */
  readonly own: TownIndicatorStore;

  constructor(
    private readonly db: Db,
    private readonly kinds: KindRegistry,
    private readonly permissions: Permissions,
  ) {
    this.own = new TownIndicatorStore(db);
  }

  /**
   * The indicators that apply to a unit — the built-in ones, the unit's own and those of the units
   * above it (a county's, offered to its towns) — over kinds the caller's role may read. Checking or
   * evaluating a unit's figures uses these: a sibling town's definitions (and its words for them)
   * are not the unit's, even for a county user who can see both. Codes are unique in this set.
   */
  async applicableTo(scope: Scope, unit: Pick<OrgUnit, 'path'>): Promise<{ kinds: KindDefinition[]; indicators: Indicator[] }> {
    const kinds = await this.kinds.visible(scope);
    const builtIn = this.collected(kinds);
    return { kinds, indicators: this.readable(scope, kinds, [...builtIn, ...indicatorsOf(await this.own.offeredTo(unit.path), kinds, builtIn)]) };
  }

  /**
   * Every indicator the caller may manage or pick from: those that apply to the scope's own unit,
   * and for a county user the towns' own ones below it, each read as it applies to its owner (two
   * towns may both have an own.training_rate). Not for evaluating: see applicableTo.
   */
  async definitions(scope: Scope): Promise<{ kinds: KindDefinition[]; indicators: Indicator[] }> {
    const { kinds, groups } = await this.byOwner(scope);
    return { kinds, indicators: groups.flatMap((g) => g.taken) };
  }

  /** The same, described field by field (for the editor's lists); a derived one's kind is read among its owner's figures. */
  async described(scope: Scope): Promise<IndicatorDescription[]> {
    const { kinds, groups } = await this.byOwner(scope);
    return groups.flatMap((g) => {
      const taken = new Set(g.taken.map((i) => i.code));
      return describeIndicators(kinds, g.applicable.filter((i) => i.ownerOrgId)).filter((d) => taken.has(d.code));
    });
  }

  /** What applies to the scope's unit (all of it taken), then, for each unit below with figures of its own, what applies to it (its own taken). */
  private async byOwner(scope: Scope): Promise<{ kinds: KindDefinition[]; groups: Array<{ applicable: Indicator[]; taken: Indicator[] }> }> {
    const { kinds, indicators } = await this.applicableTo(scope, { path: scope.orgPath });
    const groups = [{ applicable: indicators, taken: indicators }];
    const below = (await this.own.visibleFrom(scope.orgPath)).filter((r) => r.orgPath !== scope.orgPath && r.orgPath.startsWith(scope.orgPath));
    for (const [ownerOrgId, path] of new Map(below.map((r) => [r.orgId, r.orgPath]))) {
      const theirs = (await this.applicableTo(scope, { path })).indicators;
      groups.push({ applicable: theirs, taken: theirs.filter((i) => i.ownerOrgId === ownerOrgId) });
    }
    return { kinds, groups };
  }

  /** Those of `all` (unique codes) the caller's role may read: over readable kinds, and derived ones whose parts all are. */
  private readable(scope: Scope, kinds: AnyKind[], all: Indicator[]): Indicator[] {
    const readable = new Set(kinds.filter((k) => this.permissions.may(scope.actor.role, 'read', k)).map((k) => k.code));
    const kept = new Set<string>();
    for (const i of all) {
      if (isLedger(i) ? readable.has(i.kind) : isUnitCount(i) ? readable.size > 0 : false) kept.add(i.code);
    }
    // Derived figures can rest on derived ones (a change of a ratio): keep adding until nothing changes.
    for (let grew = true; grew; ) {
      grew = false;
      for (const i of all) if (isDerived(i) && !kept.has(i.code) && partsOf(i).every((c) => kept.has(c))) grew = !!kept.add(i.code);
    }
    return all.filter((i) => kept.has(i.code));
  }

  /** Collected and checked definitions, kept while the set of kinds (and their versions) is the same. */
  private cache = new Map<string, Indicator[]>();
  private collected(kinds: AnyKind[]): Indicator[] {
    const key = kinds.map((k) => (isCustom(k) ? `${k.code}@${k.definitionVersion}` : k.code)).join(',');
    let found = this.cache.get(key);
    if (!found) {
      if (this.cache.size > 100) this.cache.clear();
      found = collectIndicators(kinds);
      this.cache.set(key, found);
    }
    return found;
  }

  /** The unit to evaluate for: the one asked for (in scope) or the scope's own root. */
  async unitFor(scope: Scope, orgId?: string): Promise<OrgUnit> {
    const unit = await findOrg(this.db, orgId ?? scope.orgId);
    if (!unit || !covers(scope, unit.path)) throw fieldError('org', '所选单位不存在或不在您的管辖范围内');
    return unit;
  }

  async evaluate(scope: Scope, unit: OrgUnit, period: Period, codes?: string[]): Promise<IndicatorValue[]> {
    const under = narrow(scope, unit);
    if (!under) throw NotFound('单位');
    const { kinds, indicators: all } = await this.applicableTo(scope, unit);
    const wanted = codes ? withDependencies(all, codes) : all;
    const lastYear = previousWanted(all, wanted);
    const [raw, previous] = await Promise.all([
      rawValues(this.db, kinds, wanted, under, period),
      lastYear.length ? rawValues(this.db, kinds, lastYear, under, previousYear(period)) : undefined,
    ]);
    const values = deriveValues(wanted, raw, previous);
    return codes ? values.filter((v) => codes.includes(v.code)) : values;
  }

  /** The units of a level under `unit` side by side (a county's towns), each over its own subtree. */
  async compare(scope: Scope, unit: OrgUnit, period: Period, level: OrgLevel = 'town', codes?: string[]): Promise<UnitRow[]> {
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const units = (await listSubtree(this.db, scope, [level])).filter((u) => u.path.startsWith(unit.path) && u.id !== unit.id);
    const rows: UnitRow[] = [];
    for (const u of units) rows.push({ org: { id: u.id, name: u.name, level: u.level }, values: await this.evaluate(scope, u, period, codes) });
    return rows;
  }

  /** The records behind one indicator's value; for a ratio, those behind each side. */
  async provenance(scope: Scope, unit: OrgUnit, period: Period, code: string): Promise<Provenance> {
    const under = narrow(scope, unit);
    if (!under) throw NotFound('单位');
    const { kinds, indicators: all } = await this.applicableTo(scope, unit);
    const indicator = all.find((i) => i.code === code);
    if (!indicator) throw NotFound(`指标“${code}”`);
    const [value] = await this.evaluate(scope, unit, period, [code]);
    if (!value) throw NotFound(`指标“${code}”`);
    if (isRatio(indicator)) {
      const numerator = await this.provenance(scope, unit, period, indicator.ratio.numerator);
      const denominator = await this.provenance(scope, unit, period, indicator.ratio.denominator);
      return { indicator: value, kind: denominator.kind, ids: denominator.ids, numerator, denominator };
    }
    if (isTotal(indicator)) {
      const parts: Provenance[] = [];
      for (const code of indicator.total) parts.push(await this.provenance(scope, unit, period, code));
      const kindsOf = new Set(parts.map((p) => p.kind));
      const kind = kindsOf.size === 1 ? (parts[0] as Provenance).kind : 'mixed';
      return { indicator: value, kind, ids: [...new Set(parts.flatMap((p) => p.ids))], parts };
    }
    if (isChange(indicator)) {
      const current = await this.provenance(scope, unit, period, indicator.change.of);
      const previous = await this.provenance(scope, unit, previousYear(period), indicator.change.of);
      return { indicator: value, kind: current.kind, ids: current.ids, current, previous };
    }
    if (isUnitCount(indicator)) return { indicator: value, kind: 'orgUnit', ids: await unitIds(this.db, indicator, under) };
    const ledger = indicator;
    const kind = kinds.find((k) => k.code === ledger.kind) as KindDefinition;
    return { indicator: value, kind: kind.code, ids: await recordIds(this.db, kind, ledger, under, period) };
  }
}

/**
 * The engine's two halves, shared by a unit's evaluation and the federated roll-up: raw values
 * (one aggregate query per kind, one for the unit counts), then ratios from raw numerators and
 * denominators — so a roll-up that adds raw values gets its ratios right.
 */
export async function rawValues(db: Db, kinds: readonly AnyKind[], wanted: Indicator[], scope: Scope, period: Period, options: EvaluateOptions = {}): Promise<Map<string, RawValue>> {
  const raw = new Map<string, RawValue>();
  const byKind = new Map<string, LedgerIndicator[]>();
  for (const i of wanted.filter(isLedger)) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  // One query per kind, all at once: on PostgreSQL each takes a pooled connection (and its own
  // worker), so a province roll-up waits for the slowest table, not the sum of them. SQLite runs
  // them one after another all the same.
  const results = await Promise.all([
    ...[...byKind].map(([code, list]) => evaluateKind(db, kinds.find((k) => k.code === code) as KindDefinition, list, scope, period, options)),
    evaluateUnitCounts(db, wanted.filter(isUnitCount), scope),
  ]);
  for (const values of results) for (const [c, v] of values) raw.set(c, v);
  return raw;
}

export function deriveValues(wanted: Indicator[], raw: ReadonlyMap<string, RawValue>, previous?: ReadonlyMap<string, RawValue>): IndicatorValue[] {
  const byCode = new Map(wanted.map((i) => [i.code, i]));
  const derive = (i: Indicator, from: ReadonlyMap<string, RawValue>, seen: Set<string>): IndicatorValue => {
    const base = { code: i.code, label: i.label, unit: i.unit, ...(i.precision !== undefined ? { precision: i.precision } : {}) };
    // A part missing from `wanted` (or a cycle, which checkIndicators would not have let through) counts as nothing.
    const part = (code: string): IndicatorValue => {
      const p = byCode.get(code);
      if (!p || seen.has(code)) return { code, label: code, unit: i.unit, value: 0, records: 0 };
      return derive(p, from, new Set([...seen, code]));
    };
    if (isRatio(i)) {
      const num = part(i.ratio.numerator);
      const den = part(i.ratio.denominator);
      const quotient = den.value === 0 ? 0 : num.value / den.value;
      return { ...base, value: i.unit === '%' ? quotient * 100 : quotient, numerator: num.value, denominator: den.value, records: den.records };
    }
    if (isTotal(i)) {
      const parts = i.total.map(part);
      return { ...base, value: clean(parts.reduce((n, p) => n + p.value, 0)), records: parts.reduce((n, p) => n + p.records, 0) };
    }
    if (isChange(i)) {
      const now = part(i.change.of);
      const of = byCode.get(i.change.of);
      const then = previous && of ? derive(of, previous, new Set([...seen, of.code])) : { value: 0, records: 0 };
      const delta = clean(now.value - then.value);
      const records = now.records + then.records;
      if (i.change.as === 'absolute') return { ...base, value: delta, previous: then.value, records };
      // As a percentage of last year's value, kept as numerator (the change) over denominator (last year).
      const value = then.value === 0 ? 0 : (delta / then.value) * 100;
      return { ...base, value, numerator: delta, denominator: then.value, previous: then.value, records };
    }
    const v = from.get(i.code) ?? { value: 0, records: 0 };
    return { ...base, value: v.value, records: v.records };
  };
  return wanted.map((i) => derive(i, raw, new Set([i.code])));
}

// Sums of decimals pick up binary noise (0.1 + 0.2): totals and changes are rounded to a millionth.
const clean = (n: number) => Math.round(n * 1e6) / 1e6;

/** The asked-for indicators plus everything their derived ones need. */
export function withDependencies(all: Indicator[], codes: string[]): Indicator[] {
  const byCode = new Map(all.map((i) => [i.code, i]));
  const need = new Set<string>();
  const add = (code: string) => {
    if (need.has(code)) return;
    need.add(code);
    const i = byCode.get(code);
    if (i && isDerived(i)) partsOf(i).forEach(add);
  };
  codes.forEach(add);
  return all.filter((i) => need.has(i.code));
}

/** What has to be evaluated for the previous period: the indicators the wanted changes compare, with their parts. */
export function previousWanted(all: Indicator[], wanted: Indicator[]): Indicator[] {
  const compared = wanted.filter(isChange).map((i) => i.change.of);
  return compared.length ? withDependencies(all, compared) : [];
}
