/**
 * A backup taken while the server writes. The server is `fazhi serve` in its own process on a
 * SQLite file; this process keeps adding disputes through the API, takes the online backup in the
 * middle, then restores it into an empty database of this run's engine: the copy is whole
 * (integrity_check), holds every record committed before the backup began and none made after
 * it ended, and its audit chain verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../audit/verify.js';
import type { AppContext } from '../../context.js';
import { CSRF_HEADER } from '../../http/auth.js';
import { passEngine, randomKey, testDatabase, type TestDatabase } from '../../testing/databases.js';
import { disputeBody, smallTown } from '../../testing/fixtures.js';
import { signInOverHttp } from '../../testing/load.js';
import { backupDatabase, filesDirOf, restore } from './backup.js';
import { endpointOf } from './export.js';
import { blobPathIn } from './manifest.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const KEY = randomKey();
const PASSWORD = 'Fazhi#2025-backup';
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let live: TestDatabase;
const targets: TestDatabase[] = [];
let server: ChildProcess | undefined;
let origin = '';
let villageId = '';
let blobSha = '';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** Counted over its own read-only connection, as another process would see the file. */
function disputesIn(path: string): number {
  const db = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare('select count(*) from ledger_dispute').pluck().get());
  } finally {
    db.close();
  }
}

async function using<T>(db: TestDatabase, work: (ctx: AppContext) => Promise<T>, options?: { migrate?: boolean }): Promise<T> {
  const ctx = await db.open(options);
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

beforeAll(async () => {
  live = await testDatabase('sqlite', KEY);
  await using(live, async (ctx) => {
    const f = await smallTown(ctx);
    villageId = f.villageA.id;
    await ctx.accounts.createUser({ username: 'backup.office', password: PASSWORD, displayName: '备份测试法治办', role: 'townOffice', orgId: f.town.id });
    const record = await ctx.ledger.create(f.system, 'dispute', disputeBody(f.villageA.id, { title: '带照片的纠纷' }));
    blobSha = (await ctx.attachments.add(f.system, 'dispute', record.id, '现场.png', PNG)).sha256;
  });

  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const { sqlitePath } = live.config.db;
  server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...process.env, DATABASE_URL: '', FAZHI_DB: sqlitePath, FAZHI_DATA_DIR: live.config.dataDir, FAZHI_KEY: KEY, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = server;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('法治台账已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
});

afterAll(async () => {
  if (server?.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  // `live` is unset when beforeAll failed.
  for (const db of [live as TestDatabase | undefined, ...targets]) await db?.drop();
});

/** The request headers of the town office signed in over HTTP: its cookies and CSRF token. */
async function signedInHeaders(): Promise<Record<string, string>> {
  const { cookie, csrfToken } = await signInOverHttp(origin, 'backup.office', PASSWORD);
  return { cookie, [CSRF_HEADER]: csrfToken, 'content-type': 'application/json' };
}

describe('backup while the server writes', () => {
  it('takes a consistent copy that restores whole into an empty database', async () => {
    const headers = await signedInHeaders();
    const path = live.config.db.sqlitePath ?? '';
    // A property, not a `let`: the checker would take `let writing = true` as still true in the loop
    // below, not seeing the assignment that ends it.
    const writing = { on: true };
    let created = 0;
    const failures: string[] = [];
    const writer = (async () => {
      while (writing.on) {
        const res = await fetch(`${origin}/api/ledgers/dispute`, { method: 'POST', headers, body: JSON.stringify(disputeBody(villageId, { title: `备份期间登记的纠纷${created + 1}` })) });
        if (res.status === 201) created += 1;
        else failures.push(`${res.status} ${await res.text()}`);
      }
    })();
    const until = async (n: number) => {
      while (created < n && !failures.length) await new Promise((r) => setTimeout(r, 20));
    };

    await until(15);
    const before = disputesIn(path);
    const backupFile = join(live.dir, 'backup.db');
    const summary = await using(live, (ctx) => backupDatabase(endpointOf(ctx), backupFile), { migrate: false });
    const after = disputesIn(path);
    const createdByBackupEnd = created;
    await until(createdByBackupEnd + 15);
    writing.on = false;
    await writer;

    expect(failures).toEqual([]);
    expect(summary).toEqual({ format: 'sqlite', path: backupFile, files: 1 });
    expect(existsSync(blobPathIn(filesDirOf(backupFile), blobSha))).toBe(true);
    const copy = new SQLite(backupFile, { readonly: true });
    expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    copy.close();

    const target = await testDatabase(passEngine(), KEY);
    targets.push(target);
    const restored = await using(target, (ctx) => restore(endpointOf(ctx), backupFile), { migrate: false });
    expect(restored).toMatchObject({ format: 'sqlite', files: 1 });
    await using(target, async (ctx) => {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ledger_dispute`.execute(ctx.db.kysely);
      const count = Number(rows[0]?.n);
      console.log(`disputes: ${before} before the backup, ${count} in it, ${after} after it, ${disputesIn(path)} at the end`);
      expect(count).toBeGreaterThanOrEqual(before);
      expect(count).toBeLessThanOrEqual(after);
      expect(count).toBeLessThan(disputesIn(path));
      expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
      expect(existsSync(ctx.attachments.pathOf(blobSha))).toBe(true);
      expect((await ctx.accounts.login('backup.office', PASSWORD, null)).session.user.username).toBe('backup.office');
    });

    // Into a database that now holds data: refused unless forced.
    await expect(using(target, (ctx) => restore(endpointOf(ctx), backupFile), { migrate: false })).rejects.toMatchObject({ id: 'not_empty' });
    const forced = await using(target, (ctx) => restore(endpointOf(ctx), backupFile, { force: true }), { migrate: false });
    expect(forced.rows).toBe(restored.rows);
  });
});
