/**
 * The columns of a kind's import sheet, and how a cell becomes a value the API accepts.
 * Derived from the kind definition alone, so the template, the import and the instructions
 * always agree. Pure: names of units, people, records and list items come in a Vocabulary.
 */
import { isValidDate } from '../../core/dates.js';
import type { FieldDefinition, FieldType } from '../fields.js';
import { dateLabelOf, endDateLabelOf, titleLabelOf, type KindDefinition } from '../kind.js';

/** The record's own unit; the other types are those of the fields. */
export type ColumnType = FieldType | 'unit';

export interface SheetColumn {
  /** The API field the column fills: 'orgId', 'date', 'title', a field name… */
  name: string;
  header: string;
  type: ColumnType;
  required: boolean;
  field?: FieldDefinition;
  /** choice, multiChoice (and tags): the editable list. */
  list?: string;
}

/** Titles starting with this mark the template's example row; the import skips it. */
export const EXAMPLE_MARK = '【示例】';

/** Columns in the order the template shows them: unit, date, title, the kind's fields, tags, notes. */
export function sheetColumns(kind: KindDefinition): SheetColumn[] {
  const columns: SheetColumn[] = [
    { name: 'orgId', header: '所属单位', type: 'unit', required: false },
    { name: 'date', header: dateLabelOf(kind), type: 'date', required: true },
  ];
  if (kind.dateRange) columns.push({ name: 'endDate', header: endDateLabelOf(kind), type: 'date', required: false });
  columns.push({ name: 'title', header: titleLabelOf(kind), type: 'text', required: true, field: { name: 'title', label: titleLabelOf(kind), type: 'text', maxLength: 200 } });
  for (const f of kind.fields) columns.push({ name: f.name, header: f.label, type: f.type, required: f.required ?? false, field: f, list: f.list });
  if (kind.tags) columns.push({ name: 'tags', header: '标签', type: 'multiChoice', required: false, list: kind.tags });
  columns.push({ name: 'notes', header: '备注', type: 'textarea', required: false, field: { name: 'notes', label: '备注', type: 'textarea', maxLength: 5000 } });
  return columns;
}

/** Header text as typed: the required mark and spaces are not part of the name. */
export const headerKey = (text: string) => text.replace(/[\s*＊]|（必填）|\(必填\)/g, '');

/** 'A', 'B', … 'Z', 'AA': the column letter Excel shows for a 1-based index. */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A cell's value as the workbook holds it, after rich text and formulas are reduced to what shows. */
export type PlainCell = string | number | boolean | Date | null | { error: string };

/** ExcelJS cell values (rich text, formulas, hyperlinks, errors) → the value a person sees. */
export function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return plainCell((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''));
    if ('result' in v) return plainCell(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if (typeof v.text === 'string') return plainCell(v.text);
    if (typeof v.error === 'string') return { error: v.error };
  }
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
}

/** How a cell reads back to a person (the dry run's preview). */
export function displayCell(cell: PlainCell, type?: ColumnType): string {
  if (cell === null) return '';
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'object') return cell.error;
  if (typeof cell === 'number' && type === 'date') return excelSerialDate(cell) ?? String(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return String(cell);
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Excel's serial day number (1900 system, as Excel and WPS write it) → 'YYYY-MM-DD'. */
export function excelSerialDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return undefined;
  return isoDate(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000));
}

const pad = (n: string) => n.padStart(2, '0');

