/**
 * How a record's unit is named on screen and in exports. Every village has a 一社, so a group or a
 * grid named alone says little: the unit is named by its path below its town (新华村/一社), and
 * the town is named beside it for those who see more than one town.
 */
import type { Db } from '../db/connect.js';
import { levelRank, type OrgLevel } from './levels.js';
import { pathsAlong } from './towns.js';

export interface UnitNames {
  /** The unit's own name (一社). */
  ownName: string;
  /** The unit's path below its town, '/'-joined (新华村/一社); a town or a unit above towns is its own name. */
  pathName: string;
  /** The town the unit belongs to; null for a unit above towns. */
  townName: string | null;
}

interface NamedUnit {
  path: string;
  name: string;
  level: OrgLevel;
}

const TOWN = levelRank('town');

/**
 * Names for the unit at `path`, given the units along it (any missing ancestor is skipped). Pure:
 * the units are read once for a whole page of records (see unitNamesOf).
 */
export function unitNamesAlong(path: string, unitAt: (path: string) => NamedUnit | undefined): UnitNames | undefined {
  const own = unitAt(path);
  if (!own) return undefined;
  const along = pathsAlong(path)
    .map(unitAt)
    .filter((u): u is NamedUnit => u !== undefined);
  const townIndex = along.findLastIndex((u) => levelRank(u.level) <= TOWN);
  const town = townIndex >= 0 ? along[townIndex] : undefined;
  const below = along.slice(townIndex + 1);
  return {
    ownName: own.name,
    pathName: below.length ? below.map((u) => u.name).join('/') : own.name,
    townName: town?.level === 'town' ? town.name : null,
  };
}

/** Names for each of the paths, reading the units along them in one query. */
export async function unitNamesOf(db: Db, paths: readonly string[]): Promise<Map<string, UnitNames>> {
  const distinct = [...new Set(paths)];
  const along = [...new Set(distinct.flatMap(pathsAlong))];
  const units = new Map<string, NamedUnit>();
  for (let n = 0; n < along.length; n += 500) {
    const rows = await db.kysely.selectFrom('org_unit').select(['path', 'name', 'level']).where('path', 'in', along.slice(n, n + 500)).execute();
    for (const r of rows) units.set(r.path, { path: r.path, name: r.name, level: r.level as OrgLevel });
  }
  const names = new Map<string, UnitNames>();
  for (const p of distinct) {
    const named = unitNamesAlong(p, (q) => units.get(q));
    if (named) names.set(p, named);
  }
  return names;
}
