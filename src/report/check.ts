/**
 * Checking a draft (核对报告稿): every figure in a report's text is found, matched to the
 * indicator its wording names, and compared with the ledger. Pure: the indicator values are
 * passed in, so the same check serves a pasted text, an uploaded DOCX and a composed report.
 *
 * A figure is matched by the words on its own side of the clause (back to the previous figure),
 * then the words right after it, then the sentence before it: the indicator word nearest the
 * number names it ("排查…215件，化解…201件"), the unit must agree, and the kind the sentence is
 * about must be the indicator's ("督查整改15个问题" is not 执法检查's). A generic word ("提出建议",
 * "参训") names its indicator only when the sentence names the indicator's topic, and without it
 * stands in the way of farther words. When two indicators are named equally, the figure is left
 * unmatched: a wrong "不一致" costs a town more than a gap.
 */
import { builtInKinds } from '../areas/index.js';
import { collectIndicators } from '../indicators/registry.js';
import { isLedger, type IndicatorValue } from '../indicators/definition.js';
import { formatFigure, formatPercent, roundDown, type FigureFormat } from './format.js';
import { buildVocabulary, type Vocabulary } from './draft-check/vocabulary.js';
import type { Qualifier, FoundFigure, CheckItem, UnmatchedFigure, CheckResult } from '../shared/report.js';
export type { Qualifier, FoundFigure, CheckItem, UnmatchedFigure, CheckResult };

/** What matching needs of an indicator value; records defaults to 0. */
export type CheckIndicator = Pick<IndicatorValue, 'code' | 'label' | 'unit' | 'value' | 'numerator' | 'denominator'> & {
  records?: number;
};

/** Words a report uses for an indicator, beside its label. */
export type Synonyms = Readonly<Record<string, readonly string[]>>;

export interface FigureMatch {
  figure: FoundFigure;
  indicator?: CheckIndicator;
  /** The word in the draft that named the indicator. */
  keyword?: string;
}

/** The words reports use for each indicator, declared with the indicator itself (its `aliases`). */
export const synonymsOf = (indicators: ReadonlyArray<{ code: string; aliases?: readonly string[] }>): Synonyms =>
  Object.fromEntries(indicators.map((i) => [i.code, i.aliases ?? []]));

const BUILT_IN_INDICATORS = collectIndicators(builtInKinds);

/** The built-in indicators' words. */
export const SYNONYMS: Synonyms = synonymsOf(BUILT_IN_INDICATORS);

/** The built-in vocabulary: words, kinds and ratios of the built-in indicators. */
export const BUILT_IN_VOCABULARY: Vocabulary = buildVocabulary(
  BUILT_IN_INDICATORS.map((i) => ({ ...i, ...(isLedger(i) ? { kind: i.kind } : {}) })),
  builtInKinds,
);

// ——— finding figures ———

/** Units as drafts write them, longest first so 人次 is not read as 人. */
const WRITTEN_UNITS = [
  '个百分点', '人次', '件次', '场次', '批次', '小时', '课时', '学时', '万元', '元',
  '次', '场', '期', '轮', '回', '批',
  '条', '篇', '则', '份', '卷', '册', '本', '张', '幅',
  '人', '名', '位',
  '件', '起', '宗',
  '台', '部', '套',
  '个', '家', '处', '所', '类', '项', '户', '支',
] as const;

/** Which written units may stand for an indicator's unit (a unit always stands for itself). */
const COMPATIBLE: Partial<Record<string, readonly string[]>> = {
  次: ['次', '场', '期', '轮', '回', '场次', '批次', '批'],
  场: ['场', '次', '场次', '期'],
  件次: ['件次', '人次'],
  批次: ['批次', '次', '批'],
  项: ['项', '个', '件', '条'],
  类: ['类', '个', '项'],
  条: ['条', '篇', '则', '份'],
  人: ['人', '名', '位'],
  人次: ['人次'],
  件: ['件', '起', '宗', '项', '份'],
  起: ['件', '起', '宗'],
  台: ['台', '部', '套', '个'],
  个: ['个', '家', '处', '所', '类', '项', '支'],
  家: ['家', '个', '户'],
  '%': ['%'],
  元: ['元', '万元'],
  小时: ['小时', '课时', '学时'],
};

/** A Chinese numeral of one stands for a count only with these units; "一次" is too often "once" or "一次性". */
const UNITS_FOR_ONE = new Set(['人', '名', '位', '台', '部', '件', '起', '宗']);

const PREFIXES: ReadonlyArray<readonly [string, Qualifier]> = [
  ['超过', 'over'], ['多于', 'over'], ['高于', 'over'], ['突破', 'over'], ['超', 'over'], ['逾', 'over'],
  ['不少于', 'atLeast'], ['不低于', 'atLeast'], ['至少', 'atLeast'],
  ['不足', 'under'], ['不到', 'under'], ['少于', 'under'], ['低于', 'under'],
  ['大约', 'approx'], ['将近', 'approx'], ['接近', 'approx'], ['约', 'approx'], ['近', 'approx'],
];
const SUFFIXES: ReadonlyArray<readonly [string, Qualifier]> = [
  ['以上', 'atLeast'], ['左右', 'approx'], ['以下', 'atMost'], ['以内', 'atMost'],
];

