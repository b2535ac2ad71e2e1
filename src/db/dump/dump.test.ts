/**
 * The portable dump end to end: the demo county (plus a custom kind with an attachment) on
 * SQLite, dumped, loaded into a fresh database of this run's engine (PostgreSQL when
 * DATABASE_URL is set), dumped again and loaded back into SQLite. Every table's checksum, every
 * indicator and the report come out the same; the audit chain verifies; people still sign in.
 * Then the refusals, each of which must leave the target exactly as it was.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../audit/verify.js';
import type { AppContext } from '../../context.js';
import { DEMO_PASSWORD, loadDemo } from '../../demo/load.js';
import { resolvePeriod } from '../../indicators/period.js';
import { CustomKindService } from '../../ledger/custom-kinds.js';
import { findOrgByIdOrName, type OrgUnit } from '../../org/repository.js';
import { systemScope } from '../../org/scope.js';
import { renderHtml } from '../../report/render/html.js';
import { ReportService } from '../../report/service.js';
import { passEngine, randomKey, testDatabase, type TestDatabase } from '../../testing/databases.js';
import { disputeBody } from '../../testing/fixtures.js';
import { backupDatabase, restore } from './backup.js';
import { databaseDigest, endpointOf, exportDump } from './export.js';
import { importDump } from './import.js';
import { byName, canonicalLine } from './canonical.js';
import { blobPathIn, manifestPath, readManifest, tablePath, type Manifest, type TableEntry } from './manifest.js';
import { stringMatching } from '../../testing/matchers.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const KEY = randomKey();
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const work = mkdtempSync(join(tmpdir(), 'fazhi-dump-'));
const databases: TestDatabase[] = [];
const fresh = async (engine = passEngine(), key = KEY) => {
  const db = await testDatabase(engine, key);
  databases.push(db);
  return db;
};

let source: TestDatabase;
let middle: TestDatabase;
let final: TestDatabase;
let dumpA: Manifest;
let attachmentId: string;
const timings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings[label] = Date.now() - started;
  return result;
}

/** Opens the database, runs `work`, closes it: each look is a fresh start, caches and all. */
async function using<T>(db: TestDatabase, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await db.open();
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

const checksums = (m: Manifest) => Object.fromEntries(m.tables.map((t) => [t.name, { rows: t.rows, sha256: t.sha256 }]));

const unit = async (ctx: AppContext, name: string): Promise<OrgUnit> => {
  const [found] = await findOrgByIdOrName(ctx.db, name);
  if (!found) throw new Error(`no unit ${name}`);
  return found;
};

/** What a county looks at: indicator values of a town and the county, and the town's report, for two years. */
async function whatPeopleSee(ctx: AppContext) {
  const seen: Record<string, unknown> = {};
  for (const name of ['双庙镇', '杭锦后旗']) {
    const org = await unit(ctx, name);
    for (const year of [2024, 2025]) seen[`${name}${year}`] = await ctx.indicators.evaluate(systemScope(org), org, resolvePeriod({ year }));
  }
  const town = await unit(ctx, '双庙镇');
  const reports = new ReportService(ctx);
  for (const year of [2024, 2025]) seen[`report${year}`] = renderHtml(await reports.composed(systemScope(town), town, year, { date: '2026-01-15' }), { standalone: true });
  return seen;
}

async function exportOf(db: TestDatabase, name: string): Promise<Manifest> {
  return using(db, (ctx) => exportDump(endpointOf(ctx), join(work, name)));
}

beforeAll(async () => {
  // The source is always SQLite, as a town's is: loading the demo there takes seconds, not tens.
  source = await fresh('sqlite');
  await using(source, async (ctx) => {
    await timed('load demo (SQLite)', () => loadDemo(ctx));
    const town = await unit(ctx, '双庙镇');
    const scope = systemScope(town);
    const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(scope, {
      orgId: town.id,
      label: '法律援助登记',
      area: 'governance',
      fields: [
        { label: '受援人数', type: 'integer' },
        { label: '援助类别', type: 'choice', options: ['民事', '刑事'] },
        { label: '办理天数', type: 'decimal' },
      ],
    });
    const record = await ctx.ledger.create(scope, kind.code, { orgId: town.id, date: '2025-05-06', title: '为困难群众提供法律援助', f1: 3, f2: 'o2', f3: 2.5 });
    attachmentId = (await ctx.attachments.add(scope, kind.code, record.id, '现场.png', PNG)).id;
  });
  dumpA = await timed('export source (SQLite)', () => exportOf(source, 'a'));
  middle = await fresh();
  await using(middle, (ctx) => timed(`import into ${middle.engine}`, () => importDump(endpointOf(ctx), join(work, 'a'))));
});

afterAll(async () => {
  console.log('dump timings (ms):', timings);
  for (const db of databases) await db.drop();
  rmSync(work, { recursive: true, force: true });
});

describe(`SQLite → ${passEngine()} → SQLite`, () => {
  it('dumps every table with a checksum, the attachment blob and the key fingerprint', async () => {
    const names = dumpA.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['org_unit', 'app_user', 'audit_log', 'ledger_dispute', 'ledger_column', 'custom_kind', 'attachment']));
    expect(names.some((n) => /^ledger_x[0-9a-f]{10}$/.test(n))).toBe(true);
    expect(names).not.toContain('kysely_migration');
    expect(dumpA.engine).toBe('sqlite');
    expect(dumpA.files).toEqual({ count: 1, bytes: PNG.length });
    expect(readFileSync(join(work, 'a', 'files', createHash('sha256').update(PNG).digest('hex'))).equals(PNG)).toBe(true);
    const orgUnits = dumpA.tables.find((t) => t.name === 'org_unit');
    expect(orgUnits?.rows).toBeGreaterThan(200);
    const lines = readFileSync(tablePath(join(work, 'a'), 'org_unit'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(orgUnits?.rows ?? -1);
    // Canonical lines: keys sorted by name, numbers as numbers.
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['code', 'created_at', 'id', 'level', 'name', 'parent_id', 'path', 'sort']);
    expect(typeof first.sort).toBe('number');
  });

  it('loads into a fresh database whose own dump has the same checksums, table by table', async () => {
    const dumpB = await timed(`export ${middle.engine}`, () => exportOf(middle, 'b'));
    expect(dumpB.engine).toBe(middle.engine);
    expect(checksums(dumpB)).toEqual(checksums(dumpA));

    final = await fresh('sqlite');
    await using(final, (ctx) => timed('import back into SQLite', () => importDump(endpointOf(ctx), join(work, 'b'))));
    const dumpC = await exportOf(final, 'c');
    expect(checksums(dumpC)).toEqual(checksums(dumpA));
  });

  it('gives the same indicator values and the same report, and the audit chain verifies', async () => {
    const before = await using(source, whatPeopleSee);
    expect(JSON.stringify(before)).toContain('双庙镇');
    for (const db of [middle, final]) {
      const after = await using(db, whatPeopleSee);
      expect(after).toEqual(before);
      const chain = await using(db, (ctx) => verifyAuditChain(ctx.db));
      expect(chain).toMatchObject({ ok: true });
      expect(chain.ok && chain.rows).toBe(dumpA.tables.find((t) => t.name === 'audit_log')?.rows);
    }
  });

  it('keeps people able to sign in, sensitive fields readable with the same key, attachments downloadable', async () => {
    const sensitive = async (ctx: AppContext) => {
      const { rows } = await sql<{ petitioner: string }>`select petitioner from ledger_petition order by id limit 5`.execute(ctx.db.kysely);
      return rows.map((r) => ctx.cipher.decrypt(r.petitioner, 'ledger_petition.petitioner'));
    };
    const names = await using(source, sensitive);
    expect(names).toHaveLength(5);
    for (const db of [middle, final]) {
      await using(db, async (ctx) => {
        const { session } = await ctx.accounts.login('smz_office', DEMO_PASSWORD, null);
        expect(session.user.username).toBe('smz_office');
        expect(await sensitive(ctx)).toEqual(names);
        const town = await unit(ctx, '双庙镇');
        const { stream } = await ctx.attachments.open(systemScope(town), attachmentId);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).equals(PNG)).toBe(true);
        expect(ctx.attachments.pathOf('ab'.repeat(32))).toBe(blobPathIn(ctx.config.dataDir, 'ab'.repeat(32)));
      });
    }
  });
});

