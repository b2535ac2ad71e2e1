/**
 * The annual report (法治政府建设情况报告): a template of sections and paragraphs in which
 * figures are placeholders bound to indicators, composed for one org unit and one year.
 */
import type { Block } from '../shared/report.js';

/** The template, the composed report and its figures are the API's shapes: defined in src/shared/report.ts. */
export { isFigure, REQUIRED_ITEMS } from '../shared/report.js';
export type { RequiredItem, TemplateSubsection, TemplateSection, ReportTemplate, Figure, Run, Block, ComposedReport } from '../shared/report.js';

/** A block's words as plain text (a table as its caption and cells). */
export function blockText(block: Block): string {
  if (block.type === 'heading') return block.text;
  if (block.type === 'table') return [block.caption, block.columns.join(' '), ...block.rows.map((r) => r.join(' '))].join('\n');
  return block.runs.map((r) => r.text).join('');
}