const CLAUSE_BREAKS = new Set(Array.from('，。；：、（）()！？,;:!?\n\r'));
const SENTENCE_BREAKS = new Set(Array.from('。；！？;!?\n'));
/** Per-unit and per-period figures ("每月排查一次", "人均2次") are not totals an indicator counts. */
const PER_UNIT = /每|人均|平均|户均|村均/;
/** Words after a number that make it a length of time, not a count ("3个月", "5个工作日"). */
const DURATION_AFTER = /^(?:月|工作日|小时|天|日|周|年|季度)/;
/** Words before a number that make it a telephone or hotline number. */
const PHONE_BEFORE = /(?:电话|热线|拨打|号码|专线|手机|传真|座机|联系方式)[：:\s]*$/;
/** Words after a bare number that make it a hotline or a name ("12345热线", "110报警"). */
const NAME_AFTER = /^[\u4e00-\u9fff]/;

const ARABIC = /\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/y;
const CHINESE = /[零〇一二两三四五六七八九十百千万]+/y;
const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_POWERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 → 12, 一百零五 → 105, 两万 → 20000; undefined for runs that are not one number (一二). */
export function parseChineseNumeral(s: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of s) {
    const d = CHINESE_DIGITS[ch];
    const power = CHINESE_POWERS[ch];
    if (d !== undefined) {
      if (digit !== undefined && digit !== 0) return undefined;
      digit = d;
    } else if (power !== undefined) {
      section += (digit ?? 1) * power;
      digit = undefined;
    } else {
      total += (section + (digit ?? 0) || 1) * 10000;
      section = 0;
      digit = undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/** Full-width digits and signs as ASCII, one character for one, so offsets stay the same. */
function normalise(text: string): string {
  return text.replace(/[０-９％．]/g, (c) => {
    if (c === '％') return '%';
    if (c === '．') return '.';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

const startsWithAt = (text: string, at: number, word: string) => text.startsWith(word, at);
const endsWithAt = (text: string, at: number, word: string) => at >= word.length && text.slice(at - word.length, at) === word;

/** Inside an open 《…》 or “…” on the same line: part of a name (“八五”普法, 《…2025…》). */
function insideName(text: string, at: number): boolean {
  for (const [open, close] of [['《', '》'], ['“', '”'], ['「', '」']] as const) {
    const opened = text.lastIndexOf(open, at - 1);
    if (opened < 0 || at - opened > 40) continue;
    const closed = text.lastIndexOf(close, at - 1);
    const newline = text.lastIndexOf('\n', at - 1);
    if (opened > closed && opened > newline) return true;
  }
  return false;
}

interface RawFigure {
  start: number;
  end: number;
  value: number;
  qualifier: Qualifier;
  unit?: string;
  decimals: number;
  numeral: FoundFigure['numeral'];
}

/** The unit, 余/多 and trailing qualifier after a number ending at `at`. */
function readTail(text: string, at: number, allowPercent: boolean) {
  let i = at;
  let multiplier = 1;
  let qualifier: Qualifier = 'exact';
  if (text[i] === '万') {
    multiplier = 10000;
    i += 1;
  }
  if (text[i] === '余' || text[i] === '多') {
    qualifier = 'floor';
    i += 1;
  }
  let unit: string | undefined;
  // "12 件": a space before the unit, as typed in some drafts.
  let j = i;
  while (text[j] === ' ' || text[j] === '\u3000') j += 1;
  if (allowPercent && text[j] === '%') unit = '%';
  else unit = WRITTEN_UNITS.find((u) => startsWithAt(text, j, u));
  if (unit) i = j + unit.length;
  if (unit === '个' && DURATION_AFTER.test(text.slice(i))) return { end: i, multiplier, qualifier, unit: undefined, duration: true };
  const suffix = SUFFIXES.find(([word]) => startsWithAt(text, i, word));
  if (suffix && qualifier === 'exact') {
    qualifier = suffix[1];
    i += suffix[0].length;
  }
  return { end: i, multiplier, qualifier, unit, duration: false };
}

function readPrefix(text: string, at: number): { start: number; qualifier: Qualifier } {
  const prefix = PREFIXES.find(([word]) => endsWithAt(text, at, word));
  return prefix ? { start: at - prefix[0].length, qualifier: prefix[1] } : { start: at, qualifier: 'exact' };
}

/** A run of numbers after 第 ("第33、34条", "第三十三条至第三十五条"): article and item numbers. */
function afterOrdinalMark(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && at - i <= 16; i -= 1) {
    const ch = text[i] as string;
    if (ch === '第') return true;
    if (!/[\d、，,和及至到－\-—零〇一二三四五六七八九十百千条款项]/.test(ch)) return false;
  }
  return false;
}

function clauseStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && !CLAUSE_BREAKS.has(text[i - 1] as string)) i -= 1;
  return i;
}

function arabicAt(text: string, start: number, end: number): RawFigure | undefined {
  const before = text[start - 1] ?? '';
  const next = text[end] ?? '';
  if (/[A-Za-z.+·\-/:]/.test(before) || /[A-Za-z+·]/.test(next)) return undefined;
  if (/[-/:]/.test(next) && /\d/.test(text[end + 1] ?? '')) return undefined; // 2025-12-31, 14:30
  if (before === '第' || before === '〔' || before === '[' || next === '〕' || next === ']') return undefined;
  if (/[年月日号时岁]/.test(next) || startsWithAt(text, end, '周年')) return undefined;
  if (/[—–~～至到]/.test(next) && /\d/.test(text[end + 1] ?? '')) return undefined; // 2023—2025年, 1至3月
  const digitsOnly = text.slice(start, end).replaceAll(',', '');
  if (/^0\d{2,}/.test(digitsOnly) || /^\d{7,}$/.test(digitsOnly)) return undefined; // 0478…, 13904781234
  if (PHONE_BEFORE.test(text.slice(Math.max(0, start - 8), start))) return undefined;
  if (/[、，,和及至]/.test(before) && afterOrdinalMark(text, start)) return undefined; // 第33、34条
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() === '' && /[.、)）]/.test(next)) return undefined; // 1. / 1、 headings
  if (/[（(]/.test(before) && /[）)]/.test(next)) return undefined; // （1）
  if (insideName(text, start)) return undefined;

  const digits = text.slice(start, end);
  const tail = readTail(text, end, true);
  if (tail.duration) return undefined;
  if (!tail.unit && tail.end === end) {
    // A bare number: a year, a hotline (12345热线) or part of a name (3A景区) unless it stands alone.
    if (/^(19|20)\d{2}$/.test(digits)) return undefined;
    if (NAME_AFTER.test(text.slice(end))) return undefined;
  }
  const prefix = readPrefix(text, start);
  return {
    start: prefix.start,
    end: tail.end,
    value: Number(digits.replaceAll(',', '')) * tail.multiplier,
    qualifier: prefix.qualifier !== 'exact' ? prefix.qualifier : tail.qualifier,
    ...(tail.unit ? { unit: tail.unit } : {}),
    decimals: digits.includes('.') ? (digits.split('.')[1]?.length ?? 0) : 0,
    numeral: 'arabic',
  };
}

