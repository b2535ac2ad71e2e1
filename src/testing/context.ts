/**
 * A fresh database for each test file: a temporary SQLite file, or — when DATABASE_URL is set —
 * a new schema on that PostgreSQL server, dropped afterwards. The same tests run on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createContext, type AppContext } from '../context.js';
import { cipherNameOf } from '../security/crypto.js';
import { randomBytes } from 'node:crypto';

export interface TestContext extends AppContext {
  dir: string;
}

export async function testContext(): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-test-'));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  let schema: string | undefined;
  if (databaseUrl) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const ctx = await createContext({
    db: { databaseUrl, sqlitePath: join(dir, 'test.db'), schema },
    dataDir: join(dir, 'files'),
    maxUploadBytes: 1024 * 1024,
    sessionIdleMinutes: 30,
    // Tests sign in far more often than people do; the rate limit has its own test.
    loginRatePerMinute: 100_000,
    // A fresh random key: no key file needed. FAZHI_CIPHER=sm4 runs the suite on SM4.
    key: randomBytes(32).toString('hex'),
    keyFile: join(dir, 'fazhi.key'),
    cipher: cipherNameOf(process.env.FAZHI_CIPHER),
  });
  return {
    ...ctx,
    dir,
    close: async () => {
      await ctx.close();
      if (databaseUrl && schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
