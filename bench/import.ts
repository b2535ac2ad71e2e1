/**
 * Excel import of a 100,000-row dispute sheet (20,000 with --quick), against the floor any importer
 * pays: ExcelJS's own streaming parse of the same file. Goal: at least half its throughput, and a
 * peak RSS of at most 300 MB for the whole importing process (its parsing thread included).
 *
 * Each side runs in a fresh child process of its own, so each peak RSS (getrusage's maxrss) is that
 * side's alone: the file is written to a temp folder first and read by both. The importing child
 * creates its database, then does what the import page does: the dry run (which starts the parsing
 * thread), then the import, timed. On SQLite, and on PostgreSQL as well when DATABASE_URL is set.
 * Usage: npx tsx bench/import.ts [--quick] [--rows N]
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { benchContext } from './lib/context.js';
import { insertOrg } from '../src/org/repository.js';
import { systemScope } from '../src/org/scope.js';
import { streamedSheet } from '../src/testing/xlsx.js';

const HEADERS = ['所属单位', '登记日期', '纠纷概要', '来源', '纠纷类别', '状态', '当事人', '调处方式', '备注'];

interface Measured {
  ms: number;
  rows: number;
  maxRssMb: number;
  /** The importing child only: the dry run before the import, which starts the parsing thread. */
  checkMs?: number;
}

export async function runImportBench(options: { quick?: boolean; rows?: number } = {}): Promise<string[]> {
  const rows = options.rows ?? (options.quick ? 20_000 : 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-import-'));
  const lines: string[] = [];
  try {
    const file = join(dir, 'disputes.xlsx');
    writeFileSync(
      file,
      await streamedSheet(HEADERS, rows, (i) => [
        i % 2 ? '东村' : '西村',
        `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        `基准导入第${i}号纠纷`,
        '月度排查',
        '邻里纠纷',
        '登记',
        `当事人${i}`,
        null,
        i % 10 ? null : '经村调委会登记',
      ]),
    );
    const size = readFileSync(file).length;
    const engines: Array<[string, string | undefined]> = [['sqlite', undefined]];
    if (process.env.DATABASE_URL) engines.push(['postgres', process.env.DATABASE_URL]);
    for (const [engine, databaseUrl] of engines) {
      // The bare parse again beside each engine's import: on a shared machine the two should see the same load.
      const bare = await inChild(['parse', file]);
      const imported = await inChild(['import', file, join(dir, engine)], databaseUrl);
      if (imported.rows !== rows || bare.rows !== rows + 1) throw new Error(`imported ${imported.rows}, parsed ${bare.rows}`);
      const rate = (ms: number) => Math.round(rows / (ms / 1000));
      lines.push(
        `excel import ${rows} rows (${engine}): ${rate(imported.ms)} rows/s, ${(imported.ms / 1000).toFixed(1)} s (ratio ${(rate(imported.ms) / rate(bare.ms)).toFixed(2)} against bare ExcelJS streaming parse: ${rate(bare.ms)} rows/s, ${(bare.ms / 1000).toFixed(1)} s; goal ≥ 0.5)`,
        `excel import peak RSS (${engine}): ${imported.maxRssMb} MB (bare parse: ${bare.maxRssMb} MB; goal ≤ 300 MB for 100,000 rows); dry run before it, parsing thread started: ${((imported.checkMs ?? 0) / 1000).toFixed(1)} s; file ${(size / 1024 / 1024).toFixed(1)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

/** Runs this file in a child (tsx's loader is inherited through execArgv) and returns what it measured. */
function inChild(args: string[], databaseUrl?: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl ?? '' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result: Measured | undefined;
    child.on('message', (message) => {
      result = message as Measured;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`bench child ${args[0]} exited with ${code}`))));
  });
}

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function bareParse(file: string): Promise<Measured> {
  const content = readFileSync(file);
  const start = performance.now();
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) if (row.hasValues) rows += 1;
  return { ms: performance.now() - start, rows, maxRssMb: maxRssMb() };
}

async function importFile(file: string, dir: string): Promise<Measured> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  // On PostgreSQL a schema of its own, dropped afterwards, as the tests do.
  const schema = databaseUrl ? `bench_import_${randomBytes(4).toString('hex')}` : undefined;
  if (databaseUrl) await adminQuery(databaseUrl, `create schema ${schema}`);
  // The town's own embedded SQLite (where a clerk's import runs), or the PostgreSQL server named.
  const ctx = await benchContext(dir, { databaseUrl, sqlitePath: join(dir, 'bench.db'), schema });
  try {
    const stamp = Date.now().toString(36);
    const town = await insertOrg(ctx.db, { parentId: null, name: `基准镇${stamp}`, level: 'town' });
    for (const name of ['东村', '西村']) await insertOrg(ctx.db, { parentId: town.id, name, level: 'village' }, town.path);
    const upload = { name: `bench-${stamp}.xlsx`, content: readFileSync(file) };
    const checkStart = performance.now();
    await ctx.importer.check(systemScope(town), 'dispute', town.id, upload);
    const checkMs = performance.now() - checkStart;
    const start = performance.now();
    const result = await ctx.importer.import(systemScope(town), 'dispute', town.id, upload);
    return { ms: performance.now() - start, rows: result.created, maxRssMb: maxRssMb(), checkMs };
  } finally {
    await ctx.close();
    if (databaseUrl) await adminQuery(databaseUrl, `drop schema ${schema} cascade`);
  }
}

async function adminQuery(databaseUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [what, file, dir] = process.argv.slice(at + 1);
    if (!file) throw new Error('usage: --child parse|import FILE [DIR]');
    process.send?.(what === 'parse' ? await bareParse(file) : await importFile(file, dir ?? tmpdir()));
  } else {
    const rowsAt = process.argv.indexOf('--rows');
    const rows = rowsAt >= 0 ? Number(process.argv[rowsAt + 1]) : undefined;
    for (const line of await runImportBench({ quick: process.argv.includes('--quick'), rows })) console.log(line);
  }
}
