/**
 * Excel import of a 50,000-row dispute sheet, against the floor any importer pays: ExcelJS's own
 * streaming parse of the same file, in the same process run. Goal: at least half its throughput.
 * Also breaks the import down (read, check, write) so a regression shows where it is.
 * Usage: npx tsx bench/import.ts [--quick]   (SQLite in a temporary directory)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { createContext } from '../src/context.js';
import { insertOrg } from '../src/org/repository.js';
import { systemScope } from '../src/org/scope.js';
import { streamedSheet } from '../src/testing/xlsx.js';
import type { ImportPhase } from '../src/ledger/excel/import.js';

export async function runImportBench(options: { quick?: boolean; rows?: number } = {}): Promise<string[]> {
  const rows = options.rows ?? (options.quick ? 20_000 : 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-import-'));
  const ctx = await createContext({
    // The town's own embedded SQLite: where a clerk's import runs.
    db: { sqlitePath: join(dir, 'bench.db') },
    dataDir: join(dir, 'files'),
    maxUploadBytes: 1 << 20,
    sessionIdleMinutes: 30,
    keyFile: join(dir, 'fazhi.key'),
  });
  const lines: string[] = [];
  try {
    const stamp = Date.now().toString(36);
    const town = await insertOrg(ctx.db, { parentId: null, name: `基准镇${stamp}`, level: 'town' });
    for (const name of ['东村', '西村']) await insertOrg(ctx.db, { parentId: town.id, name, level: 'village' }, town.path);
    const content = await streamedSheet(['所属单位', '登记日期', '纠纷概要', '来源', '纠纷类别', '状态', '当事人', '调处方式', '备注'], rows, (i) => [
      i % 2 ? '东村' : '西村',
      `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      `基准导入第${i}号纠纷`,
      '月度排查',
      '邻里纠纷',
      '登记',
      `当事人${i}`,
      null,
      i % 10 ? null : '经村调委会登记',
    ]);

    const bareStart = performance.now();
    let bareRows = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
    for await (const sheet of reader) for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) if (row.hasValues) bareRows += 1;
    const bare = performance.now() - bareStart;

    const phases = new Map<ImportPhase, number>();
    let last = performance.now();
    let phase: ImportPhase = 'checking';
    const progress = (next: ImportPhase) => {
      const now = performance.now();
      phases.set(phase, (phases.get(phase) ?? 0) + now - last);
      last = now;
      phase = next;
    };
    const start = performance.now();
    const result = await ctx.importer.import(systemScope(town), 'dispute', town.id, { name: `bench-${stamp}.xlsx`, content }, progress);
    progress('writing');
    const total = performance.now() - start;
    if (result.created !== rows || bareRows !== rows + 1) throw new Error(`imported ${result.created}, parsed ${bareRows}`);

    const rate = (ms: number) => Math.round(rows / (ms / 1000));
    const secs = (...parts: Array<number | undefined>) => (parts.reduce<number>((sum, p) => sum + (p ?? 0), 0) / 1000).toFixed(1);
    lines.push(
      `excel import ${rows} rows (${ctx.db.engine}): ${rate(total)} rows/s, ${(total / 1000).toFixed(1)} s (ratio ${(rate(total) / rate(bare)).toFixed(2)} against bare ExcelJS streaming parse: ${rate(bare)} rows/s, ${(bare / 1000).toFixed(1)} s; goal ≥ 0.5)`,
      `excel import phases: zip check and read ${secs(phases.get('checking'), phases.get('reading'))} s, check ${secs(phases.get('validating'))} s, write ${secs(phases.get('writing'))} s; file ${(content.length / 1024 / 1024).toFixed(1)} MB`,
    );
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runImportBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
