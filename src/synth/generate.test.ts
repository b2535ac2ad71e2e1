/** The synthetic data's generators, without a database: determinism, counts, shape, validity. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { isValidDate } from '../core/dates.js';
import type { ListLookup, RecordValues } from '../ledger/validation.js';
import { recordValidator } from '../ledger/validation.js';
import { procedureProblems } from '../procedures/procedure.js';
import { SynthCalendar } from './calendar.js';
import { addWorkingDays } from '../procedures/calendar.js';
import { allocate, GENERATORS, generateTown, type TownData } from './town.js';
import { generateTree, townUnits, TOWNS_PER_COUNTY } from './tree.js';
import { Rng } from '../demo/random.js';

/** The built-in lists as the migration seeds them. */
const seededLists: ListLookup = (() => {
  const items = new Set(builtInKinds.flatMap((k) => (k.lists ?? []).flatMap((l) => l.items.map(([code]) => `${l.code}\u0000${code}`))));
  return { has: (list, code) => items.has(`${list}\u0000${code}`) };
})();

const cal = new SynthCalendar(2021, 2025);

function generate(seed: string, towns: number, perTown: number): { tree: ReturnType<typeof generateTree>; data: TownData[] } {
  const tree = generateTree(seed, towns, 2021);
  return { tree, data: tree.towns.map((t) => generateTown(seed, t, tree.province.name, cal, perTown)) };
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('synthetic generation', () => {
  it('is deterministic: the same seed gives the same tree, people and records (ids included); another seed does not', () => {
    const a = generate('seed-a', 4, 120);
    const again = generate('seed-a', 4, 120);
    const b = generate('seed-b', 4, 120);
    expect(digest(again)).toBe(digest(a));
    expect(digest(b)).not.toBe(digest(a));
    const idsA = new Set(a.data.flatMap((d) => d.records.map((r) => r.id)));
    expect(b.data.flatMap((d) => d.records.map((r) => r.id)).some((id) => idsA.has(id))).toBe(false);
  });

  it('gives every town exactly the records asked for, every kind at least once, in realistic proportions', () => {
    const { data } = generate('counts', 3, 5000);
    for (const town of data) {
      expect(town.records).toHaveLength(5000);
      const byKind = new Map<string, number>();
      for (const r of town.records) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
      expect([...byKind.keys()].sort()).toEqual(builtInKinds.map((k) => k.code).sort());
      const share = (kind: string) => (byKind.get(kind) ?? 0) / 5000;
      // Publicity, disclosure, screening and disputes are common; penalty cases and documents rare.
      expect(share('publicityItem')).toBeGreaterThan(0.15);
      expect(share('dispute')).toBeGreaterThan(0.06);
      expect(share('penaltyCase')).toBeLessThan(0.01);
      expect(share('normativeDocument')).toBeLessThan(0.01);
    }
    expect(allocate(GENERATORS.length, GENERATORS.map((g) => g.weight))).toEqual(GENERATORS.map(() => 1));
    expect(() => allocate(GENERATORS.length - 1, GENERATORS.map((g) => g.weight))).toThrow();
    const split = allocate(1001, [3, 1, 1]);
    expect(split.reduce((a, b) => a + b, 0)).toBe(1001);
  });

  it('builds a province of cities, counties of about twenty towns, towns of 6–15 villages with 2–4 grids each', () => {
    const tree = generateTree('shape', 170, 2021);
    expect(tree.towns).toHaveLength(170);
    expect(tree.counties).toHaveLength(Math.round(170 / TOWNS_PER_COUNTY));
    expect(tree.cities.length).toBeGreaterThanOrEqual(1);
    const all = [...tree.upper, ...tree.towns.flatMap(townUnits)];
    const byId = new Map(all.map((u) => [u.id, u]));
    expect(byId.size).toBe(all.length);
    const levels = ['province', 'city', 'county', 'town', 'village', 'grid'];
    for (const u of all) {
      const parent = u.parent_id ? byId.get(u.parent_id) : undefined;
      expect(u.path).toBe(`${parent?.path ?? '/'}${u.id}/`);
      if (parent) expect(levels.indexOf(u.level)).toBe(levels.indexOf(parent.level) + 1);
    }
    for (const county of tree.counties) {
      const towns = tree.towns.filter((t) => t.county.id === county.id).length;
      expect(towns).toBeGreaterThanOrEqual(10);
      expect(towns).toBeLessThanOrEqual(30);
    }
    for (const town of tree.towns) {
      expect(town.villages.length).toBeGreaterThanOrEqual(6);
      expect(town.villages.length).toBeLessThanOrEqual(15);
      for (const v of town.villages) expect(v.grids.length).toBeGreaterThanOrEqual(2);
      for (const v of town.villages) expect(v.grids.length).toBeLessThanOrEqual(4);
    }
    // Town names are unique in the province, so the command line can name one.
    expect(new Set(tree.towns.map((t) => t.unit.name)).size).toBe(170);
  });

  it('makes records that pass validation and the statutory procedure unchanged, with every state of every procedure', () => {
    const { data } = generate('valid', 12, 400);
    const validators = new Map(builtInKinds.map((k) => [k.code, recordValidator(k, seededLists)]));
    const kinds = new Map(builtInKinds.map((k) => [k.code, k]));
    const statuses = new Map<string, Set<string>>();
    for (const town of data) {
      for (const r of town.records) {
        const kind = kinds.get(r.kind);
        if (!kind) throw new Error(`unknown kind ${r.kind}`);
        const input: RecordValues = { ...r.values, orgId: r.unit.id };
        const values = (validators.get(r.kind) as ReturnType<typeof recordValidator>)(input, 'create');
        // Already in the validator's form: a load that checks only a sample writes the same rows.
        const filled = Object.fromEntries(Object.keys(values).map((k) => [k, k in input ? input[k] : null]));
        expect(filled, `${r.kind} ${String(r.values.title)}`).toEqual(values);
        if (kind.procedure) expect(procedureProblems(kind.procedure, values), `${r.kind} ${String(r.values.title)}`).toEqual([]);
        for (const [field, value] of Object.entries(values)) {
          if (kind.fields.find((f) => f.name === field)?.type === 'date' || field === 'date') {
            if (value !== null) expect(isValidDate(String(value))).toBe(true);
          }
        }
        const date = String(r.values.date);
        expect(date >= '2021-01-01' && date <= '2025-12-31', `${r.kind} dated ${date}`).toBe(true);
        const status = kind.procedure?.statusField ? values[kind.procedure.statusField] : undefined;
        if (typeof status === 'string') statuses.set(r.kind, (statuses.get(r.kind) ?? new Set()).add(status));
      }
    }
    for (const kind of builtInKinds.filter((k) => k.procedure?.statusField)) {
      const list = kind.fields.find((f) => f.name === kind.procedure?.statusField)?.list;
      const all = kind.lists?.find((l) => l.code === list)?.items.map(([code]) => code) ?? [];
      expect([...(statuses.get(kind.code) ?? [])].sort(), kind.code).toEqual([...all].sort());
    }
  });

  it('spreads records over every year of the period and keeps open matters recent', () => {
    const { data } = generate('years', 2, 3000);
    const records = data.flatMap((d) => d.records);
    const years = new Set(records.map((r) => String(r.values.date).slice(0, 4)));
    expect([...years].sort()).toEqual(['2021', '2022', '2023', '2024', '2025']);
    // Disputes still being mediated at the end of the period were registered in its last weeks.
    const mediating = records.filter((r) => r.kind === 'dispute' && r.values.status === 'mediating');
    expect(mediating.length).toBeGreaterThan(0);
    for (const r of mediating) expect(String(r.values.date) >= '2025-11-01').toBe(true);
  });

  it('works out working days as the procedure calendar does', () => {
    const rng = new Rng('calendar');
    for (let i = 0; i < 200; i++) {
      const day = rng.int(0, cal.lastDay);
      const n = rng.int(0, 20);
      expect(cal.date(cal.addWorkdays(day, n))).toBe(addWorkingDays(cal.date(day), n));
    }
  });
});
