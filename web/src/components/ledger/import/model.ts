/** What the import dialog makes of the server's answers: pure, nothing here knows a kind by name. */
import { ApiError, withQuery } from '../../../lib/api';
import type { ImportBatchRef, ImportProblem } from '../../../lib/types';

/** The limits the server applies (its import settings), said up front. */
export const limitsText = (limits: { maxBytes: number; maxRows: number }) =>
  `只支持 .xlsx（Excel 2007 及以上），一次一个文件，不超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB、${limits.maxRows.toLocaleString('en-US')} 行`;

export const templateUrl = (kind: string, org: string | undefined) => withQuery(`/api/ledgers/${kind}/import/template.xlsx`, { org });
export const importUrl = (kind: string, org: string | undefined, dryRun: boolean) => withQuery(`/api/ledgers/${kind}/import`, { org, dryRun: dryRun || undefined });

export const isXlsx = (name: string) => /\.xlsx$/i.test(name);

/** "D（纠纷类别）": the letter to find the cell, the header to know what it is (a missing column has no letter). */
export const columnLabel = (p: Pick<ImportProblem, 'column' | 'header'>) => (p.column && p.header ? `${p.column}（${p.header}）` : p.column || p.header);

/** Excel's column order: Z before AA. */
const columnIndex = (letters: string) => Array.from(letters.toUpperCase()).reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);

/** By row, then column, then sheet: the order one works through the file in. */
export const sortProblems = (problems: readonly ImportProblem[]): ImportProblem[] =>
  [...problems].sort((a, b) => a.row - b.row || columnIndex(a.column) - columnIndex(b.column) || a.sheet.localeCompare(b.sheet, 'zh-CN'));

export const timeText = (iso: string) => {
  const date = new Date(iso);
  // China's time wherever the browser is, as the server's messages say it.
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
};

export const duplicateText = (batch: ImportBatchRef) =>
  `这个文件已于 ${timeText(batch.importedAt)} 由${batch.importedBy}导入过（「${batch.fileName}」，${batch.rows} 条），不能重复导入。`;

/** How an import's refusal is shown. */
export type Refusal =
  | { kind: 'invalid'; summary: string; problems: ImportProblem[]; rows: number | undefined; truncated: boolean }
  | { kind: 'duplicate'; message: string }
  | { kind: 'rejected'; message: string };

/** A problem as the server lists it; `sheet` and `header` are filled in when an answer lacks them. */
type ListedProblem = Omit<ImportProblem, 'sheet' | 'header'> & Partial<Pick<ImportProblem, 'sheet' | 'header'>>;

const isProblem = (value: unknown): value is ListedProblem => {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.row === 'number' && typeof p.column === 'string' && typeof p.message === 'string';
};

export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof ApiError)) return { kind: 'rejected', message: error instanceof Error ? error.message : String(error) };
  if (error.id === 'import_invalid') {
    const listed = Array.isArray(error.extra.errors) ? error.extra.errors.filter(isProblem) : [];
    const problems = sortProblems(listed.map((p) => ({ ...p, sheet: p.sheet ?? '', header: p.header ?? '' })));
    // The count alone: the server's message goes on to quote the first problem, which the table shows anyway.
    const count = typeof error.extra.errorCount === 'number' ? error.extra.errorCount : undefined;
    const summary = count === undefined ? error.message : `共 ${count} 处错误，未导入任何记录`;
    return { kind: 'invalid', summary, problems, rows: typeof error.extra.rows === 'number' ? error.extra.rows : undefined, truncated: error.extra.truncated === true };
  }
  if (error.id === 'import_duplicate' || error.status === 409) return { kind: 'duplicate', message: error.message };
  return { kind: 'rejected', message: error.message };
}

/** '1.2 MB', '350 KB'. */
export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
