/**
 * 导入模板: the workbook a clerk fills in, generated from the kind definition — Chinese headers
 * (required ones marked *), dropdowns for lists, units and 是/否, date and text formats, one example
 * row the import skips, and a sheet of instructions. The dropdowns are the import's own vocabulary.
 */
import type ExcelJS from 'exceljs';
import { sheetName } from '../export.js';
import type { KindDefinition } from '../kind.js';
import { EXAMPLE_MARK, columnLetter, requirementOf, sheetColumns, type SheetColumn } from './columns.js';
import type { ImportVocabulary } from './vocabulary.js';

/** A4: ExcelJS.PaperSize.A4, which is declared as an ambient const enum that isolated modules cannot read. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's value, spelled out (see above)
const A4 = 9 as ExcelJS.PaperSize;

/** The import's limits the instructions state (ImportLimits in import.ts, which imports this module). */
interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

/** Rows the dropdowns and formats reach; a bigger file still imports, only without dropdowns below. */
const PREPARED_ROWS = 5000;
const OPTIONS_SHEET = '选项';
const GUIDE_SHEET = '填写说明';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const EXAMPLE_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF8C8C8C' } };

interface Validations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

export interface TemplateInput {
  kind: KindDefinition;
  unitName: string;
  vocabulary: ImportVocabulary;
  /** 'YYYY-MM-DD', for the example row. */
  today: string;
  limits: ImportLimits;
}

