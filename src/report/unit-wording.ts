/**
 * How a report names its own unit and leaders: a 街道 has a 党工委 and an 办事处 headed by a 主任,
 * a 苏木 a 苏木达. Templates say {party}, {gov}, {head}… once; the words follow the unit's type.
 * The org tree stores no such type, so it is read from the name's ending (…街道, …乡, …苏木, …镇).
 */
import { ORG_LEVEL_LABELS, type OrgLevel } from '../org/levels.js';

export const UNIT_TYPES = ['town', 'township', 'subdistrict', 'sumu'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export interface UnitWording {
  /** 镇 / 乡 / 街道 / 苏木 */
  unit: string;
  /** 全镇 / 全乡 / 全街道 / 全苏木 */
  whole: string;
  /** 镇党委 / 街道党工委 */
  party: string;
  /** 镇政府 / 街道办事处 */
  gov: string;
  /** 镇党委书记 / 街道党工委书记 */
  secretary: string;
  /** 镇长 / 乡长 / 街道办事处主任 / 苏木达 */
  head: string;
  /** 村 / 社区 / 嘎查: the units below. */
  villages: string;
}

const WORDING: Record<UnitType, UnitWording> = {
  town: { unit: '镇', whole: '全镇', party: '镇党委', gov: '镇政府', secretary: '镇党委书记', head: '镇长', villages: '村' },
  township: { unit: '乡', whole: '全乡', party: '乡党委', gov: '乡政府', secretary: '乡党委书记', head: '乡长', villages: '村' },
  subdistrict: { unit: '街道', whole: '全街道', party: '街道党工委', gov: '街道办事处', secretary: '街道党工委书记', head: '街道办事处主任', villages: '社区' },
  sumu: { unit: '苏木', whole: '全苏木', party: '苏木党委', gov: '苏木政府', secretary: '苏木党委书记', head: '苏木达', villages: '嘎查' },
};

/** 某某街道 → subdistrict, 某某乡 → township, 某某苏木 → sumu; anything else is a 镇. */
export function unitTypeOf(name: string): UnitType {
  if (name.endsWith('街道') || name.endsWith('街道办事处')) return 'subdistrict';
  if (name.endsWith('苏木')) return 'sumu';
  if (name.endsWith('乡')) return 'township';
  return 'town';
}

export const unitWording = (type: UnitType): UnitWording => WORDING[type];

/** The word a unit above or below towns goes by, read from its name as for towns: 杭锦后旗 → 旗, 某某县 → 县, 某某盟 → 盟. */
function levelWord(unit: { name: string; level: OrgLevel }): string {
  switch (unit.level) {
    case 'town':
      return unitWording(unitTypeOf(unit.name)).unit;
    case 'province':
      return unit.name.endsWith('自治区') ? '自治区' : unit.name.endsWith('市') ? '市' : '省';
    case 'city':
      return ['盟', '州', '地区'].find((w) => unit.name.endsWith(w)) ?? '市';
    case 'county':
      // 区 for a city's district, 市 for a county-level city; 自治县 and 自治旗 end in 县 and 旗.
      return ['旗', '区', '市'].find((w) => unit.name.endsWith(w)) ?? '县';
    case 'village':
      return ['社区', '嘎查'].find((w) => unit.name.endsWith(w)) ?? '村';
    default:
      return ORG_LEVEL_LABELS[unit.level];
  }
}

/** Who approves (审定) a unit's report: 镇领导 for a town, 街道领导 for a 街道, 旗领导 for a 旗's own report. */
export const leadersOf = (unit: { name: string; level: OrgLevel }): string => `${levelWord(unit)}领导`;
