/**
 * How province figures add up to national ones. Pure: raw values in, raw values out; ratios are
 * derived afterwards from the summed numerators and denominators (never by averaging percentages).
 */
import { isDerived, type Indicator, type LedgerIndicator } from '../indicators/definition.js';
import type { RawValue } from '../indicators/sql.js';
import type { KindDefinition } from '../ledger/kind.js';

/** Fields whose values are ids minted in one database: org units, people, records. */
const ID_TYPES = new Set(['person', 'org', 'orgs', 'record']);

/**
 * Distinct counts that cannot simply be added: those over values two provinces can share (a
 * 法律五进 target category, a choice item, free text). Distinct counts over ids add: an id names an
 * org unit, a person or a record of one province's database, so what two provinces count are
 * different units and people (ids are also unique across databases: random, or seeded per province).
 */
export function needsUnion(kind: KindDefinition, indicator: LedgerIndicator): boolean {
  const m = indicator.measure;
  if (m.op === 'distinctItems') return true;
  if (m.op !== 'distinct') return false; // count, sum and distinctUnits (org units) add
  if (m.field === 'orgId') return false;
  const field = kind.fields.find((f) => f.name === m.field);
  return !field || !ID_TYPES.has(field.type);
}

export interface ProvinceRaw {
  raw: ReadonlyMap<string, RawValue>;
  /** For indicators that need a union: the distinct values themselves. */
  distinct: ReadonlyMap<string, readonly string[]>;
}

// Sums of decimals (hours, yuan) pick up binary noise when added across provinces.
const clean = (n: number) => Math.round(n * 1e6) / 1e6;

/** National raw values: sums, except unions for the distinct counts that need one; records always add. */
export function combineProvinces(indicators: readonly Indicator[], unions: ReadonlySet<string>, provinces: readonly ProvinceRaw[]): Map<string, RawValue> {
  const total = new Map<string, RawValue>();
  for (const i of indicators) {
    if (isDerived(i)) continue; // ratios, totals and changes: derived from the totals of their parts
    const records = provinces.reduce((n, p) => n + (p.raw.get(i.code)?.records ?? 0), 0);
    if (unions.has(i.code)) {
      const values = new Set(provinces.flatMap((p) => p.distinct.get(i.code) ?? []));
      total.set(i.code, { value: values.size, records });
      continue;
    }
    total.set(i.code, { value: clean(provinces.reduce((n, p) => n + (p.raw.get(i.code)?.value ?? 0), 0)), records });
  }
  return total;
}
