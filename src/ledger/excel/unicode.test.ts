/**
 * Chinese text survives an import byte for byte. ExcelJS's streaming reader decoded each chunk on
 * its own, so a character split across two chunks became U+FFFD: a shared-strings file (what Excel
 * and WPS write) stored garbled titles silently, an inline-strings file was refused with false
 * "not in the list" errors. 100,000 rows of long titles and notes, in both layouts, are imported,
 * read back from the database and through the Excel export, and compared cell by cell. (The export
 * had its own fault: JSZip encoded text in 16K-character slices and split 𠮷 in two.) Behind the
 * fix, a U+FFFD that the file's own text does not hold refuses the import.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LedgerExporter } from '../export.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { appErrorOf } from '../../testing/errors.js';
import { localEntry, streamedSheet, zipOfEntries } from '../../testing/xlsx.js';
import type { Scope } from '../../org/scope.js';
import { readSheet } from './read.js';
import { checkedWorkbook } from './zip-guard.js';

vi.setConfig({ testTimeout: 180_000 });

const ROWS = 100_000;
/** 3-byte CJK, 4-byte characters outside the BMP (𠮷, 𪚥), full-width punctuation and ASCII, so splits fall at every byte. */
const CHARS = Array.from('土地流转纠纷宅基地边界争执邻里婚姻家庭劳资征地拆迁合同损害赔偿调解协议司法确认村委会网格员排查化解𠮷𪚥，。、「」（）；：ABC123 ');
const CATEGORIES = [
  ['土地流转', 'landTransfer'],
  ['婚姻家庭', 'marriageFamily'],
  ['征地拆迁', 'expropriation'],
  ['损害赔偿', 'damages'],
] as const;

const run = (i: number, salt: number, length: number) => {
  let text = '';
  for (let k = 0; k < length; k += 1) text += CHARS[(i * 31 + k * 17 + salt) % CHARS.length] ?? '';
  return text;
};
// Titles of 40–130 characters and notes of 80–240: long enough that most cells straddle a read buffer.
const title = (i: number) => `第${i}号${run(i, 1, 40 + (i % 91))}`.trim();
const notes = (i: number) => run(i, 7, 80 + (i % 161)).trim();
const date = (month: string, i: number) => `2025-${month}-${String((i % 28) + 1).padStart(2, '0')}`;
const category = (i: number) => CATEGORIES[i % CATEGORIES.length] as (typeof CATEGORIES)[number];

let ctx: TestContext;
let f: Fixture;
let office: Scope;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  office = await f.as('townOffice');
});
afterAll(() => ctx.close());

const utf8 = (s: unknown) => Buffer.from(String(s), 'utf8');

// Each layout in its own month, so one day's export holds the records of one import.
describe.each([
  ['shared strings (as Excel and WPS write)', true, '03'],
  ['inline strings', false, '04'],
])('100,000 rows of Chinese text in %s', (_layout, sharedStrings, month) => {
  it('import, then the database and the export hold every title, note and choice byte for byte', async () => {
    const content = await streamedSheet(
      ['登记日期', '纠纷概要', '来源', '纠纷类别', '状态', '备注'],
      ROWS,
      (i) => [date(month, i), title(i), '网格上报', category(i)[0], '登记', notes(i)],
      { sharedStrings },
    );
    const result = await ctx.importer.import(office, 'dispute', undefined, { name: '十万行.xlsx', content });
    expect(result.created).toBe(ROWS);

    const stored = (await ctx.db.kysely
      .selectFrom('ledger_dispute' as 'audit_log')
      .select(['title', 'notes', 'category'] as never[])
      .where('import_batch' as 'id', '=', result.batchId as never)
      .execute()) as unknown as Array<{ title: string; notes: string; category: string }>;
    expect(stored).toHaveLength(ROWS);
    const mismatched: string[] = [];
    for (const row of stored) {
      const i = Number(/^第(\d+)号/.exec(row.title)?.[1] ?? -1);
      if (i < 0 || !utf8(row.title).equals(utf8(title(i))) || !utf8(row.notes).equals(utf8(notes(i))) || row.category !== category(i)[1]) mismatched.push(row.title);
    }
    expect(mismatched.slice(0, 5)).toEqual([]);
    expect(mismatched).toHaveLength(0);

    // The export of one day (≈3,600 records, under the export's limit), read back by the import's
    // reader, holds the same bytes. (Not ExcelJS's whole-file load: it cuts text every 16K UTF-16
    // units and so splits 𠮷 in two; the application never reads a workbook that way.)
    const exported = await new LedgerExporter(ctx).workbook(office, 'dispute', { from: date(month, 4), to: date(month, 4) });
    const sheet = await readSheet(await checkedWorkbook(exported.content, 300 * 1024 * 1024), { maxRows: ROWS, knows: () => true, headerKey: (h) => h });
    const [titleAt, notesAt] = [sheet.header.indexOf('纠纷概要'), sheet.header.indexOf('备注')];
    expect(titleAt).toBeGreaterThanOrEqual(0);
    expect(notesAt).toBeGreaterThanOrEqual(0);
    for (const row of sheet.rows) {
      const cell = row.cells[titleAt];
      const t = typeof cell === 'string' ? cell : JSON.stringify(cell);
      const i = Number(/^第(\d+)号/.exec(t)?.[1]);
      expect(utf8(t).equals(utf8(title(i))), t).toBe(true);
      expect(utf8(row.cells[notesAt]).equals(utf8(notes(i))), t).toBe(true);
    }
    expect(sheet.rows).toHaveLength(exported.rows);
    expect(exported.rows).toBeGreaterThan(3000);
  });
});

