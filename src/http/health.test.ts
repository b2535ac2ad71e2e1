/**
 * An honest health check and a start-up that refuses a database it cannot write, on both engines.
 * Tests run as root, which ignores file modes, so a read-only database is simulated by opening the
 * connection read-only (DbConfig.readOnly: SQLite's readonly open, PostgreSQL's
 * default_transaction_read_only): every write fails as it does on a read-only file or mount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../audit/audit.js';
import { createContext, type AppContext, type Config } from '../context.js';
import { passEngine, randomKey, testDatabase, type TestDatabase } from '../testing/databases.js';
import { buildApp } from './app.js';
import { stringContaining } from '../testing/matchers.js';

const actor = { userId: 'u1', name: '王干事', role: 'townOffice', ip: '10.0.0.8' } as const;

describe('/api/health and the start-up check', () => {
  let db: TestDatabase;
  const readOnly = (config: Config): Config => ({ ...config, db: { ...config.db, readOnly: true } });

  async function health(ctx: AppContext) {
    const app = await buildApp(ctx);
    try {
      return await app.inject({ method: 'GET', url: '/api/health' });
    } finally {
      await app.close();
    }
  }

  beforeAll(async () => {
    db = await testDatabase(passEngine(), randomKey());
    const ctx = await db.open();
    await writeAudit(ctx.db.kysely, actor, { action: 'login' });
    await ctx.close();
  });
  afterAll(() => (db as TestDatabase | undefined)?.drop()); // unset when beforeAll failed

  it('answers 200 when the database takes a write and the key is the one the data was written with', async () => {
    const ctx = await db.open();
    try {
      const res = await health(ctx);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ ok: true, engine: db.engine });
      // The probe was rolled back: nothing stays behind.
      expect(await ctx.db.kysely.selectFrom('app_setting').select('key').where('key', 'like', 'health%').execute()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('answers 503 with a Chinese reason on a read-only database, though every read still works', async () => {
    const ctx = await createContext(readOnly(db.config), { migrate: false });
    try {
      expect((await ctx.db.kysely.selectFrom('audit_log').select('id').execute()).length).toBeGreaterThan(0);
      const res = await health(ctx);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ ok: false, engine: db.engine, error: { id: 'unhealthy', message: stringContaining('数据库不可写入') } });
    } finally {
      await ctx.close();
    }
  });

  it('refuses to start on a read-only database, saying so in Chinese', async () => {
    await expect(createContext(readOnly(db.config))).rejects.toThrow(/^数据库 .* 不可写入：.*请改正文件和目录的权限/);
  });

  it('answers 503 when the key is not the one the audit log was written with', async () => {
    const ctx = await createContext({ ...db.config, key: randomKey() }, { migrate: false });
    try {
      const res = await health(ctx);
      expect(res.statusCode).toBe(503);
      expect(res.json<{ error: { message: string } }>().error.message).toContain('主密钥与数据库不符');
    } finally {
      await ctx.close();
    }
  });
});
