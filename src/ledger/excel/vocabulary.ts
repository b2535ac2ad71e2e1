/**
 * The names a sheet may use for one import, read once from the database: the units under the
 * import's unit, the list items it may choose, the people it may name, the records it may link.
 * The template's dropdowns offer exactly these names, so what the template offers, the import takes.
 */
import type { Db } from '../../db/connect.js';
import { ledgerTables } from '../../db/ledger-tables.js';
import type { OrgUnit } from '../../org/repository.js';
import type { Scope } from '../../org/scope.js';
import type { KindDefinition } from '../kind.js';
import { tableOf } from '../kind.js';
import type { ListCatalog } from '../lists.js';
import type { KindRegistry } from '../registry.js';
import type { Permissions } from '../../accounts/permissions.js';
import type { Vocabulary } from './columns.js';

export interface UnitChoice {
  id: string;
  /** The unit's name, or 'parent/name' where the name alone is not unique under the import's unit. */
  label: string;
  level: string;
  path: string;
}

export interface ImportVocabulary extends Vocabulary {
  /** Units under (and including) the import's unit, as the template lists them. */
  unitChoices: UnitChoice[];
}

export async function importVocabulary(
  deps: { db: Db; lists: ListCatalog; kinds: KindRegistry; permissions: Permissions },
  scope: Scope,
  kind: KindDefinition,
  unit: OrgUnit,
): Promise<ImportVocabulary> {
  const { db } = deps;
  const rows = await db.kysely.selectFrom('org_unit').select(['id', 'name', 'path', 'level', 'parent_id', 'sort']).where('path', 'like', `${unit.path}%`).execute();
  const subtree = treeOrder(rows, unit.id);
  const byId = new Map(subtree.map((u) => [u.id, u]));
  const nameCount = new Map<string, number>();
  for (const u of subtree) nameCount.set(u.name, (nameCount.get(u.name) ?? 0) + 1);
  const units = new Map<string, Array<{ id: string; name: string; path: string; level: string }>>();
  const add = (key: string, u: { id: string; name: string; path: string; level: string }) => units.set(key, [...(units.get(key) ?? []), u]);
  // A name shared by several units (every village has its 一社) is qualified by the units above it,
  // below the import's unit: 新华村/一社/一社第1网格. Any of these forms is accepted back.
  const unitChoices: UnitChoice[] = [];
  for (const u of subtree) {
    const chain: string[] = [];
    for (let at: (typeof subtree)[number] | undefined = u; at && at.id !== unit.id; at = at.parent_id ? byId.get(at.parent_id) : undefined) chain.unshift(at.name);
    const full = chain.length ? chain.join('/') : u.name;
    add(u.name, u);
    if (full !== u.name) add(full, u);
    add(u.id, u);
    unitChoices.push({ id: u.id, label: (nameCount.get(u.name) ?? 0) > 1 ? full : u.name, level: u.level, path: u.path });
  }

  const options = new Map<string, Map<string, string>>();
  const optionLabels = new Map<string, string[]>();
  for (const list of await deps.lists.visibleFrom(unit.path)) {
    const active = list.items.filter((i) => i.active);
    options.set(list.code, new Map(active.flatMap((i) => [[i.code, i.code] as const, [i.label, i.code] as const])));
    optionLabels.set(list.code, active.map((i) => i.label));
  }

  // People of the unit's subtree and of the units above it (the town's mediator for a village's record).
  const ancestors = ancestorPaths(unit.path);
  const people = new Map<string, string[]>();
  if (kind.fields.some((f) => f.type === 'person')) {
    const rows = await db.kysely
      .selectFrom('person')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('org_path', 'like', `${unit.path}%`), ...(ancestors.length ? [eb('org_path', 'in', ancestors)] : [])]))
      .execute();
    for (const p of rows) {
      people.set(p.name, [...(people.get(p.name) ?? []), p.id]);
      people.set(p.id, [p.id]);
    }
  }

  const records = new Map<string, Map<string, string[]>>();
  for (const f of kind.fields) {
    if (f.type !== 'record' || !f.kind || records.has(f.kind)) continue;
    const target = await deps.kinds.resolve(scope, f.kind).catch(() => undefined);
    if (!target || !deps.permissions.may(scope.actor.role, 'read', target)) continue;
    const rows = await ledgerTables(db.kysely).selectFrom(tableOf(target)).select(['id', 'title']).where('org_path', 'like', `${unit.path}%`).execute();
    const byTitle = new Map<string, string[]>();
    for (const r of rows) {
      const id = String(r.id);
      byTitle.set(String(r.title), [...(byTitle.get(String(r.title)) ?? []), id]);
      byTitle.set(id, [id]);
    }
    records.set(f.kind, byTitle);
  }

  return { defaultUnit: { id: unit.id, name: unit.name, path: unit.path, level: unit.level }, units, unitChoices, options, optionLabels, people, records };
}

/** '/a/b/c/' → ['/a/', '/a/b/'] */
function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.slice(0, -1).map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/** Units depth first, siblings by their sort number then name: the order of the org tree on screen. */
function treeOrder<U extends { id: string; parent_id: string | null; sort: number; name: string }>(units: U[], rootId: string): U[] {
  const children = new Map<string, U[]>();
  for (const u of units) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  const out: U[] = [];
  const visit = (u: U) => {
    out.push(u);
    const kids = (children.get(u.id) ?? []).sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
    for (const k of kids) visit(k);
  };
  const root = units.find((u) => u.id === rootId);
  if (root) visit(root);
  return out;
}
