import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../core/dates.js';
import { appErrorOf } from '../../testing/errors.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { columnLetters, fillTemplate, streamedSheet, type Cells } from '../../testing/xlsx.js';
import type { Scope } from '../../org/scope.js';
import { CustomKindService } from '../custom-kinds.js';
import { LedgerImporter, type ImportError } from './import.js';

let ctx: TestContext;
let f: Fixture;
let office: Scope;
let template: Buffer;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  office = await f.as('townOffice');
  template = (await ctx.importer.template(office, 'dispute', undefined, '2025-06-01')).content;
});
afterAll(() => ctx.close());

const count = async (table: 'ledger_dispute' | 'audit_log' | 'import_batch') =>
  Number((await ctx.db.kysely.selectFrom(table as 'audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Nothing of a refused file is in the database. */
async function unchanged(run: () => Promise<unknown>) {
  const before = [await count('ledger_dispute'), await count('audit_log'), await count('import_batch')];
  const error = await appErrorOf(run());
  expect([await count('ledger_dispute'), await count('audit_log'), await count('import_batch')]).toEqual(before);
  return error;
}

const dispute = (i: number, extra: Cells = {}): Cells => ({
  所属单位: i % 2 ? '东村' : '西村',
  登记日期: `2025-04-${String((i % 28) + 1).padStart(2, '0')}`,
  纠纷概要: `第${i}号 宅基地边界争执`,
  来源: '月度排查',
  纠纷类别: '邻里纠纷',
  状态: '登记',
  当事人: `王某${i}、李某${i}`,
  当事人电话: `1380013${String(i).padStart(4, '0')}`,
  ...extra,
});

const file = (content: Buffer, name = '矛盾纠纷.xlsx') => ({ name, content });

describe('import template', () => {
  it('has the kind’s headers, required ones marked, dropdowns from the lists and the town’s villages, an example row and instructions', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['矛盾纠纷', '填写说明', '选项']);
    const [sheet, guide, options] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['所属单位', '登记日期*', '纠纷概要*', '来源*']);
    expect(headers).toContain('当事人');
    expect(headers).toContain('调解人');
    expect(options.state).toBe('hidden');

    const validations = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const byColumn = (header: string) => {
      const letter = String.fromCharCode(64 + headers.indexOf(header) + 1);
      return validations[`${letter}2`];
    };
    const listOf = (v: ExcelJS.DataValidation | undefined) => {
      const m = /\$([A-Z]+)\$2:\$[A-Z]+\$(\d+)/.exec(String(v?.formulae[0]));
      const values: string[] = [];
      for (let r = 2; m && r <= Number(m[2]); r += 1) values.push(options.getCell(`${m[1]}${r}`).text);
      return values;
    };
    expect(byColumn('纠纷类别*')?.type).toBe('list');
    expect(listOf(byColumn('纠纷类别*'))).toContain('邻里纠纷');
    expect(listOf(byColumn('所在村（社区）'))).toEqual(['东村', '东村一社', '东村一社网格', '西村']);
    expect(listOf(byColumn('所属单位'))).toEqual(['甲镇', '东村', '东村一社', '东村一社网格', '西村']);
    expect(listOf(byColumn('拟申请司法确认'))).toEqual(['是', '否']);
    expect(byColumn('登记日期*')?.type).toBe('date');

    expect(sheet.getCell('C2').text).toMatch(/^【示例】/);
    const guideLines: string[] = [];
    guide.eachRow((row) => row.eachCell((cell) => guideLines.push(cell.text)));
    const guideText = guideLines.join('\n');
    expect(guideText).toContain('纠纷类别');
    expect(guideText).toContain('「所属单位」留空时，记录登记在下载模板时选择的单位「甲镇」');
  });

  it('names every unit it offers once, qualifying names that repeat, and takes each back', async () => {
    const { insertOrg } = await import('../../org/repository.js');
    const county = await insertOrg(ctx.db, { parentId: f.county.id, name: '重名镇', level: 'town' }, f.county.path);
    for (const v of ['前村', '后村']) {
      const village = await insertOrg(ctx.db, { parentId: county.id, name: v, level: 'village' }, county.path);
      await insertOrg(ctx.db, { parentId: village.id, name: '一社', level: 'group' }, village.path);
    }
    const admin = await f.as('townOffice', county);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await ctx.importer.template(admin, 'dispute', undefined, '2025-06-01')).content as unknown as ArrayBuffer);
    const units = (book.getWorksheet('选项')?.getColumn(1).values ?? []).slice(2).map(String);
    expect(units).toEqual(['重名镇', '后村', '后村/一社', '前村', '前村/一社']); // siblings in pinyin order
    const rows = units.map((unit, i) => dispute(3000 + i, { 所属单位: unit }));
    const check = await ctx.importer.check(admin, 'dispute', undefined, file(await fillTemplate((await ctx.importer.template(admin, 'dispute', undefined, '2025-06-01')).content, rows)));
    expect(check.rows).toBe(5);
    expect(check.byUnit.map((u) => u.rows)).toEqual([1, 1, 1, 1, 1]);
  });

  it('is refused to a role that may not create the kind', async () => {
    const leader = await f.as('leader');
    expect((await appErrorOf(ctx.importer.template(leader, 'dispute', undefined, '2025-06-01'))).status).toBe(403);
  });
});

