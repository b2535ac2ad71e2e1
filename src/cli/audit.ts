/**
 * `fazhi audit …`: check the hash chain against the checkpoints kept outside the database, write
 * a checkpoint, remove rows past the retention period, show or set that period. Returns the exit
 * code: 0 done, 1 the chain is broken (or truncated, or a checkpoint forged), 2 a usage error or refusal.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
import type { AppContext } from '../context.js';
import { latestPurgeDate, purgeAuditLog, retentionDays, setRetentionDays } from '../audit/retention.js';
import { verifyAuditChain } from '../audit/verify.js';
import type { Actor } from '../org/scope.js';
import { usageErrorOf, type CommandArgs } from './args.js';

export const AUDIT_HELP = `用法：fazhi audit <子命令>
  verify                      校验审计日志的各条哈希链（每个镇一条，另有一条全局链），并与库外的检查点比对；有记录
                              被改动或删除、某条链最新的记录被截断、检查点被伪造时指出哪条链的哪条记录并以 1 退出
  checkpoint                  立即写一个检查点（记录条数、每条链的链头编号和哈希，带签名）到检查点目录
  purge --before YYYY-MM-DD   删除该日期（北京时间）之前、已过保存期的审计日志；清理本身记入审计日志
  retention [--days N]        查看或设置审计日志保存天数（不少于 180 天）
`;

/** What each subcommand takes, checked before the database is opened. */
export const AUDIT_ARGS: CommandArgs = {
  subcommands: {
    verify: { options: {} },
    checkpoint: { options: {} },
    purge: { options: { before: { type: 'string' } } },
    retention: { options: { days: { type: 'string' } } },
    help: { options: {} },
  },
};

const COMMAND_LINE: Actor = { userId: null, name: '系统（命令行）', role: 'system', ip: null };

export async function auditCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'verify': {
        const anchor = await ctx.auditAnchor.read();
        const latest = anchor.checkpoints[anchor.checkpoints.length - 1];
        if (latest) console.log(`最近的检查点（${anchor.path}）：${latest.at}，共 ${latest.rows} 条，最新编号 ${latest.lastId}，哈希 ${latest.head}（签名有效；比对 ${anchor.checkpoints.length} 个检查点）`);
        else console.log(`没有检查点（${anchor.path}）：无法发现最新的记录被整段删除。服务运行时会定期写入，也可运行 fazhi audit checkpoint。`);
        if (anchor.torn) console.log(`  检查点文件${anchor.torn}`);
        const report = await verifyAuditChain(ctx.db, anchor.checkpoints);
        for (const line of anchor.forged) console.error(`检查点文件 ${anchor.path} ${line}`);
        if (!report.ok) {
          console.error(`审计日志校验未通过：第一条有问题的记录编号 ${report.firstBad.id}（审计链 ${report.firstBad.chain}；已检查 ${report.rows} 条）`);
          console.error(`  ${report.firstBad.reason}`);
          return 1;
        }
        if (anchor.forged.length) {
          console.error(`审计日志校验未通过：检查点文件中有 ${anchor.forged.length} 行签名不符（被伪造或改动过），哈希链本身与其余检查点相符。`);
          return 1;
        }
        console.log(`OK 审计日志哈希链完整：共 ${report.rows} 条记录，${report.chains} 条审计链（每个镇一条，另有一条全局链）。`);
        if (report.head) console.log(`  最新记录编号 ${report.head.id}，哈希 ${report.head.hash}`);
        return 0;
      }
      case 'checkpoint': {
        const checkpoint = await ctx.auditAnchor.checkpoint('command');
        if (!checkpoint) console.log('审计日志为空，没有可记的检查点。');
        else console.log(`已写入检查点（${ctx.auditAnchor.dir}）：${checkpoint.at}，共 ${checkpoint.rows} 条，最新编号 ${checkpoint.lastId}，哈希 ${checkpoint.head}`);
        return 0;
      }
      case 'purge': {
        const { values } = parseArgs({ args: rest, options: { before: { type: 'string' } } });
        if (!values.before) {
          console.error(`请用 --before YYYY-MM-DD 指定清理日期（最晚 ${await latestPurgeDate(ctx.db)}）`);
          return 2;
        }
        const result = await purgeAuditLog(ctx.db, COMMAND_LINE, values.before);
        if (result.deleted === 0) console.log(`${values.before} 之前没有审计日志，未删除任何记录。`);
        else console.log(`已删除 ${values.before} 之前的 ${result.deleted} 条审计日志（${Object.keys(result.anchors).length} 条审计链）；清理记录已写入审计日志，记下了各链从哪个衔接点继续。`);
        return 0;
      }
      case 'retention': {
        const { values } = parseArgs({ args: rest, options: { days: { type: 'string' } } });
        if (values.days !== undefined) {
          await setRetentionDays(ctx.db, COMMAND_LINE, Number(values.days));
          console.log(`审计日志保存天数已设为 ${values.days} 天。`);
          return 0;
        }
        console.log(`审计日志保存 ${await retentionDays(ctx.db)} 天；现在最晚可清理 ${await latestPurgeDate(ctx.db)} 之前的记录。`);
        return 0;
      }
      default:
        console.log(AUDIT_HELP);
        return sub === undefined || sub === 'help' ? 0 : 2;
    }
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 2;
    }
    // An unknown option or a missing value: refused in Chinese by the dispatcher (status 2).
    throw usageErrorOf(error, `audit ${sub ?? ''}`.trim()) ?? error;
  }
}
