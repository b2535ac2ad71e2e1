/**
 * Last year's report as this year's template (上年报告转为模板): the report's own sentences are
 * kept, and each figure the draft check can name becomes a placeholder bound to its indicator,
 * written the way the report wrote it ("300余人" → {{code|floor}}, "98.26%" → {{code|percent:2}}).
 * A figure no indicator names stays as written, with a proposed town indicator (kind, unit,
 * filter guessed from its words) for the user to confirm. Pure: the caller passes the indicators
 * and the vocabulary, so the same code serves the API, the CLI and the tests.
 */
import { extractFigures, matchFigures, type CheckIndicator, type FoundFigure } from './check.js';
import { OTHER_KIND, type Vocabulary } from './draft-check/vocabulary.js';
import { REQUIRED_ITEMS, type RequiredItem, type ReportTemplate, type TemplateSection } from './model.js';
import { asTemplateText } from './template-schema.js';
import type { FilterInput } from '../shared/indicators.js';
import { UNITS } from '../indicators/definition.js';
import { isNumericType } from '../ledger/fields.js';
import type { IndicatorProposal, LiteralReason, TemplateFigure, LiteralFigure, TemplateFromResult } from '../shared/report.js';
import { LITERAL_NOTES } from '../shared/report.js';
export type { IndicatorProposal, LiteralReason, TemplateFigure, LiteralFigure, TemplateFromResult };
export { LITERAL_NOTES };

export interface ProposalKind {
  code: string;
  label: string;
  fields: ReadonlyArray<{ name: string; type: string; label?: string; sensitive?: boolean }>;
}

export interface TemplateFromInput {
  text: string;
  /** The year the uploaded report is about: its {year}; the year after is {nextYear}. */
  year: number;
  orgName: string;
  indicators: readonly CheckIndicator[];
  vocabulary: Vocabulary;
  /** The kinds a proposal may count (those the user may read). */
  kinds: readonly ProposalKind[];
  /** The unit words the town's indicators may use (its unit list); by default the built-in ones. */
  unitWords?: Iterable<string>;
  /** The user's corrections: figure index → indicator code, or null to keep the figure as written. */
  mapping?: Readonly<Record<string, string | null>>;
  /** The saved template's name; by default the unit's name and the report's year. */
  name?: string;
}

const LEVEL1 = /^[一二三四五六七八九十]+[、.．]\s*/;
const LEVEL2 = /^[（(][一二三四五六七八九十]+[）)]\s*/;
const DATE_LINE = /^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$/;
const SIGNER = /(?:人民政府|办事处|委员会|党委|党工委)$/;

/** Which required item a section's heading answers. */
function itemOf(heading: string): RequiredItem | undefined {
  if (/第一责任人|主要负责人|履行.*职责|述法/.test(heading)) return 'leadership';
  if (/问题|不足|短板|差距/.test(heading)) return 'shortcomings';
  if (/计划|安排|打算|思路|下一步/.test(heading)) return 'plan';
  if (/其他|其它/.test(heading)) return 'other';
  if (/举措|成效|措施|工作情况|主要工作|开展情况/.test(heading)) return 'measures';
  return undefined;
}

/** Conversion leftovers ("[bookmark: _GoBack]") and braces a town's text must not smuggle in as placeholders. */
const clean = (line: string) => asTemplateText(line.replace(/\[bookmark:[^\]]*\]/g, ''));

/** The unit as the report wrote it: the check reads "2.3万元" as 23000 元. */
const writtenUnitOf = (figure: { unit?: string; text?: string }) => (figure.unit === '元' && figure.text?.endsWith('万元') ? '万元' : figure.unit);

