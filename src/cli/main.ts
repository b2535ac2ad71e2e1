/** The `fazhi` command line: serve, migrate, demo. */
import { parseArgs } from 'node:util';
import { buildApp } from '../http/app.js';
import { logLevelOf } from '../http/errors.js';
import { configFromEnv, createContext } from '../context.js';
import { loadDemo, DEMO_ACCOUNTS, isDemo, isEmpty } from '../demo/load.js';
import { bootstrap } from '../accounts/bootstrap.js';
import { userCommand } from './users.js';
import { auditCommand } from './audit.js';
import { importXlsxCommand } from './import-xlsx.js';
import { DATA_HELP, dataCommand } from './data.js';
import { SYNTH_HELP, synthCommand } from './synth.js';
import { SUMMARIES_HELP, summariesCommand } from './summaries.js';
import { FEDERATION_HELP, federatedIndicatorsCommand, federatedReportCommand, federationCommand } from './federation.js';
import { AppError } from '../core/errors.js';
import { resolvePeriod } from '../indicators/period.js';
import { readFile, writeFile } from 'node:fs/promises';
import { checkAgainstLedger, draftText } from '../report/draft-check.js';
import { renderDocx } from '../report/render/docx.js';
import { renderHtml } from '../report/render/html.js';
import { ReportService, yearOf } from '../report/service.js';
import { findOrgByIdOrName, findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { collectIndicators, describeIndicators } from '../indicators/registry.js';
import { indicatorsOf } from '../indicators/town-defined.js';
import { systemScope } from '../org/scope.js';
import { isValidDate, todayInChina } from '../core/dates.js';
import { scheduleDailyReminders } from '../reminders/schedule.js';
import { formatDueList } from '../procedures/format.js';
import { startupCalendarWarning } from '../procedures/calendar.js';
import { today } from '../procedures/settings.js';
import type { AppContext } from '../context.js';

/**
 * Every indicator definition: of the kinds visible from the unit given, or of every kind (each
 * town's own included) when none is. A town's own indicator names the unit that owns it.
 */
async function listIndicatorsCommand(ctx: AppContext, org: string | undefined, json: boolean | undefined): Promise<number> {
  const unit = org ? await unitNamed(ctx, org) : undefined;
  const kinds = unit ? await ctx.kinds.visible(systemScope(unit)) : await ctx.kinds.all();
  // Towns' and counties' own definitions: those offered to the unit (its own and its county's), or all.
  const rows = unit ? await ctx.indicators.own.offeredTo(unit.path) : await ctx.indicators.own.all();
  const described = describeIndicators(kinds, indicatorsOf(rows, kinds, collectIndicators(kinds)));
  const owners = await findOrgsByIds(ctx.db, [...new Set(described.flatMap((d) => (d.ownerOrgId ? [d.ownerOrgId] : [])))]);
  const items = described.map(({ ownerOrgId, ...d }) => ({ ...d, ...(ownerOrgId ? { owner: { id: ownerOrgId, name: owners.get(ownerOrgId)?.name ?? null } } : {}) }));
  if (json) {
    console.log(JSON.stringify(items, null, 2));
    return 0;
  }
  const how = (m: (typeof items)[number]['measure']) =>
    m.op === 'ratio' ? `${m.numerator} / ${m.denominator}` : m.op === 'total' ? m.of.join(' + ') : m.op === 'change' ? `${m.of} 同比${m.as === 'percent' ? '（%）' : ''}` : 'field' in m ? `${m.op}(${m.field})` : m.op;
  for (const i of items) {
    const owner = i.owner ? `［${i.owner.name ?? i.owner.id}］` : '';
    console.log(`${i.code.padEnd(44)} ${i.unit.padEnd(3)} ${(i.kind ?? '—').padEnd(22)} ${how(i.measure).padEnd(40)} ${i.label}${owner}`);
  }
  return 0;
}

/** The unit named on the command line, by id or by a name that is unique in the tree. */
async function unitNamed(ctx: AppContext, idOrName: string | undefined): Promise<OrgUnit> {
  if (!idOrName) throw new AppError(400, 'validation', '请用 --org 指定单位（编号或名称）', 'org');
  const units = await findOrgByIdOrName(ctx.db, idOrName);
  if (units.length === 0) throw new AppError(404, 'not_found', `没有名为“${idOrName}”的单位`, 'org');
  if (units.length > 1) throw new AppError(400, 'validation', `名为“${idOrName}”的单位不止一个，请改用编号：${units.map((u) => u.id).join('、')}`, 'org');
  return units[0] as OrgUnit;
}

/** While serving, a checkpoint of the audit chain this often (when rows came since the last). */
const CHECKPOINT_MINUTES = 5;

const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

const HELP = `用法：fazhi <命令> [选项]

命令：
  serve [--demo]   迁移数据库并启动服务（端口 PORT，默认 3000）。数据库为空时：加 --demo 载入演示数据，
                   否则建立根单位（FAZHI_ROOT_NAME、FAZHI_ROOT_LEVEL）和三员账号，密码只显示一次
  user add --username 名称 --role 角色 --org 单位 [--name 姓名] --password-stdin
  user unlock 用户名 | user reset 用户名
  audit verify     校验审计日志的哈希链并与库外的检查点比对，发现被修改、删除或截断时以非零状态退出
  audit checkpoint 立即写一个带签名的检查点（条数、最新编号、哈希）到 FAZHI_AUDIT_ANCHOR_DIR
  audit purge --before YYYY-MM-DD
                   清理保留期（至少180天）之前的审计记录
                   角色：system_admin、security_admin、audit_admin、town_office、department、
                   grid_worker、leader、county_reviewer
  migrate          只执行数据库迁移
  demo [--force]   载入演示数据（杭锦后旗、双庙镇等）；库中已有数据时需加 --force
  indicators --org <单位编号或名称> --year <年度> [--json]
                   计算单位（含下级）全年的指标值
  indicators --list [--org <单位>] [--json]
                   列出全部指标定义（编码、名称、单位、台账类型、计算方式、别名；单位自定义的注明所属单位）
  report --org <单位> --year <年度> --format docx|html --out <文件> [--date YYYY-MM-DD]
                   生成年度报告（草稿按当前台账生成；已审定或公开的报告用冻结的内容）
  check --org <单位> --year <年度> <文件.docx|文件.txt> [--json]
                   核对报告稿中的数字与台账是否一致
  template-from --org <单位> --year <年度> <上年报告.docx|.txt> [--json] [--accept] [--name <模板名称>]
                   以上一年度（--year）的报告为本单位模板：列出每个数字对应的指标，未对应的给出
                   建议的本单位指标；--accept 保存模板（只替换已对应的数字，其余保留原文）
  import-xlsx --kind <台账类型> --org <单位> [--dry-run] [--json] <文件.xlsx>
                   按导入模板导入台账记录：先检查全部行，有错误时逐条列出（工作表、行、列）且不写入；
                   全部通过后在一个事务中写入。--dry-run 只检查不写入。同一文件不会重复导入
  due --org <单位> [--on YYYY-MM-DD] [--within 天数] [--json]
                   列出已逾期和即将到期（默认14天内）的法定期限与常规工作
  remind [--on YYYY-MM-DD] [--print]
                   生成当天（默认今天）每个用户的待办通知并打印各用户条数（配置了 SMTP 时发送邮件）；
                   加 --print 打印每个用户的待办摘要
${DATA_HELP}${FEDERATION_HELP}${SYNTH_HELP}${SUMMARIES_HELP}  help             显示本帮助

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

/** Runs a subcommand with a context, closing it afterwards; the subcommand's result is the exit code. */
async function withContext(config: ReturnType<typeof configFromEnv>, command: (ctx: AppContext) => Promise<number>) {
  const ctx = await createContext(config);
  try {
    process.exitCode = await command(ctx);
  } finally {
    await ctx.close();
  }
}

function printAccounts() {
  console.log('演示账号（密码均为 ' + DEMO_ACCOUNTS[0]?.password + '）：');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(14)} ${a.roleLabel}（${a.orgName}）`);
}

