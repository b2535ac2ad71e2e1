/**
 * The "done when" for Excel import, in the browser as the town office: the dispute
 * template downloaded from the import dialog, 200 rows typed into it with three mistakes, the
 * three shown by row and column, the file corrected, previewed as 200, imported, and the list
 * grown by 200. The same file again is refused as already imported.
 *
 * The rows are dated in 2024, a year the demo's dashboards and report do not show, so the
 * other browser tests see the demo's figures unchanged whatever order the files run in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, baseURL, expectBuilt, openSession, shot, shotsOnFailure, visit, type Session } from './helpers.js';

const KIND = 'dispute';
const ROWS = 200;
/** Unique per run: the file's content hash differs, so a rerun against the same server is no duplicate. */
const RUN = Date.now().toString(36);

/** Header text without the required mark, as the server reads it. */
const headerKey = (text: string) => text.replace(/[\s*＊]|（必填）|\(必填\)/g, '');

/** 'A'…'Z', 'AA': Excel's letter for a 1-based column. */
function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return value.result === undefined ? '' : cellText(value.result);
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return String(value);
};

interface Template {
  book: ExcelJS.Workbook;
  sheet: ExcelJS.Worksheet;
  /** 1-based column of each header (by its key). */
  columns: Map<string, number>;
  /** Dropdown values of a column, by its header key. */
  options: (header: string) => string[];
}

/**
 * The choices a column's dropdown offers: the 「选项」 sheet's column headed like it, else the
 * list its data validation names (a range on 「选项」 or an inline list).
 */
function optionsReader(book: ExcelJS.Workbook, sheet: ExcelJS.Worksheet): (header: string) => string[] {
  const options = book.getWorksheet('选项');
  const fromRange = (ref: string): string[] => {
    const m = /^(?:'?([^'!]+)'?!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.replace(/^=/, ''));
    if (!m) return [];
    const target = m[1] ? book.getWorksheet(m[1]) : sheet;
    if (!target) return [];
    const values: string[] = [];
    for (let row = Number(m[3]); row <= Number(m[5] ?? m[3]); row += 1) {
      const text = cellText(target.getCell(`${m[2]}${row}`).value).trim();
      if (text) values.push(text);
    }
    return values;
  };
  return (header: string) => {
    if (options) {
      const headerRow = options.getRow(1);
      for (let col = 1; col <= options.columnCount; col += 1) {
        if (headerKey(cellText(headerRow.getCell(col).value)) !== header) continue;
        const values: string[] = [];
        for (let row = 2; row <= options.rowCount; row += 1) {
          const text = cellText(options.getCell(row, col).value).trim();
          if (text) values.push(text);
        }
        if (values.length) return values;
      }
    }
    const col = [...Array(sheet.columnCount).keys()].map((i) => i + 1).find((c) => headerKey(cellText(sheet.getCell(1, c).value)) === header);
    const validation = col ? sheet.getCell(3, col).dataValidation : undefined;
    const formula: unknown = validation?.type === 'list' ? validation.formulae[0] : undefined;
    if (typeof formula !== 'string') return [];
    if (formula.startsWith('"')) return formula.slice(1, -1).split(',');
    return fromRange(formula);
  };
}

async function readTemplate(bytes: Buffer): Promise<Template> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets.find((s) => s.name === '矛盾纠纷');
  if (!sheet) throw new Error(`no sheet 矛盾纠纷 in ${book.worksheets.map((s) => s.name).join(', ')}`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(headerKey(cellText(cell.value)), col));
  return { book, sheet, columns, options: optionsReader(book, sheet) };
}

/** Where the three mistakes go: Excel rows 50, 120 and 180. */
const MISTAKES = { date: 50, category: 120, title: 180 } as const;

