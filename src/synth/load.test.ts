/** `synthesize` on the test engine: what lands in the database, read back through the services. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../db/schema.js';
import { fromRow } from '../ledger/codec.js';
import { tableOf } from '../ledger/kind.js';
import { isChange, isLedger, isRatio } from '../indicators/definition.js';
import { checkSummaries } from '../indicators/monthly/store.js';
import { summaryPlan } from '../indicators/monthly/plan.js';
import { distinctPlan } from '../indicators/monthly/distinct.js';
import { listSubtree } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { synthesize, SynthRefused, type SynthOptions, type SynthSummary } from './load.js';

const OPTIONS: SynthOptions = { towns: 42, recordsPerTown: 40, seed: 'load-test', firstYear: 2021, lastYear: 2025 };
const WHOLE_PERIOD = { from: '2021-01-01', to: '2025-12-31' };

/** Every row a load wrote under a province, sensitive fields decrypted (their ciphertext has a random IV by design). */
async function checksum(ctx: TestContext, provinceId: string): Promise<string> {
  const hash = createHash('sha256');
  const k = ctx.db.kysely;
  const under = `/${provinceId}/%`;
  hash.update(JSON.stringify(await k.selectFrom('org_unit').selectAll().where('path', 'like', under).orderBy('id').execute()));
  hash.update(JSON.stringify(await k.selectFrom('person').selectAll().where('org_path', 'like', under).orderBy('id').execute()));
  for (const kind of ctx.kinds.builtIn) {
    const { rows } = await sql<Record<string, Cell>>`select * from ${sql.table(tableOf(kind))} where org_path like ${under} order by id`.execute(k);
    hash.update(JSON.stringify(rows.map((row) => fromRow(kind, row, ctx.cipher))));
  }
  return hash.digest('hex');
}

