/**
 * Sensitive personal information end to end: encrypted at rest (the raw database — the SQLite file
 * itself, or every PostgreSQL row — never holds the plain value), masked in every default output,
 * found by exact match through its keyed hash, and shown in full only by an audited reveal.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import { builtInKinds } from '../areas/index.js';
import { AUDIT_ACTION_LABELS } from '../audit/query.js';
import { configFromEnv } from '../context.js';
import { syncLedgerTables } from '../db/ledger-tables.js';
import { buildApp } from '../http/app.js';
import { encryptPlainPhones } from '../org/people.js';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { signInNewUser, withSession } from '../testing/http.js';
import { text } from './fields.js';
import { hashColumnOf, type KindDefinition } from './kind.js';
import { KindRegistry } from './registry.js';
import { LedgerService } from './service.js';

const ID_NUMBER = '150102198001011234';
const PHONE = '13912345678';
const PERSON_PHONE = '13787654321';
const ADDRESS = '杭锦后旗双庙镇太荣村七社';
const TITLE = '反映渠道清淤问题ZQX7'; // non-sensitive: must be found in the raw bytes
/** Exact search on a sensitive field states why (issue 14, item 6). */
const REASON = `reason=${encodeURIComponent('核实信访人身份，办理答复')}`;

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;
let leader: string;
let otherOffice: string;
let petitionId: string;

const signInAs = (role: Role, unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);

const call = (token: string | undefined, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  app.inject({ method, url, ...(token ? withSession(token) : {}), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

/** Every value of every row of every table, as PostgreSQL returns it. */
async function allPostgresCells(): Promise<string> {
  const { rows: tables } = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(ctx.db.kysely);
  const dumps: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(ctx.db.kysely);
    dumps.push(JSON.stringify(rows));
  }
  return dumps.join('\n');
}

/** The SQLite database file and its write-ahead log, byte for byte, after a checkpoint. */
function sqliteBytes(): Buffer {
  const path = ctx.config.db.sqlitePath ?? '';
  const parts = [readFileSync(path)];
  if (existsSync(`${path}-wal`)) parts.push(readFileSync(`${path}-wal`));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  office = await signInAs('townOffice', f.town);
  leader = await signInAs('leader', f.town);
  otherOffice = await signInAs('townOffice', f.otherTown);

  const created = await call(office, 'POST', '/api/ledgers/petition', {
    orgId: f.town.id,
    date: '2025-04-02',
    title: TITLE,
    form: 'visit',
    status: 'registered',
    petitioner: '赵某某',
    petitionerIdNumber: ID_NUMBER,
    petitionerPhone: PHONE,
    petitionerAddress: ADDRESS,
  });
  expect(created.statusCode, created.body).toBe(201);
  petitionId = created.json<{ id: string }>().id;

  const person = await call(office, 'POST', '/api/people', { orgId: f.town.id, name: '孙调解', phone: PERSON_PHONE });
  expect(person.statusCode, person.body).toBe(201);
  expect(person.json<{ phone: string }>().phone).toBe('137****4321');
});

afterAll(async () => {

  // Unset when beforeAll failed.

  await (app as FastifyInstance | undefined)?.close();

  await (ctx as TestContext | undefined)?.close();
});

describe('at rest', () => {
  it('never holds the plain ID number, phone or address in the raw database', async () => {
    if (ctx.db.engine === 'sqlite') {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db.kysely);
      const bytes = sqliteBytes();
      // The grep works: a non-sensitive value of the same record is there in plain UTF-8.
      expect(bytes.includes(Buffer.from(TITLE, 'utf8'))).toBe(true);
      for (const secret of [ID_NUMBER, PHONE, ADDRESS, PERSON_PHONE]) expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
    } else {
      const { rows } = await sql<Record<string, unknown>>`select * from ledger_petition`.execute(ctx.db.kysely);
      expect(rows).toHaveLength(1);
      const cells = Object.values(rows[0] ?? {}).map((v) => String(v));
      expect(cells).toContain(TITLE);
      for (const secret of [ID_NUMBER, PHONE, ADDRESS]) expect(cells.some((c) => c.includes(secret)), secret).toBe(false);
      const everything = await allPostgresCells();
      expect(everything).toContain(TITLE);
      for (const secret of [ID_NUMBER, PHONE, ADDRESS, PERSON_PHONE]) expect(everything.includes(secret), secret).toBe(false);
    }
  });

  it('stores ciphertext in the column and a keyed hash beside it', async () => {
    const row = await sql<Record<string, string | null>>`select petitioner_id_number, petitioner_id_number_hash, petitioner_phone from ledger_petition where id = ${petitionId}`.execute(ctx.db.kysely);
    const stored = row.rows[0];
    expect(stored?.petitioner_id_number).toMatch(ctx.cipher.algorithm === 'sm4' ? /^v1:sm4-cbc:/ : /^v1:aes-256-gcm:/);
    expect(stored?.petitioner_id_number_hash).toBe(ctx.cipher.hash(ID_NUMBER));
    const recorded = await ctx.db.kysely.selectFrom('ledger_column').select('column_name').where('table_name', '=', 'ledger_petition').execute();
    expect(recorded.map((r) => r.column_name)).toEqual(expect.arrayContaining(['petitioner_id_number_hash', 'petitioner_phone_hash', 'petitioner_hash', 'petitioner_address_hash']));
    const person = await ctx.db.kysely.selectFrom('person').select('phone').where('name', '=', '孙调解').executeTakeFirstOrThrow();
    expect(person.phone).toMatch(/^v1:/);
  });
});

