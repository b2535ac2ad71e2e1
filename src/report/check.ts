/**
 * Checking a draft (核对报告稿): every figure in a report's text is found, matched to the
 * indicator its wording names, and compared with the ledger. Pure: the indicator values are
 * passed in, so the same check serves a pasted text, an uploaded DOCX and a composed report.
 *
 * A figure is matched by the words around it, not by its value: the nearest indicator keyword
 * in its own clause wins ("网格员308人（专职网格员291人，兼职17人）" gives three indicators).
 */
import { builtInKinds } from '../areas/index.js';
import { collectIndicators } from '../indicators/registry.js';
import type { IndicatorValue, Unit } from '../indicators/definition.js';
import { formatFigure, formatPercent, roundDown, type FigureFormat } from './format.js';

/**
 * How a draft states a figure: exactly; 60余 (60 ≤ v < 70); 超1000 (v > 1000); 1000以上 (v ≥ 1000);
 * 不足10 (v < 10); 10以内 (v ≤ 10); 约/近100 (within 10 %).
 */
export type Qualifier = 'exact' | 'floor' | 'over' | 'atLeast' | 'under' | 'atMost' | 'approx';

export interface FoundFigure {
  /** As written, qualifiers and unit included: "60余条", "超1000人次", "100%", "十二次", "无". */
  text: string;
  value: number;
  qualifier: Qualifier;
  /** The unit as written ('名', '场' …); absent for a bare number or a "无…" clause. */
  unit?: string;
  /** Digits after the decimal point, so a percentage is compared at the draft's precision. */
  decimals: number;
  /** How it was written: digits, Chinese numerals, or "无…" (none). */
  numeral: 'arabic' | 'chinese' | 'none';
  start: number;
  end: number;
  /** 1-based line of the text. */
  line: number;
  /** The clause before the figure, the figure and a few characters after: what a reader needs to find it. */
  context: string;
  /** The clause before the figure, back to the previous punctuation (，。；：、（ …). */
  clause: string;
  /** The text after the figure, up to the next punctuation or figure. */
  after: string;
  /** The text before the figure, back to the previous figure or the start of its sentence. */
  lead: string;
  /** Which sentence of the text the figure is in; one sentence's figures go to different indicators. */
  sentence: number;
}

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

export interface CheckItem {
  text: string;
  context: string;
  start: number;
  end: number;
  line: number;
  /** The number the draft states (60 for "60余条"). */
  draftValue: number;
  qualifier: Qualifier;
  keyword: string;
  code: string;
  label: string;
  unit: Unit;
  ledgerValue: number;
  numerator?: number;
  denominator?: number;
  /** The ledger's value written the way the draft wrote this figure ("60余条", "超1000人次", "100%"). */
  expected: string;
  /** How many records stand behind the ledger value. */
  records: number;
}

export interface CheckResult {
  matched: CheckItem[];
  mismatched: CheckItem[];
  unmatched: FoundFigure[];
}

/** The words reports use for each indicator, declared with the indicator itself (its `aliases`). */
export const synonymsOf = (indicators: ReadonlyArray<{ code: string; aliases?: readonly string[] }>): Synonyms =>
  Object.fromEntries(indicators.map((i) => [i.code, i.aliases ?? []]));

/** The built-in indicators' words. */
export const SYNONYMS: Synonyms = synonymsOf(collectIndicators(builtInKinds));

// ——— finding figures ———

/** Units as drafts write them, longest first so 人次 is not read as 人. */
const WRITTEN_UNITS = [
  '人次', '小时', '课时', '学时', '元',
  '次', '场', '期', '轮', '回',
  '条', '篇', '则', '份',
  '人', '名', '位',
  '件', '起', '宗',
  '台', '部', '套',
  '个', '家', '处', '所', '类', '项', '户', '支',
] as const;

/** Which written units may stand for an indicator's unit. */
const COMPATIBLE: Record<Unit, readonly string[]> = {
  次: ['次', '场', '期', '轮', '回'],
  条: ['条', '篇', '则', '份'],
  人: ['人', '名', '位'],
  人次: ['人次'],
  件: ['件', '起', '宗'],
  起: ['件', '起', '宗'],
  台: ['台', '部', '套', '个'],
  个: ['个', '家', '处', '所', '类', '项', '支'],
  家: ['家', '个', '户'],
  '%': ['%'],
  元: ['元'],
  小时: ['小时', '课时', '学时'],
};

