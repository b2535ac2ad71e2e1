/**
 * The annual report as the API gives it: templates, the composed report, its state and workflow,
 * the records behind a figure, the draft check and last year's report turned into a template.
 * Shared by the server and the UI: imports only zod.
 */
import { z } from 'zod';
import { filterInputSchema, indicatorValueSchema, percentPrecisionSchema } from './indicators.js';

import { FIGURE_FORMATS, REQUIRED_ITEMS, type RequiredItem } from './report-words.js';
export { FIGURE_FORMATS, FORMAT_LABELS, isFigure, LITERAL_NOTES, REQUIRED_ITEMS, STATUS_LABELS, type FigureFormat, type RequiredItem } from './report-words.js';

const requiredItems = Object.keys(REQUIRED_ITEMS) as [RequiredItem, ...RequiredItem[]];

export const templateSubsectionSchema = z.object({ heading: z.string(), paragraphs: z.array(z.string()) });
export type TemplateSubsection = z.infer<typeof templateSubsectionSchema>;

export const templateSectionSchema = z.object({
  /** Which required item the section answers, if any. */
  item: z.enum(requiredItems).optional(),
  heading: z.string(),
  paragraphs: z.array(z.string()),
  subsections: z.array(templateSubsectionSchema).optional(),
});
export type TemplateSection = z.infer<typeof templateSectionSchema>;

/**
 * A report template. Text may hold: {org} {year} {nextYear} {prevYear} {superior} {government}; the unit's own words
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
export const reportTemplateSchema = z.object({
  name: z.string(),
  title: z.string(),
  addressee: z.string(),
  opening: z.string(),
  sections: z.array(templateSectionSchema),
  signature: z.string(),
});
export type ReportTemplate = z.infer<typeof reportTemplateSchema>;

export const figureSchema = z.object({
  code: z.string(),
  label: z.string(),
  format: z.enum(FIGURE_FORMATS),
  /** A percentage's decimals when the placeholder chose them. */
  precision: percentPrecisionSchema.optional(),
  value: z.number(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  records: z.number(),
});
export type Figure = z.infer<typeof figureSchema>;

/** A run of text; a figure's run carries the figure it prints. The figure's form comes first, so the figure is kept. */
export const runSchema = z.union([z.object({ text: z.string(), figure: figureSchema }), z.object({ text: z.string() })]);
export type Run = z.infer<typeof runSchema>;
export type FigureRun = Extract<Run, { figure: Figure }>;

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), level: z.union([z.literal(1), z.literal(2)]), text: z.string() }),
  z.object({ type: z.literal('paragraph'), runs: z.array(runSchema), drafted: z.boolean().optional() }),
  /** The units below side by side (a county's towns), one row each, figures already formatted. */
  z.object({ type: z.literal('table'), caption: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.string())) }),
]);
export type Block = z.infer<typeof blockSchema>;

export const composedReportSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  year: z.number(),
  title: z.string(),
  addressee: z.string(),
  blocks: z.array(blockSchema),
  signature: z.string(),
  /** 成文日期 in Chinese, e.g. 2026年2月20日. */
  dateText: z.string(),
  /** The same date, 'YYYY-MM-DD' (absent in reports frozen before it was kept). */
  date: z.string().optional(),
  /** Placeholders whose indicator is unknown: shown to the editor, never printed as numbers. */
  problems: z.array(z.string()),
});
export type ComposedReport = z.infer<typeof composedReportSchema>;

export const REPORT_STATUSES = ['draft', 'approved', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const storedTemplateSchema = z.object({
  id: z.string(),
  orgId: z.string().nullable(),
  name: z.string(),
  version: z.number(),
  body: reportTemplateSchema,
  updatedAt: z.string().nullable(),
});
export type StoredTemplate = z.infer<typeof storedTemplateSchema>;

/** GET /api/reports: the report's state, and what it lacks. */
export const reportStateSchema = z.object({
  id: z.string().nullable(),
  orgId: z.string(),
  year: z.number(),
  templateId: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusLabel: z.string(),
  /** Who approves (审定) this unit's report: 镇领导, 街道领导, 旗领导…. */
  approver: z.string(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number(),
  /** 成文日期 set for the report, or null: it is dated the day it is composed. */
  reportDate: z.string().nullable(),
  /** The date the report carries now ('YYYY-MM-DD'). */
  date: z.string(),
  /** Required items the template lacks: approval is refused until there are none. */
  missing: z.array(z.object({ item: z.string(), label: z.string() })),
});
export type ReportState = z.infer<typeof reportStateSchema>;

/** GET /api/reports/workflow: who approved and published the report and what the caller may do next. */
export const workflowSchema = z.object({
  orgId: z.string(),
  year: z.number(),
  status: z.enum(REPORT_STATUSES),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** 报送上级: by 1 March of the next year; 向社会公开: by 1 April. */
  dueToSuperior: z.string(),
  dueToPublic: z.string(),
  /** The readable address of the unit's public page (/public/双庙镇), where a published report appears; null for a unit below towns. */
  publicUrl: z.string().nullable(),
  /** What the caller's role may do with the report as it stands now. */
  may: z.object({ chooseTemplate: z.boolean(), editTemplate: z.boolean(), approve: z.boolean(), reopen: z.boolean(), publish: z.boolean() }),
});
export type Workflow = z.infer<typeof workflowSchema>;

/** The sides a derived figure is explained by: a ratio's numerator and denominator, a change's this year and last. */
export const FIGURE_SIDES = ['numerator', 'denominator', 'current', 'previous'] as const;
export type FigureSide = (typeof FIGURE_SIDES)[number];

export const figureRecordSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  orgName: z.string().nullable(),
  /** For a ratio: whether the record counts in the numerator (a resolved dispute of all disputes). */
  inNumerator: z.boolean().optional(),
  /** A frozen record that has since been deleted or left the caller's reach. */
  missing: z.boolean().optional(),
});
export type FigureRecord = z.infer<typeof figureRecordSchema>;

