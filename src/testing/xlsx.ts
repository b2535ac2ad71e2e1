/** Workbooks for import tests and benchmarks: a downloaded template filled in, or a big sheet streamed out. */
import { PassThrough } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export type Cells = Record<string, string | number | boolean | Date | null>;

/** The template with `rows` written from row 3 on (row 2 is its example), by header without the * mark. */
export async function fillTemplate(template: Buffer, rows: Cells[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('template has no sheet');
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(cell.text.replace(/\*$/, ''), col));
  rows.forEach((cells, i) => {
    const row = sheet.getRow(i + 3);
    for (const [header, value] of Object.entries(cells)) {
      const col = columns.get(header);
      if (col === undefined) throw new Error(`template has no column ${header}`);
      row.getCell(col).value = value;
    }
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The template's column letters by header without the * mark ('登记日期' → 'B'), so tests need not pin where a kind's fields fall. */
export async function columnLetters(template: Buffer): Promise<Map<string, string>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('template has no sheet');
  const letters = new Map<string, string>();
  sheet.getRow(1).eachCell((cell, col) => letters.set(cell.text.replace(/\*$/, ''), sheet.getColumn(col).letter));
  return letters;
}

/**
 * A one-sheet workbook written with ExcelJS's streaming writer (50,000 rows take seconds, not minutes).
 * Text goes to a shared-strings table as Excel and WPS write it, or, with `sharedStrings: false`,
 * inline in the sheet as some other programs do.
 */
export async function streamedSheet(
  headers: string[],
  rowCount: number,
  row: (i: number) => Array<string | number | Date | null>,
  { sharedStrings = true }: { sharedStrings?: boolean } = {},
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: sharedStrings });
  const sheet = book.addWorksheet('台账');
  sheet.addRow(headers).commit();
  for (let i = 0; i < rowCount; i += 1) sheet.addRow(row(i)).commit();
  sheet.commit();
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A zip's local entry: header and data, deflated unless `stored`; `headerName` lets the header name another file than the directory. */
export function localEntry(name: string, data: Buffer, { stored = false, headerName = name }: { stored?: boolean; headerName?: string } = {}) {
  const packed = stored ? data : deflateRawSync(data);
  const nameBytes = Buffer.from(headerName);
  const head = Buffer.alloc(30);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(20, 4);
  head.writeUInt16LE(0x0800, 6);
  head.writeUInt16LE(stored ? 0 : 8, 8);
  head.writeUInt32LE(crc32(data), 14);
  head.writeUInt32LE(packed.length, 18);
  head.writeUInt32LE(data.length, 22);
  head.writeUInt16LE(nameBytes.length, 26);
  return { name, method: stored ? 0 : 8, crc: crc32(data), compressedSize: packed.length, size: data.length, bytes: Buffer.concat([head, nameBytes, packed]) };
}

export type LocalEntry = ReturnType<typeof localEntry>;

/** A zip of `body` (local entries and any other bytes, in that order) whose directory lists `listed` at the given offsets. */
export function zipWithDirectory(body: Buffer[], listed: Array<{ entry: LocalEntry; offset: number }>): Buffer {
  const central = listed.map(({ entry, offset }) => {
    const name = Buffer.from(entry.name);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(0x0800, 8);
    head.writeUInt16LE(entry.method, 10);
    head.writeUInt32LE(entry.crc, 16);
    head.writeUInt32LE(entry.compressedSize, 20);
    head.writeUInt32LE(entry.size, 24);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt32LE(offset, 42);
    return Buffer.concat([head, name]);
  });
  const start = body.reduce((n, b) => n + b.length, 0);
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed.length, 8);
  end.writeUInt16LE(listed.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(start, 16);
  return Buffer.concat([...body, directory, end]);
}

/** A zip of the entries one after another, each listed where it is. */
export function zipOfEntries(entries: LocalEntry[]): Buffer {
  let offset = 0;
  const listed = entries.map((entry) => {
    const at = offset;
    offset += entry.bytes.length;
    return { entry, offset: at };
  });
  return zipWithDirectory(
    entries.map((e) => e.bytes),
    listed,
  );
}

/** A one-sheet workbook written by hand around `sheetData` (the sheet's rows as XML), for files no spreadsheet program would write. */
export function handMadeWorkbook(sheetData: string): Buffer {
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const xml = (text: string) => Buffer.from(text, 'utf8');
  return zipOfEntries([
    localEntry('[Content_Types].xml', xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')),
    localEntry(
      'xl/_rels/workbook.xml.rels',
      xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    ),
    localEntry('xl/workbook.xml', xml(`<workbook ${main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`)),
    localEntry('xl/worksheets/sheet1.xml', xml(`<worksheet ${main}><sheetData>${sheetData}</sheetData></worksheet>`)),
  ]);
}

/** A workbook whose sheet breaks off mid-row (a closing tag misspelt): the reader's XML parser fails on it. */
export const unparsableWorkbook = (header: string) =>
  handMadeWorkbook(`<row r="1"><c r="A1" t="inlineStr"><is><t>${header}</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>一</t></is></c></rox>`);

/**
 * `xlsx` with a local entry its directory does not list put before everything else (the directory's
 * offsets moved to match): what a reader that walks local headers reads first, and a directory-only
 * check never sees.
 */
export function withUnlistedEntry(xlsx: Buffer, name: string, data: Buffer): Buffer {
  const smuggled = localEntry(name, data).bytes;
  const out = Buffer.concat([smuggled, xlsx]);
  const shift = smuggled.length;
  let end = out.length - 22;
  while (end >= 0 && out.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip');
  const count = out.readUInt16LE(end + 10);
  let at = out.readUInt32LE(end + 16) + shift;
  out.writeUInt32LE(at, end + 16);
  for (let i = 0; i < count; i += 1) {
    out.writeUInt32LE(out.readUInt32LE(at + 42) + shift, at + 42);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