function chineseAt(text: string, start: number, end: number): RawFigure | undefined {
  const before = text[start - 1] ?? '';
  if (before === '第' || before === '“' || before === '《' || endsWithAt(text, start, '星期')) return undefined;
  if (/[无未没]/.test(before)) return undefined; // 无一起: "not a single one"
  const value = parseChineseNumeral(text.slice(start, end));
  if (value === undefined) return undefined;
  if (afterOrdinalMark(text, start)) return undefined;
  const tail = readTail(text, end, false);
  if (tail.duration || !tail.unit || tail.unit === '元') return undefined;
  if (value === 1 && !UNITS_FOR_ONE.has(tail.unit)) return undefined;
  if (/[性化是]/.test(text[tail.end] ?? '')) return undefined; // 一次性, 两个是
  if (insideName(text, start)) return undefined;
  const prefix = readPrefix(text, start);
  return {
    start: prefix.start,
    end: tail.end,
    value: value * tail.multiplier,
    qualifier: prefix.qualifier !== 'exact' ? prefix.qualifier : tail.qualifier,
    unit: tail.unit,
    decimals: 0,
    numeral: 'chinese',
  };
}

/** "，无信访重点人员。": a clause that opens with 无 states a zero. */
function noneAt(text: string, start: number): RawFigure | undefined {
  const word = ['未发生', '没有', '无'].find((w) => startsWithAt(text, start, w));
  if (!word) return undefined;
  const from = clauseStart(text, start);
  if (text.slice(from, start).replace(FILLERS, '') !== '') return undefined; // "，全年未发生…" as well as "，无…"
  if (/^[一]/.test(text.slice(start + word.length))) return undefined; // 无一起: emphasis, not a count
  const end = start + word.length;
  let stop = end;
  while (stop < text.length && !CLAUSE_BREAKS.has(text[stop] as string)) stop += 1;
  if (stop - end < 2 || stop - end > 12) return undefined;
  return { start, end, value: 0, qualifier: 'exact', decimals: 0, numeral: 'none' };
}

/**
 * Every figure in a report text: digits (1,024 · 98.5% · 60余条 · 超1000人次), Chinese-numeral
 * counts (十二次) and zero clauses (无信访重点人员). Years, dates, document and article numbers,
 * heading numbers, per-unit rates and numbers inside names are left out.
 */