/** The written figure as a placeholder of its indicator, in the way the report wrote it. */
export function placeholderFor(figure: Pick<FoundFigure, 'qualifier' | 'unit' | 'decimals'> & { text?: string }, indicator: Pick<CheckIndicator, 'code' | 'unit'>): string | undefined {
  const { code } = indicator;
  const unit = writtenUnitOf(figure);
  if (indicator.unit === '%' || figure.unit === '%') {
    if (indicator.unit !== '%' || figure.unit !== '%') return undefined;
    return `{{${code}|percent:${Math.min(2, figure.decimals)}}}`;
  }
  switch (figure.qualifier) {
    case 'floor':
    case 'atLeast':
    case 'approx':
      return `{{${code}|floor}}`;
    case 'over':
      return `{{${code}|over}}`;
    default:
      // The report's own unit word stays ("5名" where the indicator counts 人).
      if (!unit || unit !== indicator.unit) {
        // "2.3万元" of an indicator in 元 is said in 元: the number then is the indicator's.
        if (unit === '万元' && indicator.unit === '元') return `{{${code}|number}}元`;
        return `{{${code}|number}}${unit ?? ''}`;
      }
      return `{{${code}}}`;
  }
}

/** Unit words a report writes that the town's list may lack, and the known word nearest in meaning. */
const NEAREST_UNIT: Readonly<Record<string, string>> = {
  份: '件', 册: '件', 本: '件', 张: '件', 宗: '件', 例: '件', 篇: '条', 期: '次', 轮: '次', 轮次: '次', 个次: '次', 场次: '场',
  户次: '户', 家次: '家', 位: '人', 课时: '小时', 学时: '小时', 处: '个', 所: '个', 座: '个', 块: '个', 支: '个', 套: '台',
};
const DEFAULT_UNIT_WORDS = UNITS.filter((u) => u !== '%');

/** The unit a proposal counts in: the report's word when the town has it, else the nearest known word. */
function proposedUnit(written: string | undefined, words: ReadonlySet<string>): { unit: string; writtenUnit?: string } {
  if (!written) return { unit: words.has('次') ? '次' : '个' };
  if (words.has(written)) return { unit: written };
  const near = NEAREST_UNIT[written];
  return { unit: near && words.has(near) ? near : '个', writtenUnit: written };
}

/** Verbs that only say a thing was done: no word of a record's title. */
const DOING = /^(?:发放|提供|开展|组织|举办|召开|参加|完成|办理|接待|受理|印制|制作|张贴|悬挂|走访|落实|投入|实现)/;
const MONEY_WORDS = /金额|资金|经费|款|罚没|标的/;

/** The field a sum adds up: a money field for money, a whole-number field for 人次. */
function sumField(kind: ProposalKind | undefined, money: boolean) {
  const numeric = (kind?.fields ?? []).filter((f) => isNumericType(f.type) && !f.sensitive);
  if (money) return numeric.find((f) => f.type === 'money') ?? numeric.find((f) => f.type === 'decimal' && /金额|资金|经费|款/.test(f.label ?? ''));
  return numeric.find((f) => f.type === 'integer' && /人次|人数|参加|参与/.test(f.label ?? '')) ?? numeric.find((f) => f.type === 'integer');
}

/** A figure bound to an indicator, as a ratio proposal may use it for a part. */
export interface BoundPart {
  code: string;
  value: number;
  unit?: string;
  sentence: number;
  start: number;
}

/**
 * A percentage's parts: two figures bound before it in its sentence whose quotient is what the
 * report wrote ("受理40件，调解成功38件，成功率95%": 38 ÷ 40). None found: no ratio is proposed.
 */
function ratioParts(figure: FoundFigure, bound: readonly BoundPart[]): { numerator: string; denominator: string } | undefined {
  const before = bound.filter((p) => p.sentence === figure.sentence && p.start < figure.start && p.unit !== '%' && p.value > 0);
  const tolerance = 0.5 * 10 ** -figure.decimals + 1e-9;
  let best: { numerator: BoundPart; denominator: BoundPart } | undefined;
  for (const denominator of before)
    for (const numerator of before) {
      if (numerator === denominator || numerator.code === denominator.code || numerator.value > denominator.value) continue;
      if (Math.abs((100 * numerator.value) / denominator.value - figure.value) > tolerance) continue;
      // The parts nearest the percentage: "…受理40件，调解38件，成功率95%".
      if (!best || Math.min(numerator.start, denominator.start) > Math.min(best.numerator.start, best.denominator.start)) best = { numerator, denominator };
    }
  return best ? { numerator: best.numerator.code, denominator: best.denominator.code } : undefined;
}

