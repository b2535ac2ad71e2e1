/**
 * The demo org tree: 内蒙古自治区 → 巴彦淖尔市 → 杭锦后旗 → three of its towns. 双庙镇 is the town
 * of the seed report and has its real grid count (115); village names are made up.
 */
import type { AppContext } from '../context.js';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import { Rng } from './random.js';

export interface GroupNode {
  unit: OrgUnit;
  grids: OrgUnit[];
}

export interface VillageNode {
  unit: OrgUnit;
  groups: GroupNode[];
}

export interface TownNode {
  unit: OrgUnit;
  /** The one-character abbreviation used in document numbers: 双政发〔2025〕3号. */
  abbr: string;
  villages: VillageNode[];
}

export interface DemoTree {
  province: OrgUnit;
  city: OrgUnit;
  county: OrgUnit;
  towns: TownNode[];
  unitCount: number;
}

interface TownSpec {
  name: string;
  abbr: string;
  /** Village name and how many groups (社) it has. */
  villages: ReadonlyArray<readonly [string, number]>;
  /** Grids in the whole town, spread over its groups. */
  grids: number;
}

export const SHUANGMIAO = '双庙镇';
export const MANHUI = '蛮会镇';
export const TUANJIE = '团结镇';

export const TOWN_SPECS: readonly TownSpec[] = [
  {
    name: SHUANGMIAO,
    abbr: '双',
    grids: 115,
    villages: [
      ['新华村', 6], ['永丰村', 5], ['红旗村', 5], ['联合村', 6], ['民主村', 4], ['先锋村', 5],
      ['光明村', 6], ['建设村', 5], ['东升村', 4], ['胜利村', 5], ['富强村', 6], ['和平村', 5],
    ],
  },
  {
    name: MANHUI,
    abbr: '蛮',
    grids: 30,
    villages: [['永胜村', 4], ['利民村', 3], ['丰裕村', 4], ['新丰村', 3], ['金星村', 4], ['向阳村', 3]],
  },
  {
    name: TUANJIE,
    abbr: '团',
    grids: 25,
    villages: [['兴隆村', 3], ['复兴村', 4], ['三星村', 3], ['友谊村', 4], ['长春村', 3]],
  },
];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export async function buildOrgTree(ctx: AppContext): Promise<DemoTree> {
  let unitCount = 0;
  const add = async (parent: OrgUnit | null, name: string, level: OrgUnit['level'], sort: number, code: string | null = null) => {
    unitCount++;
    return insertOrg(ctx.db, { parentId: parent?.id ?? null, name, level, sort, code }, parent?.path ?? '');
  };
  // Administrative division codes of the province, city and county (GB/T 2260).
  const province = await add(null, '内蒙古自治区', 'province', 1, '150000');
  const city = await add(province, '巴彦淖尔市', 'city', 1, '150800');
  const county = await add(city, '杭锦后旗', 'county', 1, '150826');

  const towns: TownNode[] = [];
  for (const [townIndex, spec] of TOWN_SPECS.entries()) {
    const rng = new Rng(`tree:${spec.name}`);
    const town = await add(county, spec.name, 'town', townIndex + 1);
    const groupCount = spec.villages.reduce((n, [, groups]) => n + groups, 0);
    const gridsPerGroup = rng.split(spec.grids, groupCount);
    let g = 0;
    const villages: VillageNode[] = [];
    for (const [villageIndex, [villageName, groups]] of spec.villages.entries()) {
      const village = await add(town, villageName, 'village', villageIndex + 1);
      const groupNodes: GroupNode[] = [];
      for (let i = 0; i < groups; i++) {
        const groupName = `${NUMERALS[i]}社`;
        const group = await add(village, groupName, 'group', i + 1);
        const grids: OrgUnit[] = [];
        const n = gridsPerGroup[g++] ?? 1;
        for (let j = 0; j < n; j++) grids.push(await add(group, `${groupName}第${j + 1}网格`, 'grid', j + 1));
        groupNodes.push({ unit: group, grids });
      }
      villages.push({ unit: village, groups: groupNodes });
    }
    towns.push({ unit: town, abbr: spec.abbr, villages });
  }
  return { province, city, county, towns, unitCount };
}

export const gridsOf = (town: TownNode) => town.villages.flatMap((v) => v.groups.flatMap((g) => g.grids));
export const groupsOf = (town: TownNode) => town.villages.flatMap((v) => v.groups);

/** The village a group or grid belongs to, by path. */
export function villageOf(town: TownNode, unit: OrgUnit): VillageNode {
  const village = town.villages.find((v) => unit.path.startsWith(v.unit.path));
  if (!village) throw new Error(`${unit.name} is not in ${town.unit.name}`);
  return village;
}