describe('import', () => {
  it('imports every row of a filled template in one batch, with one audit row, values as the form would store them', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => dispute(i, i === 0 ? { 调解人: '张调解', 状态: '已化解', 办结日期: new Date(Date.UTC(2025, 3, 20)), 拟申请司法确认: '否' } : {}));
    const content = await fillTemplate(template, rows);
    const auditBefore = await count('audit_log');

    const check = await ctx.importer.check(office, 'dispute', undefined, file(content));
    expect(check).toMatchObject({ dryRun: true, rows: 30, duplicate: null });
    expect(check.byUnit.sort((a, b) => a.orgName.localeCompare(b.orgName))).toEqual([
      { orgId: f.villageA.id, orgName: '东村', rows: 15 },
      { orgId: f.villageB.id, orgName: '西村', rows: 15 },
    ]);
    expect(check.preview.rows[0]).toMatchObject({ row: 3 });
    expect(check.preview.rows[0]?.cells.slice(0, 3)).toEqual(['西村', '2025-04-01', '第0号 宅基地边界争执']);
    expect(await count('ledger_dispute')).toBe(0);

    const result = await ctx.importer.import(office, 'dispute', undefined, file(content));
    expect(result.created).toBe(30);
    expect(await count('ledger_dispute')).toBe(30);
    expect(await count('audit_log')).toBe(auditBefore + 1);
    const audit = await ctx.db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'import', kind: 'dispute', record_id: result.batchId, actor_id: office.actor.userId });
    expect(audit.after).not.toContain('王某');

    const page = await ctx.ledger.list(office, 'dispute', { q: '第0号', pageSize: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ orgId: f.villageB.id, source: 'monthlyScreening', category: 'neighbour', status: 'resolved', resolvedOn: '2025-04-20', mediator: f.personInTown, seekJudicialConfirmation: false });
    expect(page.items[0]?.parties).toBe('王*0、李*0'); // 王某0、李某0, masked on output: stored and decrypted
    const stored = await ctx.db.kysely.selectFrom('ledger_dispute' as 'audit_log').selectAll().where('id', '=', page.items[0]?.id as never).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('13800130000'); // encrypted at rest
    expect((stored as unknown as { import_batch: string }).import_batch).toBe(result.batchId);

    const history = await ctx.importer.history(office, 'dispute', {});
    expect(history.items[0]).toMatchObject({ id: result.batchId, rows: 30, fileName: '矛盾纠纷.xlsx', importedBy: office.actor.name });

    // The same bytes again: recognised, nothing written, and the dry run says so.
    expect((await ctx.importer.check(office, 'dispute', undefined, file(content))).duplicate).toMatchObject({ batchId: result.batchId, rows: 30 });
    const again = await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(content, '另一个名字.xlsx')));
    expect(again.status).toBe(409);
    expect(again.id).toBe('import_duplicate');
    expect(again.message).toContain(office.actor.name);
  });

  it('names every mistake by sheet, row and column at once, and writes nothing', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => dispute(1000 + i));
    Object.assign(rows[9] as Cells, { 登记日期: '2025-02-30' }); // row 12: no such day
    Object.assign(rows[49] as Cells, { 纠纷类别: '吵架' }); // row 52: not in the list
    Object.assign(rows[149] as Cells, { 纠纷概要: null }); // row 152: required
    const content = await fillTemplate(template, rows);
    const error = await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(content)));
    expect(error.status).toBe(422);
    expect(error.id).toBe('import_invalid');
    const errors = (error.extra as { errors: ImportError[] }).errors;
    expect(errors.map((e) => [e.sheet, e.row, e.column, e.header])).toEqual([
      ['矛盾纠纷', 12, 'B', '登记日期'],
      ['矛盾纠纷', 52, 'F', '纠纷类别'],
      ['矛盾纠纷', 152, 'C', '纠纷概要'],
    ]);
    expect(errors[0]?.message).toContain('不是有效日期');
    expect(errors[1]?.message).toContain('“吵架”不在可选范围内');
    expect(errors[2]?.message).toBe('请填写「纠纷概要」');
    expect(error.message).toMatch(/^共 3 处错误，未导入任何记录/);
    expect(await appErrorOf(ctx.importer.check(office, 'dispute', undefined, file(content)))).toMatchObject({ status: 422 });
  });

  it('checks units, people and the statutory procedure row by row', async () => {
    const rows = [
      dispute(2000, { 所属单位: '南村' }), // another town's village
      dispute(2001, { 所属单位: '东村', '所在村（社区）': '西村' }), // village outside the record's unit
      dispute(2002, { 调解人: '李外镇' }), // a person of another town
      dispute(2003, { 状态: '已化解' }), // concluded without the date it concluded
      dispute(2004, { 当事人电话: 13800138000 }), // a number cell in a text column is fine
    ];
    const content = await fillTemplate(template, rows);
    const error = await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(content)));
    const errors = (error.extra as { errors: ImportError[] }).errors;
    expect(errors.map((e) => [e.row, e.header])).toEqual([
      [3, '所属单位'],
      [4, '所在村（社区）'],
      [5, '调解人'],
      [6, expect.any(String)],
    ]);
    expect(errors[0]?.message).toContain('“南村”不是本单位或下级单位的名称');
    expect(errors[1]?.message).toContain('不属于「东村」');
    expect(errors[3]?.message).toContain('办结');
  });

  it('refuses a step dated after today, as the form and the step buttons do, naming its row and column, and writes nothing', async () => {
    const on = todayInChina();
    const tomorrow = new Date(Date.parse(`${on}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const concluded = (i: number, day: string) => dispute(i, { 登记日期: '2025-04-01', 调解人: '张调解', 状态: '已化解', 办结日期: day, 拟申请司法确认: '否' });
    const ahead = await fillTemplate(template, [concluded(2100, on), concluded(2101, tomorrow)]);
    const error = await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(ahead)));
    expect(error).toMatchObject({ status: 422, id: 'import_invalid' });
    const errors = (error.extra as { errors: ImportError[] }).errors;
    expect(errors.map((e) => [e.sheet, e.row, e.column, e.header])).toEqual([['矛盾纠纷', 4, (await columnLetters(template)).get('办结日期'), '办结日期']]);
    expect(errors[0]?.message).toBe(`「办结日期」（${tomorrow}）不能晚于今天（${on}）：步骤办理后才能登记`);
    // The day itself is no future: the same row dated today is accepted.
    const check = await ctx.importer.check(office, 'dispute', undefined, file(await fillTemplate(template, [concluded(2100, on), concluded(2101, on)])));
    expect(check.rows).toBe(2);
  });

  it('refuses unknown and missing columns before reading rows', async () => {
    const sheet = await streamedSheet(['登记日期', '纠纷概要', '纠纷种类'], 2, (i) => ['2025-01-02', `争执${i}`, '邻里纠纷']);
    const error = await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(sheet)));
    const errors = (error.extra as { errors: ImportError[] }).errors;
    expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining(['无法识别的列名「纠纷种类」：请使用导入模板中的列名', '缺少必填列「来源」', '缺少必填列「状态」']));
    expect(errors[0]).toMatchObject({ row: 1, column: 'C' });
  });

  it('refuses a file over the size or row limit, one that is not xlsx, a damaged one and a zip bomb, writing nothing', async () => {
    const small = new LedgerImporter(ctx, { maxBytes: 64 * 1024, maxRows: 10, maxUnzippedBytes: 1024 * 1024 });
    const eleven = await streamedSheet(['所属单位', '登记日期', '纠纷概要', '来源', '纠纷类别', '状态'], 11, (i) => ['东村', '2025-01-02', `争执${i}`, '来访', '邻里纠纷', '登记']);
    expect(await unchanged(() => small.import(office, 'dispute', undefined, file(eleven)))).toMatchObject({ status: 413, id: 'too_large' });
    expect(await unchanged(() => small.import(office, 'dispute', undefined, file(Buffer.alloc(65 * 1024, 1))))).toMatchObject({ status: 413 });
    expect(await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(Buffer.from('%PDF-1.7\n…'), 'a.xlsx')))).toMatchObject({ status: 415, id: 'unsupported_type' });
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(xls, 'a.xls')))).message).toContain('.xls');
    expect(await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(template.subarray(0, template.length - 100))))).toMatchObject({ status: 400, field: 'file' });

    // 2 MB of zeros deflates to a few KB; declared honestly it passes the total, lying it is caught inflating.
    const bomb = zipOf({ '[Content_Types].xml': Buffer.from('<Types/>'), 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.alloc(2 * 1024 * 1024) });
    expect((await unchanged(() => small.import(office, 'dispute', undefined, file(bomb.honest)))).message).toContain('压缩炸弹');
    expect((await unchanged(() => ctx.importer.import(office, 'dispute', undefined, file(bomb.lying)))).message).toContain('压缩炸弹');
  });

  it('imports a custom kind through its own template, a choice by its label', async () => {
    const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(office, {
      orgId: f.town.id,
      label: '法治夜校',
      area: 'publicity',
      fields: [
        { label: '参加人数', type: 'integer', required: true },
        { label: '形式', type: 'choice', options: ['集中授课', '现场答疑'] },
      ],
    });
    const custom = (await ctx.importer.template(office, kind.code, undefined, '2025-06-01')).content;
    const rows: Cells[] = [
      { 所属单位: '东村', 日期: '2025/5/10', 标题: '夜校第一期', 参加人数: 30, 形式: '现场答疑' },
      { 日期: '2025年5月17日', 标题: '夜校第二期', 参加人数: '12', 形式: '集中授课' },
    ];
    const result = await ctx.importer.import(office, kind.code, undefined, file(await fillTemplate(custom, rows)));
    expect(result.created).toBe(2);
    const page = await ctx.ledger.list(office, kind.code, { sort: 'date' });
    expect(page.items.map((r) => [r.orgName, r.date, r.f1, r.f2])).toEqual([
      ['东村', '2025-05-10', 30, 'o2'],
      ['甲镇', '2025-05-17', 12, 'o1'],
    ]);
  });
});

/** A minimal zip of stored-then-deflated entries, once with true sizes and once claiming 100 bytes each. */
function zipOf(entries: Record<string, Buffer>): { honest: Buffer; lying: Buffer } {
  const build = (lie: boolean) => {
    const locals: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const [name, data] of Object.entries(entries)) {
      const packed = deflateRawSync(data);
      const nameBytes = Buffer.from(name);
      const size = lie ? Math.min(100, data.length) : data.length;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(nameBytes.length, 26);
      const head = Buffer.alloc(46);
      head.writeUInt32LE(0x02014b50, 0);
      head.writeUInt16LE(20, 4);
      head.writeUInt16LE(20, 6);
      head.writeUInt16LE(8, 10);
      head.writeUInt32LE(packed.length, 20);
      head.writeUInt32LE(size, 24);
      head.writeUInt16LE(nameBytes.length, 28);
      head.writeUInt32LE(offset, 42);
      locals.push(local, nameBytes, packed);
      central.push(head, nameBytes);
      offset += 30 + nameBytes.length + packed.length;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Object.keys(entries).length, 8);
    end.writeUInt16LE(Object.keys(entries).length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
  };
  return { honest: build(false), lying: build(true) };
}