describe('default output', () => {
  it('is masked in the list, the record and the audit trail', async () => {
    const list = await call(office, 'GET', '/api/ledgers/petition');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(ID_NUMBER);
    expect(list.body).not.toContain(PHONE);
    const [item] = list.json<{ items: Array<Record<string, string>> }>().items;
    expect(item).toMatchObject({ id: petitionId, petitionerIdNumber: '150***********1234', petitionerPhone: '139****5678', petitioner: '赵*某' });

    const one = await call(office, 'GET', `/api/ledgers/petition/${petitionId}`);
    expect(one.json<Record<string, string>>().petitionerIdNumber).toBe('150***********1234');

    const audits = await ctx.db.kysely.selectFrom('audit_log').select(['before', 'after']).where('record_id', '=', petitionId).execute();
    expect(audits.length).toBeGreaterThan(0);
    for (const a of audits) for (const cell of [a.before, a.after]) expect(cell ?? '').not.toContain(ID_NUMBER);
  });

  it('is masked in the people list', async () => {
    const people = await call(office, 'GET', '/api/people');
    expect(people.body).not.toContain(PERSON_PHONE);
    expect(people.json<{ items: Array<{ name: string; phone: string | null }> }>().items.find((p) => p.name === '孙调解')?.phone).toBe('137****4321');
  });

  it('never reaches the public page', async () => {
    const page = await call(undefined, 'GET', `/public/${encodeURIComponent(f.town.name)}`);
    expect(page.statusCode).toBe(200);
    for (const secret of [ID_NUMBER, PHONE, ADDRESS, '150***********1234']) expect(page.body).not.toContain(secret);
  });
});

