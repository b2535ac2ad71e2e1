/**
 * Roll-ups on PostgreSQL over synthetic data: all report indicators for a county, a city and the
 * province through the engine, each against hand-written grouped SQL for the same figures over the
 * same subtree, timed side by side (goal ≤ 1.5×, and interactive: the absolute time is printed too).
 * The data is `fazhi synth` into a database of its own, kept between runs (its size is in its name)
 * unless --fresh; building 10M records takes minutes, so the full size is asked for explicitly.
 * Usage: npx tsx bench/rollup.ts [--quick] [--towns N] [--per-town M] [--fresh] [--figures-only]
 *        (server from BENCH_PG_URL or DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { onServer, serverUrl } from './lib/postgres.js';
import type { AppContext } from '../src/context.js';
import { benchContext } from './lib/context.js';
import { resolvePeriod } from '../src/indicators/period.js';
import { rebuildSummaries } from '../src/indicators/monthly/store.js';
import { summaryPlan } from '../src/indicators/monthly/plan.js';
import { MEMBER, RANGE, SHARED, VALUES } from '../src/indicators/monthly/distinct.js';
import { deriveValues, rawValues } from '../src/indicators/service.js';
import { sql } from 'kysely';
import type { OrgUnit } from '../src/org/repository.js';
import { systemScope } from '../src/org/scope.js';
import { synthesize } from '../src/synth/load.js';
import { handWrittenFigures } from './lib/hand-sql.js';
import { ms, timeIt, timeSideBySide } from './lib/timing.js';
import { ReportService } from '../src/report/service.js';
import { renderDocx } from '../src/report/render/docx.js';

export interface RollupOptions {
  quick?: boolean;
  towns?: number;
  perTown?: number;
  fresh?: boolean;
  /** Only the roll-ups: no rebuild of the summaries, no report (minutes at 10M). */
  figuresOnly?: boolean;
}

