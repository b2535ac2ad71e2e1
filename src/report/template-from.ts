/**
 * Last year's report as this year's template (上年报告转为模板): the report's own sentences are
 * kept, and each figure the draft check can name becomes a placeholder bound to its indicator,
 * written the way the report wrote it ("300余人" → {{code|floor}}, "98.26%" → {{code|percent:2}}).
 * A figure no indicator names stays as written, with a proposed town indicator (kind, unit,
 * filter guessed from its words) for the user to confirm. Pure: the caller passes the indicators
 * and the vocabulary, so the same code serves the API, the CLI and the tests.
 */
import { extractFigures, matchFigures, type CheckIndicator, type FoundFigure, type Qualifier } from './check.js';
import { OTHER_KIND, type Vocabulary } from './draft-check/vocabulary.js';
import { REQUIRED_ITEMS, type RequiredItem, type ReportTemplate, type TemplateSection } from './model.js';
import { asTemplateText } from './template-schema.js';
import type { FilterInput } from '../indicators/town-defined.js';

/** A town indicator proposed for a figure no indicator names: the user confirms or changes it. */
export interface IndicatorProposal {
  label: string;
  kind?: string;
  kindLabel?: string;
  unit: string;
  measure: 'count' | 'sum' | 'ratio';
  field?: string;
  precision?: 0 | 1 | 2;
  filters: FilterInput[];
  /** The figure's own words, so the draft check finds it next time. */
  aliases: string[];
}

export interface TemplateFigure {
  /** Position among the figures of the text: what a mapping refers to. */
  index: number;
  text: string;
  context: string;
  line: number;
  value: number;
  qualifier: Qualifier;
  unit?: string;
  /** The indicator the figure is bound to; absent: kept as written. */
  code?: string;
  label?: string;
  placeholder?: string;
  /** How the binding was made: by the draft check's matcher, or by the user. */
  source?: 'matched' | 'chosen';
  proposal?: IndicatorProposal;
}

export interface TemplateFromResult {
  year: number;
  figures: TemplateFigure[];
  matched: number;
  unmatched: number;
  template: ReportTemplate;
}

export interface TemplateFromInput {
  text: string;
  /** The year the uploaded report is about: its {year}; the year after is {nextYear}. */
  year: number;
  orgName: string;
  indicators: readonly CheckIndicator[];
  vocabulary: Vocabulary;
  kinds: ReadonlyArray<{ code: string; label: string; fields: ReadonlyArray<{ name: string; type: string }> }>;
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

/** The written figure as a placeholder of its indicator, in the way the report wrote it. */
export function placeholderFor(figure: Pick<FoundFigure, 'qualifier' | 'unit' | 'decimals'>, indicator: Pick<CheckIndicator, 'code' | 'unit'>): string | undefined {
  const { code } = indicator;
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
      if (!figure.unit || figure.unit !== indicator.unit) return `{{${code}|number}}${figure.unit ?? ''}`;
      return `{{${code}}}`;
  }
}

