/** The levels of the org tree, top to bottom (SPEC §2). Any level may be a deployment's root. */
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

export const levelRank = (level: OrgLevel) => ORG_LEVELS.indexOf(level);

export const isOrgLevel = (value: unknown): value is OrgLevel =>
  typeof value === 'string' && (ORG_LEVELS as readonly string[]).includes(value);

/** Levels at and below the town: where ledger work is recorded. */
export const TOWN_AND_BELOW: OrgLevel[] = ['town', 'village', 'group', 'grid'];
export const VILLAGE_AND_BELOW: OrgLevel[] = ['village', 'group', 'grid'];
