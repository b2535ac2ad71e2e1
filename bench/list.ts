/**
 * Ledger lists at a town's scale: the disputes of one town with 100,000 of them (and 1,000,000 in
 * the full run), on SQLite and PostgreSQL, each call against the hand-written SQL for the same
 * answer, timed side by side:
 * - page 1 (newest first, 20 rows) of a year's resolved disputes, and of all of them, vs the SQL page query;
 * - a page deep in, reached by cursor, vs the SQL keyset query from the same row;
 * - page 1 with its total as the list gives it (summary, counted up to a bound, or estimated) vs
 *   the SQL page query plus COUNT(*); and with the exact count asked for ("精确统计") vs the same.
 * Goal: a list page ≤ 1.5× the SQL page query. The data: `synthesize` for one town (org tree,
 * people, every kind), then the town's disputes copied in batches (INSERT … SELECT) up to the
 * size, the monthly summaries rebuilt and statistics refreshed. Both are kept between runs (the
 * size is in the name: a PostgreSQL database, a SQLite file in the temporary directory).
 * Usage: npx tsx bench/list.ts [--quick] [--size N] [--engine sqlite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { onServer, postgresReachable, serverUrl } from './lib/postgres.js';
import type { AppContext } from '../src/context.js';
import { benchContext } from './lib/context.js';
import { analyzeTables } from '../src/db/analyze.js';
import { forgetSummaryStates, rebuildSummaries } from '../src/indicators/monthly/store.js';
import { encodeCursor } from '../src/ledger/cursor.js';
import type { KindDefinition } from '../src/ledger/kind.js';
import type { OrgUnit } from '../src/org/repository.js';
import { systemScope } from '../src/org/scope.js';
import { synthesize } from '../src/synth/load.js';
import { ms, timeSideBySide } from './lib/timing.js';

export interface ListBenchOptions {
  quick?: boolean;
  /** Disputes in the town; default 100,000 (quick) and 1,000,000 too (full). */
  sizes?: number[];
  engines?: Array<'sqlite' | 'postgres'>;
}

const TABLE = 'ledger_dispute';
/** Records `synthesize` makes for the town before its disputes are multiplied. */
const SEED_RECORDS = 20_000;

/** A context over a database whose one town holds `size` disputes, made once per engine and size. */
async function listDatabase(engine: 'sqlite' | 'postgres', size: number, dir: string): Promise<AppContext> {
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    const name = `fazhi_bench_list_${size}`;
    if (!(await onServer(`select 1 from pg_database where datname = '${name}'`))) await onServer(`create database ${name}`);
    const url = serverUrl();
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const ctx = await benchContext(dir, { databaseUrl, sqlitePath: join(tmpdir(), `fazhi-bench-list-${size}.db`) });
  const have = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(TABLE)}`.execute(ctx.db.kysely)).rows[0]?.n ?? 0);
  if (have >= size) return ctx;
  const started = Date.now();
  if (!have) await synthesize(ctx, { towns: 1, recordsPerTown: SEED_RECORDS, seed: 'bench-list', firstYear: 2021, lastYear: 2025 });
  await growTo(ctx, size);
  const kind = ctx.kinds.builtIn.find((k) => k.code === 'dispute') as KindDefinition;
  await ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, [kind]));
  forgetSummaryStates(ctx.db.kysely);
  await analyzeTables(ctx.db.kysely, [TABLE, `summary_${TABLE}`]);
  console.error(`list bench (${engine}): ${size} disputes in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return ctx;
}

