/** Seeds the editable lists declared by the kinds. Existing items (and their edited labels) are kept. */
import { newId } from '../core/ids.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { Db } from './connect.js';

export async function seedLists(db: Db, kinds: readonly KindDefinition[]): Promise<void> {
  const lists = kinds.flatMap((k) => k.lists ?? []);
  if (!lists.length) return;
  const defs = new Set((await db.kysely.selectFrom('list_def').select('code').execute()).map((r) => r.code));
  const items = new Set(
    (await db.kysely.selectFrom('list_item').select(['list', 'code']).execute()).map((r) => `${r.list}\u0000${r.code}`),
  );
  await db.kysely.transaction().execute(async (trx) => {
    for (const list of lists) {
      if (!defs.has(list.code)) {
        await trx.insertInto('list_def').values({ code: list.code, label: list.label, org_id: null }).execute();
        defs.add(list.code);
      }
      const missing = list.items
        .map(([code, label], sort) => ({ code, label, sort }))
        .filter((i) => !items.has(`${list.code}\u0000${i.code}`));
      if (!missing.length) continue;
      await trx
        .insertInto('list_item')
        .values(missing.map((i) => ({ id: newId(), list: list.code, code: i.code, label: i.label, org_id: null, sort: i.sort, active: 1 })))
        .execute();
    }
  });
}
