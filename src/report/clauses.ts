/**
 * Clause by clause: a sentence that keeps some of its figures still loses the parts that would
 * only say "0" — a clause between ，, an item of a 、 list of figures, a parenthesised group such
 * as "（其中…）" — and still reads as a sentence: the verb or 其中 that led a list passes to the
 * item that now leads it, and no "，。", "、）" or empty "（其中）" is left. Parts without figures
 * are framing and stay. Pure, over template text (placeholders not yet filled in).
 */

/** How many figures a piece of template text holds, and whether every one of them would print nothing. */
export type FigureState = (text: string) => { figures: number; empty: boolean };

/**
 * Words that lead a list of figures and belong to all its items ("配备网格长…、网格员…",
 * "其中专职…、兼职…"): when the first item goes, they pass to the next one.
 */
const LEAD_WORDS = [
  '其中', '包括', '含', '现有', '共有', '累计', '新增',
  '开展', '组织', '举办', '举行', '召开', '参加', '配备', '选配', '选派', '组建', '选聘', '聘请', '招募',
  '设立', '设置', '建立', '建成', '培养', '培育', '认定', '推送', '发布', '印发', '制发', '审查', '审核',
  '办理', '受理', '排查', '化解', '调解', '作出', '查处', '完成', '发现', '整改', '公开', '征求', '走访',
];

const OPEN = '（(“‘《';
const CLOSE = '）)”’》';

/** Splits at `separator` where it stands outside brackets and quotes. */
function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Where the first lead word of `text` ends (with a following ：), and where it starts; undefined without one. */
function leadOf(text: string): { start: number; end: number } | undefined {
  let best: { start: number; end: number } | undefined;
  for (const word of LEAD_WORDS) {
    // Words inside a placeholder or a {variable} are not the text's own.
    const at = outsideBraces(text, word);
    // A word within a label's length of its figure is part of the label ("党委发文{{a}}", "调解员{{b}}"), not a shared verb.
    if (at === -1 || /^.?\{\{/u.test(text.slice(at + word.length))) continue;
    if (!best || at < best.start || (at === best.start && at + word.length > best.end)) best = { start: at, end: at + word.length };
  }
  if (best && text[best.end] === '：') best.end++;
  return best;
}

function outsideBraces(text: string, word: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at === -1) return -1;
    const before = text.slice(0, at);
    if ((before.match(/\{/g)?.length ?? 0) === (before.match(/\}/g)?.length ?? 0)) return at;
    from = at + 1;
  }
}

/** Whether the text begins with a lead word of its own (after at most two characters such as 已, 均, 共). */
const ledByItself = (text: string) => {
  const lead = leadOf(text);
  return lead !== undefined && lead.start <= 2 && !text.slice(0, lead.start).includes('{');
};

/**
 * The sentence body (without its closing 。；！？) without the parts whose figures are all empty.
 * The caller keeps or drops whole sentences; this works inside one that keeps some figure.
 */
export function pruneClauses(body: string, state: FigureState): string {
  const clauses = splitTop(body, '，');
  const kept: string[] = [];
  let carry = '';
  clauses.forEach((clause, i) => {
    const { figures, empty } = state(clause);
    if (figures && empty) {
      // "主要做法：开展…" — a heading before a colon stays with the clauses that follow.
      const colon = clause.lastIndexOf('：');
      if (i === 0 && colon !== -1 && !clause.slice(0, colon).includes('{{')) carry = clause.slice(0, colon + 1);
      return;
    }
    kept.push(carry + pruneClause(clause, state));
    carry = '';
  });
  return kept.join('，');
}

/** One clause: a 、 list of figures loses its empty items, and any clause its empty parenthesised groups. */
function pruneClause(clause: string, state: FigureState): string {
  const items = splitTop(clause, '、');
  // "机关、乡村、社区等{{n}}类" is one figure, not a list of them: only a list whose every item is a figure is pruned.
  if (items.length < 2 || !items.every((item) => state(item).figures > 0)) return pruneGroups(clause, state);
  const kept: string[] = [];
  const first = items[0] ?? '';
  const lead = leadOf(first);
  items.forEach((item, i) => {
    if (state(item).empty) return;
    const own = pruneGroups(item, state);
    // The first item went: what it shared with the others, its subject ("全镇") and lead word ("配备",
    // "其中"), passes to this one; an item with a verb of its own ("举办…、组织…") takes only the subject.
    if (!kept.length && i > 0 && lead) kept.push(first.slice(0, lead.start) + (ledByItself(own) ? '' : first.slice(lead.start, lead.end)) + own);
    else kept.push(own);
  });
  return kept.join('、');
}

/** "（其中专职{{a}}、兼职{{b}}）": a group whose figures are all empty goes, brackets and all; the others are pruned inside. */
function pruneGroups(text: string, state: FigureState): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch !== '（' && ch !== '(') {
      out += ch;
      i++;
      continue;
    }
    const end = closingOf(text, i);
    if (end === -1) {
      out += text.slice(i);
      break;
    }
    const inner = text.slice(i + 1, end);
    const { figures, empty } = state(inner);
    if (!figures) out += text.slice(i, end + 1);
    else if (!empty) out += `${ch}${pruneClauses(inner, state)}${text[end] ?? ''}`;
    i = end + 1;
  }
  return out;
}

function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