/** A Chinese numeral of one stands for a count only with these units; "一次" is too often "once" or "一次性". */
const UNITS_FOR_ONE = new Set(['人', '名', '位', '台', '部', '件', '起', '宗']);

const PREFIXES: ReadonlyArray<readonly [string, Qualifier]> = [
  ['超过', 'over'], ['多于', 'over'], ['高于', 'over'], ['超', 'over'], ['逾', 'over'],
  ['不少于', 'atLeast'], ['不低于', 'atLeast'], ['至少', 'atLeast'],
  ['不足', 'under'], ['不到', 'under'], ['少于', 'under'], ['低于', 'under'],
  ['大约', 'approx'], ['将近', 'approx'], ['接近', 'approx'], ['约', 'approx'], ['近', 'approx'],
];
const SUFFIXES: ReadonlyArray<readonly [string, Qualifier]> = [
  ['以上', 'atLeast'], ['左右', 'approx'], ['以下', 'atMost'], ['以内', 'atMost'],
];

const CLAUSE_BREAKS = new Set([...'，。；：、（）()！？,;:!?\n\r']);
const SENTENCE_BREAKS = new Set([...'。；！？;!?\n']);
/** Per-unit and per-period figures ("每月排查一次", "人均2次") are not totals an indicator counts. */
const PER_UNIT = /每|人均|平均|户均|村均/;

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
  if (allowPercent && text[i] === '%') unit = '%';
  else unit = WRITTEN_UNITS.find((u) => startsWithAt(text, i, u));
  if (unit) i += unit.length;
  const suffix = SUFFIXES.find(([word]) => startsWithAt(text, i, word));
  if (suffix && qualifier === 'exact') {
    qualifier = suffix[1];
    i += suffix[0].length;
  }
  return { end: i, multiplier, qualifier, unit };
}

function readPrefix(text: string, at: number): { start: number; qualifier: Qualifier } {
  const prefix = PREFIXES.find(([word]) => endsWithAt(text, at, word));
  return prefix ? { start: at - prefix[0].length, qualifier: prefix[1] } : { start: at, qualifier: 'exact' };
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
  if (/[年月日号时]/.test(next) || startsWithAt(text, end, '周年')) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() === '' && /[.、)）]/.test(next)) return undefined; // 1. / 1、 headings
  if (/[（(]/.test(before) && /[）)]/.test(next)) return undefined; // （1）
  if (insideName(text, start)) return undefined;

  const digits = text.slice(start, end);
  const tail = readTail(text, end, true);
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
  const value = parseChineseNumeral(text.slice(start, end));
  if (value === undefined) return undefined;
  const tail = readTail(text, end, false);
  if (!tail.unit || tail.unit === '元') return undefined;
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
  if (start > 0 && !CLAUSE_BREAKS.has(text[start - 1] as string)) return undefined;
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

function inContext(input: string, text: string, figure: RawFigure, previous: RawFigure | undefined, next: RawFigure | undefined): FoundFigure {
  const clauseFrom = clauseStart(text, figure.start);
  let leadFrom = figure.start;
  const leadLimit = previous?.end ?? 0;
  while (leadFrom > leadLimit && !SENTENCE_BREAKS.has(text[leadFrom - 1] as string)) leadFrom -= 1;
  let afterTo = figure.end;
  const afterLimit = Math.min(next?.start ?? text.length, figure.end + 16);
  while (afterTo < afterLimit && !CLAUSE_BREAKS.has(text[afterTo] as string)) afterTo += 1;
  let sentence = 0;
  for (let k = 0; k < figure.start; k += 1) if (SENTENCE_BREAKS.has(text[k] as string)) sentence += 1;
  const line = input.slice(0, figure.start).split('\n').length;
  const after = text.slice(figure.end, afterTo);
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
  };
}

// ——— matching ———

function unitFits(figure: FoundFigure, indicator: CheckIndicator): boolean {
  if (figure.unit === '%' || indicator.unit === '%') return figure.unit === '%' && indicator.unit === '%';
  if (!figure.unit) return true;
  return COMPATIBLE[indicator.unit].includes(figure.unit);
}

