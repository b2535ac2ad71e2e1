/**
 * Masking personal information for display (PIPL art. 28): enough to recognise a value, not to use it.
 *
 * A value is masked item by item. Punctuation, symbols and spaces stay where they are and are never
 * masked; the characters between them form items, and each item is masked on its own by its length.
 * So a list of parties "王某某、李某某" masks each person ("王*某、李*某") instead of running one mask across
 * both, and "（…）" keeps both brackets. The one exception joins digits: a hyphen, dot or space between
 * two digits ("0478-8123456", "138 1234 5678") is kept in place but leaves the number one item, so a
 * phone number is masked as a whole number rather than as short pieces that would each show their ends.
 */

/** Characters never masked and never counted: punctuation, symbols, spaces. */
const SEPARATOR = /^[\p{P}\p{S}\p{Z}\s]$/u;

/** Between two digits these keep the number one item (the character itself is still shown). */
const DIGIT_JOINER = /^[-.\s－‐‑]$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * The mark demo and synthetic people carry after their names, "（示例）": it says the person is made up,
 * is no personal information, and must stay readable.
 */
const FICTION_MARK = '示例';
const OPENING = /^[（(【[]$/u;
const CLOSING = /^[）)】\]]$/u;

/** How many of an item's characters stay readable, at its start and at its end. */
export function shownOf(length: number): { head: number; tail: number } {
  if (length <= 1) return { head: 0, tail: 0 };
  if (length === 2) return { head: 1, tail: 0 };
  if (length <= 6) return { head: 1, tail: 1 };
  if (length < 11) return { head: 2, tail: 2 };
  return { head: 3, tail: 4 };
}

const isSeparator = (ch: string) => SEPARATOR.test(ch);

/**
 * The positions of each item's characters: runs between separators, with runs joined across a single
 * joiner between digits.
 */
function itemsOf(chars: readonly string[]): number[][] {
  const items: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (!isSeparator(ch)) {
      current.push(i);
      continue;
    }
    const joinsDigits = DIGIT_JOINER.test(ch) && DIGIT.test(chars[i - 1] ?? '') && DIGIT.test(chars[i + 1] ?? '');
    if (joinsDigits) continue;
    if (current.length) items.push(current);
    current = [];
  }
  if (current.length) items.push(current);
  return items;
}

/** True for the 示例 of "王某（示例）": the fiction mark in its brackets. */
function isFictionMark(chars: readonly string[], item: readonly number[]): boolean {
  const first = item[0] ?? 0;
  const last = item[item.length - 1] ?? 0;
  const text = item.map((i) => chars[i]).join('');
  return text === FICTION_MARK && last - first + 1 === item.length && OPENING.test(chars[first - 1] ?? '') && CLOSING.test(chars[last + 1] ?? '');
}

/** '150***********1234' for an id number, '张*' for a name, '王*某、李*某' for two. */
export function mask(value: string): string {
  const chars = Array.from(value); // code points: a CJK character is one
  const out = [...chars];
  for (const item of itemsOf(chars)) {
    if (isFictionMark(chars, item)) continue;
    const { head, tail } = shownOf(item.length);
    item.forEach((position, n) => {
      if (n >= head && n < item.length - tail) out[position] = '*';
    });
  }
  return out.join('');
}
