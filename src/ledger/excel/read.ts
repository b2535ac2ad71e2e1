/**
 * Reads the rows of an import sheet with ExcelJS's streaming reader: one pass, cells reduced to
 * what a person sees, handed on row by row (the import runs this on its parsing thread, see
 * parse-worker.ts), stopping as soon as the row limit is passed. The sheet read is the first
 * visible one whose first row names at least one of the kind's columns, so the instructions and
 * options sheets of our template, or a sheet a clerk added for notes, are passed over.
 *
 * The reader gets only the checked parts of the file (zip-guard.ts). ExcelJS once decoded each
 * chunk on its own, turning a character split between two chunks into U+FFFD (patched since, see
 * patches/exceljs+*.patch); lest any reader mangle text again, a U+FFFD in a cell that the file's
 * own text does not hold refuses the file.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.js';
import { columnLetter, plainCell, type PlainCell } from './columns.js';
import type { CheckedWorkbook } from './zip-guard.js';

export interface SheetRow {
  /** The row number Excel shows. */
  number: number;
  /** cells[i] is column i + 1 (A = 0). */
  cells: PlainCell[];
}

export interface ReadSheet {
  sheet: string;
  header: string[];
  rows: SheetRow[];
}

export interface ReadOptions {
  maxRows: number;
  /** Whether a header (already reduced to its key) names a column of the kind. */
  knows: (header: string) => boolean;
  headerKey: (text: string) => string;
  onProgress?: (rowsRead: number) => void;
}

export const tooManyRows = (maxRows: number) =>
  new AppError(413, 'too_large', `表格超过 ${maxRows.toLocaleString('en-US')} 行，请拆分成几个文件分别导入`, 'file');

/** What the reader finds, in order: the import sheet's name and header, then its data rows one by one. */
export type SheetEvent = { type: 'header'; sheet: string; header: string[] } | { type: 'row'; row: SheetRow };

/** The whole sheet at once: for callers that hold a small file anyway (the import streams, see sheetEvents). */
export async function readSheet(workbook: CheckedWorkbook, options: ReadOptions): Promise<ReadSheet> {
  let found: ReadSheet | undefined;
  for await (const event of sheetEvents(workbook, options)) {
    if (event.type === 'header') found = { sheet: event.sheet, header: event.header, rows: [] };
    else found?.rows.push(event.row);
  }
  if (!found) throw noSheet();
  return found;
}

/**
 * Streams the import sheet: its header as soon as row 1 is read, then each non-empty row. The
 * checks that need the whole file (the parts' sizes, the U+FFFD count) end the stream with their
 * error after the last row, so a consumer must hold what it did with the rows until the stream ends.
 */
export async function* sheetEvents(workbook: CheckedWorkbook, options: ReadOptions): AsyncGenerator<SheetEvent> {
  const input = workbook.stream();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let found = false;
  let count = 0;
  const replaced: ReplacedCell[] = [];
  try {
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string; state?: string };
      if (found || ws.state === 'hidden' || ws.state === 'veryHidden') {
        for await (const _row of ws) {
          // drain: the reader moves on only when a sheet is consumed
        }
        continue;
      }
      let header: string[] | undefined;
      for await (const row of ws) {
        const values = row.values as unknown[];
        const cells: PlainCell[] = [];
        for (let i = 1; i < values.length; i += 1) {
          const c = plainCell(values[i]);
          if (typeof c === 'string' && c.includes(REPLACEMENT)) replaced.push({ row: row.number, column: i, text: c });
          cells.push(c);
        }
        if (!header) {
          header = cells.map((c) => (c === null ? '' : options.headerKey(String(c instanceof Date ? '' : typeof c === 'object' ? '' : c))));
          if (row.number !== 1 || !header.some((h) => h && options.knows(h))) header = [];
          else {
            found = true;
            yield { type: 'header', sheet: ws.name, header };
          }
          continue;
        }
        if (header.length === 0) continue;
        if (cells.every((c) => c === null)) continue;
        count += 1;
        if (count > options.maxRows) throw tooManyRows(options.maxRows);
        yield { type: 'row', row: { number: row.number, cells } };
        if (count % 5000 === 0) options.onProgress?.(count);
      }
    }
  } catch (error) {
    // A part that broke its promises while being fed ends the reading in a parse error: name the cause.
    if (workbook.failure) throw workbook.failure;
    if (error instanceof AppError) throw error;
    // The person is told the file could not be read; the log keeps why (a parse error, or the machine's own trouble).
    throw new AppError(400, 'validation', '文件已损坏或不是有效的 Excel 表格，无法读取。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入', 'file', undefined, undefined, {
      cause: error,
    });
  } finally {
    input.destroy();
  }
  if (workbook.failure) throw workbook.failure;
  const misread = misreadCell(replaced, (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings ?? [], workbook.replacementChars);
  if (misread) {
    throw new AppError(
      400,
      'validation',
      `第 ${misread.row} 行（${columnLetter(misread.column)} 列）有文字未能正确读出（变成了“${REPLACEMENT}”），为免存入乱码，未导入任何记录。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入；仍然如此请联系系统管理员`,
      'file',
    );
  }
  if (!found) throw noSheet();
  options.onProgress?.(count);
}

const noSheet = () => new AppError(400, 'validation', '没有找到可导入的工作表：第1行应为列名（如模板所示）。请使用下载的导入模板填写', 'file');

const REPLACEMENT = '\uFFFD';

interface ReplacedCell {
  row: number;
  column: number;
  text: string;
}

const replacements = (text: string) => text.split(REPLACEMENT).length - 1;

/**
 * The first cell whose U+FFFD the file does not explain, if any. A shared string is held once in
 * the file however many cells use it, so the shared-strings table is compared with the file's
 * shared strings, and only the other cells with the file's sheets.
 */
function misreadCell(cells: ReplacedCell[], sharedStrings: unknown[], inFile: CheckedWorkbook['replacementChars']): ReplacedCell | undefined {
  if (cells.length === 0) return undefined;
  const shared = new Set<string>();
  let inTable = 0;
  for (const value of sharedStrings) {
    const text = plainCell(value);
    if (typeof text !== 'string' || !text.includes(REPLACEMENT)) continue;
    shared.add(text);
    inTable += replacements(text);
  }
  if (inTable > inFile.sharedStrings) return cells.find((c) => shared.has(c.text)) ?? cells[0];
  let inSheets = 0;
  for (const cell of cells) {
    if (shared.has(cell.text)) continue;
    inSheets += replacements(cell.text);
    if (inSheets > inFile.worksheets) return cell;
  }
  return undefined;
}
