/** The org tree: units, their paths and subtrees. */
import { newId } from '../core/ids.js';
import { nowIso } from '../core/dates.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database, OrgUnitTable } from '../db/schema.js';
import { type OrgLevel } from './levels.js';
import type { Scope } from './scope.js';

export type OrgUnit = Omit<OrgUnitTable, 'level'> & { level: OrgLevel };

export interface OrgNode extends OrgUnit {
  children: OrgNode[];
}

const asUnit = (row: OrgUnitTable): OrgUnit => row as OrgUnit;

export async function findOrg(db: Db, id: string): Promise<OrgUnit | undefined> {
  const row = await db.kysely.selectFrom('org_unit').selectAll().where('id', '=', id).executeTakeFirst();
  return row && asUnit(row);
}

/** A unit by id, or by name when the name is unique (the command line accepts either). */
export async function findOrgByIdOrName(db: Db, idOrName: string): Promise<OrgUnit[]> {
  const rows = await db.kysely
    .selectFrom('org_unit')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .execute();
  return rows.map(asUnit);
}

export async function findOrgsByIds(db: Db, ids: string[]): Promise<Map<string, OrgUnit>> {
  if (!ids.length) return new Map();
  const rows = await db.kysely.selectFrom('org_unit').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, asUnit(r)]));
}

export async function listSubtree(db: Db, scope: Scope, levels?: OrgLevel[]): Promise<OrgUnit[]> {
  const rows = await db.kysely
    .selectFrom('org_unit')
    .selectAll()
    .where('path', 'like', `${scope.orgPath}%`)
    .$if(!!levels?.length, (qb) => qb.where('level', 'in', levels ?? []))
    .orderBy('path')
    .execute();
  return rows.map(asUnit);
}

export function buildTree(units: OrgUnit[]): OrgNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (list: OrgNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
    list.forEach((n) => order(n.children));
  };
  order(roots);
  return roots;
}

export interface NewOrgUnit {
  id?: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  code?: string | null;
  sort?: number;
}

export async function insertOrg(db: Db, unit: NewOrgUnit, parentPath = ''): Promise<OrgUnit> {
  return insertOrgWith(db.kysely, unit, parentPath);
}

/** The same, on a given connection or transaction (a transaction is a Kysely): the unit and its audit row commit together. */
export async function insertOrgWith(kysely: Kysely<Database>, unit: NewOrgUnit, parentPath = ''): Promise<OrgUnit> {
  const id = unit.id ?? newId();
  const row: OrgUnitTable = {
    id,
    parent_id: unit.parentId,
    name: unit.name,
    level: unit.level,
    path: `${parentPath || '/'}${id}/`,
    code: unit.code ?? null,
    sort: unit.sort ?? 0,
    created_at: nowIso(),
  };
  await kysely.insertInto('org_unit').values(row).execute();
  return asUnit(row);
}