async function main(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  const config = configFromEnv();
  switch (command) {
    case 'migrate': {
      const ctx = await createContext(config, { migrate: false });
      const { migrate } = await import('../db/migrate.js');
      const { builtInKinds } = await import('../areas/index.js');
      const report = await migrate(ctx.db, builtInKinds, ctx.cipher);
      console.log(`数据库（${ctx.db.engine}：${ctx.db.location}）已是最新。`);
      for (const name of report.applied) console.log(`  已执行迁移 ${name}`);
      for (const change of [...report.ledgerChanges, ...report.summaryChanges]) console.log(`  ${change}`);
      await ctx.close();
      return;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { force: { type: 'boolean', default: false } } });
      const ctx = await createContext(config);
      if (!(await isEmpty(ctx)) && !values.force) {
        console.error('数据库中已有数据。若确要再载入一份演示数据，请加 --force。');
        await ctx.close();
        process.exitCode = 2;
        return;
      }
      const summary = await loadDemo(ctx, { log: (line) => console.log(line) });
      console.log(`演示数据已载入：${summary.orgUnits} 个单位，${summary.people} 人，${summary.records} 条台账记录。`);
      printAccounts();
      await ctx.close();
      return;
    }
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean', default: false } } });
      const ctx = await createContext(config);
      if (await isEmpty(ctx)) {
        if (values.demo) {
          console.log('数据库为空，正在载入演示数据……');
          const summary = await loadDemo(ctx, { log: (line) => console.log(line) });
          console.log(`演示数据已载入：${summary.records} 条台账记录。`);
        } else {
          const result = await bootstrap(ctx);
          console.log(`首次启动：已建立根单位“${result.rootName}”和三员账号。以下密码只显示这一次，首次登录后须修改：`);
          for (const a of result.accounts) console.log(`  ${a.username.padEnd(12)} ${a.password}`);
        }
      }
      const app = await buildApp(ctx, { logLevel: logLevelOf(process.env.FAZHI_LOG) });
      const port = Number(process.env.PORT || 3000);
      const host = process.env.HOST || '0.0.0.0';
      await app.listen({ port, host });
      console.log(`法治台账已启动：http://localhost:${port}/  （接口文档：http://localhost:${port}/api/docs）`);
      console.log(`数据库：${ctx.db.engine}（${ctx.db.location}）`);
      if (await isDemo(ctx)) {
        console.log('当前为演示模式（数据均为虚构）。');
        printAccounts();
      }
      // The day's reminders now and every day at 07:00 Beijing time.
      const calendarWarning = startupCalendarWarning(todayInChina());
      if (calendarWarning) console.warn(`注意：${calendarWarning}`);
      // The audit chain's head, signed, outside the database: now, then every few minutes while it moves.
      await ctx.auditAnchor.checkpoint('start').catch((error: unknown) => console.error(`审计日志检查点写入失败：${error instanceof Error ? error.message : String(error)}`));
      const stopCheckpoints = ctx.auditAnchor.every(CHECKPOINT_MINUTES);
      const stopReminders = scheduleDailyReminders(ctx.reminders, { info: (m) => console.log(m), warn: (m) => console.warn(m) }, undefined, () => today(ctx.db));
      const stop = async () => {
        stopReminders();
        stopCheckpoints();
        await app.close();
        await ctx.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'indicators': {
      if (rest.includes('--federation')) return withContext(config, (ctx) => federatedIndicatorsCommand(ctx, rest));
      const { values } = parseArgs({
        args: rest,
        options: {
          org: { type: 'string' },
          year: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          json: { type: 'boolean', default: false },
          list: { type: 'boolean', default: false },
        },
      });
      if (values.list) return withContext(config, (ctx) => listIndicatorsCommand(ctx, values.org, values.json));
      const ctx = await createContext(config);
      try {
        const unit = await unitNamed(ctx, values.org);
        const period = resolvePeriod({ year: values.year ? Number(values.year) : undefined, from: values.from, to: values.to });
        const items = await ctx.indicators.evaluate(systemScope(unit), unit, period);
        if (values.json) console.log(JSON.stringify(items, null, 2));
        else {
          console.log(`${unit.name} ${period.from} 至 ${period.to}`);
          for (const i of items) {
            const shown = i.unit === '%' ? `${i.denominator === 0 ? '—' : `${formatNumber(i.value)}%`}（${i.numerator}/${i.denominator}）` : `${formatNumber(i.value)}${i.unit}`;
            console.log(`  ${i.code.padEnd(34)} ${shown.padEnd(18)} ${i.label}（${i.records} 条记录）`);
          }
        }
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'report': {
      if (rest.includes('--federation')) return withContext(config, (ctx) => federatedReportCommand(ctx, rest));
      const { values } = parseArgs({
        args: rest,
        options: { org: { type: 'string' }, year: { type: 'string' }, format: { type: 'string', default: 'docx' }, out: { type: 'string' }, date: { type: 'string' } },
      });
      if (values.format !== 'docx' && values.format !== 'html') throw new AppError(400, 'validation', '--format 应为 docx 或 html', 'format');
      if (!values.out) throw new AppError(400, 'validation', '请用 --out 指定输出文件', 'out');
      const ctx = await createContext(config);
      try {
        const unit = await unitNamed(ctx, values.org);
        const report = await new ReportService(ctx).composed(systemScope(unit), unit, yearOf(values.year), { date: values.date });
        const content = values.format === 'docx' ? await renderDocx(report) : renderHtml(report, { standalone: true });
        await writeFile(values.out, content);
        console.log(`已生成：${values.out}（${report.title}）`);
        for (const problem of report.problems) console.warn(`注意：${problem}`);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'synth': {
      process.exitCode = await synthCommand(rest, config);
      return;
    }
    case 'summaries':
      return withContext(config, (ctx) => summariesCommand(ctx, rest));
    case 'export':
    case 'import':
    case 'backup':
    case 'restore': {
      process.exitCode = await dataCommand(command, rest, config);
      return;
    }
    case 'import-xlsx': {
      const ctx = await createContext(config);
      try {
        process.exitCode = await importXlsxCommand(ctx, rest);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'federation':
      return withContext(config, (ctx) => federationCommand(ctx, rest));
    case 'audit': {
      const ctx = await createContext(config);
      try {
        process.exitCode = await auditCommand(ctx, rest);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'user': {
      const ctx = await createContext(config);
      try {
        process.exitCode = await userCommand(ctx, rest);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'due': {
      const { values } = parseArgs({
        args: rest,
        options: { org: { type: 'string' }, on: { type: 'string' }, within: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      const ctx = await createContext(config);
      try {
        const unit = await unitNamed(ctx, values.org);
        const within = values.within === undefined ? undefined : Number(values.within);
        const due = await ctx.due.list(systemScope(unit), { org: unit.id, on: values.on, within });
        if (values.json) console.log(JSON.stringify(due, null, 2));
        else console.log(formatDueList(due));
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'remind': {
      const { values } = parseArgs({ args: rest, options: { on: { type: 'string' }, print: { type: 'boolean', default: false } } });
      if (values.on !== undefined && !isValidDate(values.on)) throw new AppError(400, 'validation', '--on 应为 YYYY-MM-DD 格式的有效日期', 'on');
      const ctx = await createContext(config);
      try {
        const on = values.on ?? (await today(ctx.db));
        const run = await ctx.reminders.run(on);
        console.log(`${on} 的提醒：`);
        for (const u of run.users) {
          const mail = u.emailed ? '，已发邮件' : '';
          console.log(`  ${u.username.padEnd(16)} ${u.displayName}：逾期 ${u.overdue}，即将到期 ${u.dueSoon}，新增通知 ${u.created}${mail}${u.error ? `（未完成：${u.error}）` : ''}`);
        }
        if (values.print) for (const u of run.users.filter((r) => !r.error)) console.log(`\n==== ${u.username} ====\n${await ctx.reminders.digest(u.userId, on)}`);
        if (run.users.some((u) => u.error)) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'check': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { org: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      const file = positionals[0];
      if (!file) throw new AppError(400, 'validation', '请指定要核对的报告稿文件', 'file');
      const ctx = await createContext(config);
      try {
        const unit = await unitNamed(ctx, values.org);
        const text = await draftText(file, await readFile(file));
        const result = await checkAgainstLedger(ctx, systemScope(unit), unit, yearOf(values.year), text);
        if (values.json) console.log(JSON.stringify(result, null, 2));
        else {
          console.log(`核对 ${file}（${unit.name} ${values.year}年）：一致 ${result.matched.length} 处，不一致 ${result.mismatched.length} 处，未能对应 ${result.unmatched.length} 处`);
          for (const m of result.mismatched) console.log(`  不一致：“${m.text}”（${m.label}）台账为 ${m.expected}，${m.records} 条记录`);
          for (const u of result.unmatched) console.log(`  未对应：“${u.text}” ……${u.context}`);
        }
        if (result.mismatched.length) process.exitCode = 3;
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'template-from': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { org: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean', default: false }, accept: { type: 'boolean', default: false }, name: { type: 'string' } },
      });
      const file = positionals[0];
      if (!file) throw new AppError(400, 'validation', '请指定上一年度的报告文件', 'file');
      const ctx = await createContext(config);
      try {
        const unit = await unitNamed(ctx, values.org);
        const text = await draftText(file, await readFile(file));
        const result = await new ReportService(ctx).templateFrom(systemScope(unit), unit, yearOf(values.year), text, { save: values.accept, ...(values.name ? { name: values.name } : {}) });
        if (values.json) console.log(JSON.stringify(result, null, 2));
        else {
          console.log(`${file}（${unit.name} ${values.year}年）：共 ${result.figures.length} 个数字，已对应指标 ${result.matched} 个，未对应 ${result.unmatched} 个`);
          for (const f of result.figures) {
            if (f.code) console.log(`  ${f.text} → ${f.label}（${f.code}）${f.placeholder}`);
            else if (f.proposal) console.log(`  ${f.text} 未对应；建议新建本单位指标“${f.proposal.label}”（${f.proposal.kindLabel ?? '请选择台账'}，单位：${f.proposal.unit}）……${f.context}`);
          }
          console.log(result.saved ? `已保存为本单位模板“${result.saved.name}”（编号 ${result.saved.id}），未对应的数字保留原文` : '确认无误后加 --accept 保存为模板');
        }
      } finally {
        await ctx.close();
      }
      return;
    }
    default:
      console.log(HELP);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
