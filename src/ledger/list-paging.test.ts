/**
 * Ledger lists page by cursor: walking every page after the first by its cursor gives each record
 * once, in the list's order, however many share a date (a property over random dates, titles and
 * page sizes); a cursor that was tampered with is refused naming the field; the total says how
 * exact it is; and a cursor never widens the caller's scope. A fixture kind, not a real definition.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { syncLedgerTables } from '../db/ledger-tables.js';
import { syncSummaries } from '../indicators/monthly/store.js';
import { summaryPlan } from '../indicators/monthly/plan.js';
import type { Cell } from '../db/schema.js';
import type { OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { text } from './fields.js';
import { defineKind } from './kind.js';
import { KindRegistry } from './registry.js';
import * as repo from './repository.js';
import { encodeCursor } from './cursor.js';
import { LedgerService, type LedgerPage, type ListParams, type PresentedRecord } from './service.js';

const note = defineKind({
  code: 'testPagedNote',
  label: '测试分页便笺',
  area: 'governance',
  description: '测试用',
  orgLevels: ['town', 'village', 'grid'],
  fields: [text('topic', '事由')],
  indicators: [{ code: 'testPagedNote.count', label: '便笺数', aliases: [], unit: '件', measure: { op: 'count' } }],
});

let ctx: TestContext;
let f: Fixture;
let ledger: LedgerService;
let n = 0;

const rowAt = (unit: OrgUnit, date: string, title: string, tag: string): Record<string, Cell> => {
  const now = new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();
  n += 1;
  return { id: `pn${String(n).padStart(6, '0')}`, org_id: unit.id, org_path: unit.path, date, title, topic: title, tags: JSON.stringify([tag]), created_at: now, updated_at: now, version: 1 };
};

async function insert(rows: Array<Record<string, Cell>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await ctx.db.kysely.transaction().execute((trx) => repo.insertRows(trx, f.system, note, rows.slice(i, i + 500)));
  }
}

/** Every page from the first, each asked for by the cursor of the one before. */
async function walk(scope: Scope, params: ListParams): Promise<Array<LedgerPage<PresentedRecord>>> {
  const pages = [await ledger.list(scope, note.code, params)];
  for (let next = pages[0]?.nextCursor; next; next = pages.at(-1)?.nextCursor) {
    pages.push(await ledger.list(scope, note.code, { ...params, cursor: next }));
    if (pages.length > 500) throw new Error('the cursor does not advance');
  }
  return pages;
}

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as { status: number; field?: string; message: string });

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  await syncLedgerTables(ctx.db, [note]);
  await syncSummaries(ctx.db, [note]);
  ledger = new LedgerService(ctx.db, new KindRegistry(ctx.db, [...builtInKinds, note]), ctx.lists, ctx.permissions, ctx.cipher);
});
afterAll(() => ctx.close());