export function extractFigures(input: string): FoundFigure[] {
  const text = normalise(input);
  const raw: RawFigure[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    let found: RawFigure | undefined;
    let scanned = i + 1;
    if (/\d/.test(ch)) {
      ARABIC.lastIndex = i;
      const m = ARABIC.exec(text);
      scanned = i + (m?.[0].length ?? 1);
      found = arabicAt(text, i, scanned);
    } else if (CHINESE_DIGITS[ch] !== undefined || ch in CHINESE_POWERS || ch === '万') {
      CHINESE.lastIndex = i;
      const m = CHINESE.exec(text);
      scanned = i + (m?.[0].length ?? 1);
      found = chineseAt(text, i, scanned);
    } else {
      found = noneAt(text, i);
    }
    if (found && PER_UNIT.test(text.slice(clauseStart(text, found.start), found.start))) found = undefined;
    if (found) raw.push(found);
    i = found ? Math.max(found.end, scanned) : scanned;
  }
  return raw.map((figure, index) => inContext(input, text, figure, raw[index - 1], raw[index + 1]));
}

/** Words that open a phrase without naming anything ("全年共", "累计"). */
const FILLERS = /^(?:全年|年内|今年|本年度|全镇|全乡|全街道|全旗|全县|共计|累计|合计|共|已|并|及|和|其中|另有|另)+/;

function inContext(input: string, text: string, figure: RawFigure, previous: RawFigure | undefined, next: RawFigure | undefined): FoundFigure {
  const clauseFrom = clauseStart(text, figure.start);
  let sentenceFrom = figure.start;
  while (sentenceFrom > 0 && !SENTENCE_BREAKS.has(text[sentenceFrom - 1] as string)) sentenceFrom -= 1;
  const leadFrom = Math.max(sentenceFrom, previous?.end ?? 0);
  let afterTo = figure.end;
  const afterLimit = Math.min(next?.start ?? text.length, figure.end + 16);
  while (afterTo < afterLimit && !CLAUSE_BREAKS.has(text[afterTo] as string)) afterTo += 1;
  let sentence = 0;
  for (let k = 0; k < figure.start; k += 1) if (SENTENCE_BREAKS.has(text[k] as string)) sentence += 1;
  const line = input.slice(0, figure.start).split('\n').length;
  const after = text.slice(figure.end, afterTo);
  const own = text.slice(Math.max(clauseFrom, previous?.end ?? 0), figure.start);
  return {
    text: input.slice(figure.start, figure.end),
    value: figure.value,
    qualifier: figure.qualifier,
    ...(figure.unit ? { unit: figure.unit } : {}),
    decimals: figure.decimals,
    numeral: figure.numeral,
    start: figure.start,
    end: figure.end,
    line,
    context: input.slice(clauseFrom, figure.end + Math.min(after.length, 8)).trim(),
    clause: text.slice(clauseFrom, figure.start),
    after,
    lead: text.slice(leadFrom, figure.start),
    sentence,
    topic: text.slice(sentenceFrom, figure.start),
    phrase: withoutNames(own).replace(/[□\s]+/g, '').replace(FILLERS, '').slice(-20),
  };
}

/** An aside in brackets ("网格员（含专兼职）210名") qualifies the words before it; it does not name the figure after it. */
function withoutAsides(text: string): string {
  return text.replace(/[（(][^（）()]*[）)]/g, (m) => '□'.repeat(m.length));
}

/** Titles in 《…》 name laws and documents, not what is counted: their words are blanked (offsets kept). */
function withoutNames(text: string): string {
  return text.replace(/《[^《》]*》?/g, (m) => '□'.repeat(m.length));
}

// ——— matching ———

function unitFits(figure: FoundFigure, indicator: CheckIndicator): boolean {
  if (figure.unit === '%' || indicator.unit === '%') return figure.unit === '%' && indicator.unit === '%';
  if (!figure.unit || figure.unit === indicator.unit) return true;
  return COMPATIBLE[indicator.unit]?.includes(figure.unit) ?? false;
}

/** Words before a figure that make it a change, not a total ("新增网格员12名", "较上年增长15%"). */
const CHANGE_WORDS = ['新增', '增加', '增长', '减少', '下降', '提高', '提升', '降低', '上升', '同比', '较上年', '比上年', '环比'];

/** Where in relation to the figure its words were found: own side of the clause, right after it, earlier in the sentence. */
type Zone = 0 | 1 | 2;

interface Hit {
  keyword: string;
  start: number;
  end: number;
  /** The part of the keyword that says which figure of a kind is meant, not only the kind ("化解" of "化解矛盾纠纷"). */
  telling: boolean;
  town: boolean;
}

interface Candidate {
  indicator: CheckIndicator;
  keyword: string;
  zone: Zone;
  /** Characters between the nearest telling word and the figure (kind-only words count far). */
  distance: number;
  /** Characters between the nearest word of any sort and the figure: what tells indicators of different kinds apart. */
  rawDistance: number;
  kind: string | undefined;
  length: number;
  town: boolean;
  hit: Hit;
  hits: Hit[];
}

const FAR = 1000;
const EMPTY: ReadonlySet<string> = new Set();

