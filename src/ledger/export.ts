/**
 * 导出Excel: the records a list shows (same filters), as a workbook a clerk can hand on — Chinese
 * headers, option labels instead of codes, names instead of ids, personal information masked as
 * on screen, and every text cell neutralised so nothing typed into a record runs as a formula.
 */
import { todayInChina } from '../core/dates.js';
import type { Scope } from '../org/scope.js';
import { neutraliseCell } from '../security/spreadsheet.js';
import type { FieldDefinition } from './fields.js';
import { dateLabelOf, endDateLabelOf, titleLabelOf, type KindDefinition } from './kind.js';
import { referenceNames, referencesOf, type ReferenceNames } from './references.js';
import type { LedgerService, ListParams, PresentedRecord } from './service.js';
import type { Permissions } from '../accounts/permissions.js';
import type { Db } from '../db/connect.js';
import { levelRank } from '../org/levels.js';
import { findOrg } from '../org/repository.js';

/** More than a town keeps of one kind in a year; beyond it, narrow the filter. */
export const MAX_EXPORT_ROWS = 5000;

type CellValue = string | number | null;

interface Column {
  header: string;
  width: number;
  /** Excel number format for numeric columns. */
  numFmt?: string;
  value: (record: PresentedRecord) => CellValue;
}

export interface LedgerWorkbook {
  filename: string;
  content: Buffer;
  rows: number;
  /** True when the filter matched more than MAX_EXPORT_ROWS records and only the first were written. */
  truncated: boolean;
}

export class LedgerExporter {
  constructor(
    private readonly deps: { db: Db; ledger: LedgerService; permissions: Permissions },
  ) {}

  async workbook(scope: Scope, kindCode: string, params: Omit<ListParams, 'page' | 'pageSize'>): Promise<LedgerWorkbook> {
    const { ledger } = this.deps;
    // One search however many pages it reads: an exact search on a sensitive field is gated and audited once.
    const { kind, items: rows, total } = await ledger.collect(scope, kindCode, params, MAX_EXPORT_ROWS);
    const names = await referenceNames({ db: this.deps.db, kinds: ledger.kinds, permissions: this.deps.permissions }, scope, referencesOf(kind, rows));
    const labels = await ledger.lists.labels();
    // Someone who sees several towns needs to know which town a 一社 is in.
    const root = await findOrg(this.deps.db, scope.orgId);
    const seesTowns = root !== undefined && levelRank(root.level) < levelRank('town');
    const columns = columnsOf(kind, names, (list, code) => labels.get(`${list}\u0000${code}`) ?? code, seesTowns);

    // ExcelJS is loaded with the first export, not at start-up (it is the largest package the server uses).
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    book.creator = '法治台账';
    const sheet = book.addWorksheet(sheetName(kind.label), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    sheet.getRow(1).font = { bold: true };
    for (const record of rows) sheet.addRow(columns.map((c) => c.value(record)));
    if (total > rows.length) {
      sheet.addRow([]);
      sheet.addRow([`共 ${total} 条记录，只导出了前 ${rows.length} 条；请缩小筛选范围后分批导出。`]);
    }
    const content = Buffer.from(await book.xlsx.writeBuffer());
    return { filename: `${kind.label}-${todayInChina()}.xlsx`, content, rows: rows.length, truncated: total > rows.length };
  }
}

/** Worksheet names: at most 31 characters, none of : \ / ? * [ ]. */
export const sheetName = (label: string) => label.replace(/[:\\/?*[\]]/g, '、').slice(0, 31);

const text = (value: unknown): CellValue =>
  value === null || value === undefined || value === '' ? null : neutraliseCell(typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));

function columnsOf(kind: KindDefinition, names: ReferenceNames, label: (list: string, code: string) => string, seesTowns: boolean): Column[] {
  const columns: Column[] = [
    ...(seesTowns ? [{ header: '乡镇（街道）', width: 12, value: (r: PresentedRecord) => text(r.townName) }] : []),
    { header: '所属单位', width: 18, value: (r) => text(r.orgPathName ?? r.orgName) },
    { header: titleLabelOf(kind), width: 36, value: (r) => text(r.title) },
    { header: dateLabelOf(kind), width: 12, value: (r) => text(r.date) },
  ];
  if (kind.dateRange) columns.push({ header: endDateLabelOf(kind), width: 12, value: (r) => text(r.endDate) });
  for (const f of kind.fields) columns.push(fieldColumn(f, names, label));
  if (kind.tags) {
    const list = kind.tags;
    columns.push({ header: '标签', width: 16, value: (r) => text(asList(r.tags).map((code) => label(list, code)).join('、')) });
  }
  columns.push({ header: '备注', width: 30, value: (r) => text(r.notes) });
  return columns;
}

function fieldColumn(f: FieldDefinition, names: ReferenceNames, label: (list: string, code: string) => string): Column {
  const header = f.label;
  const get = (r: PresentedRecord) => r[f.name];
  switch (f.type) {
    case 'integer':
      return { header, width: 10, numFmt: '0', value: (r) => asNumber(get(r)) };
    case 'decimal':
      return { header, width: 10, value: (r) => asNumber(get(r)) };
    case 'money':
      return { header, width: 14, numFmt: '#,##0.00', value: (r) => asNumber(get(r)) };
    case 'boolean':
      return { header, width: 8, value: (r) => (get(r) === true ? '是' : get(r) === false ? '否' : null) };
    case 'choice':
      return { header, width: 14, value: (r) => (typeof get(r) === 'string' ? text(label(f.list ?? '', String(get(r)))) : null) };
    case 'multiChoice':
      return { header, width: 20, value: (r) => text(asList(get(r)).map((code) => label(f.list ?? '', code)).join('、')) };
    case 'person':
      return { header, width: 12, value: (r) => text(asList(get(r)).map((id) => names.people[id] ?? '（无权查看）').join('、')) };
    case 'org':
    case 'orgs':
      return { header, width: 14, value: (r) => text(asList(get(r)).map((id) => names.orgs[id] ?? '（无权查看）').join('、')) };
    case 'record':
      return { header, width: 24, value: (r) => text(asList(get(r)).map((id) => names.records[`${f.kind}:${id}`] ?? '（无权查看）').join('、')) };
    case 'textarea':
      return { header, width: 40, value: (r) => text(get(r)) };
    default:
      return { header, width: f.sensitive ? 16 : 18, value: (r) => text(get(r)) };
  }
}

const asNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);
