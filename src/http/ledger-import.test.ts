/**
 * 导入Excel over HTTP: the template a clerk downloads, filled in with three mistakes, comes back
 * with the three named by row and column; fixed, it passes the dry run and imports, once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerImporter } from '../ledger/excel/import.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signIn, withSession } from '../testing/http.js';
import { columnLetters, fillTemplate, streamedSheet, withUnlistedEntry, type Cells } from '../testing/xlsx.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;

const PASSWORD = 'Fazhi#2025-import';

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  await ctx.accounts.createUser({ username: 'import.office', password: PASSWORD, displayName: '镇办王文书', role: 'townOffice', orgId: f.town.id });
  office = await signIn(app, 'import.office', PASSWORD);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

function upload(url: string, content: Buffer, filename = '矛盾纠纷台账.xlsx', server = app, session = office) {
  const boundary = `----fazhi-${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const payload = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return server.inject({ method: 'POST', url, payload, ...withSession(session, { 'content-type': `multipart/form-data; boundary=${boundary}` }) });
}

const disputeCount = async () => Number((await ctx.db.kysely.selectFrom('ledger_dispute' as 'audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('Excel import over HTTP', () => {
  it('takes 200 rows: three mistakes named by row and column, nothing written; fixed, a dry run, then all 200, and never twice', async () => {
    const res = await callAs(app, office, 'GET', '/api/ledgers/dispute/import/template.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml\.sheet/);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('矛盾纠纷导入模板-甲镇.xlsx'));
    const template = res.rawPayload;

    const rows: Cells[] = Array.from({ length: 200 }, (_, i) => ({
      所属单位: i % 3 ? '东村' : '西村',
      登记日期: new Date(Date.UTC(2025, 4, (i % 28) + 1)),
      纠纷概要: `第${i + 1}起 灌溉用水纠纷`,
      来源: '月度排查',
      纠纷类别: '邻里纠纷',
      状态: '登记',
    }));
    const withMistakes = rows.map((r) => ({ ...r }));
    Object.assign(withMistakes[4] as Cells, { 登记日期: '2025-13-01' }); // row 7
    Object.assign(withMistakes[99] as Cells, { 来源: '电话' }); // row 102
    Object.assign(withMistakes[199] as Cells, { 所属单位: '北村' }); // row 202
    const before = await disputeCount();

    const refused = await upload('/api/ledgers/dispute/import?dryRun=true', await fillTemplate(template, withMistakes));
    const error = expectError(refused, 422, 'import_invalid', 'file');
    expect(error.rows).toBe(200);
    // Columns are named by the letter the template puts each header under.
    const letter = await columnLetters(template);
    expect((error.errors as Array<{ row: number; column: string; header: string }>).map((e) => [e.row, e.column, e.header])).toEqual([
      [7, letter.get('登记日期'), '登记日期'],
      [102, letter.get('来源'), '来源'],
      [202, letter.get('所属单位'), '所属单位'],
    ]);
    expect(letter.get('所属单位')).toMatch(/^[A-Z]+$/);
    expectError(await upload('/api/ledgers/dispute/import', await fillTemplate(template, withMistakes)), 422, 'import_invalid', 'file');
    expect(await disputeCount()).toBe(before);

    const fixed = await fillTemplate(template, rows);
    const dry = await upload('/api/ledgers/dispute/import?dryRun=true', fixed);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 200, duplicate: null, fileName: '矛盾纠纷台账.xlsx' });
    expect(dry.json<{ preview: { rows: unknown[] } }>().preview.rows).toHaveLength(50);
    expect(await disputeCount()).toBe(before);

    const done = await upload('/api/ledgers/dispute/import', fixed);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ created: 200 });
    expect(await disputeCount()).toBe(before + 200);

    const list = await callAs(app, office, 'GET', '/api/ledgers/dispute?q=灌溉用水纠纷&pageSize=1');
    expect(list.json<{ total: number }>().total).toBe(200);

    const twice = expectError(await upload('/api/ledgers/dispute/import', fixed, '改了名字.xlsx'), 409, 'import_duplicate', 'file');
    expect(twice.message).toContain('镇办王文书');
    expect(await disputeCount()).toBe(before + 200);

    const history = await callAs(app, office, 'GET', '/api/ledgers/dispute/imports');
    expect(history.json()).toMatchObject({ total: 1, items: [{ rows: 200, fileName: '矛盾纠纷台账.xlsx', importedBy: '镇办王文书', orgName: '甲镇' }] });
  });

  it('answers what is not an import plainly, writing nothing', async () => {
    const before = await disputeCount();
    expectError(await callAs(app, office, 'POST', '/api/ledgers/dispute/import', { rows: [] }), 400, 'validation', 'file');
    expectError(await upload('/api/ledgers/dispute/import', Buffer.from('姓名,电话\n张三,123\n'), '台账.csv'), 415, 'unsupported_type', 'file');
    expectError(await upload('/api/ledgers/dispute/import', Buffer.alloc(0)), 400, 'validation', 'file');
    expectError(await upload('/api/ledgers/nosuchkind/import', Buffer.from('PK')), 404, 'unknown_kind');

    // The size limit applies while the upload streams in, before anything is parsed.
    const small = await buildApp({ ...ctx, importer: new LedgerImporter(ctx, { maxBytes: 50_000 }) });
    const big = expectError(await upload('/api/ledgers/dispute/import', Buffer.alloc(60_000, 7), 'big.xlsx', small), 413, 'too_large', 'file');
    expect(big.message).toContain('MB');
    await small.close();
    expect(await disputeCount()).toBe(before);
  });

  it('refuses a grid worker’s 200 KB file hiding an unlisted 64 MB sheet of whitespace, writing and spooling nothing', async () => {
    await ctx.accounts.createUser({ username: 'import.grid', password: PASSWORD, displayName: '网格员小李', role: 'gridWorker', orgId: f.villageA.id });
    const grid = await signIn(app, 'import.grid', PASSWORD);
    const xlsx = await streamedSheet(['登记日期', '纠纷概要', '来源', '纠纷类别', '状态'], 5, (i) => ['2025-05-06', `第${i}起 灌溉用水纠纷`, '网格上报', '邻里纠纷', '登记']);
    const smuggled = withUnlistedEntry(xlsx, 'xl/worksheets/sheet1.xml', Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(smuggled.length).toBeLessThan(200 * 1024);
    // ExcelJS's reader spooled sheets to os.tmpdir(): here a folder of this test's own, checked empty.
    const spool = mkdtempSync(join(tmpdir(), 'fazhi-spool-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = spool;
    try {
      const before = await disputeCount();
      const refused = expectError(await upload('/api/ledgers/dispute/import', smuggled, '纠纷.xlsx', app, grid), 400, 'validation', 'file');
      expect(refused.message).toContain('含有文件目录未列出的内容');
      expect(await disputeCount()).toBe(before);
      expect(readdirSync(spool)).toEqual([]);
      // The honest file goes through for the same grid worker.
      expect((await upload('/api/ledgers/dispute/import', xlsx, '纠纷.xlsx', app, grid)).statusCode).toBe(201);
      expect(await disputeCount()).toBe(before + 5);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(spool, { recursive: true, force: true });
    }
  });
});
