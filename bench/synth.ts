/**
 * Load time of `fazhi synth` on PostgreSQL at several sizes, each into a fresh database that is
 * dropped afterwards (10M records take about 6 GB).
 * Usage: npx tsx bench/synth.ts [--towns 10,100,500,2000] [--per-town 5000]
 *        (server from BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createContext } from '../src/context.js';
import { synthesize } from '../src/synth/load.js';

const { values } = parseArgs({ options: { towns: { type: 'string', default: '10,100,500,2000' }, 'per-town': { type: 'string', default: '5000' } } });
const sizes = values.towns.split(',').map(Number);
const perTown = Number(values['per-town']);
const server = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = 'fazhi_synth_bench';
const url = new URL(server);
url.pathname = `/${database}`;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function sizeOf(): Promise<string> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<{ size: string }>(`select pg_size_pretty(pg_database_size(current_database())) as size`)).rows[0]?.size ?? '?';
  } finally {
    await client.end();
  }
}

const rows: string[] = [];
for (const towns of sizes) {
  await admin(`drop database if exists ${database}`);
  await admin(`create database ${database}`);
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-synth-bench-'));
  const ctx = await createContext({ db: { databaseUrl: url.toString() }, dataDir: join(dir, 'files'), keyFile: join(dir, 'fazhi.key'), maxUploadBytes: 1 << 20, sessionIdleMinutes: 30 });
  const cpu = process.cpuUsage();
  try {
    const s = await synthesize(ctx, {
      towns,
      recordsPerTown: perTown,
      seed: 'bench',
      firstYear: 2021,
      lastYear: 2025,
      progress: (p) => process.stderr.write(`\r  ${towns} towns: ${p.records}/${p.total} in ${p.seconds.toFixed(0)} s   `),
    });
    const used = process.cpuUsage(cpu);
    const nodeCpu = (used.user + used.system) / 1e6;
    const line = `| ${towns} × ${perTown} | ${s.records.toLocaleString('en-US')} | ${s.seconds.toFixed(1)} | ${Math.round(s.records / s.seconds).toLocaleString('en-US')} | ${s.phases.rows.toFixed(1)} / ${s.phases.restore.toFixed(1)} / ${s.phases.summaries.toFixed(1)} / ${s.phases.commit.toFixed(1)} / ${s.phases.analyze.toFixed(1)} | ${nodeCpu.toFixed(0)} s (${Math.round((nodeCpu / s.seconds) * 100)}%) | ${s.rebuiltIndexes ? 'yes' : 'no'} | ${await sizeOf()} |`;
    process.stderr.write('\n');
    console.log(line);
    rows.push(line);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
    await admin(`drop database if exists ${database}`);
  }
}

console.log('\n| towns × records | records | seconds | records/s | rows / restore / summaries / commit / analyze (s) | Node CPU | indexes rebuilt | database size |');
console.log('|---|---|---|---|---|---|---|---|');
for (const line of rows) console.log(line);
