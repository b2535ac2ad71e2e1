/** What every area's loader gets for one town and one year. */
import { Rng } from './random.js';
import type { TownNode, VillageNode } from './org-tree.js';
import type { PersonRef, TownCast } from './people.js';
import type { YearPlan } from './plans.js';
import type { RecordWriter } from './writer.js';

export interface TownYear {
  w: RecordWriter;
  town: TownNode;
  cast: TownCast;
  plan: YearPlan;
  year: number;
  /** Records later areas link to. */
  links: {
    deploymentMeetings: string[];
    majorDecisions: string[];
    /** Law name → its entry in this year's 应知应会 catalog. */
    lawCatalog: Map<string, string>;
  };
}

/** A random stream for one area of one town-year: stable whatever else the loader does. */
export const rngFor = (ty: TownYear, area: string) => new Rng(`${ty.town.unit.name}:${ty.year}:${area}`);

/** The town's short name without 镇: 双庙. */
export const shortName = (ty: TownYear) => ty.town.unit.name.replace(/镇$/, '');

export const townId = (ty: TownYear) => ty.town.unit.id;

export const villages = (ty: TownYear): VillageNode[] => ty.town.villages;

/** `count` titles from a pool, each used once; when the pool runs out, later rounds are marked. */
export function takeTitles(rng: Rng, pool: readonly string[], count: number): string[] {
  const out: string[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const title of rng.shuffle(pool)) {
      if (out.length >= count) break;
      out.push(round === 0 ? title : `${title}（第${round + 1}轮）`);
    }
  }
  return out;
}

export const names = (people: readonly PersonRef[]) => people.map((p) => p.name).join('、');
