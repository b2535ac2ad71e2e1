/** `fazhi synth` as an operator runs it: arguments, refusals and the printed summary. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { passEngine, randomKey, testDatabase, type TestDatabase } from '../testing/databases.js';
import { SynthRefused } from '../synth/load.js';
import { builtInKinds } from '../areas/index.js';
import { parseSynthArgs, synthCommand } from './synth.js';

describe('fazhi synth arguments', () => {
  it('reads the sizes, the seed and the years, and names what is wrong in Chinese', () => {
    expect(parseSynthArgs(['--towns', '3', '--records-per-town', '100', '--seed', 's', '--years', '2022-2024'])).toMatchObject({
      towns: 3,
      recordsPerTown: 100,
      seed: 's',
      firstYear: 2022,
      lastYear: 2024,
      append: false,
    });
    expect(() => parseSynthArgs(['--records-per-town', '100'])).toThrow('请用 --towns 指定数量');
    expect(() => parseSynthArgs(['--towns', '3', '--records-per-town', '10'])).toThrow(new RegExp(`--records-per-town 应为 ${builtInKinds.length} 到`));
    expect(() => parseSynthArgs(['--towns', 'x', '--records-per-town', '100'])).toThrow('--towns 应为正整数');
    expect(() => parseSynthArgs(['--towns', '3', '--records-per-town', '100', '--years', '2025-2021'])).toThrow(SynthRefused);
  });
});

describe('fazhi synth', () => {
  let db: TestDatabase;
  const out: string[] = [];
  const err: string[] = [];

  beforeAll(async () => {
    db = await testDatabase(passEngine(), randomKey());
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await db.drop();
  });

  it('fills an empty database, prints a summary by kind, and refuses to do it twice without --append', async () => {
    expect(await synthCommand(['--towns', '2', '--records-per-town', '40', '--seed', 'cli'], db.config)).toBe(0);
    const summary = out.join('\n');
    expect(summary).toContain('合成数据已写入');
    expect(summary).toMatch(/单位 \d+ 个，人员 \d+ 人，台账记录 80 条/);
    expect(summary).toContain('矛盾纠纷');
    expect(err.join('\n')).toMatch(/已生成 80 \/ 80 条/);

    expect(await synthCommand(['--towns', '2', '--records-per-town', '40', '--seed', 'cli'], db.config)).toBe(2);
    expect(err.at(-1)).toContain('--append');
    expect(await synthCommand(['--towns', '2'], db.config)).toBe(2);
    expect(err.at(-1)).toBe('请用 --records-per-town 指定数量');
  });
});
