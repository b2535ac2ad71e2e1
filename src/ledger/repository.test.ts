/**
 * The ledger repository keeps to the scope it is given: a row of another town can be neither read,
 * nor updated, nor deleted through a town's scope, even with its exact id and version, and a row
 * outside the scope is refused before it is written. A fixture kind, not a real definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import { text } from './fields.js';
import { defineKind, tableOf } from './kind.js';
import * as repo from './repository.js';
import { narrow, type Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { ledgerTables, syncLedgerTables } from '../db/ledger-tables.js';
import type { Cell, Database } from '../db/schema.js';

const note = defineKind({
  code: 'testScopedNote',
  label: '测试便笺',
  area: 'governance',
  description: '测试用',
  orgLevels: ['town', 'village'],
  fields: [text('topic', '事由')],
  indicators: [],
});

let ctx: TestContext;
let f: Fixture;
let townOffice: Scope;
let otherOffice: Scope;
let n = 0;

const rowAt = (unit: { id: string; path: string }, title: string): Record<string, Cell> => {
  const now = new Date().toISOString();
  return { id: `note${++n}`, org_id: unit.id, org_path: unit.path, date: '2025-04-01', title, topic: title, created_at: now, updated_at: now, version: 1 };
};

const stored = (id: string) => ledgerTables(ctx.db.kysely).selectFrom(tableOf(note)).selectAll().where('id', '=', id).executeTakeFirst();
const write = <T>(work: (trx: Transaction<Database>) => Promise<T>) => ctx.db.kysely.transaction().execute(work);

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  await syncLedgerTables(ctx.db, [note]);
  townOffice = await f.as('townOffice');
  otherOffice = await f.as('townOffice', f.otherTown);
});
afterAll(() => ctx.close());

describe('ledger repository scope', () => {
  it('leaves another town’s row as it was when a town’s scope updates or deletes it by id', async () => {
    const theirs = rowAt(f.otherVillage, '乙镇的便笺');
    await write((trx) => repo.insertRow(trx, otherOffice, note, theirs));

    // The exact id and the current version, through the wrong town: nothing is written.
    expect(await write((trx) => repo.updateRow(trx, townOffice, note, String(theirs.id), 1, { title: '被改了', topic: '被改了' }))).toBe(false);
    expect(await write((trx) => repo.deleteRow(trx, townOffice, note, String(theirs.id), 1))).toBe(false);
    expect(await stored(String(theirs.id))).toMatchObject({ title: '乙镇的便笺', topic: '乙镇的便笺', version: 1 });
    expect(await repo.findRow(ctx.db.kysely, townOffice, note, String(theirs.id))).toBeUndefined();

    // Its own town's scope (and the county's, above both) reaches it.
    expect(await write((trx) => repo.updateRow(trx, otherOffice, note, String(theirs.id), 1, { title: '乙镇改过', topic: '乙镇改过' }))).toBe(true);
    expect(await stored(String(theirs.id))).toMatchObject({ title: '乙镇改过', version: 2 });
    const county = narrow(f.system, f.county) as Scope;
    expect(await write((trx) => repo.deleteRow(trx, county, note, String(theirs.id), 2))).toBe(true);
    expect(await stored(String(theirs.id))).toBeUndefined();
  });

  it('refuses to write a row, or move one, outside the scope', async () => {
    const stray = rowAt(f.otherTown, '越界新增');
    await expect(write((trx) => repo.insertRows(trx, townOffice, note, [rowAt(f.villageA, '本镇'), stray]))).rejects.toMatchObject({ status: 403 });
    expect(await stored(String(stray.id))).toBeUndefined();

    const mine = rowAt(f.villageA, '甲镇的便笺');
    await write((trx) => repo.insertRow(trx, townOffice, note, mine));
    await expect(write((trx) => repo.updateRow(trx, townOffice, note, String(mine.id), 1, { org_id: f.otherVillage.id, org_path: f.otherVillage.path }))).rejects.toMatchObject({
      status: 403,
    });
    expect(await stored(String(mine.id))).toMatchObject({ org_path: f.villageA.path, version: 1 });
  });

  it('pages through the scope’s rows only', async () => {
    const a = rowAt(f.villageB, '西村');
    const b = rowAt(f.otherVillage, '南村');
    await write((trx) => repo.insertRows(trx, f.system, note, [a, b]));
    const village = narrow(townOffice, f.villageB) as Scope;
    const ids = (await repo.rowsUpTo(ctx.db.kysely, village, note, '2025-12-31', { limit: 100 })).map((r) => r.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    // Narrowing never widens: a town's scope cannot be narrowed to another town's unit.
    expect(narrow(townOffice, f.otherVillage)).toBeUndefined();
  });
});
