/**
 * `fazhi synth`: fills an empty database with a synthetic province for load tests and province-scale
 * roll-ups. Progress goes to standard error, the summary to standard output. Returns the exit code:
 * 0 done, 1 failed, 2 refused or a usage error.
 */
import { parseArgs } from 'node:util';
import { createContext, type Config } from '../context.js';
import { checkOptions, synthesize, SynthRefused, type SynthOptions } from '../synth/load.js';
import { usageErrorOf } from './args.js';

export const SYNTH_HELP = `  synth --towns 镇数 --records-per-town 每镇记录数 [--seed 种子] [--years 2021-2025] [--append] [--full-check]
                   生成合成数据（压力测试、省级汇总用）：一个省—市—县—镇—村（社区）—网格的组织机构、虚构人员，
                   每镇恰好“每镇记录数”条台账记录（27 至 200000 条，每类台账至少一条；各类按常见比例，程序性记录处于
                   各个状态，日期分布在各年份）。同一种子生成完全相同的数据（编号也相同）。只写入空库，加 --append
                   则在现有数据之外另加一个省（种子须不同）。全部在一个事务中写入，中途失败不留半截数据，只记一条
                   审计日志。选填的敏感字段（当事人电话、住址、身份证号等）留空，必填的当事人姓名为“王某某（示例）”
                   式的虚构姓名并加密存储。超过20万条记录时抽样校验，加 --full-check 逐条校验（更慢）
`;

const number = (value: string | undefined, name: string): number => {
  if (value === undefined) throw new SynthRefused(`请用 ${name} 指定数量`);
  if (!/^\d+$/.test(value)) throw new SynthRefused(`${name} 应为正整数`);
  return Number(value);
};

export function parseSynthArgs(args: string[]): SynthOptions {
  const { values } = parseArgs({
    args,
    options: {
      towns: { type: 'string' },
      'records-per-town': { type: 'string' },
      seed: { type: 'string', default: '1' },
      years: { type: 'string', default: '2021-2025' },
      append: { type: 'boolean', default: false },
      'full-check': { type: 'boolean', default: false },
    },
  });
  const years = /^(\d{4})-(\d{4})$/.exec(values.years);
  if (!years) throw new SynthRefused('--years 应为 起始年-结束年，如 2021-2025');
  const options: SynthOptions = {
    towns: number(values.towns, '--towns'),
    recordsPerTown: number(values['records-per-town'], '--records-per-town'),
    seed: values.seed,
    firstYear: Number(years[1]),
    lastYear: Number(years[2]),
    append: values.append,
    fullCheck: values['full-check'],
  };
  checkOptions(options);
  return options;
}

const grouped = (n: number) => n.toLocaleString('en-US');

export async function synthCommand(args: string[], config: Config): Promise<number> {
  let options: SynthOptions;
  try {
    options = parseSynthArgs(args);
  } catch (error) {
    // An unknown option or a missing value: refused in Chinese by the dispatcher (status 2).
    const usage = usageErrorOf(error, 'synth');
    if (usage) throw usage;
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const ctx = await createContext(config);
  try {
    const total = options.towns * options.recordsPerTown;
    console.error(`正在生成合成数据：${options.towns} 个镇，每镇 ${options.recordsPerTown} 条，共 ${grouped(total)} 条台账记录（种子 ${options.seed}，${options.firstYear}—${options.lastYear} 年，${ctx.db.engine}）……`);
    const summary = await synthesize(ctx, {
      ...options,
      progress: ({ records, seconds }) => {
        const rate = seconds > 0 ? Math.round(records / seconds) : 0;
        const left = rate > 0 ? Math.round((total - records) / rate) : 0;
        console.error(`  已生成 ${grouped(records)} / ${grouped(total)} 条（${((records / total) * 100).toFixed(1)}%），每秒 ${grouped(rate)} 条，预计还需 ${left} 秒`);
      },
    });
    console.log(`合成数据已写入 ${ctx.db.engine}（${ctx.db.location}），用时 ${summary.seconds.toFixed(1)} 秒，每秒 ${grouped(Math.round(summary.records / summary.seconds))} 条：`);
    console.log(`  省：${summary.provinceName}（${summary.provinceId}）`);
    console.log(`  单位 ${grouped(summary.units)} 个，人员 ${grouped(summary.people)} 人，台账记录 ${grouped(summary.records)} 条（逐条校验 ${grouped(summary.checked)} 条）`);
    const kinds = new Map(ctx.kinds.builtIn.map((k) => [k.code, k.label]));
    for (const [kind, count] of Object.entries(summary.byKind).sort((a, b) => b[1] - a[1])) {
      console.log(`    ${grouped(count).padStart(12)}  ${kinds.get(kind) ?? kind}`);
    }
    if (summary.rebuiltIndexes) console.log('  （载入期间暂停了台账表的二级索引和外键，已在同一事务中重建）');
    return 0;
  } catch (error) {
    if (error instanceof SynthRefused) {
      console.error(error.message);
      return 2;
    }
    console.error(`合成数据未写入（已全部回滚）：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
