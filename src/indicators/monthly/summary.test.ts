/**
 * The monthly summaries against the records they count: every figure read from a summary equals
 * the same figure counted from the records, for every kind on the demo, and stays equal through
 * any sequence of creates, updates, moves and deletes.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { summariesCommand } from '../../cli/summaries.js';
import { loadDemo } from '../../demo/load.js';
import { builtInKinds } from '../../areas/index.js';
import type { KindDefinition } from '../../ledger/kind.js';
import { findOrgByIdOrName, type OrgUnit } from '../../org/repository.js';
import { systemScope } from '../../org/scope.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../../testing/fixtures.js';
import * as repo from '../../ledger/repository.js';
import { isLedger, type LedgerIndicator } from '../definition.js';
import { resolvePeriod, type Period } from '../period.js';
import { collectIndicators } from '../registry.js';
import { evaluateKind } from '../sql.js';
import { summaryPlan } from './plan.js';
import { checkSummaries, rebuildSummaries } from './store.js';

const periods: Period[] = [
  resolvePeriod({ year: 2024 }),
  resolvePeriod({ year: 2025 }),
  ...[1, 2, 3, 4].map((quarter) => resolvePeriod({ year: 2025, quarter })),
  ...Array.from({ length: 12 }, (_, n) => resolvePeriod({ year: 2025, month: n + 1 })),
  { from: '2024-07-01', to: '2025-06-30' },
];

// Collected with the other kinds (a total may add up figures of several), this definition in place of the built-in one.
function indicatorsOf(kind: KindDefinition): LedgerIndicator[] {
  const kinds = builtInKinds.map((k) => (k.code === kind.code ? kind : k));
  return collectIndicators(kinds).filter(isLedger).filter((i) => i.kind === kind.code);
}

/** The kind's figures for a subtree and period, read as the engine reads them and counted from the records. */
async function bothWays(ctx: TestContext, kind: KindDefinition, unit: { id: string; path: string }, period: Period) {
  const indicators = indicatorsOf(kind);
  const read = await evaluateKind(ctx.db, kind, indicators, systemScope(unit), period);
  const counted = await evaluateKind(ctx.db, kind, indicators, systemScope(unit), period, { summaries: false });
  return { read: Object.fromEntries(read), counted: Object.fromEntries(counted) };
}

