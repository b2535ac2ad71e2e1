/**
 * Clause by clause: a sentence that keeps some of its figures still loses the parts that would
 * only say "0" — a clause between ，, an item of a 、 list of figures, a parenthesised group such
 * as "（其中…）" — and still reads as a sentence: the subject and the 其中 or 配备 that led a list
 * pass to the item that now leads it, and no "，。", "、）" or empty "（其中）" is left. Parts without figures
 * are framing and stay. Pure, over template text (placeholders not yet filled in).
 */

/** How many figures a piece of template text holds, and whether every one of them would print nothing. */
export type FigureState = (text: string) => { figures: number; empty: boolean };

/**
 * What the first item of a 、 list shares with the others, and so passes to the next when it goes:
 * its subject — a unit or time word at the very start ("{whole}", "全年", "年内") — and a word that
 * introduces a breakdown or a stock ("其中", "包括", "配备"…). Its own verb never passes ("开展讲座…、
 * 发放资料…" would read "开展发放资料"), nor an adverb of its own ("已整改…、正在整改…").
 */
const SUBJECT = /^(?:\{whole\}|全年|年内|本年度|本年|今年|全镇|全乡|全街道|全苏木|全旗|全县|共|均)+/u;
const LIST_WORDS = ['其中', '包括', '含', '现有', '共有', '累计', '新增', '配备', '分别'];

/** The words the first item of a list shares with the items after it. */
function sharedOf(first: string): string {
  const subject = SUBJECT.exec(first)?.[0] ?? '';
  const rest = first.slice(subject.length);
  const listWord = LIST_WORDS.find((word) => rest.startsWith(word) && !rest.slice(word.length).startsWith('{{'));
  return subject + (listWord ? `${listWord}${rest[listWord.length] === '：' ? '：' : ''}` : '');
}

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
  const shared = sharedOf(items[0] ?? '');
  items.forEach((item, i) => {
    if (state(item).empty) return;
    const own = pruneGroups(item, state);
    // The first item went: its subject and list word ("全镇配备", "其中") pass to the one that now leads.
    if (!kept.length && i > 0 && shared && !own.startsWith(shared)) kept.push(shared + own);
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
