/**
 * The annual report (法治政府建设情况报告): a template of sections and paragraphs in which
 * figures are placeholders bound to indicators, composed for one org unit and one year.
 */
import type { PercentPrecision } from '../indicators/definition.js';
import type { FigureFormat } from './format.js';

/** The five things the regulation requires a report to contain (督察工作规定 art. 24 guidelines, SPEC §6). */
export const REQUIRED_ITEMS = {
  measures: '主要举措和成效',
  shortcomings: '存在的不足和原因',
  leadership: '党政主要负责人履行推进法治建设第一责任人职责情况',
  plan: '下一年度工作安排',
  other: '其他需要报告的情况',
} as const;
export type RequiredItem = keyof typeof REQUIRED_ITEMS;

export interface TemplateSubsection {
  heading: string;
  paragraphs: string[];
}

export interface TemplateSection {
  /** Which required item the section answers, if any. */
  item?: RequiredItem;
  heading: string;
  paragraphs: string[];
  subsections?: TemplateSubsection[];
}

/**
 * Text may hold: {org} {year} {nextYear} {prevYear} {superior} {government}; the unit's own words
 * {unit} {whole} {party} {gov} {secretary} {head} {villages} (镇/乡/街道/苏木, see unit-wording.ts);
 * figures as {{indicator.code|format}} or {{code|percent:2}} (decimals); {{drafted:shortcomings}} /
 * {{drafted:plan}} / {{drafted:leadership}} where paragraphs drafted from the records go;
 * {{table:towns|code,code,…}} for a table of the towns below.
 *
 * A sentence (up to 。 or ；) whose figures are all zero, or rates of nothing, is left out; with
 * {{none:…}} in it, those words stand in its place instead. In a sentence that stays, each clause
 * (between ，), item of a 、 list of figures and bracketed group whose figures are all empty goes
 * (clauses.ts). A zero that is news is marked {{code|exact|zero}}: printed where its sentence
 * stays, it neither keeps nor drops anything. A paragraph whose figures all went goes whole, and a
 * subsection with nothing left goes with its heading.
 */
export interface ReportTemplate {
  name: string;
  title: string;
  addressee: string;
  opening: string;
  sections: TemplateSection[];
  signature: string;
}

export interface Figure {
  code: string;
  label: string;
  format: FigureFormat;
  /** A percentage's decimals when the placeholder chose them. */
  precision?: PercentPrecision;
  value: number;
  numerator?: number;
  denominator?: number;
  records: number;
}

export type Run = { text: string } | { text: string; figure: Figure };

export type Block =
  | { type: 'heading'; level: 1 | 2; text: string }
  | { type: 'paragraph'; runs: Run[]; drafted?: boolean }
  /** The units below side by side (a county's towns), one row each, figures already formatted. */
  | { type: 'table'; caption: string; columns: string[]; rows: string[][] };

export interface ComposedReport {
  orgId: string;
  orgName: string;
  year: number;
  title: string;
  addressee: string;
  blocks: Block[];
  signature: string;
  /** 成文日期 in Chinese, e.g. 2026年2月20日. */
  dateText: string;
  /** The same date, 'YYYY-MM-DD' (absent in reports frozen before it was kept). */
  date?: string;
  /** Placeholders whose indicator is unknown: shown to the editor, never printed as numbers. */
  problems: string[];
}

export const isFigure = (run: Run): run is { text: string; figure: Figure } => 'figure' in run;

/** A block's words as plain text (a table as its caption and cells). */
export function blockText(block: Block): string {
  if (block.type === 'heading') return block.text;
  if (block.type === 'table') return [block.caption, block.columns.join(' '), ...block.rows.map((r) => r.join(' '))].join('\n');
  return block.runs.map((r) => r.text).join('');
}