describe('paging by cursor', () => {
  it('gives every record once, in the list’s order, across pages of equal dates and titles', async () => {
    let run = 0;
    const units = () => [f.villageA, f.villageB, f.gridA, f.town];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ date: fc.constantFrom('2025-03-01', '2025-03-02', '2025-04-30'), title: fc.constantFrom('甲', '乙', 'b', 'B'), unit: fc.nat(3) }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('-date', 'date', 'title', '-title', '-createdAt', 'topic'),
        async (specs, pageSize, sort) => {
          const tag = `run${++run}`;
          await insert(specs.map((s) => rowAt(units()[s.unit] as OrgUnit, s.date, s.title, tag)));
          const pages = await walk(f.system, { tag, sort, pageSize });
          const walked = pages.flatMap((p) => p.items.map((r) => r.id));
          // The order the database gives the whole list at once.
          const whole = await ledger.list(f.system, note.code, { tag, sort, pageSize: 200 });
          expect(walked).toEqual(whole.items.map((r) => r.id));
          expect(new Set(walked).size).toBe(specs.length);
          expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
          expect(pages.every((p) => p.total === specs.length && p.totalKind === 'exact')).toBe(true);
          if (sort === '-date') {
            const dates = pages.flatMap((p) => p.items.map((r) => r.date));
            expect(dates).toEqual([...dates].sort().reverse());
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('starts after the cursor’s row even when records are added before it meanwhile', async () => {
    await insert(['2025-05-03', '2025-05-02', '2025-05-02', '2025-05-01'].map((d) => rowAt(f.villageA, d, '插入', 'moving')));
    const first = await ledger.list(f.system, note.code, { tag: 'moving', pageSize: 2 });
    await insert([rowAt(f.villageA, '2025-05-09', '新来的', 'moving')]);
    const second = await ledger.list(f.system, note.code, { tag: 'moving', pageSize: 2, cursor: first.nextCursor ?? '' });
    expect(second.items.map((r) => r.date)).toEqual(['2025-05-02', '2025-05-01']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor that was tampered with, or belongs to another order, naming the field', async () => {
    await insert(['2025-06-01', '2025-06-02', '2025-06-03'].map((d) => rowAt(f.villageA, d, '篡改', 'tamper')));
    const first = await ledger.list(f.system, note.code, { tag: 'tamper', pageSize: 1 });
    const cursor = first.nextCursor ?? '';
    const forged = [
      'not base64 at all!',
      Buffer.from('{"s":"date"').toString('base64url'),
      encodeCursor({ s: 'date', d: 'desc', p: 2, total: 3, kind: 'exact' }), // a date order without its key
      `${cursor.slice(0, -4)}AAAA`,
      Buffer.from(JSON.stringify({ s: 'date', d: 'desc', p: 2, at: [{ or: 1 }, 'x'], total: 3, kind: 'exact' })).toString('base64url'),
    ];
    for (const bad of forged) {
      const error = await errorOf(ledger.list(f.system, note.code, { tag: 'tamper', pageSize: 1, cursor: bad }));
      expect(error?.status).toBe(400);
      expect(error?.field).toBe('cursor');
    }
    expect((await errorOf(ledger.list(f.system, note.code, { tag: 'tamper', pageSize: 1, sort: 'date', cursor })))?.field).toBe('cursor');
    expect((await ledger.list(f.system, note.code, { tag: 'tamper', pageSize: 1, cursor })).items.map((r) => r.date)).toEqual(['2025-06-02']);
  });

  it('keeps a cursor within the scope of whoever sends it', async () => {
    await insert([rowAt(f.villageA, '2025-07-03', '东村', 'scoped'), rowAt(f.villageB, '2025-07-02', '西村', 'scoped'), rowAt(f.otherVillage, '2025-07-01', '南村', 'scoped'), rowAt(f.villageA, '2025-06-30', '东村', 'scoped')]);
    const county = await f.as('countyReviewer');
    const all = await walk(county, { tag: 'scoped', pageSize: 1 });
    expect(all.flatMap((p) => p.items.map((r) => r.title))).toEqual(['东村', '西村', '南村', '东村']);
    // The county's cursor after 东村's first record, sent by someone whose scope is 东村: only 东村's records follow.
    const village = await f.as('townOffice', f.villageA);
    const after = await ledger.list(village, note.code, { tag: 'scoped', pageSize: 5, cursor: all[0]?.nextCursor ?? '' });
    expect(after.items.map((r) => r.title)).toEqual(['东村']);
    const otherTown = await f.as('townOffice', f.otherTown);
    expect((await walk(otherTown, { tag: 'scoped', pageSize: 1 })).flatMap((p) => p.items.map((r) => r.title))).toEqual(['南村']);
  });
});

describe('the total of a list', () => {
  it('is read from the monthly summary for whole months over a town, and counted otherwise', async () => {
    await insert(['2024-02-01', '2024-02-29', '2024-03-15', '2024-03-31', '2024-04-01'].map((d) => rowAt(f.villageB, d, '汇总', 'summed')));
    const office = await f.as('townOffice');
    const whole = { from: '2024-02-01', to: '2024-03-31', pageSize: 2 };
    expect(await ledger.list(office, note.code, whole)).toMatchObject({ total: 4, totalKind: 'exact' });
    // What the summary says is what the total says: change it by hand and the total follows.
    const table = summaryPlan(note)?.table ?? '';
    await sql`update ${sql.table(table)} set n = n + 100 where unit_path = ${f.town.path} and month = '2024-03'`.execute(ctx.db.kysely);
    try {
      expect((await ledger.list(office, note.code, whole)).total).toBe(104);
      // Not whole months, a village, or another filter: the records are counted.
      expect((await ledger.list(office, note.code, { ...whole, to: '2024-03-30' })).total).toBe(3);
      expect((await ledger.list(office, note.code, { ...whole, org: f.villageB.id })).total).toBe(4);
      expect((await ledger.list(office, note.code, { ...whole, tag: 'summed' })).total).toBe(4);
      expect((await ledger.list(office, note.code, { ...whole, count: 'exact' })).total).toBe(4);
      // A first page that holds every match is its own count.
      expect(await ledger.list(office, note.code, { ...whole, pageSize: 20 })).toMatchObject({ total: 4, totalKind: 'exact', nextCursor: null });
    } finally {
      await sql`update ${sql.table(table)} set n = n - 100 where unit_path = ${f.town.path} and month = '2024-03'`.execute(ctx.db.kysely);
    }
  });

  it('past the counting bound is an estimate (PostgreSQL) or a lower bound (SQLite) until counted exactly', async () => {
    const many = repo.EXACT_COUNT_UP_TO + 25;
    await insert(Array.from({ length: many }, (_, i) => rowAt(f.villageA, `2023-${String((i % 12) + 1).padStart(2, '0')}-10`, `批量${i}`, 'bulk')));
    const first = await ledger.list(f.system, note.code, { tag: 'bulk', pageSize: 10 });
    if (ctx.db.engine === 'postgres') {
      expect(first.totalKind).toBe('estimate');
      expect(first.total).toBeGreaterThan(repo.EXACT_COUNT_UP_TO);
    } else expect(first).toMatchObject({ total: repo.EXACT_COUNT_UP_TO, totalKind: 'atLeast' });
    // Later pages carry the first page's figure instead of counting again.
    const second = await ledger.list(f.system, note.code, { tag: 'bulk', pageSize: 10, cursor: first.nextCursor ?? '' });
    expect(second).toMatchObject({ total: first.total, totalKind: first.totalKind, page: 2 });
    expect(await ledger.list(f.system, note.code, { tag: 'bulk', pageSize: 10, count: 'exact' })).toMatchObject({ total: many, totalKind: 'exact' });
    expect(await ledger.list(f.system, note.code, { tag: 'bulk', pageSize: 10, cursor: first.nextCursor ?? '', count: 'exact' })).toMatchObject({ total: many, totalKind: 'exact', page: 2 });
  }, 60_000);
});
