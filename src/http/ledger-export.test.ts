/**
 * 导出Excel: the workbook holds what the list shows under the same filters — Chinese headers,
 * option labels, names for ids, masked personal information — and text typed into a record
 * cannot run as a formula when the file is opened.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser } from '../testing/http.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;
let grid: string;

const signInAs = (role: 'townOffice' | 'gridWorker' | 'countyReviewer', unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);

async function workbook(token: string, url: string) {
  const res = await callAs(app, token, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/spreadsheetml\.sheet/);
  expect(res.headers['content-disposition']).toContain(encodeURIComponent('矛盾纠纷'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { sheet, header: rows[0] as string[], rows: rows.slice(1) };
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  office = await signInAs('townOffice', f.town);
  grid = await signInAs('gridWorker', f.villageA);
  const dispute = (orgId: string, extra: Record<string, unknown>) => ctx.ledger.create(f.system, 'dispute', disputeBody(orgId, extra));
  await dispute(f.villageA.id, {
    title: '=HYPERLINK("http://example.invalid","点此")',
    village: f.villageA.id,
    parties: '王某某、李某某',
    mediator: f.personInTown,
    seekJudicialConfirmation: true,
    status: 'resolved',
    resolvedOn: '2025-03-20',
  });
  await dispute(f.villageB.id, { title: '西村两户因灌溉用水发生争执', date: '2025-06-01' });
  await dispute(f.villageA.id, { title: '东村去年的一起纠纷', date: '2024-11-02' });
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('GET /api/ledgers/:kind/export.xlsx', () => {
  it('writes Chinese headers and one row per record the filter selects, as the list shows it', async () => {
    const { header, rows } = await workbook(office, '/api/ledgers/dispute/export.xlsx?from=2025-01-01&to=2025-12-31&status=resolved');
    expect(header.slice(0, 3)).toEqual(['所属单位', '纠纷概要', '登记日期']);
    expect(header).toEqual(expect.arrayContaining(['来源', '所在村（社区）', '纠纷类别', '当事人', '调解人', '状态', '办结日期', '拟申请司法确认', '备注']));
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0]?.[i]]));
    expect(row).toMatchObject({
      所属单位: '东村',
      登记日期: '2025-03-08',
      来源: '月度排查',
      纠纷类别: '邻里纠纷',
      状态: '已化解',
      '所在村（社区）': '东村',
      调解人: '张调解',
      拟申请司法确认: '是',
      办结日期: '2025-03-20',
    });
    // Personal information is masked as on screen, never the full value.
    expect(row['当事人']).toMatch(/\*/);
    expect(String(row['当事人'])).not.toContain('王某某、李某某');
  });

  it('neutralises a cell that would run as a formula', async () => {
    const { sheet, header } = await workbook(office, '/api/ledgers/dispute/export.xlsx?status=resolved');
    const cell = sheet.getRow(2).getCell(header.indexOf('纠纷概要') + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'=HYPERLINK("http://example.invalid","点此")`);
  });

  it('keeps to the caller’s scope and the unit filter', async () => {
    const all = await workbook(office, '/api/ledgers/dispute/export.xlsx');
    expect(all.rows).toHaveLength(3);
    const west = await workbook(office, `/api/ledgers/dispute/export.xlsx?org=${f.villageB.id}`);
    expect(west.rows.map((r) => r[1])).toEqual(['西村两户因灌溉用水发生争执']);
    // The grid worker at 东村 sees 东村's disputes only.
    const own = await workbook(grid, '/api/ledgers/dispute/export.xlsx');
    expect(own.rows).toHaveLength(2);
  });

  it('names a unit by its path below the town, and the town for a county reviewer', async () => {
    await ctx.ledger.create(f.system, 'dispute', disputeBody(f.gridA.id, { title: '一社两户宅基地界线争议', date: '2025-07-02' }));
    const town = await workbook(office, '/api/ledgers/dispute/export.xlsx?q=宅基地界线');
    expect(town.header[0]).toBe('所属单位');
    expect(town.rows.map((r) => r[0])).toEqual(['东村/东村一社/东村一社网格']);
    const county = await workbook(await signInAs('countyReviewer', f.county), '/api/ledgers/dispute/export.xlsx?q=宅基地界线');
    expect(county.header.slice(0, 3)).toEqual(['乡镇（街道）', '所属单位', '纠纷概要']);
    expect(county.rows.map((r) => r.slice(0, 2))).toEqual([['甲镇', '东村/东村一社/东村一社网格']]);
  });

  it('refuses a bad filter as the list does', async () => {
    expectError(await callAs(app, office, 'GET', '/api/ledgers/dispute/export.xlsx?sort=parties'), 400, 'validation', 'sort');
    expectError(await callAs(app, office, 'GET', `/api/ledgers/dispute/export.xlsx?org=${f.otherVillage.id}`), 400, 'validation', 'org');
  });
});

describe('GET /api/references', () => {
  it('names people, units and linked records in the caller’s reach, and leaves out the rest', async () => {
    const round = await ctx.ledger.create(f.system, 'screeningRound', { orgId: f.villageA.id, date: '2025-03-01', title: '东村三月排查', month: '2025-03', disputesFound: 1 });
    const url = `/api/references?people=${f.personInTown},${f.personInOtherTown}&orgs=${f.villageA.id},${f.otherVillage.id}&records=screeningRound:${round.id},screeningRound:nope`;
    const res = await callAs(app, grid, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      // The town's mediator is above the grid worker's village: on their branch, so named.
      people: { [f.personInTown]: '张调解' },
      orgs: { [f.villageA.id]: '东村' },
      records: { [`screeningRound:${round.id}`]: '东村三月排查' },
    });
  });
});
