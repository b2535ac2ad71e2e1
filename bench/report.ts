/**
 * Town-year costs on the demo (双庙镇, 2025), each against its reference in the same run:
 * - the report indicators of the 14 kinds bench/lib/hand-sql.ts writes out by hand, through the engine,
 *   vs that hand-written grouped SQL for the same figures (goal ≤ 1.5×); and every indicator, timed alone;
 * - composing the report, and rendering its DOCX.
 * Usage: npx tsx bench/report.ts [--quick]   (a fresh SQLite file with the demo, or DATABASE_URL)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchContext } from './lib/context.js';
import { loadDemo } from '../src/demo/load.js';
import { resolvePeriod } from '../src/indicators/period.js';
import { findOrgByIdOrName, type OrgUnit } from '../src/org/repository.js';
import { systemScope } from '../src/org/scope.js';
import { ReportService } from '../src/report/service.js';
import { renderDocx } from '../src/report/render/docx.js';
import { HAND_WRITTEN_KINDS, handWrittenFigures } from './lib/hand-sql.js';
import { ms, timeIt, timeSideBySide } from './lib/timing.js';

export async function runReportBench(options: { quick?: boolean } = {}): Promise<string[]> {
  const rounds = options.quick ? 30 : 100;
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-'));
  const ctx = await benchContext(dir);
  const lines: string[] = [];
  try {
    if (!(await ctx.db.kysely.selectFrom('org_unit').select('id').limit(1).executeTakeFirst())) await loadDemo(ctx);
    const [town] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
    const scope = systemScope(town);
    const period = resolvePeriod({ year: 2025 });
    // The figures the hand-written SQL computes: those of its kinds, and the counts of units.
    const { indicators } = await ctx.indicators.definitions(scope);
    const codes = indicators.filter((i) => ('kind' in i && i.kind ? HAND_WRITTEN_KINDS.has(i.kind) : i.code.startsWith('org.'))).map((i) => i.code);
    const engine = () => ctx.indicators.evaluate(scope, town, period, codes);
    const [reference, measured] = await timeSideBySide(rounds, handWrittenFigures(ctx.db, town.path, period), engine);
    const count = (await engine()).length;
    lines.push(
      `indicators.town_year (${ctx.db.engine}, demo, ${count} indicators of ${HAND_WRITTEN_KINDS.size} kinds): ${ms(measured)} ms (ratio ${(measured / reference).toFixed(2)} against hand-written grouped SQL over the same kinds' tables, which leaves out a few of their sums: ${ms(reference)} ms; goal ≤ 1.5)`,
    );
    const all = await timeIt(rounds, () => ctx.indicators.evaluate(scope, town, period));
    lines.push(`indicators.town_year.all (${ctx.db.engine}, demo, every one of ${indicators.length} indicators, last year's for the changes too): ${ms(all)} ms`);

    const service = new ReportService(ctx);
    const report = await service.composed(scope, town, 2025, { date: '2026-02-20' });
    const compose = await timeIt(Math.max(5, rounds / 5), () => service.composed(scope, town, 2025, { date: '2026-02-20' }));
    const docx = await timeIt(Math.max(5, rounds / 5), () => renderDocx(report));
    lines.push(`report.compose.town_year: ${ms(compose)} ms (indicators this year and last, drafting, composition)`);
    lines.push(`report.docx.town_year: ${ms(docx)} ms (${((await renderDocx(report)).length / 1024).toFixed(1)} KB)`);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runReportBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
