/** The levels of the org tree and their names. Shared by the server and the UI; imports nothing, so the UI's bundle takes only these constants. */

/** The levels of the org tree, top to bottom. Any level may be a deployment's root. */
export const ORG_LEVELS = ['province', 'city', 'county', 'town', 'village', 'group', 'grid'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  province: '省/自治区',
  city: '市/盟',
  county: '县/旗',
  town: '镇/乡/苏木/街道',
  village: '村/嘎查/社区',
  group: '社/组',
  grid: '网格',
};

export const isOrgLevel = (value: unknown): value is OrgLevel => typeof value === 'string' && (ORG_LEVELS as readonly string[]).includes(value);

/** A level's place from the top (province 0 … grid 6); -1 for a string that is no level. */
export const levelRank = (level: string): number => (ORG_LEVELS as readonly string[]).indexOf(level);

/** Levels at and below the town: where ledger work is recorded. */
export const TOWN_AND_BELOW: OrgLevel[] = ['town', 'village', 'group', 'grid'];
export const VILLAGE_AND_BELOW: OrgLevel[] = ['village', 'group', 'grid'];