describe(`backup and restore on ${passEngine()}`, () => {
  it('backs the database up and restores the backup elsewhere, checksums and all', async () => {
    // Not dump A any more: signing in above wrote sessions and audit rows.
    const now = await exportOf(middle, 'middle-now');
    const file = join(work, 'backup-of-middle');
    const summary = await using(middle, (ctx) => timed(`backup ${middle.engine}`, () => backupDatabase(endpointOf(ctx), file)));
    // SQLite: the online backup, a database file; PostgreSQL: the portable dump, a directory.
    expect(summary).toEqual({ format: middle.engine === 'postgres' ? 'dump' : 'sqlite', path: file, files: 1 });
    const elsewhere = await fresh();
    const restored = await using(elsewhere, (ctx) => timed(`restore into ${elsewhere.engine}`, () => restore(endpointOf(ctx), file)));
    expect(restored.format).toBe(summary.format);
    expect(checksums(await exportOf(elsewhere, 'restored'))).toEqual(checksums(now));
  });
});

/** A copy of dump A to change. */
const copyOfA = (name: string) => {
  const dir = join(work, name);
  cpSync(join(work, 'a'), dir, { recursive: true });
  return dir;
};

/** Rewrites a table of a dump, canonical and in key order, with a manifest entry to match. */
async function rewriteTable(
  dir: string,
  table: string,
  change: (rows: Array<Record<string, unknown>>) => Array<Record<string, unknown>>,
  columns: (columns: TableEntry['columns']) => TableEntry['columns'] = (c) => c,
) {
  const manifest = await readManifest(dir);
  const entry = manifest.tables.find((t) => t.name === table);
  if (!entry) throw new Error(`no ${table} in the dump`);
  const rows = readFileSync(tablePath(dir, table), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  const keyOf = (row: Record<string, unknown>) => entry.primaryKey.map((k) => String(row[k]));
  const changed = change(rows).sort((a, b) => (keyOf(a).join('\u0000') < keyOf(b).join('\u0000') ? -1 : 1));
  const newColumns = columns(entry.columns).sort(byName);
  const text = changed.map((row) => `${canonicalLine(table, newColumns, row)}\n`).join('');
  writeFileSync(tablePath(dir, table), text);
  const tables = manifest.tables.map((t) => (t.name === table ? { ...t, rows: changed.length, columns: newColumns, sha256: createHash('sha256').update(text).digest('hex') } : t));
  writeFileSync(manifestPath(dir), JSON.stringify({ ...manifest, tables }));
}

describe('ledger tables that differ between the two programs', () => {
  it('adds a column only the dump has, and keeps recorded a column only the target has', async () => {
    const dir = copyOfA('skew');
    // The dump's database kept a column of a field since removed from the kind ...
    await rewriteTable(
      dir,
      'ledger_meeting',
      (rows) => rows.map((row, i) => ({ ...row, legacy_venue: i === 0 ? '旧会议室' : null })),
      (columns) => [...columns, { name: 'legacy_venue', type: 'text', nullable: true }],
    );
    // ... and predates a field this program's dispute has.
    await rewriteTable(
      dir,
      'ledger_dispute',
      (rows) => rows.map(({ parties: _dropped, ...row }) => row),
      (columns) => columns.filter((c) => c.name !== 'parties'),
    );
    await rewriteTable(dir, 'ledger_column', (rows) => [
      ...rows.filter((r) => !(r.table_name === 'ledger_dispute' && r.column_name === 'parties')),
      { table_name: 'ledger_meeting', column_name: 'legacy_venue', column_type: 'text', added_at: '2024-01-01T00:00:00.000Z' },
    ]);

    const target = await fresh();
    await using(target, (ctx) => importDump(endpointOf(ctx), dir));
    // Opening migrates, as a start does: a column missing from ledger_column would be added twice and fail.
    await using(target, async (ctx) => {
      const { rows } = await sql<{ legacy_venue: string }>`select legacy_venue from ledger_meeting where legacy_venue is not null`.execute(ctx.db.kysely);
      expect(rows).toEqual([{ legacy_venue: '旧会议室' }]);
      const recorded = await ctx.db.kysely.selectFrom('ledger_column').select(['table_name', 'column_name']).where('column_name', 'in', ['legacy_venue', 'parties']).orderBy('column_name').execute();
      expect(recorded).toEqual([
        { table_name: 'ledger_meeting', column_name: 'legacy_venue' },
        { table_name: 'ledger_dispute', column_name: 'parties' },
      ]);
    });
  });
});

describe('a town file made before records carried their town', () => {
  it('moves into a fresh database, whose ledger tables key on (town_id, id) where the file keys on id', async () => {
    const old = await fresh('sqlite');
    await using(old, async (ctx) => {
      await loadDemo(ctx);
      // A record newer than every other, in the town whose id sorts first: ordered by id it comes
      // last, ordered by (town_id, id) before the other towns' — the two keys give different orders.
      const { rows } = await sql<{ town_id: string }>`select min(town_id) as town_id from ledger_dispute`.execute(ctx.db.kysely);
      const town = (await ctx.db.kysely.selectFrom('org_unit').selectAll().where('id', '=', String(rows[0]?.town_id)).executeTakeFirstOrThrow()) as OrgUnit;
      await ctx.ledger.create(systemScope(town), 'dispute', disputeBody(town.id, { title: '最后登记的一件纠纷' }));
    });
    // Rebuild the dispute table as an earlier version made it: the same columns, keyed on id alone.
    const oldPath = old.config.db.sqlitePath;
    if (!oldPath) throw new Error('fresh(sqlite) made no database file');
    const raw = new Database(oldPath);
    try {
      const made = String(raw.prepare(`select sql from sqlite_master where type = 'table' and name = 'ledger_dispute'`).pluck().get());
      expect(made).toMatch(/primary key \("town_id", "id"\)/);
      const indexes = raw.prepare(`select sql from sqlite_master where type = 'index' and tbl_name = 'ledger_dispute' and sql is not null`).pluck().all() as string[];
      raw.exec('pragma foreign_keys = off');
      raw.transaction(() => {
        raw.exec(made.replace(/"ledger_dispute"/, '"ledger_dispute_before"').replace(/primary key \("town_id", "id"\)/, 'primary key ("id")'));
        raw.exec('insert into ledger_dispute_before select * from ledger_dispute; drop table ledger_dispute; alter table ledger_dispute_before rename to ledger_dispute');
        for (const index of indexes) raw.exec(index);
      })();
      const towns = raw.prepare('select count(distinct town_id) from ledger_dispute').pluck().get();
      expect(towns).toBeGreaterThan(1);
    } finally {
      raw.close();
    }

    const dir = join(work, 'before-town-key');
    const manifest = await exportOf(old, 'before-town-key');
    const target = await fresh();
    await using(target, (ctx) => importDump(endpointOf(ctx), dir));
    await using(target, async (ctx) => {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ledger_dispute`.execute(ctx.db.kysely);
      expect(Number(rows[0]?.n)).toBe(manifest.tables.find((t) => t.name === 'ledger_dispute')?.rows);
      expect(checksums(await exportDump(endpointOf(ctx), join(work, 'before-town-key-again')))).toEqual(checksums(manifest));
    });
  });
});

describe('refusals change nothing', () => {

  async function expectRefusedUnchanged(db: TestDatabase, dir: string, id: string, message: RegExp) {
    await using(db, async (ctx) => {
      const before = await databaseDigest(ctx.db);
      const error = await importDump(endpointOf(ctx), dir).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ id });
      expect(String((error as Error).message)).toMatch(message);
      expect(await databaseDigest(ctx.db)).toEqual(before);
    });
  }

  it('refuses a target that holds data unless forced; forced, it replaces it, audit log and all', async () => {
    await expectRefusedUnchanged(middle, join(work, 'a'), 'not_empty', /已有数据.*--force/);
    // Something the dump does not have: the forced load must take it away.
    await using(middle, async (ctx) => {
      const town = await unit(ctx, '双庙镇');
      await ctx.ledger.create(systemScope(town), 'dispute', disputeBody(town.id, { title: '导入前新增的纠纷' }));
    });
    await using(middle, (ctx) => importDump(endpointOf(ctx), join(work, 'a'), { force: true }));
    expect(checksums(await exportOf(middle, 'forced'))).toEqual(checksums(dumpA));
    expect(await using(middle, (ctx) => verifyAuditChain(ctx.db))).toMatchObject({ ok: true });
  });

  it('refuses a file changed after the dump (checksum)', async () => {
    const dir = copyOfA('tampered');
    const path = tablePath(dir, 'ledger_dispute');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"title":"', '"title":"改'));
    await expectRefusedUnchanged(await fresh(), dir, 'dump_checksum', /ledger_dispute.*校验和/);
  });

  it('refuses a target whose key differs from the dump\'s', async () => {
    await expectRefusedUnchanged(await fresh(passEngine(), randomKey()), join(work, 'a'), 'dump_key', /密钥/);
  });

  it('refuses a dump of another schema version', async () => {
    const dir = copyOfA('old-schema');
    const manifest = JSON.parse(readFileSync(manifestPath(dir), 'utf8')) as Manifest;
    writeFileSync(manifestPath(dir), JSON.stringify({ ...manifest, schemaVersion: '0004_audit_chain' }));
    await expectRefusedUnchanged(await fresh(), dir, 'dump_schema', /0004_audit_chain/);
  });

  it('rolls the whole load back when the database refuses a row', async () => {
    // Checksums made to match, but a record points at a unit that does not exist.
    const dir = copyOfA('dangling');
    const path = tablePath(dir, 'ledger_dispute');
    const text = readFileSync(path, 'utf8').replace(/"org_id":"[^"]+"/, '"org_id":"no-such-unit"');
    writeFileSync(path, text);
    const manifest = await readManifest(dir);
    const tables = manifest.tables.map((t) => (t.name === 'ledger_dispute' ? { ...t, sha256: createHash('sha256').update(text).digest('hex') } : t));
    writeFileSync(manifestPath(dir), JSON.stringify({ ...manifest, tables }));
    const target = await fresh();
    await using(target, async (ctx) => {
      const before = await databaseDigest(ctx.db);
      await expect(importDump(endpointOf(ctx), dir)).rejects.toMatchObject({ id: 'dump_load', message: stringMatching(/载入表 ledger_dispute 时数据库拒绝.*已全部撤销/) });
      // No custom kind's table left behind either: the DDL was part of the rolled-back transaction.
      expect(await databaseDigest(ctx.db)).toEqual(before);
    });
  });
});
