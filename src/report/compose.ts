/**
 * Composes a report: the template's text with its placeholders filled from indicator values
 * and drafted paragraphs, headings numbered the way these reports are (一、 and （一）).
 * Pure: the values and drafts are passed in (docs/DESIGN.md §6, §8).
 */
import type { IndicatorValue, PercentPrecision } from '../indicators/definition.js';
import { pruneClauses } from './clauses.js';
import { FIGURE_FORMATS, formatFigure, isChangeFigure, isEmptyFigure, wordChange, type FigureFormat } from './format.js';
import { draftLeadership, type LeaderDutyFact } from './leader-duty.js';
import { isFigure, type Block, type ComposedReport, type ReportTemplate, type Run } from './model.js';
import { unitTypeOf, unitWording, type UnitType } from './unit-wording.js';

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
  /** 镇/乡/街道/苏木: by default read from the name. */
  unitType?: UnitType;
  /** The year's 党政主要负责人履职 records, for {{drafted:leadership}}. */
  leaderDuties?: LeaderDutyFact[];
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

const PLACEHOLDER = /\{\{([a-z][a-z0-9_.-]*|drafted:[a-z]+)((?:\|[a-z]+(?::[0-2])?)*)\}\}/g;
/**
 * A placeholder's options, in any order: a format (with a percentage's decimals, "percent:2") and
 * |zero — a zero that is news ("信访重点人员0人"), printed where its sentence stays. Such a zero
 * neither keeps a sentence nor is left out of one: its clause reads as framing.
 */
function optionsOf(options: string): { formatName: string; digits?: string; zero: boolean } {
  let formatName = 'exact';
  let digits: string | undefined;
  let zero = false;
  for (const option of options.split('|').filter(Boolean)) {
    const [name = '', n] = option.split(':');
    if (name === 'zero') zero = true;
    else [formatName, digits] = [name, n];
  }
  return { formatName, ...(digits === undefined ? {} : { digits }), zero };
}
/** Braces left in the text once its placeholders are read: a placeholder mistyped. */
const STRAY = /\{\{[^{}]*\}\}?/;
/** {{none:…}}: the words a sentence says instead when its figures are all zero. */
const NONE = /\{\{none:([^}]*)\}\}/;
/** A sentence ends at 。！？, a clause of a list at ；: each is kept or left out on its own figures. */
const SENTENCE = /[^。；！？]+(?:[。；！？]|$)/g;

