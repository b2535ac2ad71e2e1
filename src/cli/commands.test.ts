import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closestCommand, parseCommandArgs, usageErrorOf, UsageError } from './args.js';
import { beforeRunning, CHECKED_FIRST, COMMAND_HELP, COMMANDS, HELP, helpFor, refusalOf } from './commands.js';

/** What the command line answers before any command runs: help, and refusals (no database needed). */
const refused = (argv: string[]) => {
  try {
    beforeRunning(argv);
  } catch (error) {
    return refusalOf(error, argv);
  }
  return undefined;
};

describe('fazhi --help', () => {
  const lines = HELP.split('\n');
  const at = (start: string) => lines.findIndex((l) => l.startsWith(start));

  it('lists the roles under user add, and audit purge with its own description', () => {
    const roles = lines.findIndex((l) => l.includes('角色：'));
    expect(roles).toBeGreaterThan(at('  user add '));
    expect(roles).toBeLessThan(at('  user unlock '));
    expect(lines[roles]).toContain('town_office');
    expect(lines[at('  audit purge ') + 1]?.trim()).toBe('清理保留期（至少180天）之前的审计记录');
    expect(lines[at('  audit purge ') + 2]).toMatch(/^ {2}audit retention/);
  });

  it('lists every command, and says how to get one command\'s usage and what the exit statuses mean', () => {
    for (const command of COMMANDS) expect(lines.some((l) => l.startsWith(`  ${command} `) || l === `  ${command}`)).toBe(true);
    expect(HELP).toContain('fazhi <命令> --help');
    expect(HELP).toContain('退出状态：0 完成；2 命令、子命令或选项有误');
  });
});

describe('fazhi <command> --help', () => {
  it.each(COMMANDS)('%s: its own usage, the same by --help, -h and help <command>', (command) => {
    const help = helpFor(command);
    expect(help.startsWith('用法：\n')).toBe(true);
    expect(help).toContain(`  ${command}`);
    expect(help).toContain(COMMAND_HELP[command]);
    // `fazhi help --help` is the whole help, as `fazhi help` is.
    if (command !== 'help') for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) expect(beforeRunning(argv)).toEqual({ help });
  });

  it('answers --help wherever it stands before "--", also after a subcommand and other options', () => {
    expect(beforeRunning(['audit', 'purge', '--before', '2025-01-01', '--help'])).toEqual({ help: helpFor('audit') });
    expect(beforeRunning(['due', '--org', '双庙镇', '-h'])).toEqual({ help: helpFor('due') });
    expect(beforeRunning(['user', 'add', '--help'])).toEqual({ help: helpFor('user') });
    expect(beforeRunning(['import', '--', '--help'])).toBeUndefined();
  });

  it('shows the whole help for fazhi, fazhi help and fazhi --help', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h'], ['help', '--help']]) expect(beforeRunning(argv)).toEqual({ help: HELP });
  });
});