/** The template with 200 disputes in rows 3…202; with `mistakes`, three cells are wrong. */
async function fillDisputes(bytes: Buffer, mistakes: boolean): Promise<Buffer> {
  const { book, sheet, columns, options } = await readTemplate(bytes);
  const col = (header: string) => {
    const c = columns.get(header);
    if (!c) throw new Error(`the template has no column 「${header}」: ${[...columns.keys()].join('、')}`);
    return c;
  };
  const sources = options('来源');
  const categories = options('纠纷类别');
  // Villages (村/社区) of the town; the dropdown also offers their 社 and 网格.
  const villages = options('所在村（社区）').filter((v) => !v.includes('/') && /(村|社区)$/.test(v));
  const statuses = options('状态').filter((s) => s === '登记' || s === '调处中');
  for (const [name, list] of Object.entries({ sources, categories, villages, statuses })) if (!list.length) throw new Error(`no dropdown values for ${name}`);

  for (let i = 0; i < ROWS; i += 1) {
    const row = i + 3;
    const day = new Date(Date.UTC(2024, 0, 2) + i * 86_400_000);
    const set = (header: string, value: ExcelJS.CellValue) => {
      sheet.getCell(row, col(header)).value = value;
    };
    // Half the dates as Excel dates, half typed as text: both are how people fill a sheet.
    set('登记日期', i % 2 ? day : day.toISOString().slice(0, 10));
    set('纠纷概要', `导入测试纠纷第${i + 1}件（${RUN}）`);
    set('来源', sources[i % sources.length] ?? null);
    const village = villages[i % villages.length] ?? null;
    // Every fourth record is kept by its village itself; the rest by the town (所属单位 left blank).
    if (i % 4 === 3) set('所属单位', village);
    set('所在村（社区）', village);
    set('纠纷类别', categories[i % categories.length] ?? null);
    set('当事人', `当事人${i + 1}甲、当事人${i + 1}乙`);
    set('状态', statuses[i % statuses.length] ?? null);
  }
  if (mistakes) {
    sheet.getCell(MISTAKES.date, col('登记日期')).value = '2024-02-30';
    sheet.getCell(MISTAKES.category, col('纠纷类别')).value = '宅基地纠纷';
    sheet.getCell(MISTAKES.title, col('纠纷概要')).value = null;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The number of disputes the town office sees, from the API with the page's session. */
async function disputeTotal(page: Page): Promise<number> {
  const res = await page.request.get(`${baseURL()}/api/ledgers/${KIND}?pageSize=1`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { total: number }).total;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function chooseFile(dialog: Locator, name: string, buffer: Buffer): Promise<void> {
  await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer });
}

describe('importing 200 disputes from Excel in the browser', () => {
  let office: Session;
  let template: Buffer;
  let before: number;
  let fixed: Buffer;
  shotsOnFailure(() => [office]);

  beforeAll(async () => {
    office = await openSession('smz_office');
  });
  afterAll(async () => {
    await (office as Session | undefined)?.close(); // unset when beforeAll failed
  });

  const dialog = () => office.page.getByRole('dialog', { name: /导入Excel/ });

  test('the import dialog offers the template for the town', async () => {
    const { page } = office;
    await visit(page, `/ledgers/${KIND}`);
    await expectBuilt(page);
    await page.getByRole('heading', { name: '矛盾纠纷', exact: true }).waitFor({ timeout: 30_000 });
    before = await disputeTotal(page);
    await page.getByText(`共 ${before} 条`).first().waitFor();

    await page.getByRole('button', { name: /导入Excel/ }).click();
    await dialog().waitFor();
    // The town office covers the town and its villages: the unit is chosen, its own by default.
    await dialog().locator('.ant-select').filter({ hasText: '双庙镇' }).first().waitFor();
    await dialog().getByText('不超过 20 MB、100,000 行').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), dialog().getByRole('button', { name: /下载模板/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(ARTIFACTS, 'import-template.xlsx');
    await download.saveAs(file);
    template = readFileSync(file);

    const { book, columns, options } = await readTemplate(template);
    expect(book.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['矛盾纠纷', '填写说明', '选项']));
    expect(book.getWorksheet('选项')?.state).toMatch(/hidden/);
    expect([...columns.keys()]).toEqual(expect.arrayContaining(['所属单位', '登记日期', '纠纷概要', '纠纷类别', '所在村（社区）']));
    expect(options('纠纷类别')).toContain('土地流转');
    expect(options('所在村（社区）').length).toBeGreaterThan(1);
    expect(office.errors).toEqual([]);
  });

  test('each unit the template offers in a dropdown is named once, so the import can tell which is meant', async () => {
    const { options } = await readTemplate(template);
    for (const header of ['所属单位', '所在村（社区）']) {
      const labels = options(header);
      expect(labels.length).toBeGreaterThan(1);
      const repeated = [...new Set(labels.filter((label, i) => labels.indexOf(label) !== i))];
      expect(repeated, `「${header}」的下拉中重复的名称`).toEqual([]);
    }
  });

  test('a file with three mistakes is refused, each named by row and column', async () => {
    const { page } = office;
    const { columns } = await readTemplate(template);
    const letter = (header: string) => columnLetter(columns.get(header) ?? 0);
    await chooseFile(dialog(), `纠纷导入-${RUN}-有错.xlsx`, await fillDisputes(template, true));

    const problems = dialog().getByRole('table', { name: '错误列表' });
    await problems.waitFor({ timeout: 60_000 });
    await dialog().getByText(/共 3 处错误/).waitFor();
    const rows = problems.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.allTextContents();
    // Sorted by row: the date of row 50, the category of row 120, the missing title of row 180.
    expect(texts[0]).toContain(`${MISTAKES.date}`);
    expect(texts[0]).toContain(`${letter('登记日期')}（登记日期）`);
    expect(texts[0]).toContain('2024-02-30');
    expect(texts[1]).toContain(`${MISTAKES.category}`);
    expect(texts[1]).toContain(`${letter('纠纷类别')}（纠纷类别）`);
    expect(texts[1]).toContain('宅基地纠纷');
    expect(texts[2]).toContain(`${MISTAKES.title}`);
    expect(texts[2]).toContain(`${letter('纠纷概要')}（纠纷概要）`);
    expect(await dialog().getByRole('button', { name: /确认导入/ }).count()).toBe(0);
    await shot(page, 'import-errors', { fullPage: false });
    // Nothing was written.
    expect(await disputeTotal(page)).toBe(before);
  });

  test('the corrected file previews 200 rows and imports them all', async () => {
    const { page } = office;
    fixed = await fillDisputes(template, false);
    await dialog().getByRole('button', { name: '重新选择文件' }).first().click();
    await chooseFile(dialog(), `纠纷导入-${RUN}.xlsx`, fixed);

    const confirm = dialog().getByRole('button', { name: `确认导入 ${ROWS} 条` });
    await confirm.waitFor({ timeout: 60_000 });
    await dialog().getByText(`共 ${ROWS} 条记录`).waitFor();
    // By unit: the town's 150 and the villages' 50 between them.
    await dialog().getByText(`双庙镇 ${ROWS - ROWS / 4} 条`).waitFor();
    await dialog().getByRole('table', { name: '导入预览' }).getByText(`导入测试纠纷第1件（${RUN}）`).waitFor();
    await shot(page, 'import-preview', { fullPage: false });

    await confirm.click();
    await page.getByRole('button', { name: /^导\s*入$/ }).click();
    await dialog().getByText(`已导入 ${ROWS} 条`).waitFor({ timeout: 60_000 });
    await page.locator('.ant-message').getByText(`已导入 ${ROWS} 条`).waitFor();
    await shot(page, 'import-done', { fullPage: false });

    expect(await disputeTotal(page)).toBe(before + ROWS);
    // The list behind the dialog was refreshed.
    await page.getByText(`共 ${before + ROWS} 条`).first().waitFor();
    expect(office.errors).toEqual([]);
  });

  test('the same file again is shown as already imported, with nothing to confirm', async () => {
    const { page } = office;
    await dialog().getByRole('button', { name: '继续导入其他文件' }).click();
    await chooseFile(dialog(), `纠纷导入-${RUN}-再次.xlsx`, fixed);
    await dialog().getByText('这个文件已经导入过').waitFor({ timeout: 60_000 });
    await dialog().getByText(/smz_office|法治办/).first().waitFor();
    expect(await dialog().getByRole('button', { name: /确认导入/ }).count()).toBe(0);
    await shot(page, 'import-duplicate', { fullPage: false });

    await dialog().getByRole('tab', { name: '导入记录' }).click();
    await dialog().getByRole('table', { name: '导入记录' }).getByText(`纠纷导入-${RUN}.xlsx`).waitFor();
    expect(await disputeTotal(page)).toBe(before + ROWS);
    expect(office.errors).toEqual([]);
  });

  test('a file that is not a workbook is refused with the server\'s reason beside its name', async () => {
    const { page } = office;
    await dialog().getByRole('tab', { name: '导入', exact: true }).click();
    await dialog().getByRole('button', { name: '重新选择文件' }).click();
    await chooseFile(dialog(), '扫描件.xlsx', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
    const refusal = dialog().getByRole('alert').filter({ hasText: '「扫描件.xlsx」不能导入：' });
    await refusal.waitFor({ timeout: 30_000 });
    expect(((await refusal.textContent()) ?? '').replace('「扫描件.xlsx」不能导入：', '')).toMatch(/[\u4e00-\u9fff]/);
    expect(await dialog().getByRole('button', { name: /确认导入/ }).count()).toBe(0);
    await shot(page, 'import-refused', { fullPage: false });
    expect(await disputeTotal(page)).toBe(before + ROWS);
    expect(office.errors).toEqual([]);
  });
});
