/**
 * `fazhi export | import | backup | restore`: the portable dump, backups, and moving a database
 * between SQLite and PostgreSQL. Returns the exit code: 0 done, 1 failed, 2 refused or a usage error.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
import { createContext, type AppContext, type Config } from '../context.js';
import { backupDatabase, restore } from '../db/dump/backup.js';
import { endpointOf, exportDump } from '../db/dump/export.js';
import { importDump } from '../db/dump/import.js';
import { usageErrorOf } from './args.js';

/** Each command's lines of `fazhi --help`. */
export const DATA_COMMAND_HELP = {
  export: `  export --out <目录>
                   把全部数据导出为可移植的目录（每张表一个 JSON Lines 文件、附件文件、带校验和的 manifest.json）
`,
  import: `  import <目录> [--force]
                   把导出目录载入空数据库（SQLite 或 PostgreSQL，按 DATABASE_URL），先校验全部校验和；
                   目标库已有数据时拒绝，加 --force 则先清空（含审计日志）
`,
  backup: `  backup <文件>    在线备份：SQLite 用其备份接口（服务运行中也可），附件复制到 <文件>.files/；
                   PostgreSQL 则导出为目录 <文件>
`,
  restore: `  restore <文件或目录> [--force] [--files <附件目录>]
                   从 SQLite 数据库文件或导出目录恢复到当前配置的数据库（空库；--force 同上）。
                   例：DATABASE_URL=postgres://… fazhi restore data/fazhi.db 把镇里的 SQLite 迁入县里的 PostgreSQL
                   须使用原库的密钥（FAZHI_KEY 或 FAZHI_KEY_FILE），否则拒绝载入
`,
};

export const DATA_HELP = Object.values(DATA_COMMAND_HELP).join('');

const progress = (line: string) => console.error(line);

/**
 * A restored backup may be older than the checkpoints already written: the audit log's
 * comparison starts again from this one (signed, so only whoever holds the key can do it).
 */
async function restoreCheckpoint(ctx: AppContext) {
  const checkpoint = await ctx.auditAnchor.checkpoint('restore');
  if (checkpoint) console.log(`审计日志检查点已重新起算（${ctx.auditAnchor.dir}）：共 ${checkpoint.rows} 条，最新编号 ${checkpoint.lastId}。`);
}

export async function dataCommand(command: string, args: string[], config: Config): Promise<number> {
  try {
    switch (command) {
      case 'export': {
        const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
        if (!values.out) throw new AppError(400, 'validation', '请用 --out 指定导出目录', 'out');
        const ctx = await createContext(config, { migrate: false });
        try {
          const manifest = await exportDump(endpointOf(ctx), values.out, { log: progress });
          const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
          console.log(`已导出到 ${values.out}：${manifest.tables.length} 张表，${rows} 行，附件文件 ${manifest.files.count} 个（数据库结构版本 ${manifest.schemaVersion}）。`);
          console.log('敏感字段是密文：载入时须使用同一主密钥（FAZHI_KEY 或密钥文件 FAZHI_KEY_FILE），请另行妥善传送。');
        } finally {
          await ctx.close();
        }
        return 0;
      }
      case 'import': {
        const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
        const dir = positionals[0];
        if (!dir) throw new AppError(400, 'validation', '请指定导出目录：fazhi import <目录>', 'dir');
        const ctx = await createContext(config, { migrate: false });
        try {
          const summary = await importDump(endpointOf(ctx), dir, { force: values.force, log: progress });
          console.log(`已载入 ${dir} 到 ${ctx.db.engine}（${ctx.db.location}）：${summary.tables} 张表，${summary.rows} 行，附件文件 ${summary.files} 个；逐表核对一致。`);
          await restoreCheckpoint(ctx);
        } finally {
          await ctx.close();
        }
        return 0;
      }
      case 'backup': {
        const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
        const file = positionals[0];
        if (!file) throw new AppError(400, 'validation', '请指定备份文件：fazhi backup <文件>', 'file');
        const ctx = await createContext(config, { migrate: false });
        try {
          const summary = await backupDatabase(endpointOf(ctx), file, { log: progress });
          if (summary.format === 'sqlite') console.log(`已备份到 ${file}（SQLite 在线备份），附件文件 ${summary.files} 个${summary.files ? `在 ${file}.files/` : ''}。`);
          else console.log(`已备份到目录 ${file}（可移植导出），附件文件 ${summary.files} 个。`);
          console.log('密钥不在备份中：恢复时须使用同一主密钥，请把密钥文件与备份分开妥善保存。');
        } finally {
          await ctx.close();
        }
        return 0;
      }
      case 'restore': {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { force: { type: 'boolean', default: false }, files: { type: 'string' } },
        });
        const file = positionals[0];
        if (!file) throw new AppError(400, 'validation', '请指定要恢复的文件或目录：fazhi restore <文件>', 'file');
        const ctx = await createContext(config, { migrate: false });
        try {
          const summary = await restore(endpointOf(ctx), file, { force: values.force, files: values.files, log: progress });
          const from = summary.format === 'sqlite' ? 'SQLite 数据库文件' : '导出目录';
          console.log(`已从${from} ${file} 恢复到 ${ctx.db.engine}（${ctx.db.location}）：${summary.tables} 张表，${summary.rows} 行，附件文件 ${summary.files} 个；逐表核对一致。`);
          await restoreCheckpoint(ctx);
        } finally {
          await ctx.close();
        }
        return 0;
      }
      default:
        console.log(DATA_HELP);
        return 2;
    }
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return error.status >= 500 ? 1 : 2;
    }
    // An unknown option or a missing value: refused in Chinese by the dispatcher (status 2).
    throw usageErrorOf(error, command) ?? error;
  }
}
