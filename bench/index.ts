/**
 * Every benchmark, each printing `name: value unit (ratio X against REFERENCE)` with its reference
 * measured in the same run. `npm run bench -- --quick` stays under two minutes (smaller data, fewer
 * rounds, no browser); `npm run bench` runs everything at its full size.
 * The roll-ups need PostgreSQL (DATABASE_URL or BENCH_PG_URL, default the local server); without one
 * they are skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { postgresReachable } from './lib/postgres.js';
import { runApiBench } from './api.js';
import { runBreakdownBench } from './breakdown.js';
import { runImportBench } from './import.js';
import { runListBench } from './list.js';
import { runReportBench } from './report.js';
import { runRollupBench } from './rollup.js';
import { runServerBench } from './server.js';

const quick = process.argv.includes('--quick');
const started = Date.now();

console.log(`# fazhi bench${quick ? ' --quick' : ''}: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}, Node ${process.version}`);
const sections: Array<[string, () => Promise<string[]>]> = [
  ['report (town-year, demo)', () => runReportBench({ quick })],
  ['excel import', () => runImportBench({ quick })],
  ['api creates: 1, 10 and 100 clients over 20 towns', () => runApiBench({ quick })],
  ['ledger lists (one town: 100k disputes, and 1M in the full run)', () => runListBench({ quick })],
  ['dashboard breakdowns (one town)', () => runBreakdownBench({ quick })],
  ['server start-up and memory (the build in dist/)', () => runServerBench({ quick })],
  ['roll-ups on PostgreSQL', async () => ((await postgresReachable()) ? runRollupBench({ quick }) : ['indicators.county/city/province: skipped (no PostgreSQL reachable; set BENCH_PG_URL)'])],
];
for (const [title, run] of sections) {
  console.log(`\n## ${title}`);
  try {
    for (const line of await run()) console.log(line);
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
if (!quick) {
  console.log('\n## web UI');
  const ui = spawnSync(process.execPath, ['--import', 'tsx', 'bench/ui.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(ui.stdout);
  if (ui.status !== 0) process.exitCode = 1;
}
console.log(`\n# ${((Date.now() - started) / 1000).toFixed(0)} s`);
