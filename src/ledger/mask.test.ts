import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mask } from './mask.js';

/** At most this many characters of an item of n characters may stay readable (the display rule). */
const allowed = (n: number) => (n <= 1 ? 0 : n === 2 ? 1 : n <= 6 ? 2 : n < 11 ? 4 : 7);

describe('mask', () => {
  it.each([
    // Several people in one field: each is masked on its own, the separators stay.
    ['王某某、李某某', '王*某、李*某'],
    ['张某、赵某', '张*、赵*'],
    ['刘建国，陈秀英；孙小芳', '刘*国，陈*英；孙*芳'],
    ['Zhang San / Li Si', 'Z***g S*n / L* S*'],
    ['欧阳娜娜,司马懿', '欧**娜,司*懿'],
    // Brackets are kept; the made-up people's 示例 mark stays readable.
    ['姜伟（示例）', '姜*（示例）'],
    ['王某某（示例）、李四（示例）', '王*某（示例）、李*（示例）'],
    ['某某村民委员会（代表：王某某）', '某某***员会（代*：王*某）'],
    // One person, a unit, an address: as before.
    ['张', '*'],
    ['张三', '张*'],
    ['巴彦淖尔市某某商贸有限公司', '巴彦淖******有限公司'],
    ['新华村3组12号', '新华****2号'],
    // Numbers stay one item across a hyphen or space, which stays visible.
    ['13912345678', '139****5678'],
    ['0478-8123456', '047*-***3456'],
    ['138 1234 5678', '138 **** 5678'],
    ['150102199001011234', '150***********1234'],
    ['13912345678、13800001111', '139****5678、138****1111'],
  ])('%s → %s', (value, expected) => {
    expect(mask(value)).toBe(expected);
  });

  it('masks 示例 that is not the mark in brackets', () => {
    expect(mask('示例')).toBe('示*');
    expect(mask('（示例单位）')).toBe('（示**位）');
  });

  const hanOrLatin = fc.constantFrom(...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯某建国秀英小芳明华村组号镇abcXYZ'.split(''));
  const separator = fc.constantFrom('、', '，', ',', '；', ';', '（', '）', '(', ')', '·', ' ', '：', '/', '“', '”', '《', '》', '。', '-', '.', '　', '\n');
  const word = fc.array(hanOrLatin, { minLength: 1, maxLength: 14 }).map((chars) => chars.join(''));
  const isSeparator = (ch: string) => /[\p{P}\p{S}\p{Z}\s]/u.test(ch);
  /** Words (no digits, so nothing joins across a separator) and separators in any order. */
  const text = fc.array(fc.oneof(word, separator), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

  it('keeps every separator in its place and changes other characters only to *', () => {
    fc.assert(
      fc.property(text, (value) => {
        // Code points, as mask counts them: a character outside the BMP is one, not two UTF-16 units.
        const input = Array.from(value);
        const output = Array.from(mask(value));
        expect(output).toHaveLength(input.length);
        input.forEach((ch, i) => {
          if (isSeparator(ch)) expect(output[i]).toBe(ch);
          else expect([ch, '*']).toContain(output[i]);
        });
      }),
    );
  });

  it('shows of each item no more than the rule allows, and only at its ends', () => {
    fc.assert(
      fc.property(text, (value) => {
        const output = Array.from(mask(value));
        for (const run of value.matchAll(/[^\p{P}\p{S}\p{Z}\s]+/gu)) {
          const start = Array.from(value.slice(0, run.index)).length;
          const chars = Array.from(run[0]);
          const shown = chars.map((ch, i) => output[start + i] === ch);
          expect(shown.filter(Boolean).length).toBeLessThanOrEqual(allowed(chars.length));
          expect(shown).toContain(false);
          // Readable characters form a head and a tail: nothing readable between two masked ones.
          const first = shown.indexOf(false);
          const last = shown.lastIndexOf(false);
          expect(shown.slice(first, last + 1).every((s) => !s)).toBe(true);
        }
      }),
    );
  });

  it('masks each name of a list as it masks the name alone', () => {
    const listSeparator = fc.constantFrom('、', '，', ',', '；', ' ', '/');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), listSeparator, (names, sep) => {
        expect(mask(names.join(sep))).toBe(names.map(mask).join(sep));
      }),
    );
  });

  it('masks a number written with hyphens or spaces as one number', () => {
    const digits = fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: 2, maxLength: 18 });
    fc.assert(
      fc.property(digits, fc.array(fc.nat(), { maxLength: 3 }), fc.constantFrom('-', ' '), (ds, cuts, joiner) => {
        const plain = ds.join('');
        // The same digits with joiners inserted between some of them.
        const at = new Set(cuts.map((c) => 1 + (c % (ds.length - 1))));
        const written = ds.map((d, i) => (at.has(i) ? joiner + d : d)).join('');
        expect(mask(written).replaceAll(joiner, '')).toBe(mask(plain));
        expect(Array.from(mask(written)).filter((ch) => ch === joiner)).toHaveLength(at.size);
      }),
    );
  });
});