/** A town indicator for a figure no indicator names: the kind named nearest before it, its unit, its words. */
export function proposeIndicator(figure: FoundFigure, vocabulary: Vocabulary, kinds: TemplateFromInput['kinds'], heading = ''): IndicatorProposal {
  /** The kind whose word ends nearest the end of `text` (or, with `after`, follows the figure). */
  const nearest = (text: string, after = '') => {
    let found: { kind: string; word: string; at: number } | undefined;
    for (const [word, named] of vocabulary.kindWords) {
      const own = named.filter((k) => k !== OTHER_KIND);
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
  const kind = named?.kind;
  const kindWord = inSentence?.word ?? '';
  const definition = kinds.find((k) => k.code === kind);
  // The report's own unit word, even one the town has yet to add to its list ("份"); 次 when it wrote none.
  const unit = figure.unit ?? '次';
  const numberField = definition?.fields.find((f) => f.type === 'number' || f.type === 'integer');
  const measure: IndicatorProposal['measure'] = unit === '%' ? 'ratio' : ['人次', '元', '万元'].includes(unit) && numberField ? 'sum' : 'count';
  // The figure's words without who did it and the verbs that only say it was done.
  const words = figure.phrase.replace(/[□\s]/g, '');
  const stripped = words.replace(/^.*(?:组织|开展|举办|召开|参加|完成|办理|接待|受理|共|累计)/, '').replace(/^(?:辖区|全镇|全乡|全街道|镇|乡|街道)/, '');
  const phrase = stripped.length >= 2 ? stripped : words;
  // What the figure's words say beyond the kind: a filter on the record's title ("消防安全法规宣讲" of 普法宣传).
  const telling = (kindWord ? phrase.replace(kindWord, '') : phrase).replace(/(?:会|活动|工作)$/, '');
  const filters: FilterInput[] = definition && telling.length >= 2 && telling.length <= 12 ? [{ field: 'title', op: 'contains', words: [telling] }] : [];
  const label = (phrase.length >= 2 ? phrase : `${definition?.label ?? '其他'}数`).slice(0, 40);
  return {
    label: label.length >= 2 ? label : `${label}数`,
    ...(definition ? { kind: definition.code, kindLabel: definition.label } : {}),
    unit,
    measure,
    ...(measure === 'sum' && numberField ? { field: numberField.name } : {}),
    ...(unit === '%' ? { precision: Math.min(2, figure.decimals) as 0 | 1 | 2 } : {}),
    filters,
    aliases: phrase.length >= 2 && phrase.length <= 30 ? [phrase] : [],
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

/** Years of the report and the one after become {year} and {nextYear}, so the template reads right next year. */
const withYears = (text: string, year: number) => text.replaceAll(`${year + 1}年`, '{nextYear}年').replaceAll(`${year}年`, '{year}年');

/**
 * The template of a report's own sentences: its title, addressee, sections (一、) and
 * subsections (（一）) as it had them; every bound figure a placeholder, every other word its own.
 */
export function templateFromText(input: TemplateFromInput): TemplateFromResult {
  const text = input.text.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const found = extractFigures(text).filter((f) => f.numeral !== 'none');
  const matches = matchFigures(found, input.indicators, input.vocabulary);
  const byCode = new Map(input.indicators.map((i) => [i.code, i]));

  const figures: TemplateFigure[] = matches.map(({ figure, indicator }, index) => {
    const chosen = input.mapping && Object.hasOwn(input.mapping, String(index)) ? input.mapping[String(index)] : undefined;
    const target = chosen === null ? undefined : chosen !== undefined ? byCode.get(chosen) : indicator;
    const placeholder = target ? placeholderFor(figure, target) : undefined;
    const base = { index, text: figure.text, context: figure.context, line: figure.line, value: figure.value, qualifier: figure.qualifier, ...(figure.unit ? { unit: figure.unit } : {}) };
    if (target && placeholder) return { ...base, code: target.code, label: target.label, placeholder, source: chosen !== undefined ? 'chosen' : 'matched' };
    return { ...base, ...(chosen === null ? {} : { proposal: proposeIndicator(figure, input.vocabulary, input.kinds, headingBefore(lines, figure.line)) }) };
  });

  // Each line's text with its bound figures replaced (figures never span lines).
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const bodyOf = (lineIndex: number): string => {
    const start = lineStarts[lineIndex] ?? 0;
    const line = lines[lineIndex] ?? '';
    let out = '';
    let last = 0;
    matches.forEach(({ figure }, i) => {
      const placeholder = figures[i]?.placeholder;
      if (!placeholder || figure.start < start || figure.end > start + line.length) return;
      out += withYears(clean(line.slice(last, figure.start - start)), input.year) + placeholder;
      last = figure.end - start;
    });
    return (out + withYears(clean(line.slice(last)), input.year)).trim();
  };

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
  for (let i = 0; i < end; i += 1) {
    const raw = clean(lines[i] ?? '').trim();
    if (!raw) continue;
    if (!inBody && !sections.length && !opening.length) {
      if (raw.length <= 30 && /[：:]$/.test(raw) && titleParts.length) {
        addressee = raw.replace(/[：:]$/, '');
        continue;
      }
      if (raw.length < 40 && !/[。；]/.test(raw) && !LEVEL1.test(raw)) {
        titleParts.push(withYears(raw, input.year));
        continue;
      }
    }
    inBody = true;
    const section = sections.at(-1);
    if (LEVEL1.test(raw) && raw.length <= 60 && !/。./.test(raw)) {
      const heading = withYears(raw.replace(LEVEL1, '').replace(/[。：:]$/, ''), input.year);
      const item = itemOf(heading);
      sections.push({ ...(item && !sections.some((s) => s.item === item) ? { item } : {}), heading, paragraphs: [] });
      continue;
    }
    if (section && LEVEL2.test(raw)) {
      const stop = raw.search(/[。]/);
      const headingText = (stop > 0 ? raw.slice(0, stop) : raw).replace(LEVEL2, '').replace(/[。：:]$/, '');
      (section.subsections ??= []).push({ heading: withYears(headingText, input.year), paragraphs: [] });
      if (stop > 0 && stop < raw.length - 1) section.subsections.at(-1)?.paragraphs.push(bodyOf(i).slice(bodyOf(i).indexOf('。') + 1).trim());
      continue;
    }
    const body = bodyOf(i);
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
  const matched = figures.filter((f) => f.code).length;
  return { year: input.year, figures, matched, unmatched: figures.length - matched, template };
}
