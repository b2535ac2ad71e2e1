import { describe, expect, it } from 'vitest';
import { UTF8_BOM, csvField, csvLine, neutraliseCell } from './spreadsheet.js';

describe('formula-injection guard', () => {
  it('prefixes a single quote to cells that start with = + - @, a tab or a carriage return', () => {
    for (const value of ['=1+1', '=HYPERLINK("http://evil.example","点此")', '+86 138', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1']) {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    }
  });

  it('leaves every other cell alone', () => {
    for (const value of ['', '王某某', '1+1', 'a=b', ' =1', '2025-03-08', '{"a":"=1"}', "'=already"]) expect(neutraliseCell(value)).toBe(value);
  });

  it('quotes CSV fields after neutralising, doubling inner quotes', () => {
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvField('多行\n文本')).toBe('"多行\n文本"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvLine(['编号', '-1', null])).toBe("编号,'-1,\r\n");
    expect(UTF8_BOM).toBe('\uFEFF');
  });
});
