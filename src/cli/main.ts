/**
 * The `fazhi` command line: serve, migrate, demo. A command's module (and the packages it needs, such
 * as ExcelJS, docx or pg's COPY) is imported when that command runs, so `fazhi serve` does not carry
 * them in memory (docs/SCALING.md «内存»).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildApp } from '../http/app.js';
import { logLevelOf } from '../http/errors.js';
import { collectWhenQuiet } from '../http/quiet-gc.js';
import { configFromEnv, createContext } from '../context.js';
import { loadDemo, demoAccountLines, isDemo, isEmpty } from '../demo/load.js';
import { bootstrap } from '../accounts/bootstrap.js';
import { beforeRunning, refusalOf, unknownCommand } from './commands.js';
import { AppError } from '../core/errors.js';
import { unitNamed } from './unit-named.js';
import { resolvePeriod } from '../indicators/period.js';
import { renderHtml } from '../report/render/html.js';
import { ReportService, yearOf } from '../report/service.js';
import { findOrgsByIds } from '../org/repository.js';
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
  // Towns' and counties' own definitions: those offered to the unit (its own and its county's), or
  // every unit's, each read among the figures offered to its owner (two towns may use one code).
  const builtIn = collectIndicators(kinds);
  const offered = async (path: string) => indicatorsOf(await ctx.indicators.own.offeredTo(path), kinds, builtIn);
  let described = describeIndicators(kinds, unit ? await offered(unit.path) : []);
  if (!unit) {
    const owners = new Map((await ctx.indicators.own.all()).map((r) => [r.orgId, r.orgPath]));
    for (const [ownerOrgId, path] of owners) {
      const theirs = await offered(path);
      const own = new Set(theirs.filter((i) => i.ownerOrgId === ownerOrgId).map((i) => i.code));
      described = [...described, ...describeIndicators(kinds, theirs).filter((d) => own.has(d.code) && d.ownerOrgId === ownerOrgId)];
    }
  }
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

/** While serving, a checkpoint of the audit chain this often (when rows came since the last). */
const CHECKPOINT_MINUTES = 5;

const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Runs a subcommand with a context, closing it afterwards; the subcommand's result is the exit code. */
async function withContext(config: ReturnType<typeof configFromEnv>, command: (ctx: AppContext) => Promise<number>) {
  const ctx = await createContext(config);
  try {
    process.exitCode = await command(ctx);
  } finally {
    await ctx.close();
  }
}

/** The demo accounts, each with whether the demo password still signs it in. */
async function printAccounts(ctx: AppContext) {
  for (const line of await demoAccountLines(ctx)) console.log(line);
}

async function main(argv: string[]) {
  const early = beforeRunning(argv);
  if (early) {
    console.log(early.help);
    return;
  }
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
      await printAccounts(ctx);
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
      const stopCollecting = collectWhenQuiet(app);
      const port = Number(process.env.PORT || 3000);
      const host = process.env.HOST || '0.0.0.0';
      await app.listen({ port, host });
      console.log(`法治台账已启动：http://localhost:${port}/  （接口文档：http://localhost:${port}/api/docs）`);
      console.log(`数据库：${ctx.db.engine}（${ctx.db.location}）`);
      if (await isDemo(ctx)) {
        console.log('当前为演示模式（数据均为虚构）。');
        await printAccounts(ctx);
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
        stopCollecting();
        await app.close();
        await ctx.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      return;
    }
    case 'indicators': {
      if (rest.includes('--federation')) {
        const { federatedIndicatorsCommand } = await import('./federation.js');
        return withContext(config, (ctx) => federatedIndicatorsCommand(ctx, rest));
      }
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
      if (rest.includes('--federation')) {
        const { federatedReportCommand } = await import('./federation.js');
        return withContext(config, (ctx) => federatedReportCommand(ctx, rest));
      }
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
        const content = values.format === 'docx' ? await (await import('../report/render/docx.js')).renderDocx(report) : renderHtml(report, { standalone: true });
        await writeFile(values.out, content);
        console.log(`已生成：${values.out}（${report.title}）`);
        for (const problem of report.problems) console.warn(`注意：${problem}`);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'binder': {
      const { binderCommand } = await import('./binder.js');
      return withContext(config, (ctx) => binderCommand(ctx, rest));
    }
    case 'synth': {
      const { synthCommand } = await import('./synth.js');
      process.exitCode = await synthCommand(rest, config);
      return;
    }
    case 'summaries': {
      const { summariesCommand } = await import('./summaries.js');
      return withContext(config, (ctx) => summariesCommand(ctx, rest));
    }
    case 'export':
    case 'import':
    case 'backup':
    case 'restore': {
      const { dataCommand } = await import('./data.js');
      process.exitCode = await dataCommand(command, rest, config);
      return;
    }
    case 'import-xlsx': {
      const { importXlsxCommand } = await import('./import-xlsx.js');
      const ctx = await createContext(config);
      try {
        process.exitCode = await importXlsxCommand(ctx, rest);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'federation': {
      const { federationCommand } = await import('./federation.js');
      return withContext(config, (ctx) => federationCommand(ctx, rest));
    }
    case 'audit': {
      const { auditCommand } = await import('./audit.js');
      const ctx = await createContext(config);
      try {
        process.exitCode = await auditCommand(ctx, rest);
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'user': {
      const { userCommand } = await import('./users.js');
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
        const { checkAgainstLedger, draftText } = await import('../report/draft-check.js');
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
        const { draftText } = await import('../report/draft-check.js');
        const text = await draftText(file, await readFile(file));
        const result = await new ReportService(ctx).templateFrom(systemScope(unit), unit, yearOf(values.year), text, { save: values.accept, ...(values.name ? { name: values.name } : {}) });
        if (values.json) console.log(JSON.stringify(result, null, 2));
        else {
          console.log(`${file}（${unit.name} ${values.year}年）：共 ${result.figures.length} 个数字，已对应指标 ${result.matched} 个，未对应 ${result.unmatched} 个`);
          for (const f of result.figures) {
            if (f.placeholder) console.log(`  ${f.text} → ${f.label}（${f.code}）${f.placeholder}`);
            else if (f.proposal) console.log(`  ${f.text} 未对应；建议新建本单位指标“${f.proposal.label}”（${f.proposal.kindLabel ?? '比率'}，单位：${f.proposal.unit}）……${f.context}`);
          }
          if (result.literals.length) {
            console.log(`仍为去年数字，需手工修改（${result.literals.length}处）：`);
            for (const l of result.literals) console.log(`  第${l.line}行 ${l.context}：${l.note}`);
          }
          console.log(result.saved ? `已保存为本单位模板“${result.saved.name}”（编号 ${result.saved.id}）` : '确认无误后加 --accept 保存为模板');
        }
      } finally {
        await ctx.close();
      }
      return;
    }
    default:
      throw unknownCommand(command);
  }
}

const argv = process.argv.slice(2);
main(argv).catch((error: unknown) => {
  // A refused command line: what was wrong, where the usage is, status 2 (nothing was done).
  const refusal = refusalOf(error, argv);
  if (refusal) {
    console.error(refusal);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