/** Dates as people type them: 2025-03-08, 2025/3/8, 2025.3.8, 2025年3月8日, 20250308. */
export function parseDate(cell: PlainCell): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : isoDate(cell);
  if (typeof cell === 'number') return /^\d{8}$/.test(String(cell)) ? parseDate(String(cell)) : excelSerialDate(cell);
  if (typeof cell !== 'string') return undefined;
  const text = cell.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${pad(m[2] ?? '')}-${pad(m[3] ?? '')}`;
  return isValidDate(iso) ? iso : undefined;
}

const TRUE = new Set(['是', 'true', 'TRUE', '1', '√', 'Y', 'y', 'yes', '有']);
const FALSE = new Set(['否', 'false', 'FALSE', '0', '×', 'N', 'n', 'no', '无']);

/** Several values in one cell: 、 , ， ; ； or new lines between them. */
export const splitMany = (text: string) =>
  text
    .split(/[、,，;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Names → ids (and list labels → codes) a sheet may use, gathered by the importer for one import. */
export interface Vocabulary {
  /** The import's own unit: rows with no unit belong to it. */
  defaultUnit: { id: string; name: string; path: string; level: string };
  /** Units by the name shown in the template (or plain name when unique) → candidates. */
  units: Map<string, Array<{ id: string; name: string; path: string; level: string }>>;
  /** list code → label or code → code */
  options: Map<string, Map<string, string>>;
  /** list code → labels, for messages */
  optionLabels: Map<string, string[]>;
  people: Map<string, string[]>;
  /** record kind code → title or id → ids */
  records: Map<string, Map<string, string[]>>;
}

export type Converted = { value: unknown } | { error: string };

const ok = (value: unknown): Converted => ({ value });
const bad = (error: string): Converted => ({ error });

function listed(labels: string[] | undefined): string {
  if (!labels?.length) return '';
  const shown = labels.slice(0, 12).join('、');
  return `（可选：${shown}${labels.length > 12 ? ' 等' : ''}）`;
}

function uniqueMatch(matches: string[] | undefined, label: string, text: string, what: string): Converted {
  if (!matches?.length) return bad(`「${label}」中的“${text}”不是${what}`);
  if (matches.length > 1) return bad(`「${label}」中的“${text}”对应多条${what}，无法确定是哪一个`);
  return ok(matches[0]);
}

/**
 * One cell → the value the API takes for the column, or a Chinese message. Blank cells are null:
 * whether they may be blank is validation's to say. Unit cells resolve to the unit's id here;
 * that a village lies in the record's unit is checked by the importer, which knows the row's unit.
 */
export function convertCell(column: SheetColumn, cell: PlainCell, vocabulary: Vocabulary): Converted {
  const L = `「${column.header}」`;
  if (cell === null) return ok(null);
  if (typeof cell === 'object' && !(cell instanceof Date)) return bad(`${L}的单元格是错误值 ${cell.error}，请填写内容而不是公式`);
  const text = cell instanceof Date ? isoDate(cell) : String(cell).trim();
  switch (column.type) {
    case 'text':
    case 'textarea':
    case 'url':
      return ok(text);
    case 'integer':
    case 'decimal':
    case 'money': {
      if (typeof cell === 'number') return ok(cell);
      const cleaned = text.replace(/[,，\s]/g, '').replace(/元$/, '');
      return /^-?\d+(\.\d+)?$/.test(cleaned) ? ok(Number(cleaned)) : bad(`${L}应为数字，“${text}”不是数字`);
    }
    case 'date': {
      const iso = parseDate(cell);
      return iso ? ok(iso) : bad(`${L}的“${text}”不是有效日期，应为 年-月-日，如 2025-03-08`);
    }
    case 'boolean':
      if (typeof cell === 'boolean') return ok(cell);
      if (TRUE.has(text)) return ok(true);
      if (FALSE.has(text)) return ok(false);
      return bad(`${L}应填“是”或“否”`);
    case 'choice': {
      const code = vocabulary.options.get(column.list ?? '')?.get(text);
      return code ? ok(code) : bad(`${L}的“${text}”不在可选范围内${listed(vocabulary.optionLabels.get(column.list ?? ''))}`);
    }
    case 'multiChoice': {
      const codes: string[] = [];
      for (const part of splitMany(text)) {
        const code = vocabulary.options.get(column.list ?? '')?.get(part);
        if (!code) return bad(`${L}的“${part}”不在可选范围内${listed(vocabulary.optionLabels.get(column.list ?? ''))}`);
        codes.push(code);
      }
      return ok(codes);
    }
    case 'unit':
    case 'org':
      return uniqueMatch(vocabulary.units.get(text)?.map((u) => u.id), column.header, text, '本单位或下级单位的名称');
    case 'orgs': {
      const ids: string[] = [];
      for (const part of splitMany(text)) {
        const one = uniqueMatch(vocabulary.units.get(part)?.map((u) => u.id), column.header, part, '本单位或下级单位的名称');
        if ('error' in one) return one;
        ids.push(String(one.value));
      }
      return ok(ids);
    }
    case 'person':
      return uniqueMatch(vocabulary.people.get(text), column.header, text, '人员名册中的人员');
    case 'record': {
      const kind = column.field?.kind ?? '';
      return uniqueMatch(vocabulary.records.get(kind)?.get(text), column.header, text, '已登记的记录（请填写记录的标题）');
    }
  }
}

/** What to type in a column, for the instructions sheet and the header's note. */
export function requirementOf(column: SheetColumn, optionLabels: string[] = []): string {
  const f = column.field;
  const parts: string[] = [];
  switch (column.type) {
    case 'unit':
      parts.push('从下拉中选择记录所属的单位；留空时登记在导入时选择的单位');
      break;
    case 'text':
    case 'textarea':
      parts.push(`文字，不超过 ${f?.maxLength ?? 200} 个字`);
      if (f?.patternHint) parts.push(`格式为${f.patternHint}`);
      break;
    case 'url':
      parts.push('网址，以 http:// 或 https:// 开头');
      break;
    case 'integer':
      parts.push(`整数${f?.min !== undefined && f.max !== undefined ? `，${f.min} 到 ${f.max}` : ''}`);
      break;
    case 'decimal':
      parts.push('数字，可带小数');
      break;
    case 'money':
      parts.push('金额（元），最多两位小数');
      break;
    case 'date':
      parts.push('日期，如 2025-03-08（也可写 2025/3/8 或 2025年3月8日）');
      if (f?.notBefore) parts.push('不早于同一行的另一日期');
      break;
    case 'boolean':
      parts.push('从下拉中选“是”或“否”');
      break;
    case 'choice':
      parts.push(`从下拉中选择${optionLabels.length ? `：${optionLabels.join('、')}` : ''}`);
      break;
    case 'multiChoice':
      parts.push(`可填多项，用顿号“、”分隔${optionLabels.length ? `；可选：${optionLabels.join('、')}` : ''}`);
      break;
    case 'org':
      parts.push('从下拉中选择单位');
      break;
    case 'orgs':
      parts.push('单位名称，多个用顿号“、”分隔');
      break;
    case 'person':
      parts.push('人员姓名，须是人员名册中的人员');
      break;
    case 'record':
      parts.push('关联记录的标题（须已在系统中登记）');
      break;
  }
  if (f?.sensitive) parts.push('属于个人信息，导入后加密保存、显示时脱敏');
  if (f?.help) parts.push(f.help);
  return parts.join('；');
}
