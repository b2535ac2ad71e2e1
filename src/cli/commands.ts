/**
 * The commands of `fazhi`, as its help lists them, and what is refused before any of them runs: an
 * unknown command, and for the commands that open the database first, unknown arguments.
 */
import { CLI_ROLES, USER_ARGS } from './users.js';
import { AUDIT_ARGS } from './audit.js';
import { IMPORT_XLSX_ARGS } from './import-xlsx.js';
import { DATA_COMMAND_HELP } from './data.js';
import { SYNTH_HELP } from './synth.js';
import { BINDER_HELP } from './binder.js';
import { SUMMARIES_ARGS, SUMMARIES_HELP } from './summaries.js';
import {
  FEDERATED_INDICATORS_ARGS,
  FEDERATED_INDICATORS_HELP,
  FEDERATED_REPORT_ARGS,
  FEDERATED_REPORT_HELP,
  FEDERATION_ARGS,
  FEDERATION_HELP,
} from './federation.js';
import { checkArgs, closestCommand, usageErrorOf, UsageError, wantsHelp, type CommandArgs } from './args.js';

/**
 * Each command's lines of the help, in the order `fazhi --help` lists them; `fazhi <command> --help`
 * shows its own.
 */
export const COMMAND_HELP: Record<string, string> = {
  serve: `  serve [--demo]   迁移数据库并启动服务（端口 PORT，默认 3000）。数据库为空时：加 --demo 载入演示数据，
                   否则建立根单位（FAZHI_ROOT_NAME、FAZHI_ROOT_LEVEL）和三员账号，密码只显示一次
`,
  user: `  user add --username 名称 --role 角色 --org 单位 [--name 姓名] --password-stdin
                   新增用户，密码从标准输入读入（不出现在命令行中），首次登录须修改。
                   角色：${Object.keys(CLI_ROLES).join('、')}
  user unlock 用户名 | user reset 用户名
                   解除登录锁定；重置密码（打印一次性密码）
  user email 用户名 [邮箱]
                   设置（或清除）接收每日待办摘要的邮箱
`,
  audit: `  audit verify     校验审计日志的哈希链并与库外的检查点比对，发现被修改、删除或截断时以非零状态退出
  audit checkpoint 立即写一个带签名的检查点（条数、最新编号、哈希）到 FAZHI_AUDIT_ANCHOR_DIR
  audit purge --before YYYY-MM-DD
                   清理保留期（至少180天）之前的审计记录
  audit retention [--days 天数]
                   查看或设置审计日志保存天数（不少于 180 天）
`,
  migrate: `  migrate          只执行数据库迁移
`,
  demo: `  demo [--force]   载入演示数据（杭锦后旗、双庙镇等）；库中已有数据时需加 --force
`,
  indicators: `  indicators --org <单位编号或名称> --year <年度> [--json]
                   计算单位（含下级）全年的指标值
  indicators --list [--org <单位>] [--json]
                   列出全部指标定义（编码、名称、单位、台账类型、计算方式、别名；单位自定义的注明所属单位）
${FEDERATED_INDICATORS_HELP}`,
  report: `  report --org <单位> --year <年度> --format docx|html --out <文件> [--date YYYY-MM-DD]
                   生成年度报告（草稿按当前台账生成；已审定或公开的报告用冻结的内容）
${FEDERATED_REPORT_HELP}`,
  check: `  check --org <单位> --year <年度> <文件.docx|文件.txt> [--json]
                   核对报告稿中的数字与台账是否一致
`,
  binder: BINDER_HELP,
  'template-from': `  template-from --org <单位> --year <年度> <上年报告.docx|.txt> [--json] [--accept] [--name <模板名称>]
                   以上一年度（--year）的报告为本单位模板：列出每个数字对应的指标，未对应的给出
                   建议的本单位指标；--accept 保存模板（只替换已对应的数字，其余保留原文）
`,
  'import-xlsx': `  import-xlsx --kind <台账类型> --org <单位> [--dry-run] [--json] <文件.xlsx>
                   按导入模板导入台账记录：先检查全部行，有错误时逐条列出（工作表、行、列）且不写入；
                   全部通过后在一个事务中写入。--dry-run 只检查不写入。同一文件不会重复导入
`,
  due: `  due --org <单位> [--on YYYY-MM-DD] [--within 天数] [--json]
                   列出已逾期和即将到期（默认14天内）的法定期限与常规工作
`,
  remind: `  remind [--on YYYY-MM-DD] [--print]
                   生成当天（默认今天）每个用户的待办通知并打印各用户条数（配置了 SMTP 时发送邮件）；
                   加 --print 打印每个用户的待办摘要
`,
  ...DATA_COMMAND_HELP,
  federation: FEDERATION_HELP,
  synth: SYNTH_HELP,
  summaries: SUMMARIES_HELP,
  help: `  help [命令]      显示本帮助；给出命令时只显示该命令的用法（同 fazhi <命令> --help）
`,
};