/**
 * A one-sheet dispute workbook by hand, every cell's bytes as given: in a shared-strings table, or
 * inline in the sheet. Bytes that are not UTF-8 stand for text a reader decodes wrongly.
 */
function handMade(rows: Array<Array<string | Buffer>>, sharedStrings: boolean): Buffer {
  const bytes = (value: string | Buffer) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const table: Buffer[] = [];
  const cells = rows.map((cells, r) =>
    cells.map((value, c) => {
      const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
      if (!sharedStrings) return Buffer.concat([bytes(`<c r="${ref}" t="inlineStr"><is><t>`), bytes(value), bytes('</t></is></c>')]);
      let index = table.findIndex((t) => t.equals(bytes(value)));
      if (index < 0) index = table.push(bytes(value)) - 1;
      return bytes(`<c r="${ref}" t="s"><v>${index}</v></c>`);
    }),
  );
  const sheet = Buffer.concat([
    bytes(`<worksheet ${main}><sheetData>`),
    ...cells.flatMap((row, r) => [bytes(`<row r="${r + 1}">`), ...row, bytes('</row>')]),
    bytes('</sheetData></worksheet>'),
  ]);
  const strings = Buffer.concat([bytes(`<sst ${main}>`), ...table.flatMap((t) => [bytes('<si><t>'), t, bytes('</t></si>')]), bytes('</sst>')]);
  return zipOfEntries([
    localEntry('[Content_Types].xml', bytes('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')),
    localEntry(
      'xl/_rels/workbook.xml.rels',
      bytes('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    ),
    localEntry('xl/workbook.xml', bytes(`<workbook ${main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="矛盾纠纷" sheetId="1" r:id="rId1"/></sheets></workbook>`)),
    ...(sharedStrings ? [localEntry('xl/sharedStrings.xml', strings)] : []),
    localEntry('xl/worksheets/sheet1.xml', sheet),
  ]);
}

describe.each([
  ['shared strings', true],
  ['inline strings', false],
])('U+FFFD in %s', (_layout, sharedStrings) => {
  const HEADER = ['登记日期', '纠纷概要', '来源', '纠纷类别', '状态', '备注'];
  const row = (title: string | Buffer, notes: string | Buffer = '') => ['2025-06-02', title, '来访', '邻里纠纷', '登记', notes];
  const disputes = async () => Number((await ctx.db.kysely.selectFrom('ledger_dispute' as 'audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('keeps the file’s own, written or as a character reference, however many cells share it', async () => {
    const own = `${sharedStrings ? '共' : '内'}联字号\uFFFD无法辨认的旧档`;
    const content = handMade([HEADER, row(own), row(own), row(own, '原件&#xFFFD;残缺'), row(`${own}二`, '&#65533;')], sharedStrings);
    const result = await ctx.importer.import(office, 'dispute', undefined, { name: `自带替换符-${String(sharedStrings)}.xlsx`, content });
    expect(result.created).toBe(4);
    const stored = (await ctx.db.kysely
      .selectFrom('ledger_dispute' as 'audit_log')
      .select(['title', 'notes'] as never[])
      .where('import_batch' as 'id', '=', result.batchId as never)
      .execute()) as unknown as Array<{ title: string; notes: string | null }>;
    expect(stored.map((r) => [r.title, r.notes]).sort()).toEqual(
      [
        [own, null],
        [own, null],
        [own, '原件\uFFFD残缺'],
        [`${own}二`, '\uFFFD'],
      ].sort(),
    );
  });

  it('refuses one the reader made of bytes that are not UTF-8, naming the cell and writing nothing', async () => {
    const cut = Buffer.concat([Buffer.from('宅基地边界', 'utf8'), Buffer.from('争', 'utf8').subarray(0, 2), Buffer.from('执', 'utf8')]);
    const content = handMade([HEADER, row('两户因宅基地边界发生争执'), row(cut)], sharedStrings);
    const before = await disputes();
    const error = await appErrorOf(ctx.importer.import(office, 'dispute', undefined, { name: `乱码-${String(sharedStrings)}.xlsx`, content }));
    expect(error).toMatchObject({ status: 400, id: 'validation', field: 'file' });
    expect(error.message).toBe('第 3 行（B 列）有文字未能正确读出（变成了“\uFFFD”），为免存入乱码，未导入任何记录。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入；仍然如此请联系系统管理员');
    expect(await disputes()).toBe(before);
  });
});
