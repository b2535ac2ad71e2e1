/**
 * Composes a report: the template's text with its placeholders filled from indicator values
 * and drafted paragraphs, headings numbered the way these reports are (一、 and （一）).
 * Pure: the values and drafts are passed in.
 */
import type { IndicatorValue } from '../indicators/definition.js';
import { FIGURE_FORMATS, formatFigure, type FigureFormat } from './format.js';
import type { Block, ComposedReport, ReportTemplate, Run } from './model.js';

export interface ComposeInput {
  template: ReportTemplate;
  orgId: string;
  orgName: string;
  /** 旗委、旗政府 — whom the report goes to. */
  superior: string;
  /** 双庙镇人民政府 — who signs. */
  government: string;
  year: number;
  values: ReadonlyMap<string, IndicatorValue>;
  drafted: { shortcomings: string[]; plan: string[] };
  /** The date written under the signature, 'YYYY-MM-DD'. */
  date: string;
  /** For roll-up tables: each unit below with its values. */
  units?: Array<{ name: string; values: ReadonlyMap<string, IndicatorValue> }>;
  /** The roll-up table's caption; by default the units are the towns under the org. */
  tableCaption?: string;
}

/** Indicator codes named by table placeholders in the template: the builder computes them per unit. */
export function tableCodes(template: ReportTemplate): string[] {
  const texts = template.sections.flatMap((s) => [...s.paragraphs, ...(s.subsections ?? []).flatMap((x) => x.paragraphs)]);
  return [...new Set(texts.flatMap((t) => [...t.matchAll(TABLE)].flatMap((m) => tableColumns(m[1] ?? '').map((c) => c.code))))];
}

/** {{table:towns|code:表头,code,…}} — each column an indicator, with an optional short header. */
const TABLE = /^\{\{table:towns\|([^}]+)\}\}$/g;
const tableColumns = (spec: string) =>
  spec.split(',').map((part) => {
    const [code = '', header] = part.trim().split(':');
    return { code: code.trim(), header: header?.trim() };
  });

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
export const chineseNumeral = (n: number) => NUMERALS[n - 1] ?? String(n);

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 杭锦后旗 → 旗委、旗政府; 某某县 → 县委、县政府. */
export function superiorOf(parentName: string): string {
  const suffix = ['旗', '县', '区', '市'].find((s) => parentName.endsWith(s)) ?? '县';
  return `${suffix}委、${suffix}政府`;
}

/** 双庙镇 → 双庙镇人民政府; 某某街道 → 某某街道办事处. */
export function governmentOf(orgName: string): string {
  return orgName.endsWith('街道') ? `${orgName}办事处` : `${orgName}人民政府`;
}

const PLACEHOLDER = /\{\{([a-z][a-z0-9_.]*|drafted:[a-z]+)(?:\|([a-z]+))?\}\}/g;

export function composeReport(input: ComposeInput): ComposedReport {
  const problems: string[] = [];
  const fill = (text: string) =>
    text
      .replaceAll('{org}', input.orgName)
      .replaceAll('{orgShort}', input.orgName.slice(-1))
      .replaceAll('{year}', String(input.year))
      .replaceAll('{nextYear}', String(input.year + 1))
      .replaceAll('{superior}', input.superior)
      .replaceAll('{government}', input.government);

  /** A paragraph's text as runs: literal text and figures. */
  const runsOf = (text: string): Run[] => {
    const runs: Run[] = [];
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const [whole, code = '', formatName = 'exact'] = match;
      if (match.index > last) runs.push({ text: fill(text.slice(last, match.index)) });
      last = match.index + whole.length;
      const value = input.values.get(code);
      const format = (FIGURE_FORMATS as readonly string[]).includes(formatName) ? (formatName as FigureFormat) : 'exact';
      if (!value) {
        problems.push(`模板引用了未知指标“${code}”`);
        runs.push({ text: `【${code}】` });
        continue;
      }
      runs.push({
        text: formatFigure(value, format),
        figure: { code, label: value.label, format, value: value.value, numerator: value.numerator, denominator: value.denominator, records: value.records },
      });
    }
    if (last < text.length) runs.push({ text: fill(text.slice(last)) });
    return runs;
  };

  const paragraphs = (texts: string[]): Block[] =>
    texts.flatMap((text): Block[] => {
      const table = new RegExp(TABLE.source).exec(text.trim());
      if (table) {
        const spec = tableColumns(table[1] ?? '');
        const codes = spec.map((c) => c.code);
        const columns = ['单位', ...spec.map(({ code, header }) => {
          const v = input.values.get(code);
          if (!v) problems.push(`表格引用了未知指标“${code}”`);
          return `${header ?? v?.label ?? code}${v && v.unit !== '%' ? `（${v.unit}）` : ''}`;
        })];
        const cell = (values: ReadonlyMap<string, IndicatorValue>, code: string) => {
          const v = values.get(code);
          return v ? formatFigure(v, v.unit === '%' ? 'percent' : 'number') : '—';
        };
        const rows = (input.units ?? []).map((u) => [u.name, ...codes.map((c) => cell(u.values, c))]);
        rows.push(['合计', ...codes.map((c) => cell(input.values, c))]);
        return [{ type: 'table', caption: input.tableCaption ?? `${input.orgName}各镇（乡、街道）主要指标`, columns, rows }];
      }
      const drafted = /^\{\{drafted:(shortcomings|plan)\}\}$/.exec(text.trim());
      if (drafted) {
        const key = drafted[1] as 'shortcomings' | 'plan';
        return input.drafted[key].map((t) => ({ type: 'paragraph', runs: runsOf(t), drafted: true }));
      }
      return [{ type: 'paragraph', runs: runsOf(text) }];
    });

  const blocks: Block[] = [{ type: 'paragraph', runs: runsOf(input.template.opening) }];
  input.template.sections.forEach((section, i) => {
    blocks.push({ type: 'heading', level: 1, text: `${chineseNumeral(i + 1)}、${fill(section.heading)}` });
    blocks.push(...paragraphs(section.paragraphs));
    section.subsections?.forEach((sub, j) => {
      blocks.push({ type: 'heading', level: 2, text: `（${chineseNumeral(j + 1)}）${fill(sub.heading)}` });
      blocks.push(...paragraphs(sub.paragraphs));
    });
  });

  return {
    orgId: input.orgId,
    orgName: input.orgName,
    year: input.year,
    title: fill(input.template.title),
    addressee: fill(input.template.addressee),
    blocks,
    signature: fill(input.template.signature),
    dateText: chineseDate(input.date),
    problems,
  };
}

/** Which of the five required items the template has no section for. */
export function missingItems(template: ReportTemplate): string[] {
  const have = new Set(template.sections.map((s) => s.item).filter(Boolean));
  return (['measures', 'shortcomings', 'leadership', 'plan', 'other'] as const).filter((item) => !have.has(item));
}