/** Every place a word of the indicator occurs in a zone's text, longest words first where they overlap. */
function hitsIn(rawZone: string, words: ReadonlyArray<{ word: string; town: boolean }>, kindNouns: ReadonlySet<string>): Hit[] {
  // "审查各类合同" says 审查合同: fillers inside a phrase are read past.
  const zoneText = rawZone.replace(INNER_FILLERS, '');
  const hits: Hit[] = [];
  for (const { word, town } of words) {
    if (word.length < 2 && !town) continue;
    for (let at = zoneText.indexOf(word); at >= 0; at = zoneText.indexOf(word, at + 1)) {
      hits.push({ keyword: word, start: at, end: at + word.length, telling: town || !nounOnly(word, kindNouns), town });
    }
  }
  return hits;
}

const INNER_FILLERS = /各类|各种|各项/g;

/** A word made only of kind names and fillers ("矛盾纠纷", "各类矛盾") says which kind, not which figure. */
function nounOnly(word: string, kindNouns: ReadonlySet<string>): boolean {
  let rest = word;
  for (const noun of [...kindNouns].sort((a, b) => b.length - a.length)) rest = rest.replaceAll(noun, '');
  return rest.replace(/各类|各种|相关|有关|全部|全年|累计|共计/g, '') === '';
}

/** Nearer words win; within one kind only words that tell its figures apart count ("排查" over "矛盾纠纷"). */
function better(a: Candidate, b: Candidate): number {
  const distance = a.kind !== undefined && a.kind === b.kind ? a.distance - b.distance : a.rawDistance - b.rawDistance;
  return a.zone - b.zone || distance || a.distance - b.distance || Number(b.town) - Number(a.town) || b.length - a.length;
}

/**
 * The candidates of a figure, each indicator by its nearest word. 'vague': by its generic words
 * whose topic the sentence does not name only, candidates that are never chosen but may stand in
 * the way of a farther word ("案卷评查发现问题已整改9个": 已整改 says rectified, whatever of).
 */
function candidatesFor(figure: FoundFigure, indicators: readonly CheckIndicator[], vocabulary: Vocabulary, kindNouns: ReadonlyMap<string, ReadonlySet<string>>, vague = false): Candidate[] {
  const own = withoutNames(figure.clause.slice(Math.max(0, figure.clause.length - figure.lead.length)));
  const zones: Array<[Zone, string]> = [
    [0, own],
    [1, withoutNames(figure.after)],
    [2, withoutAsides(withoutNames(figure.lead.slice(0, Math.max(0, figure.lead.length - own.length))))],
  ];
  const found: Candidate[] = [];
  for (const indicator of indicators) {
    if (!unitFits(figure, indicator)) continue;
    // Words that only name the indicator's own kind ("矛盾纠纷" for 排查矛盾纠纷) do not tell its figures apart.
    const kind = vocabulary.kindOf[indicator.code];
    const ownNouns = kind ? kindNouns.get(kind) ?? EMPTY : EMPTY;
    const generic = vocabulary.generic[indicator.code] ?? [];
    const named = generic.length > 0 && topicNamed(figure, indicator.code, vocabulary);
    if (vague && (named || !generic.length)) continue;
    const builtIn = vague
      ? generic
      : [
          // A label listed among the generic words ("问题整改率") is generic too.
          ...(generic.includes(indicator.label) ? [] : [indicator.label]),
          ...(vocabulary.synonyms[indicator.code] ?? []),
          ...(named ? generic : []),
        ];
    const words = [
      ...builtIn.map((word) => ({ word, town: false })),
      ...(vague ? [] : (vocabulary.townSynonyms[indicator.code] ?? []).map((word) => ({ word, town: true }))),
    ];
    for (const [zone, zoneText] of zones) {
      if (zone === 2 && !figure.unit) break;
      if (zone > 0 && !figure.unit && figure.numeral !== 'none') break;
      const hits = hitsIn(zoneText, words, ownNouns);
      if (!hits.length) continue;
      const length = zoneText.replace(INNER_FILLERS, '').length;
      const distanceOf = (h: Hit) => (zone === 1 ? h.start : length - h.end) + (h.telling ? 0 : FAR);
      const best = hits.reduce((a, b) => (distanceOf(a) - distanceOf(b) || Number(b.town) - Number(a.town) || b.keyword.length - a.keyword.length) <= 0 ? a : b);
      const rawDistance = Math.min(...hits.map((h) => distanceOf(h) % FAR));
      found.push({ indicator, keyword: best.keyword, zone, distance: distanceOf(best), rawDistance, kind, length: best.keyword.length, town: best.town, hit: best, hits });
      break;
    }
  }
  return found.sort(better);
}

/**
 * Whether the figure's sentence names the indicator's topic, before the figure or right after it,
 * so that its generic words ("提出建议", "参训") may name it. A topic word inside one of the
 * generic words does not count: "考试合格" says nothing of 学法考试 by its own 考试.
 */