/** A side of a ratio or a change, to list on its own (side=…). */
export const figureSideSummarySchema = z.object({
  side: z.enum(FIGURE_SIDES),
  code: z.string(),
  label: z.string(),
  value: z.number(),
  kindLabel: z.string(),
  total: z.number(),
});
export type FigureSideSummary = z.infer<typeof figureSideSummarySchema>;

/** GET /api/reports/figures/:code/records: the records behind a figure. */
export const figureRecordsSchema = indicatorValueSchema.pick({ code: true, label: true, unit: true, value: true, numerator: true, denominator: true }).extend({
  /** Whether the ids are the ones frozen when the report was approved. */
  frozen: z.boolean(),
  /** A town's (or county's) own indicator: the version of its definition the figure was counted with. */
  definitionVersion: z.number().optional(),
  /** Which side the records listed are of (a ratio lists its denominator, a change this year, unless asked). */
  side: z.enum(FIGURE_SIDES).optional(),
  /** A ratio's numerator and denominator, a change's this year and last year. */
  sides: z.array(figureSideSummarySchema).optional(),
  /** The listed records' ledger and its label. */
  kind: z.string(),
  kindLabel: z.string(),
  numeratorLabel: z.string().optional(),
  denominatorLabel: z.string().optional(),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  records: z.array(figureRecordSchema),
});
export type FigureRecords = z.infer<typeof figureRecordsSchema>;

/**
 * How a draft states a figure: exactly; 60余 (60 ≤ v < 70); 超1000 (v > 1000); 1000以上 (v ≥ 1000);
 * 不足10 (v < 10); 10以内 (v ≤ 10); 约/近100 (within 10 %).
 */
