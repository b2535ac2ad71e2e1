import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnLetter, convertCell, excelSerialDate, headerKey, parseDate, plainCell, sheetColumns, type SheetColumn, type Vocabulary } from './columns.js';
import { dispute } from '../../areas/governance/dispute.js';

const vocabulary: Vocabulary = {
  defaultUnit: { id: 'town', name: '甲镇', path: '/town/', level: 'town' },
  units: new Map([
    ['东村', [{ id: 'east', name: '东村', path: '/town/east/', level: 'village' }]],
    ['新村', [
      { id: 'new1', name: '新村', path: '/town/a/new1/', level: 'village' },
      { id: 'new2', name: '新村', path: '/town/b/new2/', level: 'village' },
    ]],
  ]),
  options: new Map([['dispute.category', new Map([['neighbour', 'neighbour'], ['邻里纠纷', 'neighbour'], ['labour', 'labour'], ['劳资纠纷', 'labour']])]]),
  optionLabels: new Map([['dispute.category', ['邻里纠纷', '劳资纠纷']]]),
  people: new Map([['张调解', ['p1']], ['王同名', ['p2', 'p3']]]),
  records: new Map(),
};
const column = (name: string): SheetColumn => {
  const c = sheetColumns(dispute).find((x) => x.name === name);
  if (!c) throw new Error(name);
  return c;
};

describe('cells as people type them', () => {
  it('reads dates in the ways clerks write them, and refuses days that do not exist', () => {
    for (const text of ['2025-03-08', '2025/3/8', '2025.3.8', '2025年3月8日', '2025 年 3 月 8 日', '20250308']) expect(parseDate(text), text).toBe('2025-03-08');
    expect(parseDate(20250308)).toBe('2025-03-08');
    expect(parseDate(45724)).toBe('2025-03-08'); // Excel's serial day number
    expect(parseDate(new Date(Date.UTC(2025, 2, 8)))).toBe('2025-03-08');
    for (const text of ['2025-02-29', '2025-13-01', '3/8/2025', '去年三月', '2025-3']) expect(parseDate(text), text).toBeUndefined();
    expect(excelSerialDate(1)).toBe('1899-12-31');
    expect(excelSerialDate(0)).toBeUndefined();
  });

  it('takes a list item by its label or its code, and names the choices when it is neither', () => {
    expect(convertCell(column('category'), '邻里纠纷', vocabulary)).toEqual({ value: 'neighbour' });
    expect(convertCell(column('category'), 'labour', vocabulary)).toEqual({ value: 'labour' });
    expect(convertCell(column('category'), '吵架', vocabulary)).toEqual({ error: '「纠纷类别」的“吵架”不在可选范围内（可选：邻里纠纷、劳资纠纷）' });
  });

  it('resolves names to ids only when they are unique', () => {
    expect(convertCell(column('village'), '东村', vocabulary)).toEqual({ value: 'east' });
    expect(convertCell(column('village'), '新村', vocabulary)).toEqual({ error: '「所在村（社区）」中的“新村”对应多条本单位或下级单位的名称，无法确定是哪一个' });
    expect(convertCell(column('mediator'), '张调解', vocabulary)).toEqual({ value: 'p1' });
    expect('error' in convertCell(column('mediator'), '王同名', vocabulary)).toBe(true);
    expect('error' in convertCell(column('mediator'), '李四', vocabulary)).toBe(true);
  });

  it('reads 是/否 and numbers written as text, and leaves blanks to validation', () => {
    expect(convertCell(column('seekJudicialConfirmation'), '是', vocabulary)).toEqual({ value: true });
    expect(convertCell(column('seekJudicialConfirmation'), '否', vocabulary)).toEqual({ value: false });
    expect('error' in convertCell(column('seekJudicialConfirmation'), '可能', vocabulary)).toBe(true);
    expect(convertCell(column('parties'), 13800138000, vocabulary)).toEqual({ value: '13800138000' });
    expect(convertCell(column('title'), null, vocabulary)).toEqual({ value: null });
    expect(convertCell(column('title'), { error: '#N/A' }, vocabulary)).toEqual({ error: '「纠纷概要」的单元格是错误值 #N/A，请填写内容而不是公式' });
  });

  it('reduces rich text, formulas and hyperlinks to what the cell shows', () => {
    expect(plainCell({ richText: [{ text: '宅基地' }, { text: '纠纷' }] })).toBe('宅基地纠纷');
    expect(plainCell({ formula: 'A1&B1', result: '东村' })).toBe('东村');
    expect(plainCell({ text: '网址', hyperlink: 'https://example.gov.cn' })).toBe('网址');
    expect(plainCell('   ')).toBeNull();
  });

  it('names columns as Excel does, one name per column', () => {
    expect([1, 26, 27, 52, 702, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    const decode = (letters: string) => Array.from(letters).reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
    fc.assert(fc.property(fc.integer({ min: 1, max: 16_384 }), (n) => decode(columnLetter(n)) === n));
  });

  it('recognises a header with or without its required mark', () => {
    expect(headerKey('纠纷类别*')).toBe('纠纷类别');
    expect(headerKey(' 纠纷类别（必填） ')).toBe('纠纷类别');
  });
});