/**
 * A town indicator for a figure no indicator names: the kind named nearest before it, its unit,
 * its words. Undefined when no valid one can be proposed: no kind is named, or a percentage has
 * no parts among the figures before it.
 */
export function proposeIndicator(
  figure: FoundFigure,
  vocabulary: Vocabulary,
  kinds: readonly ProposalKind[],
  heading = '',
  options: { unitWords?: ReadonlySet<string>; bound?: readonly BoundPart[] } = {},
): IndicatorProposal | undefined {
  const words = figure.phrase.replace(/[□\s]/g, '');
  const stripped = words.replace(/^.*(?:组织|开展|举办|召开|参加|完成|办理|接待|受理|共|累计)/, '').replace(/^(?:辖区|全镇|全乡|全街道|镇|乡|街道)/, '');
  // The figure's words without who did it and the verbs that only say it was done.
  const phrase = stripped.length >= 2 ? stripped : words;
  const aliases = phrase.length >= 2 && phrase.length <= 30 ? [phrase] : [];

  if (figure.unit === '%') {
    const parts = ratioParts(figure, options.bound ?? []);
    if (!parts) return undefined;
    const label = (phrase.length >= 2 ? phrase : '比率').slice(0, 40);
    return { label, unit: '%', measure: 'ratio', ...parts, percent: true, precision: Math.min(2, figure.decimals) as 0 | 1 | 2, filters: [], aliases };
  }

  /** The kind whose word ends nearest the end of `text` (or, with `after`, follows the figure). */
  const nearest = (text: string, after = '') => {
    let found: { kind: string; word: string; at: number } | undefined;
    for (const [word, named] of vocabulary.kindWords) {
      const own = named.filter((k) => k !== OTHER_KIND && kinds.some((x) => x.code === k));
      if (own.length !== 1) continue;
      const index = text.lastIndexOf(word);
      const where = index >= 0 ? index + word.length : after.includes(word) ? text.length : -1;
      if (where < 0) continue;
      if (!found || where > found.at || (where === found.at && word.length > found.word.length)) found = { kind: own[0] as string, word, at: where };
    }
    return found;
  };
  // The sentence's own words first; failing them, the heading the figure stands under ("（二）普法宣传").
  const inSentence = nearest(figure.topic, figure.after);
  const named = inSentence ?? nearest(heading);
  const definition = kinds.find((k) => k.code === named?.kind);
  if (!definition) return undefined;
  const kindWord = inSentence?.word ?? '';

  const written = writtenUnitOf(figure);
  const money = written === '元' || written === '万元' || (MONEY_WORDS.test(`${figure.clause}${figure.after}`) && !written);
  const field = money || figure.unit === '人次' ? sumField(definition, money) : undefined;
  // A sum of money over a kind that records none would count records in 元: no proposal.
  if (money && !field) return undefined;
  const unitWords = options.unitWords ?? new Set<string>(DEFAULT_UNIT_WORDS);
  const { unit, writtenUnit } = proposedUnit(money && !written ? '元' : written, unitWords);
  // What the figure's words say beyond the kind and the verb: a filter on the record's title
  // ("消防安全法规宣讲" of 普法宣传). A sum says what it adds up by its field.
  const telling = (kindWord ? phrase.replace(kindWord, '') : phrase).replace(/(?:会|活动|工作)$/, '').replace(DOING, '');
  const filters: FilterInput[] = !field && telling.length >= 2 && telling.length <= 12 ? [{ field: 'title', op: 'contains', words: [telling] }] : [];
  const label = (phrase.length >= 2 ? phrase : `${definition.label}数`).slice(0, 40);
  return {
    label: label.length >= 2 ? label : `${label}数`,
    kind: definition.code,
    kindLabel: definition.label,
    unit,
    ...(writtenUnit ? { writtenUnit } : {}),
    measure: field ? 'sum' : 'count',
    ...(field ? { field: field.name, ...(field.label ? { fieldLabel: field.label } : {}) } : {}),
    filters,
    aliases,
  };
}