export const QUALIFIERS = ['exact', 'floor', 'over', 'atLeast', 'under', 'atMost', 'approx'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** A figure found in a draft. */
export const foundFigureSchema = z.object({
  /** As written, qualifiers and unit included: "60余条", "超1000人次", "100%", "十二次", "无". */
  text: z.string(),
  value: z.number(),
  qualifier: z.enum(QUALIFIERS),
  /** The unit as written ('名', '场' …); absent for a bare number or a "无…" clause. */
  unit: z.string().optional(),
  /** Digits after the decimal point, so a percentage is compared at the draft's precision. */
  decimals: z.number(),
  /** How it was written: digits, Chinese numerals, or "无…" (none). */
  numeral: z.enum(['arabic', 'chinese', 'none']),
  start: z.number(),
  end: z.number(),
  /** 1-based line of the text. */
  line: z.number(),
  /** The clause before the figure, the figure and a few characters after: what a reader needs to find it. */
  context: z.string(),
  /** The clause before the figure, back to the previous punctuation (，。；：、（ …). */
  clause: z.string(),
  /** The text after the figure, up to the next punctuation or figure. */
  after: z.string(),
  /** The text before the figure, back to the previous figure or the start of its sentence. */
  lead: z.string(),
  /** Which sentence of the text the figure is in; one sentence's figures go to different indicators. */
  sentence: z.number(),
  /** The text before the figure from the start of its sentence (earlier figures included): where the kind it is about is named. */
  topic: z.string(),
  /** The words on the figure's own side of its clause, fillers trimmed: what a town may confirm as its word for the indicator. */
  phrase: z.string(),
});
export type FoundFigure = z.infer<typeof foundFigureSchema>;

export const checkItemSchema = z.object({
  text: z.string(),
  /** The figure's own words, offered to the user to keep as the town's word for this indicator. */
  phrase: z.string(),
  context: z.string(),
  start: z.number(),
  end: z.number(),
  line: z.number(),
  /** The number the draft states (60 for "60余条"). */
  draftValue: z.number(),
  qualifier: z.enum(QUALIFIERS),
  keyword: z.string(),
  code: z.string(),
  label: z.string(),
  unit: z.string(),
  ledgerValue: z.number(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  /** The ledger's value written the way the draft wrote this figure ("60余条", "超1000人次", "100%"). */
  expected: z.string(),
  /** How many records stand behind the ledger value. */
  records: z.number(),
});
export type CheckItem = z.infer<typeof checkItemSchema>;

/** A figure no indicator could be given with confidence. */
export const unmatchedFigureSchema = foundFigureSchema.extend({ draftValue: z.number() });
export type UnmatchedFigure = z.infer<typeof unmatchedFigureSchema>;

/** POST /api/reports/check: a draft's figures against the ledger. */
export const checkResultSchema = z.object({
  matched: z.array(checkItemSchema),
  mismatched: z.array(checkItemSchema),
  unmatched: z.array(unmatchedFigureSchema),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/**
 * A town indicator proposed for a figure no indicator names, valid as proposed: a count or sum has
 * its kind (and a numeric field to sum), a ratio its two parts, the unit is one of the town's words.
 */
export const indicatorProposalSchema = z.object({
  label: z.string(),
  kind: z.string().optional(),
  kindLabel: z.string().optional(),
  unit: z.string(),
  /** The report's own unit word when the town's unit list lacks it ("份"): the proposal counts in `unit` instead. */
  writtenUnit: z.string().optional(),
  measure: z.enum(['count', 'sum', 'ratio']),
  field: z.string().optional(),
  fieldLabel: z.string().optional(),
  precision: percentPrecisionSchema.optional(),
  /** A ratio's parts: indicators the figures before it in its sentence were bound to. */
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  percent: z.boolean().optional(),
  filters: z.array(filterInputSchema),
  /** The figure's own words, so the draft check finds it next time. */
  aliases: z.array(z.string()),
});
export type IndicatorProposal = z.infer<typeof indicatorProposalSchema>;

/** Why a figure stays in the template as last year's number. */
export const LITERAL_REASONS = ['kept', 'unbound', 'heading'] as const;
export type LiteralReason = (typeof LITERAL_REASONS)[number];


export const templateFigureSchema = z.object({
  /** Position among the figures of the text: what a mapping refers to. */
  index: z.number(),
  text: z.string(),
  context: z.string(),
  line: z.number(),
  value: z.number(),
  qualifier: z.enum(QUALIFIERS),
  unit: z.string().optional(),
  /** The figure's own words ("消防安全法规宣讲会"): a name for an indicator the user defines for it. */
  phrase: z.string(),
  /** The indicator the figure is bound to; absent: kept as written. */
  code: z.string().optional(),
  label: z.string().optional(),
  placeholder: z.string().optional(),
  /** How the binding was made: by the draft check's matcher, or by the user. */
  source: z.enum(['matched', 'chosen']).optional(),
  proposal: indicatorProposalSchema.optional(),
  /** Set when the template prints the figure as written, i.e. last year's number. */
  literal: z.enum(LITERAL_REASONS).optional(),
});
export type TemplateFigure = z.infer<typeof templateFigureSchema>;

/** A figure the template prints as last year's number: listed so nobody is surprised by it next year. */
export const literalFigureSchema = z.object({
  index: z.number(),
  line: z.number(),
  text: z.string(),
  context: z.string(),
  reason: z.enum(LITERAL_REASONS),
  note: z.string(),
});
export type LiteralFigure = z.infer<typeof literalFigureSchema>;

/** POST /api/report-templates/from-report: last year's report as this year's template. */
export const templateFromResultSchema = z.object({
  year: z.number(),
  figures: z.array(templateFigureSchema),
  matched: z.number(),
  unmatched: z.number(),
  /** Every figure the template keeps as written: the sentences that will print last year's number until edited. */
  literals: z.array(literalFigureSchema),
  template: reportTemplateSchema,
});
export type TemplateFromResult = z.infer<typeof templateFromResultSchema>;

/** POST /api/reports/template-from: the result, and the template saved from it when asked to save. */
export const templateFromAnswerSchema = templateFromResultSchema.extend({ saved: storedTemplateSchema.optional() });
export type TemplateFromAnswer = z.infer<typeof templateFromAnswerSchema>;

/** A town's word for an indicator, confirmed or corrected while checking a draft (GET/POST /api/reports/check/aliases). */
export const townAliasSchema = z.object({ id: z.string(), orgId: z.string(), code: z.string(), phrase: z.string(), createdAt: z.string() });
export type TownAlias = z.infer<typeof townAliasSchema>;

/** GET /api/report-templates: the templates the caller may use. */
export const templateListSchema = z.object({ items: z.array(storedTemplateSchema) });
export type TemplateList = z.infer<typeof templateListSchema>;