function topicNamed(figure: FoundFigure, code: string, vocabulary: Vocabulary): boolean {
  const generic = vocabulary.generic[code] ?? [];
  const topics = vocabulary.topics[code] ?? [];
  const sentence = withoutNames(figure.topic) + '□' + withoutNames(figure.after);
  const within: Array<[number, number]> = [];
  for (const word of generic) for (let at = sentence.indexOf(word); at >= 0; at = sentence.indexOf(word, at + 1)) within.push([at, at + word.length]);
  return topics.some((topic) => {
    for (let at = sentence.indexOf(topic); at >= 0; at = sentence.indexOf(topic, at + 1)) {
      const end = at + topic.length;
      if (!within.some(([from, to]) => from <= at && end <= to)) return true;
    }
    return false;
  });
}

/**
 * The kinds the sentence is about at the figure: the kind word nearest before it (in the figure's
 * own clause or earlier in its sentence), skipping words inside the indicator's own keywords;
 * failing that, one right after it.
 */
function topicKinds(figure: FoundFigure, vocabulary: Vocabulary, skip: (at: number, end: number) => boolean, relevant: (kinds: readonly string[]) => boolean): readonly string[] {
  const topic = withoutNames(figure.topic);
  let best: { end: number; length: number; kinds: readonly string[] } | undefined;
  for (const [word, kinds] of vocabulary.kindWords) {
    if (!relevant(kinds)) continue;
    for (let at = topic.lastIndexOf(word); at >= 0; at = at > 0 ? topic.lastIndexOf(word, at - 1) : -1) {
      const end = at + word.length;
      if (skip(at, end)) continue;
      if (!best || end > best.end || (end === best.end && word.length > best.length)) best = { end, length: word.length, kinds };
      break;
    }
  }
  if (best) return best.kinds;
  const after = withoutNames(figure.after);
  let first: { at: number; kinds: readonly string[] } | undefined;
  for (const [word, kinds] of vocabulary.kindWords) {
    if (!relevant(kinds)) continue;
    const at = after.indexOf(word);
    if (at >= 0 && (!first || at < first.at)) first = { at, kinds };
  }
  return first?.kinds ?? [];
}

/** Whether the kind the sentence is about allows the indicator: its own keyword naming its kind always does. */
function agreesWithTopic(figure: FoundFigure, candidate: Candidate, vocabulary: Vocabulary, indicators: readonly CheckIndicator[]): boolean {
  const kind = vocabulary.kindOf[candidate.indicator.code];
  if (!kind || candidate.town) return true;
  const namesOwnKind = [...vocabulary.kindWords].some(([word, kinds]) => kinds.length === 1 && kinds[0] === kind && candidate.keyword.includes(word));
  if (namesOwnKind) return true;
  // Offsets of the candidate's hits within the topic text (zone 0 and 2 lie at its end).
  const topicLength = figure.topic.length;
  const ownLength = Math.min(figure.lead.length, figure.clause.length);
  const covered = (at: number, end: number) =>
    candidate.zone !== 1 &&
    candidate.hits.some((h) => {
      const offset = candidate.zone === 0 ? topicLength - ownLength : topicLength - figure.lead.length;
      return at < offset + h.end && end > offset + h.start;
    });
  // A kind matters only if it could state this figure (or states none, like 法治体检): "邀请律师举办法治讲座2场" is about lectures.
  // …and so does a kind the indicator's own word might name ("考试" of 学法考试 and of 执法培训/考试).
  const sharing = new Set([...vocabulary.kindWords].filter(([word]) => candidate.keyword.includes(word)).flatMap(([, kinds]) => kinds));
  const relevant = (kinds: readonly string[]) =>
    kinds.some((k) => {
      if (sharing.has(k)) return true;
      const own = indicators.filter((i) => vocabulary.kindOf[i.code] === k);
      return k === kind || own.length === 0 || own.some((i) => unitFits(figure, i));
    });
  const kinds = topicKinds(figure, vocabulary, covered, relevant);
  return kinds.length === 0 || kinds.includes(kind);
}

/** How many other words of the figure's own clause the candidate's label names. */
function support(candidate: Candidate, figure: FoundFigure, indicators: readonly CheckIndicator[], vocabulary: Vocabulary): number {
  const own = ownSide(figure).replace(INNER_FILLERS, '');
  let rest = own.slice(0, candidate.hit.start) + '□' + own.slice(candidate.hit.end);
  // "…12次，其中专题学习3次": a breakdown is of what the sentence named before it.
  if (/^[，、\s]*(?:其中|包括|含)/.test(own)) rest += '□' + withoutNames(figure.topic.slice(0, figure.topic.length - own.length));
  const words = new Set<string>();
  for (const i of indicators) for (const w of [i.label, ...(vocabulary.synonyms[i.code] ?? [])]) if (w.length >= 2 && rest.includes(w) && candidate.indicator.label.includes(w)) words.add(w);
  return words.size;
}

/** Of two indicators named together ("排查化解", "发现并整改"), the wider one: the denominator of a ratio over both. */
function widerOf(a: string, b: string, vocabulary: Vocabulary): string | undefined {
  for (const r of Object.values(vocabulary.ratios)) {
    if (r.numerator === a && r.denominator === b) return b;
    if (r.numerator === b && r.denominator === a) return a;
  }
  return undefined;
}

