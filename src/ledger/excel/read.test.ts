/**
 * A sheet the reader cannot parse is answered "文件已损坏" — and the reader's own error stays with
 * the answer as its cause, for the server log: once, on a busy machine, a good file was answered so
 * and nothing said why.
 */
import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../testing/errors.js';
import { streamedSheet, unparsableWorkbook } from '../../testing/xlsx.js';
import { readSheet, type ReadOptions } from './read.js';
import { checkedWorkbook } from './zip-guard.js';

const MB = 1024 * 1024;
const options: ReadOptions = { maxRows: 100, knows: (h) => h === '标题', headerKey: (t) => t.trim() };

describe('reading an import sheet', () => {
  it('reads a sound sheet', async () => {
    const sheet = await readSheet(await checkedWorkbook(await streamedSheet(['标题'], 2, (i) => [`第${i}条`]), 10 * MB), options);
    expect(sheet.header).toEqual(['标题']);
    expect(sheet.rows.map((r) => r.cells)).toEqual([['第0条'], ['第1条']]);
  });

  it('answers a sheet it cannot parse as a damaged file, keeping the parser’s error as the cause', async () => {
    const error = await appErrorOf(readSheet(await checkedWorkbook(unparsableWorkbook('标题'), 10 * MB), options));
    expect(error).toMatchObject({ status: 400, id: 'validation', field: 'file' });
    expect(error.message).toContain('文件已损坏或不是有效的 Excel 表格');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).not.toBe(error.message);
    // The cause is for the log: what the person gets is the message alone.
    expect(JSON.stringify(error.toJSON())).not.toContain((error.cause as Error).message);
  });
});
