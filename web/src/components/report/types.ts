/**
 * Shapes of the annual report API as the report page reads them: the server's own, from the shared
 * contract (src/shared/report.ts, the routes' response schemas), plus what only the page needs.
 */
export type {
  Block,
  CheckItem,
  CheckResult,
  ComposedReport,
  Figure,
  FigureFormat,
  FigureRecord,
  FigureRecords,
  FigureSide,
  FigureRun,
  FigureSideSummary,
  IndicatorProposal,
  LiteralReason,
  Qualifier,
  ReportState,
  ReportStatus,
  ReportTemplate,
  RequiredItem,
  Run,
  StoredTemplate,
  TemplateFigure,
  TemplateFromResult,
  TemplateSection,
  TemplateSubsection,
  UnmatchedFigure as FoundFigure,
  Workflow,
} from '../../../../src/shared/report.js';
export { FORMAT_LABELS, isFigure, REQUIRED_ITEMS } from '../../../../src/shared/report-words.js';
export type { IndicatorValue } from '../../../../src/shared/indicators.js';

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
