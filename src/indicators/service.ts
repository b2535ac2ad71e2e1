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
import { covers, type Scope } from '../org/scope.js';
import { isLedger, isRatio, isUnitCount, type Indicator, type IndicatorValue, type LedgerIndicator } from './definition.js';
import type { Period } from './period.js';
import { collectIndicators } from './registry.js';
import { evaluateKind, evaluateUnitCounts, recordIds, unitIds, type EvaluateOptions, type RawValue } from './sql.js';

export interface Provenance {
  indicator: IndicatorValue;
  /** Which ledger the ids are of ('orgUnit' for counts of the org tree). */
  kind: string;
  ids: string[];
  numerator?: Provenance;
  denominator?: Provenance;
}

export class IndicatorService {
  constructor(
    private readonly db: Db,
    private readonly kinds: KindRegistry,
    private readonly permissions: Permissions,
  ) {}

  /** The indicators the caller may evaluate: over kinds their role may read (administrators get none). */
  async definitions(scope: Scope): Promise<{ kinds: KindDefinition[]; indicators: Indicator[] }> {
    const kinds = await this.kinds.visible(scope);
    const readable = new Set(kinds.filter((k) => this.permissions.may(scope.actor.role, 'read', k)).map((k) => k.code));
    const kept = new Set<string>();
    const all = this.collected(kinds);
    for (const i of all) {
      if (isLedger(i) ? readable.has(i.kind) : isUnitCount(i) ? readable.size > 0 : false) kept.add(i.code);
    }
    for (const i of all) if (isRatio(i) && kept.has(i.ratio.numerator) && kept.has(i.ratio.denominator)) kept.add(i.code);
    return { kinds, indicators: all.filter((i) => kept.has(i.code)) };
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
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const { kinds, indicators: all } = await this.definitions(scope);
    const wanted = codes ? withDependencies(all, codes) : all;
    const values = deriveValues(wanted, await rawValues(this.db, kinds, wanted, unit.path, period));
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
    const { kinds, indicators: all } = await this.definitions(scope);
    const indicator = all.find((i) => i.code === code);
    if (!indicator) throw NotFound(`指标“${code}”`);
    const [value] = await this.evaluate(scope, unit, period, [code]);
    if (!value) throw NotFound(`指标“${code}”`);
    if (isRatio(indicator)) {
      const numerator = await this.provenance(scope, unit, period, indicator.ratio.numerator);
      const denominator = await this.provenance(scope, unit, period, indicator.ratio.denominator);
      return { indicator: value, kind: denominator.kind, ids: denominator.ids, numerator, denominator };
    }
    if (isUnitCount(indicator)) return { indicator: value, kind: 'orgUnit', ids: await unitIds(this.db, indicator, unit.path) };
    const ledger = indicator as LedgerIndicator;
    const kind = kinds.find((k) => k.code === ledger.kind) as KindDefinition;
    return { indicator: value, kind: kind.code, ids: await recordIds(this.db, kind, ledger, unit.path, period) };
  }
}

export interface UnitRow {
  org: { id: string; name: string; level: string };
  values: IndicatorValue[];
}

/**
 * The engine's two halves, shared by a unit's evaluation and the federated roll-up: raw values
 * (one aggregate query per kind, one for the unit counts), then ratios from raw numerators and
 * denominators — so a roll-up that adds raw values gets its ratios right.
 */
export async function rawValues(db: Db, kinds: readonly AnyKind[], wanted: Indicator[], orgPath: string, period: Period, options: EvaluateOptions = {}): Promise<Map<string, RawValue>> {
  const raw = new Map<string, RawValue>();
  const byKind = new Map<string, LedgerIndicator[]>();
  for (const i of wanted.filter(isLedger)) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  // One query per kind, all at once: on PostgreSQL each takes a pooled connection (and its own
  // worker), so a province roll-up waits for the slowest table, not the sum of them. SQLite runs
  // them one after another all the same.
  const results = await Promise.all([
    ...[...byKind].map(([code, list]) => evaluateKind(db, kinds.find((k) => k.code === code) as KindDefinition, list, orgPath, period, options)),
    evaluateUnitCounts(db, wanted.filter(isUnitCount), orgPath),
  ]);
  for (const values of results) for (const [c, v] of values) raw.set(c, v);
  return raw;
}

export function deriveValues(wanted: Indicator[], raw: ReadonlyMap<string, RawValue>): IndicatorValue[] {
  return wanted.map((i): IndicatorValue => {
    const base = { code: i.code, label: i.label, unit: i.unit };
    if (isRatio(i)) {
      const num = raw.get(i.ratio.numerator) ?? { value: 0, records: 0 };
      const den = raw.get(i.ratio.denominator) ?? { value: 0, records: 0 };
      const value = den.value === 0 ? 0 : (num.value / den.value) * 100;
      return { ...base, value, numerator: num.value, denominator: den.value, records: den.records };
    }
    const v = raw.get(i.code) ?? { value: 0, records: 0 };
    return { ...base, value: v.value, records: v.records };
  });
}

/** The asked-for indicators plus the ones their ratios need. */
export function withDependencies(all: Indicator[], codes: string[]): Indicator[] {
  const need = new Set(codes);
  for (const i of all) if (need.has(i.code) && isRatio(i)) [i.ratio.numerator, i.ratio.denominator].forEach((c) => need.add(c));
  return all.filter((i) => need.has(i.code));
}
