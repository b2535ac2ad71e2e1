/**
 * The dashboard's dispute breakdowns (by village, by category, by month) for one town with many
 * disputes, each through DashboardService against the GROUP BY a person would write for the same
 * figure over the same rows, timed side by side on SQLite and, when one is reachable, PostgreSQL.
 * Goal (issue 17): each breakdown ≤ 1× its hand-written GROUP BY.
 * The disputes are inserted straight into the ledger table (the breakdowns read that table only).
 * Usage: npx tsx bench/breakdown.ts [--quick]   (PostgreSQL from BENCH_PG_URL or DATABASE_URL, default the local server)
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { postgresReachable, serverUrl } from './lib/postgres.js';
import { newId } from '../src/core/ids.js';
import { insertOrg, type OrgUnit } from '../src/org/repository.js';
import { testContext, type TestContext } from '../src/testing/context.js';
import { smallTown } from '../src/testing/fixtures.js';
import { ms, timeSideBySide } from './lib/timing.js';

const VILLAGES = 14;
const CATEGORIES = ['neighbour', 'landTransfer', 'labour', 'marriageFamily', 'other'];
const STATUSES = ['registered', 'mediating', 'resolved', 'resolved', 'resolved'];
const BATCH = 500;


/** A fresh database on the engine (testContext picks PostgreSQL when DATABASE_URL is set). */
async function contextOn(databaseUrl: string | undefined): Promise<TestContext> {
  const saved = process.env.DATABASE_URL;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
  try {
    return await testContext();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

/** `count` disputes, four in five dated 2025 and the rest 2024, in the town's villages (one in twenty without a village). */
async function fill(ctx: TestContext, town: OrgUnit, villages: OrgUnit[], count: number): Promise<void> {
  // mulberry32: the same disputes in every run.
  let seed = 17;
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
  const now = new Date().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const village = next(20) === 0 ? null : (villages[next(villages.length)] as OrgUnit);
        const unit = village ?? town;
        const date = `${next(5) === 0 ? 2024 : 2025}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
        const status = STATUSES[next(STATUSES.length)] as string;
        rows.push(
          sql`(${newId()}, ${unit.id}, ${unit.path}, ${town.id}, ${date}, ${`纠纷 ${i}`}, 'monthlyScreening', ${CATEGORIES[next(CATEGORIES.length)]}, ${status}, ${village?.id ?? null}, ${now}, ${now}, 1)`,
        );
      }
      await sql`insert into ledger_dispute (id, org_id, org_path, town_id, date, title, source, category, status, village, created_at, updated_at, version)
        values ${sql.join(rows)}`.execute(trx);
    }
  });
  if (ctx.db.engine === 'postgres') await sql`analyze ledger_dispute`.execute(ctx.db.kysely);
}

async function onEngine(databaseUrl: string | undefined, records: number, rounds: number): Promise<string[]> {
  const ctx = await contextOn(databaseUrl);
  try {
    const f = await smallTown(ctx);
    const villages: OrgUnit[] = [f.villageA, f.villageB];
    for (let i = villages.length; i < VILLAGES; i++) villages.push(await insertOrg(ctx.db, { parentId: f.town.id, name: `${i + 1}村`, level: 'village' }, f.town.path));
    await fill(ctx, f.town, villages, records);
    const scope = await f.as('townOffice', f.town);
    const like = `${f.town.path}%`;
    const [from, to] = ['2025-01-01', '2025-12-31'];
    const run = (query: ReturnType<typeof sql>) => () => query.execute(ctx.db.kysely);
    // What a person would write: one GROUP BY over the same rows, no labels, no roll-up to villages.
    const reference = {
      village: run(sql`select village, count(*), count(*) filter (where status = 'resolved') from ledger_dispute
        where org_path like ${like} and date >= ${from} and date <= ${to} group by village`),
      category: run(sql`select category, count(*), count(*) filter (where status = 'resolved') from ledger_dispute
        where org_path like ${like} and date >= ${from} and date <= ${to} group by category`),
      month: run(sql`select substr(date, 1, 7), count(*), count(*) filter (where status = 'resolved') from ledger_dispute
        where org_path like ${like} and date >= ${from} and date <= ${to} group by substr(date, 1, 7)`),
    };
    const lines: string[] = [];
    for (const by of ['village', 'category', 'month'] as const) {
      const [service, hand] = await timeSideBySide(rounds, () => ctx.dashboard.disputeBreakdown(scope, f.town, 2025, by), reference[by]);
      lines.push(`dashboard.disputes by ${by} (${ctx.db.engine}, ${records.toLocaleString('en')} disputes in one town): ${ms(service)} ms (ratio ${(service / hand).toFixed(2)} against hand-written GROUP BY: ${ms(hand)} ms)`);
    }
    return lines;
  } finally {
    await ctx.close();
  }
}

export async function runBreakdownBench({ quick = false }: { quick?: boolean } = {}): Promise<string[]> {
  const records = quick ? 20_000 : 100_000;
  const rounds = quick ? 10 : 30;
  const lines = await onEngine(undefined, records, rounds);
  const url = serverUrl().toString();
  if (await postgresReachable()) lines.push(...(await onEngine(url, records, rounds)));
  else lines.push('dashboard.disputes by village/category/month (postgres): skipped (no PostgreSQL reachable; set BENCH_PG_URL)');
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runBreakdownBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
