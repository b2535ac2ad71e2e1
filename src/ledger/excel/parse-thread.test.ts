/**
 * The sheet is parsed on its own thread while the importer checks and writes what it has been
 * given, so a file can fail after thousands of its rows are already written inside the import's
 * transaction. Whether the parser rejects the file or the thread itself dies, the person gets the
 * same Chinese answer as when one thread did everything, and not one row stays.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testContext, type TestContext } from '../../testing/context.js';
import { appErrorOf } from '../../testing/errors.js';
import { smallTown, type Fixture } from '../../testing/fixtures.js';
import { handMadeWorkbook, streamedSheet } from '../../testing/xlsx.js';
import type { Scope } from '../../org/scope.js';
import { LedgerImporter, type ImportPhase } from './import.js';

vi.setConfig({ testTimeout: 120_000 });

const HEADERS = ['登记日期', '纠纷概要', '来源', '纠纷类别', '状态'];
const ROWS = 6000;

let ctx: TestContext;
let f: Fixture;
let office: Scope;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  office = await f.as('townOffice');
});
afterAll(() => ctx.close());

const count = async (table: 'ledger_dispute' | 'audit_log' | 'import_batch') =>
  Number((await ctx.db.kysely.selectFrom(table as 'audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const counts = async () => [await count('ledger_dispute'), await count('audit_log'), await count('import_batch')];

const inline = (text: string) => `<is><t>${text}</t></is>`;
const row = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((text, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr">${inline(text)}</c>`).join('')}</row>`;

describe('an import whose parsing thread fails', () => {
  it('answers a sheet that breaks off after thousands of good rows as a damaged file, and keeps none of the rows written before', async () => {
    const good = Array.from({ length: ROWS }, (_, i) => row(i + 2, ['2025-06-01', `第${i}起 水渠放水纠纷`, '来访', '邻里纠纷', '登记'])).join('');
    const broken = handMadeWorkbook(`${row(1, HEADERS)}${good}<row r="${ROWS + 2}"><c r="A${ROWS + 2}" t="inlineStr">${inline('2025-06-02')}</c></rox>`);
    const before = await counts();
    let written = 0;
    const progress = (phase: ImportPhase, done: number) => {
      if (phase === 'writing') written = done;
    };

    const error = await appErrorOf(ctx.importer.import(office, 'dispute', undefined, { name: '断开的表.xlsx', content: broken }, progress));
    expect(error).toMatchObject({ status: 400, id: 'validation', field: 'file' });
    expect(error.message).toContain('文件已损坏或不是有效的 Excel 表格');
    // The parser's own words reach the log as the cause, never the person.
    expect(error.cause).toBeInstanceOf(Error);
    expect(JSON.stringify(error.toJSON())).not.toContain((error.cause as Error).message);
    // Rows were written while the thread parsed on, then rolled back with the rest.
    expect(written).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it('answers a thread that runs out of its heap as an unreadable file, writes nothing, and the next import runs', async () => {
    const content = await streamedSheet(HEADERS, 2000, (i) => ['2025-06-03', `第${i}起 宅基地界址纠纷`, '来访', '邻里纠纷', '登记']);
    // A heap too small for the parser to start in: the thread dies, the server's thread does not.
    const cramped = new LedgerImporter(ctx, { parserHeapMb: 2 });
    const before = await counts();

    const error = await appErrorOf(cramped.import(office, 'dispute', undefined, { name: '纠纷.xlsx', content }));
    expect(error).toMatchObject({ status: 400, id: 'validation', field: 'file' });
    expect(error.message).toContain('文件已损坏或不是有效的 Excel 表格');
    expect(String((error.cause as { code?: string }).code)).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(await counts()).toEqual(before);

    const result = await ctx.importer.import(office, 'dispute', undefined, { name: '纠纷.xlsx', content });
    expect(result.created).toBe(2000);
    expect(await count('ledger_dispute')).toBe((before[0] ?? 0) + 2000);
  });
});
