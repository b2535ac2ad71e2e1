/**
 * Town-year costs on the demo (双庙镇, 2025), each against its reference in the same run:
 * - all report indicators through the engine vs hand-written grouped SQL for the same figures (goal ≤ 1.5×);
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
import { handWrittenFigures } from './lib/hand-sql.js';
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
    const engine = () => ctx.indicators.evaluate(scope, town, period);
    const [reference, measured] = await timeSideBySide(rounds, handWrittenFigures(ctx.db, town.path, period), engine);
    const count = (await engine()).length;
    lines.push(`indicators.town_year (${ctx.db.engine}, demo, ${count} indicators): ${ms(measured)} ms (ratio ${(measured / reference).toFixed(2)} against hand-written grouped SQL: ${ms(reference)} ms; goal ≤ 1.5)`);

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