describe('monthly summaries on the demo', () => {
  let ctx: TestContext;
  let units: OrgUnit[];
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    const named = async (name: string) => ((await findOrgByIdOrName(ctx.db, name)) as [OrgUnit])[0];
    units = [await named('杭锦后旗'), await named('双庙镇')];
  });
  afterAll(() => ctx.close());

  it('gives every kind the same figures as counting its records, for the county and the town, over years, quarters and months', async () => {
    let compared = 0;
    let nonZero = 0;
    for (const kind of ctx.kinds.builtIn.filter((k) => summaryPlan(k))) {
      for (const unit of units) {
        for (const period of periods) {
          const { read, counted } = await bothWays(ctx, kind, unit, period);
          expect(read, `${kind.code} ${unit.name} ${period.from}…${period.to}`).toEqual(counted);
          compared += Object.keys(read).length;
          nonZero += Object.values(read).filter((v) => v.value !== 0).length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(nonZero).toBeGreaterThan(200);
    expect(await checkSummaries(ctx.db, ctx.kinds.builtIn)).toSatisfy((rows: Array<{ differing: number; built: boolean }>) => rows.every((r) => r.differing === 0 && r.built));
  });

  it('is what the engine reads: a summary changed by hand changes the figure, check finds it and rebuild puts it right', async () => {
    const dispute = ctx.kinds.builtIn.find((k) => k.code === 'dispute') as KindDefinition;
    const town = units[1] as OrgUnit;
    const year = resolvePeriod({ year: 2025 });
    const before = await bothWays(ctx, dispute, town, year);
    expect(before.read['dispute.screened']?.value).toBeGreaterThan(0);

    await sql`update summary_ledger_dispute set v_dispute_screened = v_dispute_screened + 7 where unit_path = ${town.path} and month = '2025-03'`.execute(ctx.db.kysely);
    const tampered = await bothWays(ctx, dispute, town, year);
    expect(tampered.read['dispute.screened']?.value).toBe((before.read['dispute.screened']?.value ?? 0) + 7);
    expect(tampered.counted).toEqual(before.counted);
    // A period that does not start on the first of a month is counted from the records.
    const ragged = { from: '2025-01-02', to: '2025-12-31' };
    expect((await bothWays(ctx, dispute, town, ragged)).read).toEqual((await bothWays(ctx, dispute, town, ragged)).counted);
    expect((await checkSummaries(ctx.db, [dispute]))[0]?.differing).toBeGreaterThan(0);

    await ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, [dispute]));
    expect(await bothWays(ctx, dispute, town, year)).toEqual(before);
    expect((await checkSummaries(ctx.db, [dispute]))[0]?.differing).toBe(0);
  });

  it('believes only what was committed: a rebuild for another definition, rolled back, changes nothing', async () => {
    const dispute = ctx.kinds.builtIn.find((k) => k.code === 'dispute') as KindDefinition;
    const narrowed: KindDefinition = {
      ...dispute,
      indicators: (dispute.indicators ?? []).map((i) => (i.code === 'dispute.resolved' ? { ...i, where: [{ field: 'status', equals: 'unresolved' }] } : i)),
    };
    const town = units[1] as OrgUnit;
    const year = resolvePeriod({ year: 2025 });
    await expect(
      ctx.db.kysely.transaction().execute(async (trx) => {
        await rebuildSummaries(trx, [narrowed]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // The narrowed definition has no summary: its figures are counted from the records, and right.
    const asNarrowed = await bothWays(ctx, narrowed, town, year);
    expect(asNarrowed.read).toEqual(asNarrowed.counted);
    expect(asNarrowed.read['dispute.resolved']?.value).not.toBe((await bothWays(ctx, dispute, town, year)).read['dispute.resolved']?.value);
    const asBuilt = await bothWays(ctx, dispute, town, year);
    expect(asBuilt.read).toEqual(asBuilt.counted);
    expect(await checkSummaries(ctx.db, [narrowed])).toEqual([{ table: 'summary_ledger_dispute', differing: 0, built: false }]);
  });

  it('fazhi summaries: check says whether they agree (exit 3 when not), rebuild puts them right', async () => {
    const said: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void said.push(line));
    const err = vi.spyOn(console, 'error').mockImplementation((line: string) => void said.push(line));
    try {
      expect(await summariesCommand(ctx, ['check'])).toBe(0);
      expect(said.at(-1)).toMatch(/^\d+ 张汇总表均与台账一致/);
      await sql`delete from summary_ledger_inspection`.execute(ctx.db.kysely);
      expect(await summariesCommand(ctx, ['check'])).toBe(3);
      expect(said).toContainEqual(expect.stringMatching(/summary_ledger_inspection：\d+ 行与台账不一致/));
      expect(await summariesCommand(ctx, ['rebuild', '--kind', 'inspection'])).toBe(0);
      expect(said.at(-1)).toMatch(/^已重建 1 张月度汇总表/);
      expect(await summariesCommand(ctx, ['check', '--kind', 'inspection'])).toBe(0);
      expect(await summariesCommand(ctx, ['check', '--kind', 'nosuchkind'])).toBe(2);
      expect(said.at(-1)).toBe('没有台账类型“nosuchkind”');
      expect(await summariesCommand(ctx, ['refresh'])).toBe(2);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });
});

describe('writes keep the summary in step', () => {
  let ctx: TestContext;
  let f: Fixture;
  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
  });
  afterAll(() => ctx.close());

  const dispute = () => ctx.kinds.builtIn.find((k) => k.code === 'dispute') as KindDefinition;
  const months = ['2024-12', '2025-01', '2025-02', '2025-06', '2025-12'];
  const categories = ['neighbour', 'landTransfer', 'marriageFamily'];

  type Op =
    | { op: 'create'; unit: number; month: number; category: number; resolved: boolean }
    | { op: 'update'; pick: number; unit: number; month: number; category: number; resolved: boolean }
    | { op: 'delete'; pick: number }
    | { op: 'stale'; pick: number; category: number };

  const fields = { unit: fc.nat(3), month: fc.nat(months.length - 1), category: fc.nat(categories.length - 1), resolved: fc.boolean() };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('create' as const), ...fields }),
    fc.record({ op: fc.constant('update' as const), pick: fc.nat(), ...fields }),
    fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('stale' as const), pick: fc.nat(), category: fc.nat(categories.length - 1) }),
  );

  it('through any sequence of creates, updates (date, category, status, unit), deletes and refused stale updates', async () => {
    const office = await f.as('townOffice');
    const unitsOf = () => [f.town, f.villageA, f.villageB, f.gridA];
    const body = (o: { unit: number; month: number; category: number; resolved: boolean }) => {
      const date = `${months[o.month]}-10`;
      return {
        orgId: (unitsOf()[o.unit] as OrgUnit).id,
        date,
        category: categories[o.category],
        ...(o.resolved ? { status: 'resolved', resolvedOn: `${months[o.month]}-20` } : { status: 'registered', resolvedOn: null }),
      };
    };
    const live: Array<{ id: string; version: number }> = [];
    let writes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'create') {
            const created = await ctx.ledger.create(office, 'dispute', disputeBody(f.town.id, body(o)));
            live.push({ id: created.id, version: created.version });
            writes++;
            continue;
          }
          const target = live[o.pick % Math.max(1, live.length)];
          if (!target) continue;
          if (o.op === 'update') {
            const updated = await ctx.ledger.update(office, 'dispute', target.id, { ...body(o), version: target.version });
            target.version = updated.version;
          } else if (o.op === 'delete') {
            await ctx.ledger.remove(office, 'dispute', target.id, target.version);
            live.splice(live.indexOf(target), 1);
          } else {
            await expect(ctx.ledger.update(office, 'dispute', target.id, { category: categories[o.category], version: target.version + 1 })).rejects.toMatchObject({ status: 409 });
            // The same race lost inside the transaction (another write got there first): nothing changes, summary included.
            const written = await ctx.db.kysely.transaction().execute((trx) => repo.updateRow(trx, office, dispute(), target.id, target.version + 1, { category: categories[o.category] ?? null }));
            expect(written).toBe(false);
            const gone = await ctx.db.kysely.transaction().execute((trx) => repo.deleteRow(trx, office, dispute(), target.id, target.version + 1));
            expect(gone).toBe(false);
          }
          writes++;
        }
        for (const unit of [f.county, f.town, f.otherTown]) {
          for (const period of [resolvePeriod({ year: 2025 }), resolvePeriod({ year: 2025, month: 1 }), { from: '2024-12-01', to: '2025-06-30' }]) {
            const { read, counted } = await bothWays(ctx, dispute(), unit, period);
            expect(read).toEqual(counted);
          }
        }
        expect((await checkSummaries(ctx.db, [dispute()]))[0]?.differing).toBe(0);
      }),
      { numRuns: 25, seed: 20251130 },
    );
    expect(writes).toBeGreaterThan(50);
    const year = await bothWays(ctx, dispute(), f.county, resolvePeriod({ year: 2025 }));
    expect(year.read['dispute.screened']?.value).toBeGreaterThan(0);
  });

  it('lets concurrent writers cross between the same town-months without deadlock, losing nothing', async () => {
    const office = await f.as('townOffice');
    const make = (date: string) => ctx.ledger.create(office, 'dispute', disputeBody(f.town.id, { date }));
    const a = await make('2025-04-10');
    const b = await make('2025-05-10');
    let [va, vb] = [a.version, b.version];
    for (let round = 0; round < 8; round++) {
      const [there, back] = round % 2 === 0 ? ['2025-05-11', '2025-04-11'] : ['2025-04-12', '2025-05-12'];
      // Updates take a summary row after the audit chain, creates before it: without one order for both they deadlock on PostgreSQL.
      const [ua, ub] = await Promise.all([
        ctx.ledger.update(office, 'dispute', a.id, { date: there, version: va }),
        ctx.ledger.update(office, 'dispute', b.id, { date: back, version: vb }),
        make('2025-04-20'),
        make('2025-05-20'),
      ]);
      [va, vb] = [ua.version, ub.version];
    }
    expect((await checkSummaries(ctx.db, [dispute()]))[0]?.differing).toBe(0);
    const { read, counted } = await bothWays(ctx, dispute(), f.town, resolvePeriod({ year: 2025, quarter: 2 }));
    expect(read).toEqual(counted);
  });
});