/** The nearest heading line above a (1-based) line: a subsection's first, else its section's. */
function headingBefore(lines: readonly string[], line: number): string {
  for (let i = line - 2; i >= 0; i -= 1) {
    const text = (lines[i] ?? '').trim();
    if (LEVEL2.test(text) || LEVEL1.test(text)) return text;
  }
  return '';
}

// ---- years -------------------------------------------------------------------------------

/** A year in a range ("2024年至2026年", "2023—2025年"): a fixed period, written as it is. */
const RANGE_BEFORE = /\d{4}\s*年?\s*(?:[至到—–\-－~～]|——)\s*$/;
const RANGE_AFTER = /^(?:度)?\s*(?:[至到—–\-－~～]|——)\s*\d{4}/;
/** A deadline ("到2025年底", "力争2025年6月前"): the target does not move with the report. */
const DEADLINE_BEFORE = /(?:到|至|于|在|截至|截止|力争|确保|争取)\s*$/;
const DEADLINE_AFTER = /^(?:底|末|上半年|下半年|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?)?(?:底)?\s*(?:前|以前|之前)/;
/** A date a law or rule takes effect ("自2025年1月1日起施行"). */
const IN_FORCE_AFTER = /^(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日起?(?:正式)?(?:施行|实施|生效)/;
/** The coming year's plan named: "2025年工作计划", "2025年度重点任务". */
const PLAN_WORDS_AFTER = /^(?:度)?(?:的)?(?:工作)?(?:计划|安排|打算|思路|重点|目标|要点|任务|展望)/;
/** A clause opening on the coming year: "2025年，我镇将…", "2025年是…". */
const CLAUSE_START_BEFORE = /(?:^|[。；！？])\s*$/;
const CLAUSE_AFTER = /^(?:度)?(?:[，,]|是|我|全|本|街道|镇|乡|将|要|继续|力争)/;

/** Where a line stands in the report: a heading or title, and whether in the plan section. */
interface YearPlace {
  heading: boolean;
  plan: boolean;
}

/** Private-use marks of a year's four digits: the same length, so figure offsets still hold. */
const YEAR_MARK = '\uE001';
const NEXT_YEAR_MARK = '\uE002';
const PREV_YEAR_MARK = '\uE003';
/** "较2023年", "比2023年", "与2023年相比": the year before, compared with; it moves on with the report. */
const COMPARED_BEFORE = /(?:较|比|比较|与|同)$/;

/**
 * The line with the report's year and the next marked where they should become {year} and
 * {nextYear}. The report's year is its own everywhere but in a range, a deadline or a date a rule
 * takes effect; the next year only where it is the coming year's plan (a heading, the plan
 * section, "2025年，我镇将…", "2025年工作安排"), never a range or a deadline ("到2025年底").
 */
export function markYears(line: string, year: number, place: YearPlace): string {
  return line.replace(/(?<!\d)(\d{4})年/g, (whole, digits: string, at: number) => {
    const n = Number(digits);
    if (n === year - 1) return COMPARED_BEFORE.test(line.slice(0, at)) ? `${PREV_YEAR_MARK.repeat(4)}年` : whole;
    if (n !== year && n !== year + 1) return whole;
    const before = line.slice(0, at);
    const after = line.slice(at + whole.length);
    const fixed = RANGE_BEFORE.test(before) || RANGE_AFTER.test(after) || DEADLINE_AFTER.test(after) || IN_FORCE_AFTER.test(after);
    if (fixed) return whole;
    if (n === year) return `${YEAR_MARK.repeat(4)}年`;
    if (DEADLINE_BEFORE.test(before)) return whole;
    const coming = place.heading || place.plan || PLAN_WORDS_AFTER.test(after) || (CLAUSE_START_BEFORE.test(before) && CLAUSE_AFTER.test(after));
    return coming ? `${NEXT_YEAR_MARK.repeat(4)}年` : whole;
  });
}

/** Marked years as the template's variables (after cleaning, which would escape their braces). */
const unmark = (text: string) => text.replaceAll(YEAR_MARK.repeat(4), '{year}').replaceAll(NEXT_YEAR_MARK.repeat(4), '{nextYear}').replaceAll(PREV_YEAR_MARK.repeat(4), '{prevYear}');

/**
 * The template of a report's own sentences: its title, addressee, sections (一、) and
 * subsections (（一）) as it had them; every bound figure a placeholder, every other word its own.
 */
export function templateFromText(input: TemplateFromInput): TemplateFromResult {
  const text = input.text.replace(/\r\n?/g, '\n').replace(/[\uE001-\uE003]/g, ' ');
  const lines = text.split('\n');
  const found = extractFigures(text).filter((f) => f.numeral !== 'none');
  const matches = matchFigures(found, input.indicators, input.vocabulary);
  const byCode = new Map(input.indicators.map((i) => [i.code, i]));
  const unitWords = new Set(input.unitWords ?? DEFAULT_UNIT_WORDS);

  const bound: TemplateFigure[] = matches.map(({ figure, indicator }, index) => {
    const chosen = input.mapping && Object.hasOwn(input.mapping, String(index)) ? input.mapping[String(index)] : undefined;
    const target = chosen === null ? undefined : chosen !== undefined ? byCode.get(chosen) : indicator;
    const placeholder = target ? placeholderFor(figure, target) : undefined;
    const base = { index, text: figure.text, context: figure.context, line: figure.line, value: figure.value, qualifier: figure.qualifier, ...(figure.unit ? { unit: figure.unit } : {}), phrase: figure.phrase.replace(/[□\s]/g, '') };
    if (target && placeholder) return { ...base, code: target.code, label: target.label, placeholder, source: chosen !== undefined ? 'chosen' : 'matched' };
    return { ...base, literal: chosen === null ? 'kept' : 'unbound' };
  });
  // A percentage's parts may be any figure bound before it in its sentence.
  const parts: BoundPart[] = matches.flatMap(({ figure }, i) => {
    const code = bound[i]?.code;
    return code ? [{ code, value: figure.value, ...(figure.unit ? { unit: figure.unit } : {}), sentence: figure.sentence, start: figure.start }] : [];
  });
  const figures: TemplateFigure[] = bound.map((f, i) => {
    const figure = matches[i]?.figure;
    if (f.literal !== 'unbound' || !figure) return f;
    const proposal = proposeIndicator(figure, input.vocabulary, input.kinds, headingBefore(lines, figure.line), { unitWords, bound: parts });
    return proposal ? { ...f, proposal } : f;
  });

  // Each line's text with its bound figures replaced (figures never span lines).
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  /** The figures whose placeholders made it into the template; the others print as written. */
  const emitted = new Set<number>();
  /** A line (from column `from`) with its years marked and its bound figures as placeholders. */
  const bodyOf = (lineIndex: number, place: YearPlace, from = 0): string => {
    const start = lineStarts[lineIndex] ?? 0;
    const line = markYears(lines[lineIndex] ?? '', input.year, place);
    let out = '';
    let last = from;
    matches.forEach(({ figure }, i) => {
      const placeholder = figures[i]?.placeholder;
      if (!placeholder || figure.start < start + from || figure.end > start + line.length) return;
      out += clean(line.slice(last, figure.start - start)) + placeholder;
      last = figure.end - start;
      emitted.add(i);
    });
    return unmark(out + clean(line.slice(last))).trim();
  };
  /** A heading or title line as written, its years marked: placeholders are not used in headings. */
  const headingOf = (lineIndex: number) => clean(markYears(lines[lineIndex] ?? '', input.year, { heading: true, plan: false })).trim();

  const titleParts: string[] = [];
  let addressee = '';
  const opening: string[] = [];
  const sections: TemplateSection[] = [];
  let signature = '';
  // The last lines: a date (the report's own date is set per report) and who signs.
  let end = lines.length;
  while (end > 0) {
    const line = clean(lines[end - 1] ?? '').trim();
    if (!line) end -= 1;
    else if (DATE_LINE.test(line)) end -= 1;
    else if (!signature && line.length <= 30 && SIGNER.test(line)) {
      signature = line;
      end -= 1;
    } else break;
  }
  let inBody = false;
  let plan = false;
  for (let i = 0; i < end; i += 1) {
    const raw = clean(lines[i] ?? '').trim();
    if (!raw) continue;
    if (!inBody && !sections.length && !opening.length) {
      if (raw.length <= 30 && /[：:]$/.test(raw) && titleParts.length) {
        addressee = raw.replace(/[：:]$/, '');
        continue;
      }
      if (raw.length < 40 && !/[。；]/.test(raw) && !LEVEL1.test(raw)) {
        titleParts.push(unmark(headingOf(i)));
        continue;
      }
    }
    inBody = true;
    const section = sections.at(-1);
    if (LEVEL1.test(raw) && raw.length <= 60 && !/。./.test(raw)) {
      const heading = unmark(headingOf(i).replace(LEVEL1, '').replace(/[。：:]$/, ''));
      const item = itemOf(heading);
      plan = item === 'plan';
      sections.push({ ...(item && !sections.some((s) => s.item === item) ? { item } : {}), heading, paragraphs: [] });
      continue;
    }
    if (section && LEVEL2.test(raw)) {
      // "（一）学法用法。全年组织…": the heading up to its full stop, the rest a paragraph.
      const original = lines[i] ?? '';
      const stop = original.indexOf('。');
      const head = unmark(headingOf(i));
      const headStop = head.indexOf('。');
      const headingText = (headStop > 0 ? head.slice(0, headStop) : head).replace(LEVEL2, '').replace(/[。：:]$/, '');
      (section.subsections ??= []).push({ heading: headingText, paragraphs: [] });
      if (stop > 0 && original.slice(stop + 1).trim()) section.subsections.at(-1)?.paragraphs.push(bodyOf(i, { heading: false, plan }, stop + 1));
      continue;
    }
    const body = bodyOf(i, { heading: false, plan });
    if (!section) opening.push(body);
    else if (section.subsections?.length) section.subsections.at(-1)?.paragraphs.push(body);
    else section.paragraphs.push(body);
  }

  const template: ReportTemplate = {
    name: (input.name?.trim() || `${input.orgName}年度报告模板（据${input.year}年报告）`).slice(0, 100),
    title: (titleParts.join('') || `${input.orgName}{year}年法治政府建设情况报告`).slice(0, 200),
    addressee: addressee.slice(0, 100),
    opening: opening.join('').slice(0, 5000),
    sections: sections.length ? sections.slice(0, 15) : [{ item: 'measures', heading: REQUIRED_ITEMS.measures, paragraphs: [] }],
    signature: signature || '{government}',
  };
  // A bound figure in a heading or the title is printed as written: say so rather than count it bound.
  const final = figures.map((f, i): TemplateFigure => {
    if (!f.placeholder || emitted.has(i)) return f;
    const { placeholder: _placeholder, ...rest } = f;
    return { ...rest, literal: 'heading' };
  });
  const literals: LiteralFigure[] = final.flatMap((f) => (f.literal ? [{ index: f.index, line: f.line, text: f.text, context: f.context, reason: f.literal, note: LITERAL_NOTES[f.literal] }] : []));
  const matched = final.filter((f) => f.placeholder).length;
  return { year: input.year, figures: final, matched, unmatched: final.length - matched, literals, template };
}
