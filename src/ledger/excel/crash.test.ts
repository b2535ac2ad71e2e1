import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createContext } from '../../context.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { streamedSheet } from '../../testing/xlsx.js';

/**
 * Crash safety: an import is one transaction, so a process killed in the middle of writing leaves
 * no row of the file behind, the database intact, and the server able to start. The import runs
 * as the operator runs it — `fazhi import-xlsx` in its own process — on this run's engine.
 */
vi.setConfig({ testTimeout: 180_000 });

const ROWS = 50_000;
let ctx: TestContext;
let f: Fixture;
let file: string;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  const content = await streamedSheet(['所属单位', '登记日期', '纠纷概要', '来源', '纠纷类别', '状态', '当事人'], ROWS, (i) => [
    i % 2 ? '东村' : '西村',
    `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    `批量导入第${i}号纠纷`,
    '月度排查',
    '邻里纠纷',
    '登记',
    `当事人${i}`,
  ]);
  file = join(ctx.dir, '五万行.xlsx');
  writeFileSync(file, content);
});
afterAll(() => ctx.close());

/** The child's database: this test's SQLite file, or this test's PostgreSQL schema. */
function childEnv(): NodeJS.ProcessEnv {
  const { databaseUrl, sqlitePath, schema } = ctx.config.db;
  const url = databaseUrl && schema ? `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` : '';
  return { ...process.env, DATABASE_URL: url, FAZHI_DB: sqlitePath, FAZHI_KEY: ctx.config.key, FAZHI_DATA_DIR: join(ctx.dir, 'files') };
}

const disputes = async () => Number((await sql<{ n: number }>`select count(*) as n from ledger_dispute`.execute(ctx.db.kysely)).rows[0]?.n);

describe('an import killed while writing', () => {
  it('leaves no row of the file, an intact database, and a server that starts', async () => {
    const before = await disputes();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import-xlsx', '--kind', 'dispute', '--org', f.town.id, file], { env: childEnv() });
    let stderr = '';
    let written = 0;
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const m = /写入：(\d+)/.exec(chunk);
      if (m && written === 0) {
        written = Number(m[1]);
        child.kill('SIGKILL');
      }
    });
    const { signal } = await exit;
    expect(signal, stderr).toBe('SIGKILL');
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(ROWS);

    expect(await disputes()).toBe(before);
    expect(await ctx.db.kysely.selectFrom('import_batch').selectAll().execute()).toEqual([]);
    if (ctx.db.engine === 'sqlite') {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(ctx.db.kysely);
      expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
    }

    // A server on the same database starts and answers.
    const again = await createContext(ctx.config);
    try {
      const app = await buildApp(again);
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      await app.close();

      // The file was never imported, so it imports now, all of it.
      const office = await f.as('townOffice');
      const { readFile } = await import('node:fs/promises');
      const result = await again.importer.import(office, 'dispute', undefined, { name: '五万行.xlsx', content: await readFile(file) });
      expect(result.created).toBe(ROWS);
      expect(await disputes()).toBe(before + ROWS);
    } finally {
      await again.close();
    }
  });
});