const countOf = async (ctx: TestContext, table: string, pathPrefix = '/') => {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where org_path like ${`${pathPrefix}%`}`.execute(ctx.db.kysely);
  return Number(rows[0]?.n ?? 0);
};

describe('synthesize', () => {
  let ctx: TestContext;
  let summary: SynthSummary;

  beforeAll(async () => {
    ctx = await testContext();
    // On PostgreSQL this small load also takes the large-load path: indexes and foreign keys dropped and restored.
    summary = await synthesize(ctx, { ...OPTIONS, rebuildIndexesFrom: 0 });
  });
  afterAll(() => ctx.close());

  it('writes the tree, the towns and exactly the records asked for, per town and per kind', async () => {
    const units = await ctx.db.kysely.selectFrom('org_unit').select(['id', 'level', 'path']).execute();
    expect(units).toHaveLength(summary.units);
    const towns = units.filter((u) => u.level === 'town');
    expect(towns).toHaveLength(42);
    expect(units.filter((u) => u.level === 'county')).toHaveLength(2);
    expect(summary.records).toBe(42 * 40);
    for (const kind of ctx.kinds.builtIn) expect(await countOf(ctx, tableOf(kind)), kind.code).toBe(summary.byKind[kind.code]);
    for (const town of towns.slice(0, 5)) {
      let inTown = 0;
      for (const kind of ctx.kinds.builtIn) inTown += await countOf(ctx, tableOf(kind), town.path);
      expect(inTown).toBe(40);
    }
    const people = await ctx.db.kysely.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(summary.people);
  });

  it('writes one audit row for the run, and leaves the tables’ indexes and foreign keys as they were', async () => {
    const audit = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'org_id', 'after']).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'synth', org_id: summary.provinceId });
    expect(JSON.parse(String(audit[0]?.after))).toMatchObject({ seed: 'load-test', towns: 42, recordsPerTown: 40, records: 42 * 40 });
    if (ctx.db.engine !== 'postgres') return;
    expect(summary.rebuiltIndexes).toBe(true);
    const { rows: indexes } = await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = current_schema() and tablename = 'ledger_dispute' order by indexname`.execute(ctx.db.kysely);
    expect(indexes.map((i) => i.indexname)).toEqual(['ledger_dispute_date', 'ledger_dispute_id', 'ledger_dispute_path_prefix', 'ledger_dispute_pkey', 'ledger_dispute_scope', 'ledger_dispute_town_date']);
    const { rows: keys } = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'ledger_dispute'::regclass and contype = 'f'`.execute(ctx.db.kysely);
    expect(keys.map((k) => k.def)).toEqual(['FOREIGN KEY (org_id) REFERENCES org_unit(id)']);
  });

  it('records read back through the ledger service, by id and listed per town', async () => {
    const scope = systemScope({ id: summary.provinceId, path: `/${summary.provinceId}/` });
    const [town] = await listSubtree(ctx.db, scope, ['town']);
    if (!town) throw new Error('no town');
    for (const kind of ctx.kinds.builtIn) {
      const { rows } = await sql<{ id: string }>`select id from ${sql.table(tableOf(kind))} order by id limit 3`.execute(ctx.db.kysely);
      for (const { id } of rows) expect((await ctx.ledger.get(scope, kind.code, id)).id).toBe(id);
      const page = await ctx.ledger.list(scope, kind.code, { org: town.id, pageSize: 200 });
      expect(page.total, kind.code).toBe(await countOf(ctx, tableOf(kind), town.path));
    }
    // A required sensitive field is stored encrypted and reads back masked.
    const petition = (await ctx.ledger.list(scope, 'petition', { pageSize: 1 })).items[0];
    expect(String(petition?.petitioner)).toMatch(/\*/);
  });

  it('computes a county’s indicators as the sum over its towns', async () => {
    const scope = systemScope({ id: summary.provinceId, path: `/${summary.provinceId}/` });
    const [county] = await listSubtree(ctx.db, scope, ['county']);
    if (!county) throw new Error('no county');
    const towns = (await listSubtree(ctx.db, scope, ['town'])).filter((t) => t.parent_id === county.id);
    const { kinds, indicators } = await ctx.indicators.definitions(scope);
    // Distinct items (which 法律五进 targets were reached) or distinct items of a choice field (which
    // categories of legal service) are sets, not sums; every other measure adds up.
    const isSet = (i: (typeof indicators)[number]) =>
      isLedger(i) &&
      (i.measure.op === 'distinctItems' ||
        (i.measure.op === 'distinct' && kinds.find((k) => k.code === i.kind)?.fields.find((f) => f.name === (i.measure as { field: string }).field)?.type === 'choice'));
    const additive = indicators.filter((i) => !isSet(i));
    const countyValues = await ctx.indicators.evaluate(scope, county, WHOLE_PERIOD, additive.map((i) => i.code));
    const townValues = await Promise.all(towns.map((t) => ctx.indicators.evaluate(scope, t, WHOLE_PERIOD, additive.map((i) => i.code))));
    const sum = (code: string, pick: (v: { value: number; numerator?: number; denominator?: number }) => number | undefined) =>
      townValues.reduce((total, values) => total + (pick(values.find((v) => v.code === code) ?? { value: 0 }) ?? 0), 0);
    for (const value of countyValues) {
      const indicator = additive.find((i) => i.code === value.code);
      // Rates, and changes given as a percentage of last year, are recomputed from their summed sides.
      if (indicator && (isRatio(indicator) || (isChange(indicator) && indicator.change.as === 'percent'))) {
        expect(value.numerator, value.code).toBe(sum(value.code, (v) => v.numerator));
        expect(value.denominator, value.code).toBe(sum(value.code, (v) => v.denominator));
      } else {
        expect(value.value, value.code).toBeCloseTo(sum(value.code, (v) => v.value), 6);
      }
    }
    expect(countyValues.find((v) => v.code === 'dispute.screened')?.value).toBeGreaterThan(0);
  });

  it('files every record under its town, the first column of the primary key', async () => {
    for (const kind of ctx.kinds.builtIn) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(tableOf(kind))} t left join org_unit u on u.id = t.town_id
        where u.id is null or u.level <> 'town' or t.org_path not like u.path || '%'`.execute(ctx.db.kysely);
      expect(Number(rows[0]?.n), kind.code).toBe(0);
    }
  });

  it('leaves the monthly summaries counting exactly the records it wrote', async () => {
    const results = await checkSummaries(ctx.db, ctx.kinds.builtIn);
    // The monthly summaries, and with them the distinct summaries (counted per kind).
    const expected = [
      ...ctx.kinds.builtIn.filter((k) => summaryPlan(k)).map((k) => `summary_${tableOf(k)}`),
      ...ctx.kinds.builtIn.filter((k) => distinctPlan(k)).map((k) => `distinct_member:${tableOf(k)}`),
    ];
    expect(results.map((r) => r.table).sort()).toEqual(expected.sort());
    expect(results.filter((r) => r.differing > 0)).toEqual([]);
    const { rows } = await sql<{ n: number | string }>`select coalesce(sum(n), 0) as n from summary_ledger_dispute`.execute(ctx.db.kysely);
    expect(Number(rows[0]?.n)).toBe(summary.byKind.dispute);
  });

  it('refuses a database that holds data, and a seed already loaded; another seed adds a second province', async () => {
    await expect(synthesize(ctx, OPTIONS)).rejects.toThrow(SynthRefused);
    await expect(synthesize(ctx, { ...OPTIONS, append: true })).rejects.toThrow(/--seed/);
    const second = await synthesize(ctx, { ...OPTIONS, towns: 2, seed: 'another', append: true });
    expect(second.provinceId).not.toBe(summary.provinceId);
    const provinces = await ctx.db.kysely.selectFrom('org_unit').select('id').where('level', '=', 'province').execute();
    expect(provinces).toHaveLength(2);
    expect(await ctx.db.kysely.selectFrom('audit_log').select('id').execute()).toHaveLength(2);
  });
});

describe('synthesize is deterministic', () => {
  const small: SynthOptions = { towns: 3, recordsPerTown: 60, seed: 'same', firstYear: 2022, lastYear: 2024 };
  const contexts: TestContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('writes the same rows for the same seed into a fresh database, and different rows for another seed', async () => {
    const first = await testContext();
    const second = await testContext();
    contexts.push(first, second);
    const a = await synthesize(first, small);
    const b = await synthesize(second, small);
    const other = await synthesize(second, { ...small, seed: 'other', append: true });
    expect(b.provinceId).toBe(a.provinceId);
    expect(await checksum(second, b.provinceId)).toBe(await checksum(first, a.provinceId));
    expect(await checksum(second, other.provinceId)).not.toBe(await checksum(first, a.provinceId));
  });
});