describe('refusals before anything runs', () => {
  it('refuses an unknown command in Chinese, naming it, listing the commands, suggesting a near one', () => {
    const message = refused(['nosuchcommand']);
    expect(message).toContain('未知命令“nosuchcommand”');
    expect(message).toContain(`可用的命令：${COMMANDS.join('、')}`);
    expect(refused(['indicatrs'])).toContain('是否要运行 fazhi indicators？');
    expect(refused(['help', 'nosuchcommand'])).toContain('未知命令“nosuchcommand”');
    expect(refused(['--json'])).toContain('未知选项 --json');
  });

  it('refuses, for the commands that open the database first, unknown subcommands, options and arguments', () => {
    expect(refused(['user', 'frob'])).toMatch(/^fazhi user 没有子命令“frob”（子命令：add、unlock、reset、email）。\n运行 fazhi user --help 查看用法。$/);
    expect(refused(['user', 'add', '--username', 'a', '--bogus'])).toContain('fazhi user add 没有选项 --bogus');
    expect(refused(['user', '--bogus'])).toContain('fazhi user 没有选项 --bogus');
    expect(refused(['audit', 'purge', '--days', '200'])).toContain('fazhi audit purge 没有选项 --days');
    expect(refused(['audit', 'verify', 'extra'])).toContain('fazhi audit verify 不接受参数“extra”');
    expect(refused(['audit', 'purge', '--before'])).toContain('选项 --before 缺少取值');
    expect(refused(['federation', 'add', '--name'])).toContain('选项 --name 缺少取值');
    expect(refused(['summaries', 'check', '--kinds', 'dispute'])).toContain('fazhi summaries check 没有选项 --kinds');
    expect(refused(['import-xlsx', '--kind', 'dispute', '--dryrun', 'a.xlsx'])).toContain('fazhi import-xlsx 没有选项 --dryrun');
    expect(refused(['migrate', '--force'])).toContain('fazhi migrate 没有选项 --force');
    expect(refused(['indicators', '--federation', '--year', '2025', '--org', '双庙镇'])).toContain('fazhi indicators 没有选项 --org');
    expect(refused(['report', '--federation', '--year', '2025', '--formats', 'docx'])).toContain('fazhi report 没有选项 --formats');
  });

  it('lets through what the commands take', () => {
    for (const argv of [
      ['user', 'add', '--username', 'a', '--role', 'department', '--org', '双庙镇', '--name', '甲', '--password-stdin'],
      ['user', 'unlock', 'clerk1'],
      ['user', 'email', 'clerk1', 'a@example.gov.cn'],
      ['user'],
      ['audit', 'purge', '--before', '2025-01-01'],
      ['audit', 'retention', '--days', '200'],
      ['summaries', 'rebuild', '--kind', 'dispute'],
      ['import-xlsx', '--kind', 'dispute', '--org', '双庙镇', '--dry-run', '--json', 'a.xlsx'],
      ['federation', 'explain', '--name', '内蒙古', '--year', '2025'],
      ['indicators', '--federation', '--year', '2025', '--json'],
      ['report', '--federation', '--year', '2025', '--format', 'html', '--out', 'a.html', '--name', '全国', '--superior', '国务院', '--signer', '司法部'],
      ['migrate'],
      ['due', '--anything'], // read by the command itself, before it opens the database
    ]) expect(refused(argv), argv.join(' ')).toBeUndefined();
  });

  it('takes every option the help names for the commands checked first', () => {
    for (const [command, spec] of Object.entries(CHECKED_FIRST)) {
      if (!spec) continue;
      const named = new Set([...(COMMAND_HELP[command] ?? '').matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0].slice(2)));
      const taken = new Set('subcommands' in spec ? Object.values(spec.subcommands).flatMap((s) => Object.keys(s.options)) : Object.keys(spec.options));
      for (const option of named) expect(taken, `${command} --${option}`).toContain(option);
    }
  });
});

describe('parseArgs refusals in Chinese', () => {
  const refusal = (args: string[], options: ParseArgsConfig['options'] = {}, positionals = false) => {
    try {
      parseArgs({ args, options, allowPositionals: positionals });
    } catch (error) {
      return usageErrorOf(error, 'due')?.message;
    }
    return undefined;
  };

  it('names the option or argument refused', () => {
    expect(refusal(['--bogus'])).toBe('fazhi due 没有选项 --bogus');
    expect(refusal(['-x'])).toBe('fazhi due 没有选项 -x');
    expect(refusal(['stray'])).toBe('fazhi due 不接受参数“stray”');
    expect(refusal(['--org'], { org: { type: 'string' } })).toBe('选项 --org 缺少取值');
    expect(refusal(['-o'], { out: { type: 'string', short: 'o' } })).toBe('选项 --out 缺少取值');
    expect(refusal(['--json=yes'], { json: { type: 'boolean' } })).toBe('选项 --json 不带取值');
    expect(refusal(['--org', '--json'], { org: { type: 'string' }, json: { type: 'boolean' } })).toBe('选项 --org 缺少取值（取值以“-”开头时请写成 --org=取值）');
  });

  it('leaves other errors alone and parses what is right', () => {
    expect(usageErrorOf(new Error('磁盘已满'), 'due')).toBeUndefined();
    expect(usageErrorOf(new UsageError('x', 'due'), 'report')?.command).toBe('due');
    expect(parseCommandArgs('due', ['--org', '双庙镇'], { options: { org: { type: 'string' } } }).values).toEqual({ org: '双庙镇' });
    expect(() => parseCommandArgs('due', ['--orgs', '双庙镇'], { options: { org: { type: 'string' } } })).toThrow(UsageError);
  });

  it('suggests a command only when it is close', () => {
    expect(closestCommand('remnd', COMMANDS)).toBe('remind');
    expect(closestCommand('templatefrom', COMMANDS)).toBe('template-from');
    expect(closestCommand('xyz', COMMANDS)).toBeUndefined();
  });
});