describe('exact-match search', () => {
  it('finds the record by the full ID number through its hash, however it is spaced', async () => {
    const found = await call(office, 'GET', `/api/ledgers/petition?petitionerIdNumber=${ID_NUMBER}&${REASON}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toEqual([petitionId]);
    const spaced = await call(office, 'GET', `/api/ledgers/petition?petitionerIdNumber=${encodeURIComponent(' 150102 19800101 1234 ')}&${REASON}`);
    expect(spaced.json<{ total: number }>().total).toBe(1);
    const other = await call(office, 'GET', `/api/ledgers/petition?petitionerIdNumber=150102198001011235&${REASON}`);
    expect(other.json<{ total: number }>().total).toBe(0);
    // Out of scope stays out of scope.
    expect((await call(otherOffice, 'GET', `/api/ledgers/petition?petitionerIdNumber=${ID_NUMBER}&${REASON}`)).json<{ total: number }>().total).toBe(0);
  });

  it('is not a free-text search: q never looks in sensitive fields', async () => {
    const res = await call(office, 'GET', `/api/ledgers/petition?q=${ID_NUMBER.slice(0, 10)}`);
    expect(res.json<{ total: number }>().total).toBe(0);
    expect((await call(office, 'GET', `/api/ledgers/petition?q=ZQX7`)).json<{ total: number }>().total).toBe(1);
  });

  it('follows an edit: the new value is found, the old one is not', async () => {
    const current = (await call(office, 'GET', `/api/ledgers/petition/${petitionId}`)).json<{ version: number }>();
    const newId = '15010219800101123X';
    const patched = await call(office, 'PATCH', `/api/ledgers/petition/${petitionId}`, { version: current.version, petitionerIdNumber: newId.toLowerCase() });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await call(office, 'GET', `/api/ledgers/petition?petitionerIdNumber=${newId}&${REASON}`)).json<{ total: number }>().total).toBe(1);
    expect((await call(office, 'GET', `/api/ledgers/petition?petitionerIdNumber=${ID_NUMBER}&${REASON}`)).json<{ total: number }>().total).toBe(0);
    const back = await call(office, 'PATCH', `/api/ledgers/petition/${petitionId}`, { version: current.version + 1, petitionerIdNumber: ID_NUMBER });
    expect(back.statusCode, back.body).toBe(200);
  });
});

describe('exact search on a sensitive field (issue 14, item 6)', () => {
  const DISPUTE_PHONE = '13955501234';
  let disputeId: string;
  let reviewer: string;
  let grid: string;
  const reason = '核实当事人身份，电话回访';
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  interface SearchAudit {
    actor_id: string | null;
    kind: string | null;
    record_id: string | null;
    before: string | null;
    after: string | null;
  }
  const searchAudits = async (): Promise<SearchAudit[]> =>
    ctx.db.kysely.selectFrom('audit_log').select(['actor_id', 'kind', 'record_id', 'before', 'after']).where('action', '=', 'search_sensitive').orderBy('id').execute();

  beforeAll(async () => {
    reviewer = await signInAs('countyReviewer', f.county);
    grid = await signInAs('gridWorker', f.villageA);
    const created = await call(office, 'POST', '/api/ledgers/dispute', {
      orgId: f.villageA.id,
      date: '2025-05-06',
      title: '宅基地边界纠纷',
      source: 'visit',
      category: 'neighbour',
      status: 'registered',
      parties: '钱某某',
      partyPhone: DISPUTE_PHONE,
    });
    expect(created.statusCode, created.body).toBe(201);
    disputeId = created.json<{ id: string }>().id;
  });

  it('refuses the county reviewer and a grid worker with 403 naming the field, on the list and the export, match or not', async () => {
    const before = (await searchAudits()).length;
    const cases: Array<[string, string, string, string, string]> = [
      [reviewer, 'petition', 'petitionerPhone', PHONE, '联系电话'],
      [reviewer, 'petition', 'petitionerPhone', '13900005678', '联系电话'],
      [reviewer, 'petition', 'petitionerIdNumber', ID_NUMBER, '身份证号'],
      [grid, 'dispute', 'partyPhone', DISPUTE_PHONE, '当事人电话'],
      [grid, 'dispute', 'partyPhone', '13955509999', '当事人电话'],
    ];
    const bodies = new Map<string, string>();
    for (const [token, kind, field, value, label] of cases) {
      for (const path of [`/api/ledgers/${kind}`, `/api/ledgers/${kind}/export.xlsx`]) {
        // With or without a reason: the permission decides first.
        for (const params of [{ [field]: value, reason }, { [field]: value }]) {
          const res = await call(token, 'GET', `${path}?${q(params)}`);
          expect(res.statusCode, `${path} ${field}=${value}: ${res.body}`).toBe(403);
          const error = res.json<{ error: { id: string; message: string } }>().error;
          expect(error.id).toBe('forbidden');
          expect(error.message).toContain(`「${label}」`);
          expect(res.body).not.toContain(value);
          // The same answer whether the value matches a record or not: nothing to learn from it.
          const key = `${token}|${path}|${field}|${'reason' in params}`;
          if (bodies.has(key)) expect(res.body).toBe(bodies.get(key));
          bodies.set(key, res.body);
        }
      }
    }
    // Their plain lists still work; only the exact search on a personal field is closed.
    expect((await call(reviewer, 'GET', '/api/ledgers/petition')).json<{ total: number }>().total).toBe(1);
    expect((await call(grid, 'GET', '/api/ledgers/dispute')).json<{ total: number }>().total).toBe(1);
    expect((await searchAudits()).length).toBe(before);
  });

  it('needs a stated reason, and writes nothing without one', async () => {
    const searcher = await signInAs('townOffice', f.town);
    const before = (await searchAudits()).length;
    for (const path of ['/api/ledgers/petition', '/api/ledgers/petition/export.xlsx']) {
      for (const extra of [{}, { reason: '' }, { reason: ' 看看 ' }, { reason: 'x'.repeat(201) }] as Array<Record<string, string>>) {
        const res = await call(searcher, 'GET', `${path}?${q({ petitionerPhone: PHONE, ...extra })}`);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json<{ error: { id: string; field: string; message: string } }>().error).toMatchObject({ id: 'validation', field: 'reason' });
        expect(res.body).toContain('查找原因');
      }
    }
    expect((await searchAudits()).length).toBe(before);
  });

  it('finds the record for a role with the reveal permission, and audits the field and the reason — never the value', async () => {
    const searcher = await signInAs('departmentClerk', f.town);
    const before = (await searchAudits()).length;
    const list = await call(searcher, 'GET', `/api/ledgers/dispute?${q({ partyPhone: DISPUTE_PHONE, reason })}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: Array<{ id: string; partyPhone: string }> }>().items).toEqual([expect.objectContaining({ id: disputeId, partyPhone: '139****1234' })]);
    const exported = await call(searcher, 'GET', `/api/ledgers/dispute/export.xlsx?${q({ partyPhone: DISPUTE_PHONE, reason })}`);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['x-export-rows']).toBe('1');

    const audits = (await searchAudits()).slice(before);
    // One row per search: the export's pages are one search.
    expect(audits).toHaveLength(2);
    const searcherId = (await call(searcher, 'GET', '/api/me')).json<{ id: string }>().id;
    for (const [i, via] of (['list', 'export'] as const).entries()) {
      expect(audits[i]).toMatchObject({ actor_id: searcherId, kind: 'dispute', record_id: null });
      expect(JSON.parse(audits[i]?.after ?? '{}')).toEqual({ fields: ['partyPhone'], reason, via });
    }
    for (const a of audits) for (const cell of [a.before, a.after]) expect(cell ?? '').not.toContain(DISPUTE_PHONE);
    // The log shows it to the audit administrator under its own name.
    expect(AUDIT_ACTION_LABELS.search_sensitive).toMatch(/[\u4e00-\u9fff]/);
  });

  it('holds each user to the per-minute limit, also against a parallel burst on the list and the export', async () => {
    const limit = ctx.ledger.sensitiveSearchPerMinute;
    expect(limit).toBeGreaterThan(0);
    const searcher = await signInAs('townOffice', f.town);
    const before = (await searchAudits()).length;
    const burst = await Promise.all(
      Array.from({ length: limit * 3 }, (_, i) =>
        call(searcher, 'GET', `/api/ledgers/petition${i % 3 === 0 ? '/export.xlsx' : ''}?${q({ petitionerPhone: `1390000${String(i).padStart(4, '0')}`, reason })}`),
      ),
    );
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(limit * 2);
    for (const res of burst.filter((r) => r.statusCode === 429)) {
      const error = res.json<{ error: { id: string; message: string } }>().error;
      expect(error.id).toBe('rate_limited');
      expect(error.message).toMatch(/按个人信息精确查找过于频繁，请 \d+ 秒后再试/);
    }
    // Only the searches that ran are in the log, each once.
    expect((await searchAudits()).length - before).toBe(limit);
    // Still refused after the burst; another user is not held by this one's limit.
    expect((await call(searcher, 'GET', `/api/ledgers/petition?${q({ petitionerPhone: PHONE, reason })}`)).statusCode).toBe(429);
    const other = await signInAs('townOffice', f.town);
    const found = await call(other, 'GET', `/api/ledgers/petition?${q({ petitionerPhone: PHONE, reason })}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<{ total: number }>().total).toBe(1);
  });

  it('counts values tried, not pages: paging and sorting one allowed search spend nothing more', async () => {
    const limit = ctx.ledger.sensitiveSearchPerMinute;
    const searcher = await signInAs('townOffice', f.town);
    for (let page = 1; page <= limit + 3; page++) {
      const res = await call(searcher, 'GET', `/api/ledgers/petition?${q({ petitionerPhone: PHONE, reason, page: String(page), sort: page % 2 ? 'date' : '-date' })}`);
      expect(res.statusCode, res.body).toBe(200);
    }
    // The rest of the allowance is still there for other values, and then it is spent.
    for (let i = 1; i < limit; i++) {
      expect((await call(searcher, 'GET', `/api/ledgers/petition?${q({ petitionerPhone: `1381111${String(i).padStart(4, '0')}`, reason })}`)).statusCode).toBe(200);
    }
    expect((await call(searcher, 'GET', `/api/ledgers/petition?${q({ petitionerPhone: '13811119999', reason })}`)).statusCode).toBe(429);
  });

  it('takes the limit from FAZHI_SENSITIVE_SEARCH_PER_MINUTE', () => {
    expect(configFromEnv({ FAZHI_SENSITIVE_SEARCH_PER_MINUTE: '3' }).sensitiveSearchPerMinute).toBe(3);
    expect(configFromEnv({}).sensitiveSearchPerMinute).toBe(10);
  });
});

describe('reveal', () => {
  const url = () => `/api/ledgers/petition/${petitionId}/reveal`;
  const revealCount = async () => (await ctx.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'reveal').execute()).length;

  it('needs a reason', async () => {
    const before = await revealCount();
    for (const body of [{}, { reason: '' }, { reason: '  看看 ' }, { reason: 'x'.repeat(201) }]) {
      const res = await call(office, 'POST', url(), body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ error: { id: string; field: string; message: string } }>().error).toMatchObject({ id: 'validation', field: 'reason' });
      expect(res.body).not.toContain(ID_NUMBER);
    }
    expect(await revealCount()).toBe(before);
  });

  it('needs the reveal permission on the kind, and the record in scope', async () => {
    const before = await revealCount();
    const denied = await call(leader, 'POST', url(), { reason: '核实信访人身份' });
    expect(denied.statusCode, denied.body).toBe(403);
    expect(denied.json<{ error: { id: string } }>().error.id).toBe('forbidden');
    const elsewhere = await call(otherOffice, 'POST', url(), { reason: '核实信访人身份' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(404);
    const unknownField = await call(office, 'POST', url(), { reason: '核实信访人身份', fields: ['title'] });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json<{ error: { field: string } }>().error.field).toBe('fields');
    expect(await revealCount()).toBe(before);
  });

  it('shows the full values to the town office and audits who, what and why — not the values', async () => {
    const before = await revealCount();
    const res = await call(office, 'POST', url(), { reason: '核实信访人身份，办理答复', fields: ['petitionerIdNumber', 'petitionerPhone'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ id: petitionId, values: { petitionerIdNumber: ID_NUMBER, petitionerPhone: PHONE } });

    const all = await call(office, 'POST', url(), { reason: '核实信访人住址' });
    expect(all.json<{ values: Record<string, string> }>().values).toEqual({ petitioner: '赵某某', petitionerIdNumber: ID_NUMBER, petitionerPhone: PHONE, petitionerAddress: ADDRESS });

    expect(await revealCount()).toBe(before + 2);
    const rows = await ctx.db.kysely
      .selectFrom('audit_log')
      .select(['actor_name', 'kind', 'record_id', 'org_id', 'before', 'after'])
      .where('action', '=', 'reveal')
      .orderBy('id')
      .execute();
    const first = rows[rows.length - 2];
    expect(first).toMatchObject({ kind: 'petition', record_id: petitionId, org_id: f.town.id });
    expect(JSON.parse(first?.after ?? '{}')).toEqual({ fields: ['petitionerIdNumber', 'petitionerPhone'], reason: '核实信访人身份，办理答复' });
    for (const row of rows) {
      for (const cell of [row.before, row.after]) {
        for (const secret of [ID_NUMBER, PHONE, ADDRESS, '赵某某']) expect(cell ?? '').not.toContain(secret);
      }
    }
  });
});

describe('making a field sensitive later', () => {
  const plainKind: KindDefinition = {
    code: 'hotlineCall',
    label: '热线来电',
    area: 'governance',
    description: '测试：字段后来被标为敏感',
    orgLevels: ['town'],
    fields: [text('callerPhone', '来电号码', { maxLength: 40 })],
  };
  const sensitiveKind: KindDefinition = { ...plainKind, fields: [text('callerPhone', '来电号码', { maxLength: 40, sensitive: true })] };
  const serviceFor = (kind: KindDefinition) =>
    new LedgerService(ctx.db, new KindRegistry(ctx.db, [...builtInKinds, kind]), ctx.lists, ctx.permissions, ctx.cipher);

  it('adds the hash column and encrypts what the column held, once', async () => {
    expect(await syncLedgerTables(ctx.db, [plainKind])).toEqual(['created ledger_hotline_call', 'added ledger_hotline_call.caller_phone']);
    const created = await serviceFor(plainKind).create(f.system, plainKind.code, { orgId: f.town.id, date: '2025-05-01', title: '来电', callerPhone: '13600001111' });
    expect(created.callerPhone).toBe('13600001111');

    // Without a key the plain values cannot be encrypted, so the column is left as it was.
    expect(await syncLedgerTables(ctx.db, [sensitiveKind])).toEqual([]);
    expect(await syncLedgerTables(ctx.db, [sensitiveKind], ctx.cipher)).toEqual([`added ledger_hotline_call.${hashColumnOf('caller_phone')}`]);
    expect(await syncLedgerTables(ctx.db, [sensitiveKind], ctx.cipher)).toEqual([]);

    const raw = await sql<{ caller_phone: string }>`select caller_phone from ledger_hotline_call`.execute(ctx.db.kysely);
    expect(raw.rows[0]?.caller_phone).toMatch(/^v1:/);
    const ledger = serviceFor(sensitiveKind);
    expect((await ledger.get(f.system, sensitiveKind.code, created.id)).callerPhone).toBe('136****1111');
    expect((await ledger.list(f.system, sensitiveKind.code, { filters: { callerPhone: '13600001111' }, reason: '回访来电人' })).total).toBe(1);
    expect((await ledger.reveal(f.system, sensitiveKind.code, created.id, { reason: '回访来电人' })).values).toEqual({ callerPhone: '13600001111' });
  });

  it('encrypts phone numbers people were saved with before encryption', async () => {
    const now = new Date().toISOString();
    await ctx.db.kysely
      .insertInto('person')
      .values({ id: 'legacyphone01', org_id: f.town.id, org_path: f.town.path, name: '旧数据', gender: null, phone: '0478-1234567', position: null, is_example: 0, notes: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    expect(await encryptPlainPhones(ctx.db, ctx.cipher)).toBe(1);
    expect(await encryptPlainPhones(ctx.db, ctx.cipher)).toBe(0);
    const stored = await ctx.db.kysely.selectFrom('person').select('phone').where('id', '=', 'legacyphone01').executeTakeFirstOrThrow();
    expect(stored.phone).toMatch(/^v1:/);
    const people = await call(office, 'GET', '/api/people?q=旧数据');
    expect(people.json<{ items: Array<{ phone: string }> }>().items[0]?.phone).toBe('047*-***4567');
  });
});