export async function importTemplate({ kind, unitName, vocabulary, today, limits }: TemplateInput): Promise<Buffer> {
  // Loaded with the first template, not at the server's start (ExcelJS is the largest package it uses).
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  book.creator = '法治台账';
  // Printed, a sheet fits the page's width: some towns hand blank sheets to village staff.
  const sheet = book.addWorksheet(sheetName(kind.label), {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  const guide = book.addWorksheet(GUIDE_SHEET, { pageSetup: { paperSize: A4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const options = book.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });

  const columns = sheetColumns(kind);
  const unitLabels = (levels: readonly string[]) => vocabulary.unitChoices.filter((u) => levels.includes(u.level)).map((u) => u.label);
  const choicesOf = (c: SheetColumn): string[] | undefined => {
    if (c.type === 'unit') return unitLabels(kind.orgLevels);
    if (c.type === 'org') return unitLabels(c.field?.levels ?? kind.orgLevels);
    if (c.type === 'choice') return vocabulary.optionLabels.get(c.list ?? '') ?? [];
    if (c.type === 'boolean') return ['是', '否'];
    return undefined;
  };

  // One column of the hidden sheet per dropdown; validations point at its cells.
  let optionColumn = 0;
  const validations = (sheet as unknown as { dataValidations: Validations }).dataValidations;
  columns.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${PREPARED_ROWS + 1}`;
    const choices = choicesOf(c);
    if (choices?.length) {
      optionColumn += 1;
      const at = columnLetter(optionColumn);
      options.getCell(`${at}1`).value = c.header;
      choices.forEach((label, k) => (options.getCell(`${at}${k + 2}`).value = label));
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`'${OPTIONS_SHEET}'!$${at}$2:$${at}$${choices.length + 1}`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '不在可选范围内',
        error: `请从下拉列表中选择「${c.header}」`,
      });
    } else if (c.type === 'date') {
      validations.add(range, {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1949, 9, 1))],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '日期格式',
        error: '请填写日期，如 2025-03-08',
      });
    } else if (c.type === 'integer' && c.field?.min !== undefined && c.field.max !== undefined) {
      validations.add(range, {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [c.field.min, c.field.max],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '应为整数',
        error: `「${c.header}」应为 ${c.field.min} 到 ${c.field.max} 之间的整数`,
      });
    } else if ((c.type === 'decimal' || c.type === 'money') && c.field?.min !== undefined && c.field.max !== undefined) {
      validations.add(range, {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [c.field.min, c.field.max],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '应为数字',
        error: `「${c.header}」应为 ${c.field.min} 到 ${c.field.max} 之间的数字`,
      });
    }
  });

  sheet.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    width: widthOf(c),
    // Text columns as text: an 18-digit ID number or a phone number keeps its digits.
    style: { numFmt: numFmtOf(c) },
  }));
  const header = sheet.getRow(1);
  header.height = 22;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF1F1F1F' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle' };
    cell.note = requirementOf(c, vocabulary.optionLabels.get(c.list ?? ''));
  });

  const example = sheet.addRow(columns.map((c) => exampleValue(c, { kind, today, choices: choicesOf(c), vocabulary })));
  example.font = EXAMPLE_FONT;

  writeGuide(guide, kind, columns, unitName, limits, vocabulary);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function writeGuide(guide: ExcelJS.Worksheet, kind: KindDefinition, columns: SheetColumn[], unitName: string, limits: ImportLimits, vocabulary: ImportVocabulary) {
  guide.columns = [{ width: 8 }, { width: 22 }, { width: 8 }, { width: 90 }];
  guide.addRow([`「${kind.label}」导入模板填写说明`]).font = { bold: true, size: 14 };
  const rules = [
    `1. 在第一个工作表「${sheetName(kind.label)}」中每行填写一条记录，从第 3 行开始。第 2 行是示例（「${columns.find((c) => c.name === 'title')?.header}」以“${EXAMPLE_MARK}”开头），导入时跳过，可以删除。`,
    '2. 请不要修改第 1 行的列名；带 * 的列必须填写，其他列可以留空，不需要的选填列也可以整列删除。',
    '3. 日期写成 年-月-日（如 2025-03-08），也可以写 2025/3/8 或 2025年3月8日。',
    '4. 有下拉箭头的列请从下拉列表中选择；可以填多项的列，用顿号“、”分隔。',
    `5. 「所属单位」留空时，记录登记在下载模板时选择的单位「${unitName}」。`,
    `6. 一个文件最多 ${limits.maxRows.toLocaleString('en-US')} 行、${Math.round(limits.maxBytes / 1024 / 1024)} MB，请保存为 .xlsx 格式（Excel 或 WPS 均可）。`,
    '7. 上传后系统先检查全部行：有错误时列出每处错误的行号和列，一条也不导入；改正后重新上传，全部通过才会导入。同一个文件只能导入一次。',
    '8. 当事人姓名、电话等个人信息导入后加密保存，列表中脱敏显示。',
  ];
  for (const line of rules) {
    const row = guide.addRow([line]);
    guide.mergeCells(row.number, 1, row.number, 4);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 30;
  }
  guide.addRow([]);
  const head = guide.addRow(['列', '列名', '必填', '填写要求']);
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = HEADER_FILL));
  columns.forEach((c, i) => {
    const row = guide.addRow([columnLetter(i + 1), c.header, c.required ? '是' : '', requirementOf(c, vocabulary.optionLabels.get(c.list ?? ''))]);
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  });
}

function exampleValue(c: SheetColumn, ctx: { kind: KindDefinition; today: string; choices?: string[]; vocabulary: ImportVocabulary }): ExcelJS.CellValue {
  const f = c.field;
  switch (c.type) {
    case 'unit':
      return null; // blank: the unit chosen for the import
    case 'date':
      return c.name === 'date' ? new Date(`${ctx.today}T00:00:00Z`) : null;
    case 'text':
      if (c.name === 'title') return `${EXAMPLE_MARK}${ctx.kind.label}示例，导入时跳过`;
      // A month field ('YYYY-MM'): this month.
      if (f?.pattern && new RegExp(f.pattern).test(ctx.today.slice(0, 7))) return ctx.today.slice(0, 7);
      return null;
    case 'choice':
      return ctx.choices?.[0] ?? null;
    case 'boolean':
      return c.required ? '否' : null;
    case 'integer':
      return c.required ? (f?.min ?? 0) + 1 : null;
    default:
      return null;
  }
}

function numFmtOf(c: SheetColumn): string {
  switch (c.type) {
    case 'date':
      return 'yyyy-mm-dd';
    case 'integer':
      return '0';
    case 'money':
      return '#,##0.00';
    case 'decimal':
      return 'General';
    default:
      return '@';
  }
}

function widthOf(c: SheetColumn): number {
  if (c.type === 'textarea') return 36;
  if (c.name === 'title') return 32;
  if (c.type === 'date') return 13;
  return Math.min(24, Math.max(10, Array.from(c.header).length * 2 + 4));
}
