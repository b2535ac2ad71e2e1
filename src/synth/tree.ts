/**
 * The synthetic org tree: one province → cities → counties → towns → villages → grids, with the
 * fan-out of a real province (about 8 counties to a city, 20 towns to a county, 6–15 villages to a
 * town, 2–4 grids to a village). Pure: rows to insert, nothing written.
 */
import type { OrgUnitTable } from '../db/schema.js';
import type { OrgLevel } from '../org/levels.js';
import { Rng } from '../demo/random.js';
import { IdSource, seedPrefix } from './ids.js';
import { PlaceNames, villageNames } from './names.js';

export type SynthUnit = OrgUnitTable & { level: OrgLevel };

export interface VillageNode {
  unit: SynthUnit;
  grids: SynthUnit[];
}

export interface TownNode {
  unit: SynthUnit;
  /** 0-based position among all towns of the province: the town's id namespace and random stream. */
  index: number;
  county: SynthUnit;
  /** One character for document numbers: 安政发〔2024〕3号. */
  abbr: string;
  villages: VillageNode[];
}

export interface SynthTree {
  province: SynthUnit;
  cities: SynthUnit[];
  counties: SynthUnit[];
  /** Province, cities and counties, parents first. */
  upper: SynthUnit[];
  towns: TownNode[];
}

export const TOWNS_PER_COUNTY = 20;
export const COUNTIES_PER_CITY = 8;

/** Every row is stamped with this creation time: the tree "exists" from the start of the period. */
export const createdAtOf = (firstYear: number) => `${firstYear}-01-01T00:00:00.000Z`;

function unit(ids: IdSource, parent: SynthUnit | null, name: string, level: OrgLevel, sort: number, createdAt: string): SynthUnit {
  const id = ids.id();
  return { id, parent_id: parent?.id ?? null, name, level, path: `${parent?.path ?? '/'}${id}/`, code: null, sort, created_at: createdAt };
}

/** The province and everything above the towns; towns are laid out but their villages come from `townUnits`. */
export function generateTree(seed: string, towns: number, firstYear: number): SynthTree {
  const rng = new Rng(`${seed}:tree`);
  const ids = new IdSource(seedPrefix(seed), 0);
  const names = new PlaceNames(rng);
  const createdAt = createdAtOf(firstYear);
  const province = unit(ids, null, `${names.next()}省`, 'province', 1, createdAt);
  const countyCount = Math.max(1, Math.round(towns / TOWNS_PER_COUNTY));
  const cityCount = Math.max(1, Math.round(countyCount / COUNTIES_PER_CITY));
  const countiesPerCity = rng.split(countyCount, cityCount);
  const townsPerCounty = rng.split(towns, countyCount);

  const cities: SynthUnit[] = [];
  const counties: SynthUnit[] = [];
  const townNodes: TownNode[] = [];
  let countyIndex = 0;
  for (let c = 0; c < cityCount; c++) {
    const city = unit(ids, province, `${names.next()}市`, 'city', c + 1, createdAt);
    cities.push(city);
    for (let k = 0; k < (countiesPerCity[c] ?? 0); k++) {
      const county = unit(ids, city, `${names.next()}${rng.pick(['县', '县', '县', '区', '旗'])}`, 'county', k + 1, createdAt);
      counties.push(county);
      const n = townsPerCounty[countyIndex++] ?? 0;
      for (let t = 0; t < n; t++) {
        const index = townNodes.length;
        const base = names.next();
        townNodes.push(townNode(seed, index, county, base, t + 1, createdAt));
      }
    }
  }
  return { province, cities, counties, upper: [province, ...cities, ...counties], towns: townNodes };
}

/** A town and its villages and grids, from the town's own id namespace and random stream. */
function townNode(seed: string, index: number, county: SynthUnit, base: string, sort: number, createdAt: string): TownNode {
  const rng = new Rng(`${seed}:town:${index}:units`);
  const ids = new IdSource(seedPrefix(seed), index + 1);
  // Mostly 镇, some 乡, a few 街道 (whose villages are 社区).
  const kind = rng.pick(['镇', '镇', '镇', '镇', '镇', '镇', '乡', '乡', '街道']);
  const town = unit(ids, county, base + kind, 'town', sort, createdAt);
  const villageCount = rng.int(6, 15);
  const villages = villageNames(rng, villageCount, kind === '街道' ? '社区' : '村').map((name, v): VillageNode => {
    const village = unit(ids, town, name, 'village', v + 1, createdAt);
    const grids = Array.from({ length: rng.int(2, 4) }, (_, g) => unit(ids, village, `第${g + 1}网格`, 'grid', g + 1, createdAt));
    return { unit: village, grids };
  });
  return { unit: town, index, county, abbr: base.slice(0, 1), villages };
}

export const townUnits = (town: TownNode): SynthUnit[] => [town.unit, ...town.villages.flatMap((v) => [v.unit, ...v.grids])];
