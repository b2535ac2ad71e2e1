/** Shapes of the annual report API (src/report/model.ts, service.ts, check.ts, report-view.ts) as the report page reads them. */

export type { FigureRecord, FigureRecords, FigureSideSummary, Workflow } from '../../../../src/report/report-view.js';
export type { FigureSide } from '../../../../src/report/frozen.js';
import type { ReportTemplate } from '../../../../src/report/model.js';
export type { ReportTemplate, RequiredItem, TemplateSection, TemplateSubsection } from '../../../../src/report/model.js';
export { REQUIRED_ITEMS } from '../../../../src/report/model.js';

export type FigureFormat = 'exact' | 'floor' | 'over' | 'percent' | 'number';

export const FORMAT_LABELS: Record<FigureFormat, string> = {
  exact: '精确（12次）',
  floor: '取整加“余”（60余条）',
  over: '“超”取整（超1000人次）',
  percent: '百分比（100%）',
  number: '只写数字（12）',
};

export interface Figure {
  code: string;
  label: string;
  format: FigureFormat;
  value: number;
  numerator?: number;
  denominator?: number;
  records: number;
}

export type Run = { text: string; figure?: Figure };

export type Block =
  | { type: 'heading'; level: 1 | 2; text: string }
  | { type: 'paragraph'; runs: Run[]; drafted?: boolean }
  | { type: 'table'; caption: string; columns: string[]; rows: string[][] };

export interface ComposedReport {
  orgId: string;
  orgName: string;
  year: number;
  title: string;
  addressee: string;
  blocks: Block[];
  signature: string;
  dateText: string;
  problems: string[];
}

export type ReportStatus = 'draft' | 'approved' | 'published';

export interface ReportState {
  id: string | null;
  orgId: string;
  year: number;
  templateId: string;
  status: ReportStatus;
  statusLabel: string;
  approvedAt: string | null;
  publishedAt: string | null;
  version: number;
  /** 成文日期 set for this report, or null: the day it is composed. */
  reportDate: string | null;
  /** The date the report carries now. */
  date: string;
  missing: Array<{ item: string; label: string }>;
}






export interface StoredTemplate {
  id: string;
  orgId: string | null;
  name: string;
  version: number;
  body: ReportTemplate;
  updatedAt: string | null;
}



export interface IndicatorValue {
  code: string;
  label: string;
  unit: string;
  value: number;
  numerator?: number;
  denominator?: number;
  records: number;
}

export type Qualifier = 'exact' | 'floor' | 'over' | 'atLeast' | 'under' | 'atMost' | 'approx';

export interface CheckItem {
  text: string;
  /** The words before the figure, offered as the town's word for the indicator. */
  phrase: string;
  context: string;
  start: number;
  end: number;
  line: number;
  draftValue: number;
  qualifier: Qualifier;
  keyword: string;
  code: string;
  label: string;
  unit: string;
  ledgerValue: number;
  numerator?: number;
  denominator?: number;
  expected: string;
  records: number;
}

export interface FoundFigure {
  text: string;
  value: number;
  draftValue: number;
  phrase: string;
  line: number;
  start: number;
  context: string;
}

export interface CheckResult {
  matched: CheckItem[];
  mismatched: CheckItem[];
  unmatched: FoundFigure[];
}

/** The unit and year every call of the page is about. */
export interface ReportTarget {
  org: string;
  year: number;
}

/** A placeholder in template text: {{code|format}} or {{drafted:…}} or {{table:towns|…}}. */
export const PLACEHOLDER = /\{\{([^{}]+)\}\}/g;

export const DRAFTED_LABELS: Record<string, string> = { shortcomings: '存在的不足（由台账起草）', plan: '下一年度工作安排（由台账起草）', leadership: '第一责任人履职情况（由履职台账写成）' };

/** Beijing time, as people here read it: 2025-12-15 09:30. */
export const formatTime = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)).replaceAll('/', '-') : '';