export const HELP = `用法：fazhi <命令> [选项]
      fazhi <命令> --help    显示该命令的用法

命令：
${Object.values(COMMAND_HELP).join('')}
退出状态：0 完成；2 命令、子命令或选项有误（未知的命令或选项、多余的参数、缺少取值），什么也没做；
          其他非零值见各命令的说明（如 1 失败、3 核对发现不一致）

环境变量：
  FAZHI_DB         SQLite 数据库文件（默认 data/fazhi.db）
  DATABASE_URL     PostgreSQL 连接串；设置后使用 PostgreSQL
  FAZHI_DATA_DIR   附件目录（默认 data/files）
  PORT             服务端口（默认 3000）
  FAZHI_KEY        敏感字段加密主密钥（64 位十六进制或 32 字节 base64）；未设置时用 FAZHI_KEY_FILE
  FAZHI_KEY_FILE   密钥文件（默认 data/fazhi.key，首次启动生成，权限 0600；须与数据库备份分开保存）
  FAZHI_CIPHER     aes-256-gcm（默认）或 sm4
  FAZHI_AUDIT_ANCHOR_DIR
                   审计日志检查点目录（默认为附件目录旁的 audit-anchor，如 data/audit-anchor）
  FAZHI_LOG        日志级别：默认 error（只记未预期的错误，写到标准错误）；info 或 1 另记每个请求
  FAZHI_SMTP_URL   发送待办摘要邮件的 SMTP 服务器（如 smtp://用户:密码@主机:25）；未设置时不发邮件
  FAZHI_MAIL_FROM  邮件发件人（如 法治台账 <fazhi@example.gov.cn>）
`;

/**
 * The arguments of the commands that open the database before they read their options, checked
 * first so that a refused command line opens nothing. The others read their options first.
 */
export const CHECKED_FIRST: Partial<Record<string, CommandArgs>> = {
  migrate: { options: {} },
  user: USER_ARGS,
  audit: AUDIT_ARGS,
  federation: FEDERATION_ARGS,
  'import-xlsx': IMPORT_XLSX_ARGS,
  summaries: SUMMARIES_ARGS,
};

/** The `--federation` forms of indicators and report open the database first too. */
const FEDERATED_FIRST: Partial<Record<string, CommandArgs>> = { indicators: FEDERATED_INDICATORS_ARGS, report: FEDERATED_REPORT_ARGS };

export const COMMANDS = Object.keys(COMMAND_HELP);

export function unknownCommand(word: string): UsageError {
  if (word.startsWith('-')) return new UsageError(`未知选项 ${word}：选项写在命令之后（fazhi <命令> [选项]）`);
  const meant = closestCommand(word, COMMANDS);
  return new UsageError(`未知命令“${word}”${meant ? `，是否要运行 fazhi ${meant}？` : ''}`);
}

/** `fazhi help [command]`: the whole help, or one command's. */
export function helpFor(command: string | undefined): string {
  if (command === undefined || command === '--help' || command === '-h') return HELP;
  if (!(command in COMMAND_HELP)) throw unknownCommand(command);
  return `用法：\n${COMMAND_HELP[command] ?? ''}\n环境变量和退出状态见 fazhi --help。`;
}

/**
 * What the command line asks before any command runs: its help (the text to print), or nothing when
 * the command is to run. Throws a UsageError for an unknown command, or for arguments the command
 * would refuse only after opening the database.
 */
export function beforeRunning(argv: readonly string[]): { help: string } | undefined {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') return { help: helpFor(rest[0]) };
  if (!(command in COMMAND_HELP)) throw unknownCommand(command);
  if (wantsHelp(rest)) return { help: helpFor(command) };
  const firstCheck = rest.includes('--federation') ? FEDERATED_FIRST[command] : CHECKED_FIRST[command];
  if (firstCheck) checkArgs(command, rest, firstCheck);
  return undefined;
}

/** A refused command line as printed: what was wrong and where the usage is; undefined for other errors. */
export function refusalOf(error: unknown, argv: readonly string[]): string | undefined {
  const usage = usageErrorOf(error, argv[0] ?? '');
  if (!usage) return undefined;
  const where = usage.command ? `运行 fazhi ${usage.command.split(' ')[0]} --help 查看用法` : `可用的命令：${COMMANDS.join('、')}；运行 fazhi --help 查看用法`;
  return `${usage.message}${/[。？]$/.test(usage.message) ? '' : '。'}\n${where}。`;
}
