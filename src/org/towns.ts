/**
 * The town a unit belongs to: the tenant of everything recorded there. A village, group or grid
 * belongs to its town; a town, or a unit above towns that keeps records of its own (a county's
 * justice bureau), is its own. Ledger rows carry it (town_id, part of their primary key) and the
 * monthly summaries are kept per town, so a town's data can live together on one node.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { levelRank, type OrgLevel } from './levels.js';

/** The ancestors of a path, outermost first, the path itself last: '/a/b/' → ['/a/', '/a/b/']. */
export function pathsAlong(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, n) => `/${ids.slice(0, n + 1).join('/')}/`);
}

/** The id a path ends in: '/a/b/' → 'b'. */
export const idOfPath = (path: string) => path.split('/').filter(Boolean).at(-1) ?? '';

const TOWN = levelRank('town');

/**
 * The path of the town a unit belongs to, given the levels of the units along its path: the
 * nearest unit at town level or above, counting the unit itself. In a deployment rooted below
 * towns (a village on its own) that is the root: one tenant, as a town would be. A path whose
 * levels are all unknown is its own.
 */
export function townPathOf(path: string, levelOf: (path: string) => OrgLevel | undefined): string {
  const along = pathsAlong(path);
  let known = false;
  for (let n = along.length - 1; n >= 0; n--) {
    const p = along[n] as string;
    const level = levelOf(p);
    if (level === undefined) continue;
    known = true;
    if (levelRank(level) <= TOWN) return p;
  }
  return known ? (along[0] as string) : path;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** Any executor of one database shares its adapter object; the memory below hangs off it. */
const memory = new WeakMap<object, Map<string, string>>();

/** Each path's town path (see townPathOf), reading the levels along it once: paths never change their levels. */
export async function townPaths(executor: Executor, paths: readonly string[]): Promise<Map<string, string>> {
  const key = executor.getExecutor().adapter as object;
  let known = memory.get(key);
  if (!known) memory.set(key, (known = new Map<string, string>()));
  if (known.size > 200_000) known.clear();
  const missing = [...new Set(paths)].filter((p) => !known.has(p));
  if (missing.length) {
    const along = [...new Set(missing.flatMap(pathsAlong))];
    const levels = new Map<string, OrgLevel>();
    for (let n = 0; n < along.length; n += 500) {
      const rows = await executor.selectFrom('org_unit').select(['path', 'level']).where('path', 'in', along.slice(n, n + 500)).execute();
      for (const r of rows) levels.set(r.path, r.level as OrgLevel);
    }
    for (const p of missing) known.set(p, townPathOf(p, (q) => levels.get(q)));
  }
  return new Map(paths.map((p) => [p, known.get(p) as string]));
}

/** Every unit's town path, from the whole tree at once. */
async function allTownPaths(executor: Executor): Promise<Map<string, string>> {
  const units = await executor.selectFrom('org_unit').select(['path', 'level']).execute();
  const levels = new Map(units.map((u) => [u.path, u.level as OrgLevel]));
  return new Map(units.map((u) => [u.path, townPathOf(u.path, (p) => levels.get(p))]));
}

/** The temporary table bulk work joins records to for their towns (town_of_path: path, town_path, town_id). */
export const TOWN_MAP = 'town_of_path';

/**
 * Fills TOWN_MAP with every unit's town, inside the caller's transaction, for work over whole
 * tables in one grouped pass (rebuilding summaries, giving old rows their town). Drop it after.
 */
export async function fillTownMap(trx: Transaction<Database>): Promise<void> {
  await sql`drop table if exists ${sql.table(TOWN_MAP)}`.execute(trx);
  await sql`create temporary table ${sql.table(TOWN_MAP)} (path text primary key, town_path text not null, town_id text not null)`.execute(trx);
  const pairs = [...(await allTownPaths(trx))];
  for (let n = 0; n < pairs.length; n += 1000) {
    await sql`insert into ${sql.table(TOWN_MAP)} (path, town_path, town_id) values ${sql.join(
      pairs.slice(n, n + 1000).map(([path, town]) => sql`(${path}, ${town}, ${idOfPath(town)})`),
    )}`.execute(trx);
  }
}