/** The figure's own side of its clause: back to the clause's start or the previous figure. */
const ownSide = (figure: FoundFigure) => withoutNames(figure.clause.slice(Math.max(0, figure.clause.length - figure.lead.length)));

/** When no word names an indicator: the one indicator of the kind named in the figure's clause (by its own words) whose unit is the figure's. */
function byKindAndUnit(figure: FoundFigure, indicators: readonly CheckIndicator[], vocabulary: Vocabulary): CheckIndicator | undefined {
  if (!figure.unit || figure.unit === '%') return undefined;
  const clause = ownSide(figure) + withoutNames(figure.after);
  const kinds = new Set<string>();
  for (const [word, named] of vocabulary.kindWords) if (clause.includes(word)) named.forEach((k) => kinds.add(k));
  if (kinds.size !== 1) return undefined;
  const named = [...vocabulary.kindWords.keys()].filter((w) => clause.includes(w));
  const fitting = indicators.filter(
    (i) =>
      kinds.has(vocabulary.kindOf[i.code] ?? '') &&
      i.unit !== '%' &&
      (i.unit === figure.unit || COMPATIBLE[i.unit]?.includes(figure.unit as string)) &&
      [i.label, ...(vocabulary.synonyms[i.code] ?? [])].some((w) => named.some((n) => w.includes(n))),
  );
  const strict = fitting.filter((i) => i.unit === figure.unit || COMPATIBLE[i.unit]?.[0] === figure.unit);
  return strict.length === 1 ? strict[0] : undefined;
}

/** The indicator a figure states, or undefined when none is named clearly enough. */
function chooseFor(figure: FoundFigure, indicators: readonly CheckIndicator[], vocabulary: Vocabulary, kindNouns: ReadonlyMap<string, ReadonlySet<string>>): Candidate | undefined {
  const raw = candidatesFor(figure, indicators, vocabulary, kindNouns);
  const all = raw.filter((c) => agreesWithTopic(figure, c, vocabulary, indicators));
  // The nearest word names a figure of another kind ("评查…已整改9个" is not 执法检查's), or is a
  // generic word without its topic ("村干部参训") of another indicator: not a farther word either.
  const vague = candidatesFor(figure, indicators, vocabulary, kindNouns, true);
  const nearestRejected = [...raw.filter((c) => !all.includes(c)), ...vague.filter((c) => c.indicator !== all[0]?.indicator)].sort(better)[0];
  if (nearestRejected && all[0] && better(nearestRejected, all[0]) < 0 && nearestRejected.zone === all[0].zone && nearestRejected.distance < all[0].distance) return undefined;
  if (!all.length) {
    // Generic words without their topic say what sort of figure it is, not of what: no guess by kind and unit either.
    if (vague.length) return undefined;
    const single = byKindAndUnit(figure, indicators, vocabulary);
    return single ? { indicator: single, keyword: '', zone: 2, distance: FAR, rawDistance: FAR, kind: vocabulary.kindOf[single.code], length: 0, town: false, hit: { keyword: '', start: 0, end: 0, telling: false, town: false }, hits: [] } : undefined;
  }
  let first = all[0] as Candidate;
  const second = all[1];
  // A verb pair ("排查化解", "发现并整改") names both sides of a ratio: the figure counts the wider.
  if (second?.zone === first.zone) {
    const gap = first.hit.start - second.hit.end;
    const reverseGap = second.hit.start - first.hit.end;
    const side = ownSide(figure).replace(INNER_FILLERS, '');
    const joined = (at: number) => /[和及与、并]/.test(side[at] ?? '');
    const adjacent = gap === 0 || reverseGap === 0 || (gap === 1 && joined(second.hit.end)) || (reverseGap === 1 && joined(first.hit.end));
    const wider = adjacent ? widerOf(first.indicator.code, second.indicator.code, vocabulary) : undefined;
    if (wider) return wider === first.indicator.code ? first : second;
    // "行政复议和行政应诉案件2件": two figures joined, stated as one sum that neither indicator is.
    if (adjacent && gap !== 0 && reverseGap !== 0) return undefined;
    if (better(first, second) === 0) {
      // Two indicators with the same word ("专题学习"): the one whose label also names another word of the clause ("中心组").
      const tied = all.filter((c) => better(c, first) === 0);
      const supports = tied.map((c) => support(c, figure, indicators, vocabulary));
      const top = Math.max(...supports);
      if (supports.filter((n) => n === top).length !== 1) return undefined;
      first = tied[supports.indexOf(top)] as Candidate;
    }
  }
  // A change is not a total, unless the indicator's own words say change.
  const own = figure.clause.slice(Math.max(0, figure.clause.length - figure.lead.length));
  const change = CHANGE_WORDS.find((w) => own.includes(w));
  const ownWords = [first.indicator.label, ...(vocabulary.synonyms[first.indicator.code] ?? []), ...(vocabulary.generic[first.indicator.code] ?? [])];
  if (change && !first.town && !ownWords.some((w) => CHANGE_WORDS.some((c) => w.includes(c)))) return undefined;
  return first;
}

