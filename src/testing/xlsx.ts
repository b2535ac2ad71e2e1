/** Workbooks for import tests and benchmarks: a downloaded template filled in, or a big sheet streamed out. */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

export type Cells = Record<string, string | number | boolean | Date | null>;

/** The template with `rows` written from row 3 on (row 2 is its example), by header without the * mark. */
export async function fillTemplate(template: Buffer, rows: Cells[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('template has no sheet');
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).replace(/\*$/, ''), col));
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

/** A one-sheet workbook written with ExcelJS's streaming writer (50,000 rows take seconds, not minutes). */
export async function streamedSheet(headers: string[], rowCount: number, row: (i: number) => Array<string | number | Date | null>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const sheet = book.addWorksheet('台账');
  sheet.addRow(headers).commit();
  for (let i = 0; i < rowCount; i += 1) sheet.addRow(row(i)).commit();
  sheet.commit();
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}
