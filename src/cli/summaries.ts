/**
 * `fazhi summaries rebuild|check`: the monthly summaries the roll-ups read. They are kept in step
 * by every write; `check` compares them with a fresh count of the records, `rebuild` counts them
 * again from the records (after a repair by hand, say). Returns the exit code: 0 in step or rebuilt,
 * 3 when check finds a difference, 2 on a usage error.
 */
import type { AppContext } from '../context.js';
import { checkSummaries, forgetSummaryStates, rebuildSummaries } from '../indicators/monthly/store.js';
import { summaryPlan } from '../indicators/monthly/plan.js';
import { distinctPlan } from '../indicators/monthly/distinct.js';
import type { CommandArgs } from './args.js';

export const SUMMARIES_HELP = `  summaries check | rebuild [--kind 台账类型]
                   月度汇总表（镇及以上按整月统计时读取它，而不是逐条读台账）：check 与台账逐月重新统计的结果比对，
                   有差异时以状态 3 退出；rebuild 在一个事务中按台账重新统计，其间台账写入排队等待，查询照常
                   （PostgreSQL 上读到重建前的汇总，SQLite 上读到重建前的快照）
`;

/** What each subcommand takes, checked before the database is opened. */
export const SUMMARIES_ARGS: CommandArgs = {
  subcommands: { check: { options: { kind: { type: 'string' } } }, rebuild: { options: { kind: { type: 'string' } } } },
};

export async function summariesCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const kindAt = rest.indexOf('--kind');
  const only = kindAt >= 0 ? rest[kindAt + 1] : undefined;
  const all = await ctx.kinds.all();
  const kinds = all.filter((k) => (summaryPlan(k) !== undefined || distinctPlan(k) !== undefined) && (!only || k.code === only));
  if (only && !kinds.length) {
    console.error(all.some((k) => k.code === only) ? `台账类型“${only}”没有可汇总的指标` : `没有台账类型“${only}”`);
    return 2;
  }
  if (action === 'check') {
    const started = Date.now();
    const results = await checkSummaries(ctx.db, kinds);
    const differing = results.filter((r) => r.differing > 0);
    const unbuilt = results.filter((r) => !r.built);
    for (const r of differing) console.log(`  ${r.table}：${r.differing} 行与台账不一致`);
    for (const r of unbuilt) console.log(`  ${r.table}：尚未按当前定义建立（指标暂按台账逐条统计），重启服务或运行 fazhi summaries rebuild 即建立`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(differing.length ? `${differing.length} 张汇总表与台账不一致，请运行 fazhi summaries rebuild` : `${results.length - unbuilt.length} 张汇总表均与台账一致（用时 ${seconds} 秒）`);
    return differing.length ? 3 : 0;
  }
  if (action === 'rebuild') {
    const started = Date.now();
    let n = 0;
    try {
      await ctx.db.kysely.transaction().execute((trx) => rebuildSummaries(trx, kinds, (table) => console.error(`  正在统计 ${table}（${++n}/${kinds.length}）……`)));
    } finally {
      forgetSummaryStates(ctx.db.kysely);
    }
    console.log(`已重建 ${kinds.length} 张月度汇总表，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
    return 0;
  }
  console.error(`用法：fazhi ${SUMMARIES_HELP.trim()}`);
  return 2;
}