export function composeReport(input: ComposeInput): ComposedReport {
  const problems: string[] = [];
  const words = unitWording(input.unitType ?? unitTypeOf(input.orgName));
  const fill = (text: string) =>
    text
      .replaceAll('{org}', input.orgName)
      .replaceAll('{orgShort}', input.orgName.slice(-1))
      .replaceAll('{year}', String(input.year))
      .replaceAll('{nextYear}', String(input.year + 1))
      .replaceAll('{prevYear}', String(input.year - 1))
      .replaceAll('{superior}', input.superior)
      .replaceAll('{government}', input.government)
      .replaceAll('{unit}', words.unit)
      .replaceAll('{whole}', words.whole)
      .replaceAll('{party}', words.party)
      .replaceAll('{gov}', words.gov)
      .replaceAll('{secretary}', words.secretary)
      .replaceAll('{head}', words.head)
      .replaceAll('{villages}', words.villages);

  /**
   * How many figures a text holds and whether every one is empty. An unknown indicator is never
   * empty; a zero marked |zero is not counted at all: it reads as the framing words around it.
   */
  const figureState = (text: string): { figures: number; empty: boolean } => {
    let figures = 0;
    let empty = true;
    for (const [, code = '', options = ''] of text.matchAll(PLACEHOLDER)) {
      const value = input.values.get(code);
      if (value && isEmptyFigure(value) && optionsOf(options).zero) continue;
      figures++;
      if (!value || !isEmptyFigure(value)) empty = false;
    }
    return { figures, empty };
  };

  /** A text's runs: literal text, and figures formatted with the records behind them. */
  const runsOf = (text: string): Run[] => {
    const runs: Run[] = [];
    let last = 0;
    const literal = (from: number, to?: number) => {
      const piece = text.slice(from, to);
      const stray = STRAY.exec(piece);
      if (stray) problems.push(`模板中的“${stray[0]}”不是有效的占位符，请检查指标编码和格式`);
      return fill(piece);
    };
    for (const match of text.matchAll(PLACEHOLDER)) {
      const [whole, code = '', options = ''] = match;
      const { formatName, digits } = optionsOf(options);
      let before = match.index > last ? literal(last, match.index) : '';
      last = match.index + whole.length;
      const value = input.values.get(code);
      const known = (FIGURE_FORMATS as readonly string[]).includes(formatName);
      if (!known) problems.push(`模板中“${whole}”的格式“${formatName}”无法识别`);
      const format = known ? (formatName as FigureFormat) : 'exact';
      const precision = digits === undefined ? undefined : (Number(digits) as PercentPrecision);
      if (!value) {
        if (before) runs.push({ text: before });
        // An unknown indicator is shown to the editor, never dropped silently (figureState counts it as said).
        problems.push(`模板引用了未知指标“${code}”`);
        runs.push({ text: `【${code}】` });
        continue;
      }
      let shown = formatFigure(value, format, precision);
      // A change reads 增长/下降 by its sign, never "增长-20%".
      if (isChangeFigure(value)) ({ before, figure: shown } = wordChange(before, value, format, precision));
      if (before) runs.push({ text: before });
      runs.push({
        text: shown,
        figure: { code, label: value.label, format, ...(precision === undefined ? {} : { precision }), value: value.value, numerator: value.numerator, denominator: value.denominator, records: value.records },
      });
    }
    if (last < text.length) runs.push({ text: literal(last) });
    return runs;
  };

  /**
   * A template paragraph without the sentences that would only say "0": each sentence is kept,
   * replaced by its {{none:…}} words, or left out. Undefined when the paragraph had figures and
   * none is left: its framing words went with them.
   */
  const adaptive = (text: string): Run[] | undefined => {
    const kept: Run[][] = [];
    let hadFigures = false;
    let keptFigures = false;
    for (const [sentence] of text.matchAll(SENTENCE)) {
      const none = NONE.exec(sentence);
      const body = none ? sentence.replace(NONE, '') : sentence;
      const { figures, empty } = figureState(body);
      if (!figures) {
        kept.push(runsOf(body));
        continue;
      }
      hadFigures = true;
      if (!empty) {
        keptFigures = true;
        // The sentence stays; its clauses, list items and bracketed groups that would say "0" go.
        const end = /[。；！？]$/.test(body) ? body.slice(-1) : '';
        kept.push(runsOf(`${pruneClauses(body.slice(0, body.length - end.length), figureState)}${end}`));
      } else if (none) {
        keptFigures = true;
        kept.push([{ text: fill(`${none[1] ?? ''}${/[。；！？]$/.test(sentence) ? (sentence.at(-1) ?? '') : ''}`) }]);
      } else if (sentence.endsWith('。')) {
        // The list this sentence closed ends with the clause before it.
        closeWithFullStop(kept.at(-1));
      }
    }
    if (hadFigures && !keptFigures) return undefined;
    const runs = kept.flat();
    closeWithFullStop(runs);
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
      const drafted = /^\{\{drafted:(shortcomings|plan|leadership)\}\}$/.exec(text.trim());
      if (drafted) {
        const key = drafted[1] as 'shortcomings' | 'plan' | 'leadership';
        const texts = key === 'leadership' ? draftLeadership(input.leaderDuties ?? [], words) : input.drafted[key];
        return texts.map((t) => ({ type: 'paragraph', runs: runsOf(t), drafted: true }));
      }
      const runs = adaptive(text);
      return runs ? [{ type: 'paragraph', runs }] : [];
    });

  const blocks: Block[] = [{ type: 'paragraph', runs: adaptive(input.template.opening) ?? [] }];
  input.template.sections.forEach((section, i) => {
    blocks.push({ type: 'heading', level: 1, text: `${chineseNumeral(i + 1)}、${fill(section.heading)}` });
    const own = paragraphs(section.paragraphs);
    blocks.push(...own);
    // A subsection with nothing left to say goes with its heading; the others are renumbered.
    const subsections = (section.subsections ?? []).map((sub) => ({ heading: sub.heading, body: paragraphs(sub.paragraphs) })).filter((sub) => sub.body.length);
    subsections.forEach((sub, j) => {
      blocks.push({ type: 'heading', level: 2, text: `（${chineseNumeral(j + 1)}）${fill(sub.heading)}` });
      blocks.push(...sub.body);
    });
    if (!own.length && !subsections.length) blocks.push({ type: 'paragraph', runs: [{ text: EMPTY_SECTION }], drafted: true });
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
    date: input.date,
    problems: [...new Set(problems)],
  };
}

/** What a section says when the ledger gave it nothing: a note for the staff to write it. */
export const EMPTY_SECTION = '（台账中暂无本部分的记录，请结合实际工作补充。）';

/** Ends a run list with 。 where it ended with the ； of a list whose later clauses were left out. */
function closeWithFullStop(runs: Run[] | undefined) {
  const last = runs?.at(-1);
  if (!runs || !last || isFigure(last) || !last.text.endsWith('；')) return;
  runs[runs.length - 1] = { text: `${last.text.slice(0, -1)}。` };
}

/** Which of the five required items the template has no section for. */
export function missingItems(template: ReportTemplate): string[] {
  const have = new Set(template.sections.map((s) => s.item).filter(Boolean));
  return (['measures', 'shortcomings', 'leadership', 'plan', 'other'] as const).filter((item) => !have.has(item));
}
