/**
 * The list catalog keeps what it derives (lookups per unit, labels) with its snapshot: an edit
 * to a list must show in the very next lookup, for the units it concerns and no others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { ListEditor } from './lists.js';

let ctx: TestContext;
let f: Fixture;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
});
afterAll(async () => {
  await (ctx as TestContext | undefined)?.close(); // unset when beforeAll failed
});

const LIST = 'dispute.category';
const labelOf = async (code: string) => (await ctx.lists.labels()).get(`${LIST}\u0000${code}`);

describe('list catalog after edits', () => {
  it('a town’s new item is allowed at once in its subtree only, and refused again once deactivated', async () => {
    const editor = new ListEditor(ctx.db, ctx.lists);
    const office = await f.as('townOffice');
    // Asked before the edit, so that anything kept from then would be stale.
    for (const unit of [f.villageA, f.otherVillage]) expect((await ctx.lists.lookupFor(unit.path)).has(LIST, 'neighbour')).toBe(true);
    expect(await labelOf('neighbour')).toBe('邻里纠纷');

    const item = await editor.addItem(office, LIST, { label: '草场纠纷' });
    expect((await ctx.lists.lookupFor(f.villageA.path)).has(LIST, item.code)).toBe(true);
    expect((await ctx.lists.lookupFor(f.town.path)).has(LIST, item.code)).toBe(true);
    expect((await ctx.lists.lookupFor(f.otherVillage.path)).has(LIST, item.code)).toBe(false);
    expect(await labelOf(item.code)).toBe('草场纠纷');

    await editor.updateItem(office, LIST, item.id, { label: '草原纠纷', active: false });
    expect((await ctx.lists.lookupFor(f.villageA.path)).has(LIST, item.code)).toBe(false);
    // Records that already carry it still show its (new) name.
    expect(await labelOf(item.code)).toBe('草原纠纷');
  });
});
