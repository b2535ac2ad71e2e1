/** Offline checks against a kind's definition, in the server's words. */
import { describe, expect, it } from 'vitest';
import type { Kind } from '../lib/types';
import { checkRecord } from './validate';

const kind = {
  code: 'fixtureCase',
  fields: [
    { name: 'category', label: '类别', type: 'choice', required: true, options: [{ code: 'a', label: '甲类', active: true }, { code: 'old', label: '旧类', active: false }] },
    { name: 'summary', label: '摘要', type: 'text', maxLength: 10 },
    { name: 'phone', label: '电话', type: 'text', pattern: '^1\\d{10}$', patternHint: '11位手机号' },
    { name: 'count', label: '件数', type: 'integer', min: 0, max: 99 },
  ],
} as unknown as Kind;

describe('checkRecord', () => {
  it('accepts a valid record and empty optional fields', () => {
    expect(checkRecord(kind, { category: 'a', summary: '', count: 3 })).toEqual({});
  });

  it('names each problem’s field', () => {
    expect(checkRecord(kind, { summary: '超过十个字的一段很长的摘要', phone: '123', count: 100 })).toEqual({
      category: '请选择「类别」',
      summary: '「摘要」不能超过10个字',
      phone: '「电话」格式不正确，应为11位手机号',
      count: '「件数」不能大于99',
    });
    expect(checkRecord(kind, { category: 'a', count: 1.5 })).toEqual({ count: '「件数」应为整数' });
  });

  it('refuses an option no longer in use, as the server would', () => {
    expect(checkRecord(kind, { category: 'old' })).toEqual({ category: '「类别」的取值不在可选范围内' });
    expect(checkRecord(kind, { category: 'gone' })).toEqual({ category: '「类别」的取值不在可选范围内' });
  });
});
