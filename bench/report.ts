/**
 * Town-year report costs, measured against references in the same run:
 * - all report indicators through the engine vs hand-written SQL for the same figures;
 * - DOCX render of the demo report.
 * Usage: npm run bench   (uses a fresh SQLite file with the demo, or DATABASE_URL)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createContext } from '../src/context.js';
import { loadDemo } from '../src/demo/load.js';
import { resolvePeriod } from '../src/indicators/period.js';
import { findOrgByIdOrName, type OrgUnit } from '../src/org/repository.js';
import { systemScope } from '../src/org/scope.js';
import { ReportService } from '../src/report/service.js';
import { renderDocx } from '../src/report/render/docx.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 20 : 100;

async function timeIt(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? NaN;
}

const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-'));
const ctx = await createContext({
  db: { databaseUrl: process.env.DATABASE_URL || undefined, sqlitePath: join(dir, 'bench.db') },
  dataDir: join(dir, 'files'),
  maxUploadBytes: 1 << 20,
  sessionIdleMinutes: 30,
  keyFile: join(dir, 'fazhi.key'),
});
try {
  if (!(await ctx.db.kysely.selectFrom('org_unit').select('id').limit(1).executeTakeFirst())) await loadDemo(ctx);
  const [town] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
  const scope = systemScope(town);
  const period = resolvePeriod({ year: 2025 });
  const like = `${town.path}%`;
  const { from, to } = period;

  // The same figures as a person would write them by hand: one grouped query per table.
  const handWritten = async () => {
    const q = (text: ReturnType<typeof sql>) => text.execute(ctx.db.kysely);
    await q(sql`select meeting_kind, count(*) from ledger_meeting where org_path like ${like} and date between ${from} and ${to} group by meeting_kind`);
    await q(sql`select study_kind, count(*), sum(case when tags like '%"specialStudy"%' then 1 else 0 end), sum(attendee_count) from ledger_study_session where org_path like ${like} and date between ${from} and ${to} group by study_kind`);
    await q(sql`select count(distinct advisor) from ledger_legal_advisor where org_path like ${like} and is_lawyer = 1 and date <= ${to} and (end_date is null or end_date >= ${from})`);
    await q(sql`select count(*), sum(case when published_on is null then 1 else 0 end) from ledger_disclosure where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select count(*), sum(targets_inspected), sum(problems_found), sum(problems_rectified) from ledger_inspection where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select count(*), sum(amount) from ledger_penalty_case where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select activity_kind, count(*) from ledger_enforcement_training where org_path like ${like} and date between ${from} and ${to} group by activity_kind`);
    await q(sql`select count(*) from ledger_equipment where org_path like ${like} and equipment_type = 'bodyCamera' and status in ('inService','repair') and date <= ${to}`);
    await q(sql`select post, count(*), count(distinct person) from ledger_grid_post where org_path like ${like} and date <= ${to} and (end_date is null or end_date >= ${from}) group by post`);
    await q(sql`select count(*) from ledger_grid_party_group where org_path like ${like} and date <= ${to} and (end_date is null or end_date >= ${from})`);
    await q(sql`select status, category, count(*) from ledger_dispute where org_path like ${like} and date between ${from} and ${to} group by status, category`);
    await q(sql`select count(*), count(distinct org_id) from ledger_screening_round where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select count(*), sum(key_person), sum(skip_level) from ledger_petition where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select mode, count(*), sum(reads), sum(audience) from ledger_publicity_item where org_path like ${like} and date between ${from} and ${to} group by mode`);
    await q(sql`select level, count(*) from org_unit where path like ${like} group by level`);
  };
  const engine = () => ctx.indicators.evaluate(scope, town, period);

  const reference = await timeIt(ROUNDS, handWritten);
  const measured = await timeIt(ROUNDS, engine);
  const count = (await engine()).length;
  console.log(`indicators.town_year (${ctx.db.engine}, ${count} indicators): ${measured.toFixed(2)} ms (ratio ${(measured / reference).toFixed(2)} against hand-written SQL, ${reference.toFixed(2)} ms)`);

  const report = await new ReportService(ctx).composed(scope, town, 2025, { date: '2026-02-20' });
  const compose = await timeIt(Math.max(5, ROUNDS / 5), () => new ReportService(ctx).composed(scope, town, 2025, { date: '2026-02-20' }));
  const docx = await timeIt(Math.max(5, ROUNDS / 5), () => renderDocx(report));
  console.log(`report.compose.town_year: ${compose.toFixed(1)} ms (indicators this year and last, drafting, composition)`);
  console.log(`report.docx.render.town_year: ${docx.toFixed(1)} ms (${(await renderDocx(report)).length} bytes)`);
} finally {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
}