/** A migrated database holding `towns` × `perTown` synthetic records, made once and reused. */
async function synthDatabase(towns: number, perTown: number, fresh: boolean, dir: string): Promise<AppContext> {
  const name = `fazhi_bench_${towns}x${perTown}`;
  const exists = (await onServer(`select 1 from pg_database where datname = '${name}'`)) > 0;
  if (exists && fresh) await onServer(`drop database ${name}`);
  if (!exists || fresh) await onServer(`create database ${name}`);
  const url = serverUrl();
  url.pathname = `/${name}`;
  const ctx = await benchContext(dir, { databaseUrl: url.toString() });
  const loaded = await ctx.db.kysely.selectFrom('org_unit').select('id').where('level', '=', 'province').executeTakeFirst();
  if (!loaded) {
    const started = Date.now();
    const summary = await synthesize(ctx, { towns, recordsPerTown: perTown, seed: 'bench', firstYear: 2021, lastYear: 2025 });
    console.error(`synth ${towns} × ${perTown}: ${summary.records} records in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return ctx;
}

export async function runRollupBench(options: RollupOptions = {}): Promise<string[]> {
  const towns = options.towns ?? (options.quick ? 100 : 400);
  const perTown = options.perTown ?? (options.quick ? 1000 : 5000);
  const rounds = options.quick ? 5 : 15;
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-rollup-'));
  const ctx = await synthDatabase(towns, perTown, options.fresh ?? false, dir);
  const lines: string[] = [];
  try {
    const records = towns * perTown;
    const province = (await ctx.db.kysely.selectFrom('org_unit').selectAll().where('level', '=', 'province').executeTakeFirstOrThrow()) as OrgUnit;
    const first = async (level: string) =>
      (await ctx.db.kysely.selectFrom('org_unit').selectAll().where('level', '=', level).where('path', 'like', `${province.path}%`).orderBy('path').executeTakeFirstOrThrow()) as OrgUnit;
    const scope = systemScope(province);
    const period = resolvePeriod({ year: 2025 });
    for (const [label, unit] of [['county', await first('county')], ['city', await first('city')], ['province', province]] as const) {
      const under = Number((await ctx.db.kysely.selectFrom('org_unit').select((eb) => eb.fn.countAll().as('n')).where('path', 'like', `${unit.path}%`).where('level', '=', 'town').executeTakeFirstOrThrow()).n);
      const [reference, measured] = await timeSideBySide(rounds, handWrittenFigures(ctx.db, unit.path, period), () => ctx.indicators.evaluate(scope, unit, period));
      lines.push(
        `indicators.${label} (postgres, ${under} towns of ${towns}, ${(records / 1e6).toFixed(records < 1e6 ? 2 : 1)}M records): ${ms(measured)} ms (ratio ${(measured / reference).toFixed(2)} against hand-written GROUP BY: ${ms(reference)} ms; goal ≤ 1.5)`,
      );
      // Before and after the monthly summaries: the same engine counting every record instead.
      const { kinds, indicators } = await ctx.indicators.definitions(scope);
      const subtree = systemScope(unit);
      const [counted, summed] = await timeSideBySide(
        rounds,
        async () => deriveValues(indicators, await rawValues(ctx.db, kinds, indicators, subtree, period, { summaries: false })),
        () => ctx.indicators.evaluate(scope, unit, period),
      );
      lines.push(`indicators.${label} without monthly summaries (counting the records): ${ms(counted)} ms; with them ${ms(summed)} ms (speed-up ${(counted / summed).toFixed(1)}×)`);
      // Before and after the distinct summaries: the monthly summaries alone, distinct counts from the records.
      const [monthlyOnly, withDistinct] = await timeSideBySide(
        rounds,
        async () => deriveValues(indicators, await rawValues(ctx.db, kinds, indicators, subtree, period, { distinctSummaries: false })),
        () => ctx.indicators.evaluate(scope, unit, period),
      );
      // The same figures either way, or the speed means nothing.
      const figures = async (distinctSummaries: boolean) => JSON.stringify([...(await rawValues(ctx.db, kinds, indicators, subtree, period, { distinctSummaries }))].sort());
      const same = (await figures(true)) === (await figures(false));
      lines.push(
        `indicators.${label} without distinct summaries (distinct counts from the records): ${ms(monthlyOnly)} ms; with them ${ms(withDistinct)} ms (speed-up ${(monthlyOnly / withDistinct).toFixed(1)}×; figures ${same ? 'identical' : 'DIFFERENT'})`,
      );
    }
    if (options.figuresOnly) return lines;
    // Counting every summary again from the records, as `fazhi summaries rebuild` does.
    const rebuild = await timeIt(options.quick ? 1 : 3, () => ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, ctx.kinds.builtIn)));
    let summaryRows = 0;
    let summaryBytes = 0;
    for (const plan of ctx.kinds.builtIn.map(summaryPlan).filter((p) => p !== undefined)) {
      // A rebuild refills in place (readers keep the old rows meanwhile): its dead rows are vacuum's, not the size's.
      await sql`vacuum ${sql.table(plan.table)}`.execute(ctx.db.kysely);
      const { rows } = await sql<{ n: string; bytes: string }>`select count(*) as n, pg_total_relation_size(${plan.table}::regclass) as bytes from ${sql.table(plan.table)}`.execute(ctx.db.kysely);
      summaryRows += Number(rows[0]?.n ?? 0);
      summaryBytes += Number(rows[0]?.bytes ?? 0);
    }
    let distinctRows = 0;
    let distinctBytes = 0;
    for (const table of [MEMBER, RANGE, SHARED, VALUES]) {
      await sql`vacuum ${sql.table(table)}`.execute(ctx.db.kysely);
      const { rows } = await sql<{ n: string; bytes: string }>`select count(*) as n, pg_total_relation_size(${table}::regclass) as bytes from ${sql.table(table)}`.execute(ctx.db.kysely);
      distinctRows += Number(rows[0]?.n ?? 0);
      distinctBytes += Number(rows[0]?.bytes ?? 0);
    }
    lines.push(
      `summaries.rebuild (postgres, ${(records / 1e6).toFixed(records < 1e6 ? 2 : 1)}M records): ${(rebuild / 1000).toFixed(1)} s; ${summaryRows.toLocaleString('en-US')} summary rows, ${(summaryBytes / 1024 / 1024).toFixed(0)} MB; distinct summaries ${distinctRows.toLocaleString('en-US')} rows, ${(distinctBytes / 1024 / 1024).toFixed(0)} MB`,
    );
    // The county's annual report: figures over its towns, a table of the towns side by side, Word.
    const county = await first('county');
    const countyTowns = Number((await ctx.db.kysely.selectFrom('org_unit').select((eb) => eb.fn.countAll().as('n')).where('path', 'like', `${county.path}%`).where('level', '=', 'town').executeTakeFirstOrThrow()).n);
    const reports = new ReportService(ctx);
    let bytes = 0;
    const compose = await timeIt(rounds, () => reports.composed(scope, county, 2025, { date: '2026-02-20' }));
    const report = await reports.composed(scope, county, 2025, { date: '2026-02-20' });
    const docx = await timeIt(rounds, async () => (bytes = (await renderDocx(report)).length));
    lines.push(`report.county (postgres, ${countyTowns} towns): compose ${ms(compose)} ms, DOCX ${ms(docx)} ms (${(bytes / 1024).toFixed(1)} KB)`);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, towns: { type: 'string' }, 'per-town': { type: 'string' }, fresh: { type: 'boolean' }, 'figures-only': { type: 'boolean' } } });
  const lines = await runRollupBench({
    quick: values.quick,
    towns: values.towns ? Number(values.towns) : undefined,
    perTown: values['per-town'] ? Number(values['per-town']) : undefined,
    fresh: values.fresh,
    figuresOnly: values['figures-only'],
  });
  for (const line of lines) console.log(line);
}
