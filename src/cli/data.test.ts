/**
 * `fazhi export | import | backup | restore` as an operator runs them: a small town on SQLite,
 * exported and imported into another SQLite file, backed up, and the backup restored into this
 * run's engine — on PostgreSQL that is the one-command move `DATABASE_URL=… fazhi restore fazhi.db`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../context.js';
import { passEngine, randomKey, testDatabase, type TestDatabase } from '../testing/databases.js';
import { disputeBody, smallTown } from '../testing/fixtures.js';

// Each command is a fresh Node process compiling TypeScript: a few seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const KEY = randomKey();
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let source: TestDatabase;
let copy: TestDatabase;
let target: TestDatabase;

/** The environment that points the CLI at a test database. */
function envOf(db: TestDatabase): NodeJS.ProcessEnv {
  const { databaseUrl, schema, sqlitePath } = db.config.db;
  let url = '';
  if (databaseUrl && schema) {
    const u = new URL(databaseUrl);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
  }
  return { ...process.env, DATABASE_URL: url, FAZHI_DB: sqlitePath, FAZHI_DATA_DIR: db.config.dataDir, FAZHI_KEY: KEY, FAZHI_KEY_FILE: '' };
}

const fazhi = (db: TestDatabase, args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: envOf(db) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

async function using<T>(db: TestDatabase, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await db.open();
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

const disputes = (db: TestDatabase) =>
  using(db, async (ctx) => Number((await sql<{ n: number | string }>`select count(*) as n from ledger_dispute`.execute(ctx.db.kysely)).rows[0]?.n));

beforeAll(async () => {
  [source, copy, target] = await Promise.all([testDatabase('sqlite', KEY), testDatabase('sqlite', KEY), testDatabase(passEngine(), KEY)]);
  await using(source, async (ctx) => {
    const f = await smallTown(ctx);
    for (const title of ['宅基地边界纠纷', '土地承包纠纷', '邻里噪音纠纷']) await ctx.ledger.create(f.system, 'dispute', disputeBody(f.villageA.id, { title }));
    const [first] = (await ctx.ledger.list(f.system, 'dispute', {})).items;
    if (first) await ctx.attachments.add(f.system, 'dispute', first.id, '现场.png', PNG);
  });
});
afterAll(async () => {
  // Unset when beforeAll failed.
  for (const db of [source, copy, target] as Array<TestDatabase | undefined>) await db?.drop();
});

describe('fazhi export / import / backup / restore', () => {
  it('exports and imports a dump, backs up and restores, and refuses a database that holds data', async () => {
    const dumpDir = join(source.dir, 'dump');
    const backupFile = join(source.dir, 'backup.db');
    const [exported, backedUp] = await Promise.all([fazhi(source, ['export', '--out', dumpDir]), fazhi(source, ['backup', backupFile])]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/已导出到 .*附件文件 1 个/);
    expect(exported.stdout).toContain('主密钥');
    expect(backedUp.status, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/已备份到 .*backup\.db（SQLite 在线备份），附件文件 1 个/);

    const [imported, restored] = await Promise.all([fazhi(copy, ['import', dumpDir]), fazhi(target, ['restore', backupFile])]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/已载入 .*逐表核对一致/);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`已从SQLite 数据库文件 .* 恢复到 ${target.engine}`));
    expect(await disputes(copy)).toBe(3);
    expect(await disputes(target)).toBe(3);

    const [again, notABackup] = await Promise.all([fazhi(target, ['restore', backupFile]), fazhi(target, ['restore', join(process.cwd(), 'package.json')])]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/已有数据.*未做任何改动.*--force/);
    expect(notABackup.status).toBe(2);
    expect(notABackup.stderr).toContain('既不是 SQLite 数据库文件，也不是导出目录');
    expect(await disputes(target)).toBe(3);
  });
});