/**
 * Matches each figure to the indicator its wording names. A figure whose words name no
 * indicator clearly (none, two equally, or one of another kind than the sentence is about)
 * stays unmatched; a "其中…" breakdown without its own words stays unmatched too, since the
 * words before it belong to the figure before it.
 */
export function matchFigures(
  figures: readonly FoundFigure[],
  indicators: readonly CheckIndicator[],
  vocabulary: Vocabulary | Synonyms = BUILT_IN_VOCABULARY,
): FigureMatch[] {
  const words = isVocabulary(vocabulary) ? vocabulary : { ...BUILT_IN_VOCABULARY, synonyms: { ...BUILT_IN_VOCABULARY.synonyms, ...vocabulary } };
  const kindNouns = new Map<string, Set<string>>();
  for (const [word, kinds] of words.kindWords) for (const kind of kinds) kindNouns.set(kind, (kindNouns.get(kind) ?? new Set()).add(word));
  return figures.map((figure) => {
    const c = chooseFor(figure, indicators, words, kindNouns);
    return c ? { figure, indicator: c.indicator, keyword: c.keyword || c.indicator.label } : { figure };
  });
}

const isVocabulary = (v: Vocabulary | Synonyms): v is Vocabulary => 'kindWords' in v && v.kindWords instanceof Map;

// ——— comparing ———

/** The range a "余" figure claims: 60余 → [60, 70), 120余 → [120, 130), 1000余 → [1000, 1100). */
function floorRange(n: number): [number, number] {
  const step = n < 100 ? 10 : 10 ** (Math.floor(Math.log10(n)) - 1);
  return [n, roundDown(n) + step];
}

const roundTo = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

function holds(qualifier: Qualifier, stated: number, actual: number, decimals: number): boolean {
  switch (qualifier) {
    case 'exact':
      return roundTo(actual, decimals) === roundTo(stated, decimals);
    case 'floor': {
      const [low, high] = floorRange(stated);
      return actual >= low && actual < high;
    }
    case 'over':
      return actual > stated;
    case 'atLeast':
      return actual >= stated;
    case 'under':
      return actual < stated;
    case 'atMost':
      return actual <= stated;
    case 'approx':
      return Math.abs(actual - stated) <= Math.abs(stated) * 0.1;
  }
}

const FORMAT_FOR: Record<Qualifier, FigureFormat> = {
  exact: 'exact',
  floor: 'floor',
  over: 'over',
  atLeast: 'exact',
  under: 'exact',
  atMost: 'exact',
  approx: 'exact',
};

/** Whether the ledger bears the figure out, and the ledger's value written the draft's way. */
export function compareFigure(figure: FoundFigure, indicator: CheckIndicator): { equal: boolean; expected: string } {
  const value: IndicatorValue = { records: 0, ...indicator };
  if (indicator.unit === '%') {
    const { numerator, denominator } = indicator;
    if (denominator === 0) return { equal: false, expected: formatPercent(0, 0) };
    const percent = numerator !== undefined && denominator !== undefined ? (numerator / denominator) * 100 : indicator.value;
    const expected = formatFigure(value, 'percent');
    return { equal: holds(figure.qualifier, figure.value, percent, figure.decimals), expected };
  }
  return {
    equal: holds(figure.qualifier, figure.value, indicator.value, figure.decimals),
    expected: formatFigure(value, FORMAT_FOR[figure.qualifier]),
  };
}

/** Extracts, matches and compares: what "check a draft" shows. Unmatched "无…" clauses are not listed. */
export function checkDraft(text: string, indicators: readonly CheckIndicator[], vocabulary: Vocabulary | Synonyms = BUILT_IN_VOCABULARY): CheckResult {
  const result: CheckResult = { matched: [], mismatched: [], unmatched: [] };
  for (const { figure, indicator, keyword } of matchFigures(extractFigures(text), indicators, vocabulary)) {
    if (!indicator || keyword === undefined) {
      if (figure.numeral !== 'none') result.unmatched.push({ ...figure, draftValue: figure.value });
      continue;
    }
    const { equal, expected } = compareFigure(figure, indicator);
    const item: CheckItem = {
      text: figure.text,
      phrase: figure.phrase,
      context: figure.context,
      start: figure.start,
      end: figure.end,
      line: figure.line,
      draftValue: figure.value,
      qualifier: figure.qualifier,
      keyword,
      code: indicator.code,
      label: indicator.label,
      unit: indicator.unit,
      ledgerValue: indicator.value,
      ...(indicator.numerator !== undefined ? { numerator: indicator.numerator } : {}),
      ...(indicator.denominator !== undefined ? { denominator: indicator.denominator } : {}),
      expected,
      records: indicator.records ?? 0,
    };
    (equal ? result.matched : result.mismatched).push(item);
  }
  return result;
}
