/**
 * The zip check before the spreadsheet reader. ExcelJS's reader walks local entries in file order;
 * a check that read only the central directory let an unlisted sheet of whitespace through (a
 * 1.2 MB upload spooled 1.26 GB to a temp file). Every byte must now belong to a listed entry, and
 * the reader reads only the checked parts, so nothing is spooled to disk on any path.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appErrorOf } from '../../testing/errors.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { localEntry, streamedSheet, withUnlistedEntry, zipOfEntries, zipWithDirectory } from '../../testing/xlsx.js';
import type { Scope } from '../../org/scope.js';
import { checkedWorkbook } from './zip-guard.js';

const MB = 1024 * 1024;
const HEADERS = ['登记日期', '纠纷概要', '来源', '纠纷类别', '状态'];
const disputeRow = (i: number) => ['2025-05-06', `第${i}起 灌溉用水纠纷`, '来访', '邻里纠纷', '登记'];

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const xml = (text: string) => Buffer.from(text, 'utf8');
/** The parts of a one-sheet workbook, by hand, for files no spreadsheet program would write. */
const parts = {
  types: () => localEntry('[Content_Types].xml', xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')),
  relations: () =>
    localEntry(
      'xl/_rels/workbook.xml.rels',
      xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    ),
  workbook: () =>
    localEntry('xl/workbook.xml', xml(`<workbook ${MAIN} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="矛盾纠纷" sheetId="1" r:id="rId1"/></sheets></workbook>`)),
  strings: () => localEntry('xl/sharedStrings.xml', xml(`<sst ${MAIN} count="1" uniqueCount="1"><si><t>纠纷概要</t></si></sst>`)),
  sheet: (body: string, name = 'xl/worksheets/sheet1.xml', options: { stored?: boolean; headerName?: string } = {}) =>
    localEntry(name, xml(`<worksheet ${MAIN}><sheetData>${body}</sheetData></worksheet>`), options),
};
const headerRow = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';

async function fed(content: Buffer, limit = 10 * MB) {
  const workbook = await checkedWorkbook(content, limit);
  const chunks: Buffer[] = [];
  for await (const chunk of workbook.stream()) chunks.push(chunk as Buffer);
  return { workbook, zip: Buffer.concat(chunks) };
}

async function names(zip: Buffer) {
  const file = await yauzl.fromBufferPromise(zip);
  const found: string[] = [];
  for await (const entry of file.eachEntry()) found.push(entry.fileName);
  return found;
}

describe('the zip check', () => {
  it('passes workbooks as ExcelJS writes them (data descriptors, sheets before strings) and feeds the reader only the parts it reads, strings before sheets', async () => {
    const shared = await fed(await streamedSheet(HEADERS, 3, disputeRow));
    expect(shared.workbook.failure).toBeUndefined();
    expect(await names(shared.zip)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']);
    // Without shared strings, an empty table stands in: ExcelJS would otherwise spool each sheet to a temp file.
    const inline = await fed(await streamedSheet(HEADERS, 3, disputeRow, { sharedStrings: false }));
    expect(await names(inline.zip)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']);
  });

  it('refuses a local entry the directory does not list, before the real parts or between them and the directory', async () => {
    const xlsx = await streamedSheet(HEADERS, 3, disputeRow);
    const whitespace = Buffer.alloc(64 * MB, 0x20); // deflates to about 64 KB
    const before = await appErrorOf(checkedWorkbook(withUnlistedEntry(xlsx, 'xl/worksheets/sheet1.xml', whitespace), 300 * MB));
    expect(before).toMatchObject({ status: 400, field: 'file' });
    expect(before.message).toContain('含有文件目录未列出的内容');

    const listed = [parts.types(), parts.relations(), parts.workbook(), parts.strings(), parts.sheet(headerRow)];
    let offset = 0;
    const directory = listed.map((entry) => {
      const at = offset;
      offset += entry.bytes.length;
      return { entry, offset: at };
    });
    const after = zipWithDirectory([...listed.map((e) => e.bytes), parts.sheet(' '.repeat(1000), 'xl/worksheets/sheet2.xml').bytes], directory);
    expect((await appErrorOf(checkedWorkbook(after, 300 * MB))).message).toContain('含有文件目录未列出的内容');
    expect((await fed(zipOfEntries(listed))).workbook.failure).toBeUndefined(); // the same parts, all listed
  });

  it('refuses entries that overlap, a name given twice, and a local header naming another file', async () => {
    const [types, relations, workbook, strings] = [parts.types(), parts.relations(), parts.workbook(), parts.strings()];
    const head = [types, relations, workbook, strings];
    const headLength = head.reduce((n, e) => n + e.bytes.length, 0);
    const listedHead = head.map((entry, i) => ({ entry, offset: head.slice(0, i).reduce((n, e) => n + e.bytes.length, 0) }));

    // A stored entry whose data is a whole second entry, each listed: the second lies inside the first.
    const inner = parts.sheet(headerRow);
    const outer = localEntry('xl/worksheets/sheet2.xml', inner.bytes, { stored: true });
    const overlapping = zipWithDirectory([...head.map((e) => e.bytes), outer.bytes], [
      ...listedHead,
      { entry: outer, offset: headLength },
      { entry: inner, offset: headLength + 30 + 'xl/worksheets/sheet2.xml'.length },
    ]);
    expect((await appErrorOf(checkedWorkbook(overlapping, 10 * MB))).message).toContain('条目相互重叠');

    const twice = zipOfEntries([...head, parts.sheet(headerRow), parts.sheet(' '.repeat(100))]);
    expect((await appErrorOf(checkedWorkbook(twice, 10 * MB))).message).toContain('文件名“xl/worksheets/sheet1.xml”重复出现');

    const renamed = zipOfEntries([...head, parts.sheet(headerRow, 'docProps/custom.xml', { headerName: 'xl/worksheets/sheet1.xml' })]);
    expect((await appErrorOf(checkedWorkbook(renamed, 10 * MB))).message).toContain('文件内容与目录不符');
  });

  it('feeds the reader no more than an entry declares, and names the bomb', async () => {
    const honest = parts.sheet(' '.repeat(2 * MB));
    const bytes = Buffer.from(honest.bytes);
    bytes.writeUInt32LE(100, 22);
    const lying = { ...honest, size: 100, bytes }; // header and directory claim 100 bytes; it inflates to 2 MB
    const head = [parts.types(), parts.relations(), parts.workbook(), parts.strings()];
    let offset = 0;
    const listed = [...head, lying].map((entry) => {
      const at = offset;
      offset += entry.bytes.length;
      return { entry, offset: at };
    });
    const { workbook, zip } = await fed(zipWithDirectory([...head, lying].map((e) => e.bytes), listed));
    expect(zip.length).toBeLessThan(4096);
    expect(workbook.failure?.message).toContain('压缩炸弹');
  });
});

describe('an import refused by the zip check', () => {
  let ctx: TestContext;
  let f: Fixture;
  let office: Scope;
  let spool: string;
  const savedTmp = process.env.TMPDIR;

  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
    office = await f.as('townOffice');
  });
  afterAll(() => ctx.close());
  // ExcelJS's reader spooled sheets to os.tmpdir(): here a folder of this test's own, checked empty.
  beforeEach(() => {
    spool = mkdtempSync(join(tmpdir(), 'fazhi-spool-'));
    process.env.TMPDIR = spool;
  });
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(spool, { recursive: true, force: true });
  });

  const count = async (table: 'ledger_dispute' | 'audit_log' | 'import_batch') =>
    Number((await ctx.db.kysely.selectFrom(table as 'audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => [await count('ledger_dispute'), await count('audit_log'), await count('import_batch')];

  it('writes nothing and spools nothing for an unlisted sheet of whitespace before the real parts', async () => {
    const xlsx = await streamedSheet(HEADERS, 20, disputeRow);
    const smuggled = withUnlistedEntry(xlsx, 'xl/worksheets/sheet1.xml', Buffer.alloc(64 * MB, 0x20));
    expect(smuggled.length).toBeLessThan(200 * 1024);
    const before = await counts();
    const error = await appErrorOf(ctx.importer.import(office, 'dispute', undefined, { name: '纠纷.xlsx', content: smuggled }));
    expect(error).toMatchObject({ status: 400, id: 'validation', field: 'file' });
    expect(error.message).toContain('含有文件目录未列出的内容');
    expect(await counts()).toEqual(before);
    expect(readdirSync(spool)).toEqual([]);

    // The same file without the smuggled entry imports, and spools nothing either.
    expect((await ctx.importer.import(office, 'dispute', undefined, { name: '纠纷.xlsx', content: xlsx })).created).toBe(20);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('leaves no temp file when a sheet stored before the shared strings fails to parse', async () => {
    const broken = zipOfEntries([parts.types(), parts.relations(), parts.workbook(), parts.sheet(`${headerRow}</sheetData></nonsense><sheetData>`), parts.strings()]);
    const before = await counts();
    const error = await appErrorOf(ctx.importer.import(office, 'dispute', undefined, { name: '坏表.xlsx', content: broken }));
    expect(error).toMatchObject({ status: 400, field: 'file' });
    expect(await counts()).toEqual(before);
    expect(readdirSync(spool)).toEqual([]);
  });
});
