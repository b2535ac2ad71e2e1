/**
 * Editable lists (enums and tags). Built-in items are seeded from the kind definitions; a town
 * may add its own, which only records in its subtree may use. Read often, written rarely: cached.
 */
import { Forbidden, NotFound, fieldError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import type { Scope } from '../org/scope.js';
import type { ListItemTable, ListTable } from '../db/schema.js';
import type { ListLookup } from './validation.js';
import type { ListItem, OptionList as ListWithItems } from '../shared/kinds.js';

/** A list and its items are the API's shapes (src/shared/kinds.ts). */
export type { ListItem, OptionList as ListWithItems } from '../shared/kinds.js';

interface Snapshot {
  defs: Array<ListTable & { org_path: string | null }>;
  items: Array<ListItemTable & { org_path: string | null }>;
  /** Derived from the items once per snapshot: every record write asks for them. */
  lookups: Map<string, ListLookup>;
  labels?: ReadonlyMap<string, string>;
}

/** Lookups kept per snapshot; past this many units the cache starts over (bounded memory). */
const MAX_CACHED_LOOKUPS = 2000;

export class ListCatalog {
  private snapshot: Promise<Snapshot> | undefined;

  constructor(private readonly db: Db) {}

  invalidate() {
    this.snapshot = undefined;
  }

  private load(): Promise<Snapshot> {
    this.snapshot ??= (async () => {
      const defs = await this.db.kysely
        .selectFrom('list_def')
        .leftJoin('org_unit', 'org_unit.id', 'list_def.org_id')
        .selectAll('list_def')
        .select('org_unit.path as org_path')
        .orderBy('list_def.code')
        .execute();
      const items = await this.db.kysely
        .selectFrom('list_item')
        .leftJoin('org_unit', 'org_unit.id', 'list_item.org_id')
        .selectAll('list_item')
        .select('org_unit.path as org_path')
        .orderBy('list_item.list')
        .orderBy('list_item.sort')
        .execute();
      return { defs, items, lookups: new Map() };
    })();
    return this.snapshot;
  }

  /** Which codes a record in the unit at `orgPath` may take. Deactivated items are refused for new values. */
  async lookupFor(orgPath: string): Promise<ListLookup> {
    const snapshot = await this.load();
    const cached = snapshot.lookups.get(orgPath);
    if (cached) return cached;
    const allowed = new Set(
      snapshot.items.filter((i) => i.active && (i.org_path === null || orgPath.startsWith(i.org_path))).map((i) => `${i.list}\u0000${i.code}`),
    );
    const lookup: ListLookup = { has: (list, code) => allowed.has(`${list}\u0000${code}`) };
    if (snapshot.lookups.size >= MAX_CACHED_LOOKUPS) snapshot.lookups.clear();
    snapshot.lookups.set(orgPath, lookup);
    return lookup;
  }

  /** Lists as a person in the subtree at `scopePath` sees them: global items, and those of units on their branch. */
  async visibleFrom(scopePath: string): Promise<ListWithItems[]> {
    const { defs, items } = await this.load();
    const onBranch = (path: string | null) => path === null || path.startsWith(scopePath) || scopePath.startsWith(path);
    return defs.filter((d) => onBranch(d.org_path)).map((d) => ({
      code: d.code,
      label: d.label,
      items: items
        .filter((i) => i.list === d.code)
        .filter((i) => onBranch(i.org_path))
        .map((i) => ({ id: i.id, code: i.code, label: i.label, orgId: i.org_id, sort: i.sort, active: i.active === 1 })),
    }));
  }

  /** code → label for every item, for presenting values (labels are unique within a list). */
  async labels(): Promise<ReadonlyMap<string, string>> {
    const snapshot = await this.load();
    snapshot.labels ??= new Map(snapshot.items.map((i) => [`${i.list}\u0000${i.code}`, i.label]));
    return snapshot.labels;
  }
}

export interface NewListItem {
  label: string;
}

/**
 * Changes to lists. A town office adds items for its own subtree; the system administrator
 * edits the lists everyone shares. Codes never change, so stored records keep their meaning.
 */
export class ListEditor {
  constructor(
    private readonly db: Db,
    private readonly catalog: ListCatalog,
  ) {}

  async addItem(scope: Scope, listCode: string, input: NewListItem): Promise<ListItem> {
    const label = input.label.trim();
    if (!label || label.length > 50) throw fieldError('label', '「选项名称」应为1到50个字');
    const list = await this.db.kysely.selectFrom('list_def').selectAll().where('code', '=', listCode).executeTakeFirst();
    if (!list) throw NotFound('选项列表');
    const global = scope.actor.role === 'systemAdmin' || scope.actor.role === 'system';
    if (!global && scope.actor.role !== 'townOffice') throw Forbidden('您的角色无权编辑选项列表');
    const visible = (await this.catalog.visibleFrom(scope.orgPath)).find((l) => l.code === listCode);
    if (visible?.items.some((i) => i.label === label)) throw fieldError('label', `「${list.label}」中已有“${label}”`);
    const sort = (visible?.items.reduce((max, i) => Math.max(max, i.sort), 0) ?? 0) + 1;
    const row = { id: newId(), list: listCode, code: `u${newId().slice(-8)}`, label, org_id: global ? null : scope.orgId, sort, active: 1 };
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('list_item').values(row).execute();
      await writeAudit(trx, scope.actor, { action: 'edit_list', kind: listCode, recordId: row.id, orgId: row.org_id, after: row });
    });
    this.catalog.invalidate();
    return { id: row.id, code: row.code, label, orgId: row.org_id, sort, active: true };
  }

  async updateItem(scope: Scope, listCode: string, id: string, input: { label?: string; active?: boolean }): Promise<ListItem> {
    const item = await this.db.kysely
      .selectFrom('list_item')
      .leftJoin('org_unit', 'org_unit.id', 'list_item.org_id')
      .selectAll('list_item')
      .select('org_unit.path as org_path')
      .where('list_item.id', '=', id)
      .where('list_item.list', '=', listCode)
      .executeTakeFirst();
    if (!item) throw NotFound('选项');
    const global = scope.actor.role === 'systemAdmin' || scope.actor.role === 'system';
    const own = scope.actor.role === 'townOffice' && (item.org_path?.startsWith(scope.orgPath) ?? false);
    if (!global && !own) throw Forbidden('只能修改本单位添加的选项；共用选项由系统管理员维护');
    const label = input.label?.trim();
    if (label !== undefined && (!label || label.length > 50)) throw fieldError('label', '「选项名称」应为1到50个字');
    const changes = { ...(label !== undefined ? { label } : {}), ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}) };
    await this.db.kysely.transaction().execute(async (trx) => {
      if (Object.keys(changes).length) await trx.updateTable('list_item').set(changes).where('id', '=', id).execute();
      await writeAudit(trx, scope.actor, { action: 'edit_list', kind: listCode, recordId: id, orgId: item.org_id, before: { label: item.label, active: item.active }, after: changes });
    });
    this.catalog.invalidate();
    return { id, code: item.code, label: label ?? item.label, orgId: item.org_id, sort: item.sort, active: input.active ?? item.active === 1 };
  }
}