/** Copies the town's disputes, under new ids, until it holds `size`: each round at most doubles them. */
async function growTo(ctx: AppContext, size: number): Promise<void> {
  const columns = (await ctx.db.kysely.selectFrom('ledger_column').select('column_name').where('table_name', '=', TABLE).execute()).map((c) => c.column_name);
  const others = columns.filter((c) => c !== 'id');
  for (let round = 1; ; round++) {
    const have = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(TABLE)}`.execute(ctx.db.kysely)).rows[0]?.n ?? 0);
    if (have >= size) return;
    // Ids made in this round end in its number; no earlier id does, so none collides.
    await sql`insert into ${sql.table(TABLE)} (id, ${sql.join(others.map((c) => sql.ref(c)))})
      select id || ${`.${round}`}, ${sql.join(others.map((c) => sql.ref(c)))} from ${sql.table(TABLE)} order by id limit ${Math.min(have, size - have)}`.execute(ctx.db.kysely);
  }
}

type Row = Record<string, unknown>;

export async function runListBench(options: ListBenchOptions = {}): Promise<string[]> {
  const sizes = options.sizes ?? (options.quick ? [100_000] : [100_000, 1_000_000]);
  const rounds = options.quick ? 30 : 100;
  const lines: string[] = [];
  const engines = options.engines ?? ['sqlite', 'postgres'];
  for (const engine of engines) {
    if (engine === 'postgres' && !(await postgresReachable())) {
      lines.push('list.* (postgres): skipped (no PostgreSQL reachable; set BENCH_PG_URL)');
      continue;
    }
    for (const size of sizes) {
      const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-list-'));
      const ctx = await listDatabase(engine, size, dir);
      try {
        // At a million the deep scans take a while: fewer rounds, still timed in alternation.
        lines.push(...(await measure(ctx, engine, size, size >= 1_000_000 ? Math.max(10, rounds / 5) : rounds)));
      } finally {
        await ctx.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return lines;
}

async function measure(ctx: AppContext, engine: string, size: number, rounds: number): Promise<string[]> {
  const lines: string[] = [];
  const db = ctx.db.kysely;
  const town = (await db.selectFrom('org_unit').selectAll().where('level', '=', 'town').orderBy('path').executeTakeFirstOrThrow()) as OrgUnit;
  const scope = systemScope(town);
  const label = `${engine}, ${(size / 1000).toFixed(0)}k disputes in a town`;
  const year = { from: '2025-01-01', to: '2025-12-31' };
  const filters = { status: 'resolved' };
  const q = (text: ReturnType<typeof sql>) => async () => {
    await text.execute(db);
  };

  // What a person writes on this table: the town's key, the filters, newest first.
  const sqlPage = q(sql`select * from ${sql.table(TABLE)} where town_id = ${town.id} and date >= ${year.from} and date <= ${year.to} and status = ${filters.status} order by date desc, id desc limit 20`);
  const sqlCount = q(sql`select count(*) from ${sql.table(TABLE)} where town_id = ${town.id} and date >= ${year.from} and date <= ${year.to} and status = ${filters.status}`);
  const list = (extra: Record<string, unknown> = {}) => () => ctx.ledger.list(scope, 'dispute', { ...year, filters, pageSize: 20, ...extra });
  const matched = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(TABLE)} where town_id = ${town.id} and date >= ${year.from} and date <= ${year.to} and status = ${filters.status}`.execute(db)).rows[0]?.n ?? 0);
  const first = await list()();

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  let [reference, measured] = await timeSideBySide(rounds, sqlPage, list());
  lines.push(`list.page1 (${label}; 2025, resolved, ${matched} match; total ${first.totalKind} ${first.total}): ${ms(measured)} ms (ratio ${ratio(measured, reference)} against the SQL page query: ${ms(reference)} ms; goal ≤ 1.5)`);

  // All of the town's disputes, newest first: the total comes from the monthly summary.
  const sqlAll = q(sql`select * from ${sql.table(TABLE)} where town_id = ${town.id} order by date desc, id desc limit 20`);
  const all = await ctx.ledger.list(scope, 'dispute', { pageSize: 20 });
  [reference, measured] = await timeSideBySide(rounds, sqlAll, () => ctx.ledger.list(scope, 'dispute', { pageSize: 20 }));
  lines.push(`list.page1_all (${label}; total ${all.totalKind} ${all.total}): ${ms(measured)} ms (ratio ${ratio(measured, reference)} against the SQL page query: ${ms(reference)} ms; goal ≤ 1.5)`);

  // A page deep in: the row the cursor starts after, a quarter of the way down the matches.
  const depth = Math.floor(matched / 4);
  const { rows } = await sql<Row>`select date, id from ${sql.table(TABLE)} where town_id = ${town.id} and date >= ${year.from} and date <= ${year.to} and status = ${filters.status}
    order by date desc, id desc limit 1 offset ${depth}`.execute(db);
  const at = rows[0] as { date: string; id: string };
  const cursor = encodeCursor({ s: 'date', d: 'desc', p: Math.floor(depth / 20) + 2, at: [at.date, at.id], total: first.total, kind: first.totalKind });
  // (The date bound is what lets SQLite start the index walk at the row; the row value alone is only a filter.)
  const sqlDeep = q(sql`select * from ${sql.table(TABLE)} where town_id = ${town.id} and date >= ${year.from} and date <= ${at.date} and status = ${filters.status}
    and (date, id) < (${at.date}, ${at.id}) order by date desc, id desc limit 20`);
  [reference, measured] = await timeSideBySide(rounds, sqlDeep, list({ cursor }));
  lines.push(`list.page_deep (${label}; by cursor after row ${depth}): ${ms(measured)} ms (ratio ${ratio(measured, reference)} against the SQL keyset page query: ${ms(reference)} ms; goal ≤ 1.5)`);

  const sqlPageCount = async () => {
    await sqlPage();
    await sqlCount();
  };
  [reference, measured] = await timeSideBySide(rounds, sqlPageCount, list());
  lines.push(`list.page1+total (${label}; total ${first.totalKind}): ${ms(measured)} ms (ratio ${ratio(measured, reference)} against the SQL page query + COUNT(*): ${ms(reference)} ms)`);
  [reference, measured] = await timeSideBySide(Math.max(5, rounds / 3), sqlPageCount, list({ count: 'exact' }));
  lines.push(`list.page1+exact_count (${label}; 精确统计, ${matched}): ${ms(measured)} ms (ratio ${ratio(measured, reference)} against the SQL page query + COUNT(*): ${ms(reference)} ms)`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, size: { type: 'string' }, engine: { type: 'string' } } });
  const lines = await runListBench({
    quick: values.quick,
    sizes: values.size ? [Number(values.size)] : undefined,
    engines: values.engine === 'sqlite' || values.engine === 'postgres' ? [values.engine] : undefined,
  });
  for (const line of lines) console.log(line);
}
