/**
 * Formula-injection guard for anything a user may open in Excel or WPS (CSV, XLSX): a cell that
 * starts with = + - @, a tab or a carriage return can be run as a formula
 * (=HYPERLINK(...), =cmd|...), so it gets a leading single quote and is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseCell(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated as Excel expects. */
export const csvLine = (cells: ReadonlyArray<string | number | null | undefined>) => `${cells.map(csvField).join(',')}\r\n`;

/** Byte-order mark: without it Excel reads UTF-8 CSV as the local code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';
