/**
 * The report's fixed words and formats, and telling a figure's run from text. Shared by the server
 * and the UI; imports nothing at run time, so the UI's bundle takes only these constants.
 */
import type { FigureRun, LiteralReason, ReportStatus, Run } from './report.js';

/** How a figure is written in a report: 63 → "60余条", 1,024 → "超1000人次", 10 of 10 → "100%". */
export const FIGURE_FORMATS = ['exact', 'floor', 'over', 'percent', 'number'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export const FORMAT_LABELS: Record<FigureFormat, string> = {
  exact: '精确（12次）',
  floor: '取整加“余”（60余条）',
  over: '“超”取整（超1000人次）',
  percent: '百分比（100%）',
  number: '只写数字（12）',
};

/** The five things the regulation requires a report to contain (督察工作规定 art. 24 guidelines). */
export const REQUIRED_ITEMS = {
  measures: '主要举措和成效',
  shortcomings: '存在的不足和原因',
  leadership: '党政主要负责人履行推进法治建设第一责任人职责情况',
  plan: '下一年度工作安排',
  other: '其他需要报告的情况',
} as const;
export type RequiredItem = keyof typeof REQUIRED_ITEMS;

export const STATUS_LABELS: Record<ReportStatus, string> = { draft: '草稿', approved: '已审定', published: '已公开' };

/** Why a figure stays in the template as last year's number, as the page says it. */
export const LITERAL_NOTES: Record<LiteralReason, string> = {
  kept: '已选择保留原文：模板中仍为去年的数字，需手工修改',
  unbound: '未对应指标：模板中仍为去年的数字，需手工修改（或新建指标后对应）',
  heading: '位于标题中（标题不使用占位符）：模板中仍为去年的数字，需手工修改',
};

/** A run of text that prints a figure. */
export const isFigure = (run: Run): run is FigureRun => 'figure' in run;
