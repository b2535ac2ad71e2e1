/**
 * Editable lists (enums and tags). Built-in items are seeded from the kind definitions; a town
 * may add its own, which only records in its subtree may use. Read often, written rarely: cached.
 */
import type { Db } from '../db/connect.js';
import type { ListItemTable, ListTable } from '../db/schema.js';
import type { ListLookup } from './validation.js';

export interface ListItem {
  id: string;
  code: string;
  label: string;
  orgId: string | null;
  sort: number;
  active: boolean;
}

export interface ListWithItems {
  code: string;
  label: string;
  items: ListItem[];
}

interface Snapshot {
  defs: ListTable[];
  items: Array<ListItemTable & { org_path: string | null }>;
}

export class ListCatalog {
  private snapshot: Promise<Snapshot> | undefined;

  constructor(private readonly db: Db) {}

  invalidate() {
    this.snapshot = undefined;
  }

  private load(): Promise<Snapshot> {
    this.snapshot ??= (async () => {
      const defs = await this.db.kysely.selectFrom('list_def').selectAll().orderBy('code').execute();
      const items = await this.db.kysely
        .selectFrom('list_item')
        .leftJoin('org_unit', 'org_unit.id', 'list_item.org_id')
        .selectAll('list_item')
        .select('org_unit.path as org_path')
        .orderBy('list_item.list')
        .orderBy('list_item.sort')
        .execute();
      return { defs, items };
    })();
    return this.snapshot;
  }

  /** Which codes a record in the unit at `orgPath` may take. Deactivated items are refused for new values. */
  async lookupFor(orgPath: string): Promise<ListLookup> {
    const { items } = await this.load();
    const allowed = new Set(
      items.filter((i) => i.active && (i.org_path === null || orgPath.startsWith(i.org_path))).map((i) => `${i.list}\u0000${i.code}`),
    );
    return { has: (list, code) => allowed.has(`${list}\u0000${code}`) };
  }

  /** Lists as a person in the subtree at `scopePath` sees them: global items, and those of units on their branch. */
  async visibleFrom(scopePath: string): Promise<ListWithItems[]> {
    const { defs, items } = await this.load();
    return defs.map((d) => ({
      code: d.code,
      label: d.label,
      items: items
        .filter((i) => i.list === d.code)
        .filter((i) => i.org_path === null || i.org_path.startsWith(scopePath) || scopePath.startsWith(i.org_path))
        .map((i) => ({ id: i.id, code: i.code, label: i.label, orgId: i.org_id, sort: i.sort, active: i.active === 1 })),
    }));
  }

  /** code → label for every item, for presenting values (labels are unique within a list). */
  async labels(): Promise<Map<string, string>> {
    const { items } = await this.load();
    return new Map(items.map((i) => [`${i.list}\u0000${i.code}`, i.label]));
  }
}