interface Candidate {
  indicator: CheckIndicator;
  keyword: string;
  /** 0: in the figure's own clause before it; 1: right after it; 2: earlier in the sentence. */
  tier: 0 | 1 | 2;
  /** Characters between the keyword and the figure. */
  distance: number;
}

const better = (a: Candidate, b: Candidate) => a.tier - b.tier || a.distance - b.distance || b.keyword.length - a.keyword.length;

/** Where a keyword names the indicator closest to the figure, if anywhere. */
function place(figure: FoundFigure, keyword: string): Omit<Candidate, 'indicator' | 'keyword'> | undefined {
  const inClause = figure.clause.lastIndexOf(keyword);
  if (inClause >= 0) return { tier: 0, distance: figure.clause.length - inClause - keyword.length };
  const inAfter = figure.after.indexOf(keyword);
  if (inAfter >= 0) return { tier: 1, distance: inAfter };
  const inLead = figure.lead.lastIndexOf(keyword);
  if (inLead >= 0 && figure.unit) return { tier: 2, distance: figure.lead.length - inLead - keyword.length };
  return undefined;
}

function candidatesFor(figure: FoundFigure, indicators: readonly CheckIndicator[], synonyms: Synonyms): Candidate[] {
  const found: Candidate[] = [];
  for (const indicator of indicators) {
    if (!unitFits(figure, indicator)) continue;
    const keywords = new Set([indicator.label, ...(synonyms[indicator.code] ?? [])]);
    let best: Candidate | undefined;
    for (const keyword of keywords) {
      const where = place(figure, keyword);
      if (!where) continue;
      const candidate = { indicator, keyword, ...where };
      if (!best || better(candidate, best) < 0) best = candidate;
    }
    if (best) found.push(best);
  }
  return found.sort(better);
}

/**
 * Matches each figure to the indicator its wording names. Within a sentence the best-placed
 * figure takes an indicator first, and the others look for their next-best one; a "其中…"
 * breakdown that no other indicator counts stays unmatched rather than compared with the whole.
 */
export function matchFigures(
  figures: readonly FoundFigure[],
  indicators: readonly CheckIndicator[],
  synonyms: Synonyms = SYNONYMS,
): FigureMatch[] {
  const chosen = new Map<FoundFigure, Candidate>();
  const bySentence = new Map<number, FoundFigure[]>();
  for (const f of figures) bySentence.set(f.sentence, [...(bySentence.get(f.sentence) ?? []), f]);

  for (const group of bySentence.values()) {
    const candidates = new Map(group.map((f) => [f, candidatesFor(f, indicators, synonyms)]));
    const pairs = group.flatMap((f) => (candidates.get(f) ?? []).map((c) => ({ figure: f, candidate: c })));
    pairs.sort((a, b) => better(a.candidate, b.candidate) || a.figure.start - b.figure.start);
    const taken = new Set<string>();
    for (const { figure, candidate } of pairs) {
      if (chosen.has(figure) || taken.has(candidate.indicator.code)) continue;
      chosen.set(figure, candidate);
      taken.add(candidate.indicator.code);
    }
    for (const figure of group) {
      const best = candidates.get(figure)?.[0];
      if (chosen.has(figure) || !best || figure.clause.includes('其中')) continue;
      chosen.set(figure, best);
    }
  }
  return figures.map((figure) => {
    const c = chosen.get(figure);
    return c ? { figure, indicator: c.indicator, keyword: c.keyword } : { figure };
  });
}

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
export function checkDraft(text: string, indicators: readonly CheckIndicator[], synonyms: Synonyms = SYNONYMS): CheckResult {
  const result: CheckResult = { matched: [], mismatched: [], unmatched: [] };
  for (const { figure, indicator, keyword } of matchFigures(extractFigures(text), indicators, synonyms)) {
    if (!indicator || keyword === undefined) {
      if (figure.numeral !== 'none') result.unmatched.push(figure);
      continue;
    }
    const { equal, expected } = compareFigure(figure, indicator);
    const item: CheckItem = {
      text: figure.text,
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
