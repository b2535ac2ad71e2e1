import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bootstrap } from '../accounts/bootstrap.js';
import { createContext, type AppContext } from '../context.js';
import { findOrgByIdOrName, insertOrg } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';

/** The command line as an operator runs it, on its own SQLite file (the commands are engine-independent). */
// Each command is a fresh Node process compiling TypeScript: on a busy two-core machine a test of several takes a while.
vi.setConfig({ testTimeout: 120_000 });
const dir = mkdtempSync(join(tmpdir(), 'fazhi-cli-'));
const env = { ...process.env, DATABASE_URL: '', FAZHI_DB: join(dir, 'cli.db'), FAZHI_DATA_DIR: join(dir, 'files'), FAZHI_KEY_FILE: join(dir, 'fazhi.key') };
const fazhi = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, input, encoding: 'utf8', timeout: 60_000 });

let ctx: AppContext;

beforeAll(async () => {
  ctx = await createContext({ db: { sqlitePath: env.FAZHI_DB }, dataDir: env.FAZHI_DATA_DIR, keyFile: env.FAZHI_KEY_FILE, maxUploadBytes: 1 << 20, sessionIdleMinutes: 30 });
  await insertOrg(ctx.db, { parentId: null, name: '命令行测试镇', level: 'town' });
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fazhi user', () => {
  it('adds a user with the password from standard input, resets and unlocks', async () => {
    const add = fazhi(['user', 'add', '--username', 'clerk1', '--role', 'department', '--org', '命令行测试镇', '--password-stdin'], 'Fazhi#2025-cli\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('已创建用户 clerk1');
    const login = await ctx.accounts.login('clerk1', 'Fazhi#2025-cli', null);
    expect(login.session.user).toMatchObject({ role: 'departmentClerk', mustChangePassword: true });

    const weak = fazhi(['user', 'add', '--username', 'clerk2', '--role', 'department', '--org', '命令行测试镇', '--password-stdin'], 'weak\n');
    expect(weak.status).not.toBe(0);
    expect(weak.stderr).toContain('密码');
    const badRole = fazhi(['user', 'add', '--username', 'clerk3', '--role', 'king', '--org', '命令行测试镇', '--password-stdin'], 'Fazhi#2025-cli\n');
    expect(badRole.stderr).toContain('town_office');

    const reset = fazhi(['user', 'reset', 'clerk1']);
    expect(reset.status, reset.stderr).toBe(0);
    const oneTime = /：(\S{12})$/.exec(reset.stdout.trim())?.[1];
    expect(oneTime).toBeDefined();
    await expect(ctx.accounts.login('clerk1', 'Fazhi#2025-cli', null)).rejects.toMatchObject({ status: 401 });
    expect((await ctx.accounts.login('clerk1', oneTime ?? '', null)).session.user.mustChangePassword).toBe(true);

    for (let i = 0; i < 5; i++) await ctx.accounts.login('clerk1', 'Wrong#2025x', null).catch(() => undefined);
    await expect(ctx.accounts.login('clerk1', oneTime ?? '', null)).rejects.toMatchObject({ id: 'locked' });
    expect(fazhi(['user', 'unlock', 'clerk1']).status).toBe(0);
    expect((await ctx.accounts.login('clerk1', oneTime ?? '', null)).session.user.username).toBe('clerk1');
  });
});

describe('a command line fazhi does not know', () => {
  it('refuses an unknown command with status 2 and a Chinese message naming it', () => {
    const run = fazhi(['nosuchcommand']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('未知命令“nosuchcommand”');
    expect(run.stderr).toContain('fazhi --help');
  });

  it('refuses an unknown option with status 2, naming it, and opens no database for it', () => {
    const bogus = fazhi(['due', '--org', '命令行测试镇', '--bogus']);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain('fazhi due 没有选项 --bogus');
    expect(bogus.stderr).toContain('运行 fazhi due --help 查看用法');

    const empty = mkdtempSync(join(tmpdir(), 'fazhi-cli-refused-'));
    const refused = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'user', 'add', '--username', 'x', '--bogus'], {
      env: { ...env, FAZHI_DB: join(empty, 'new.db'), FAZHI_DATA_DIR: join(empty, 'files'), FAZHI_KEY_FILE: join(empty, 'new.key') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('fazhi user add 没有选项 --bogus');
    expect(readdirSync(empty)).toEqual([]); // no database, no key file
    rmSync(empty, { recursive: true, force: true });
  });

  it('prints a command\'s usage for --help with status 0', () => {
    const help = fazhi(['due', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^用法：\n {2}due --org/);
  });
});

describe('first start outside demo mode', () => {
  let fresh: TestContext;
  beforeAll(async () => {
    fresh = await testContext();
  });
  afterAll(() => fresh.close());

  it('creates the root unit and the three administrators with one-time passwords, and no demo accounts', async () => {
    const result = await bootstrap(fresh, { FAZHI_ROOT_NAME: '某某县', FAZHI_ROOT_LEVEL: 'county' });
    expect(result.accounts.map((a) => a.role)).toEqual(['systemAdmin', 'securityAdmin', 'auditAdmin']);
    for (const a of result.accounts) {
      const { session } = await fresh.accounts.login(a.username, a.password, null);
      expect(session.user.mustChangePassword).toBe(true);
      expect(session.org.name).toBe('某某县');
    }
    expect(await fresh.accounts.findByUsername('smz_office')).toBeUndefined();
    const passwords = new Set(result.accounts.map((a) => a.password));
    expect(passwords.size).toBe(3);
  });
});

describe('fazhi due', () => {
  it('lists the unit\'s overdue and coming deadlines as JSON and as text', async () => {
    const [town] = await findOrgByIdOrName(ctx.db, '命令行测试镇');
    if (!town) throw new Error('no town');
    // Registered 3-03, still being mediated: one month runs to 4-02, so 28 days overdue on 4-30.
    await ctx.ledger.create(systemScope(town), 'dispute', { orgId: town.id, date: '2025-03-03', title: '承包地地界纠纷', source: 'visit', category: 'landTransfer', status: 'mediating' });
    const json = fazhi(['due', '--org', '命令行测试镇', '--on', '2025-04-30', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const list = JSON.parse(json.stdout) as { on: string; items: Array<{ title: string; due: string; daysLeft: number; overdue: boolean; rule: string }> };
    expect(list.on).toBe('2025-04-30');
    expect(list.items.find((i) => i.title === '承包地地界纠纷')).toMatchObject({ due: '2025-04-02', daysLeft: -28, overdue: true });

    const text = fazhi(['due', '--org', '命令行测试镇', '--on', '2025-04-30']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('逾期28天');
    expect(text.stdout).toContain('承包地地界纠纷');

    const bad = fazhi(['due', '--org', '命令行测试镇', '--on', '2025-02-30']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('日期');
  });
});

describe('fazhi template-from', () => {
  it('prints the proposal, and with --accept saves a template binding only the matched figures', async () => {
    const file = join(dir, '2024年报告.txt');
    writeFileSync(file, '一、主要工作举措及成效\n2024年，全镇共排查矛盾纠纷5件。组织辖区商户开展消防安全法规宣讲会7场。\n', 'utf8');
    const json = fazhi(['template-from', '--org', '命令行测试镇', '--year', '2024', '--json', file]);
    expect(json.status, json.stderr).toBe(0);
    const proposal = JSON.parse(json.stdout) as { figures: Array<{ text: string; code?: string; proposal?: { unit: string } }>; literals: Array<{ text: string; reason: string }>; saved?: unknown };
    expect(proposal.figures.map((f) => [f.text, f.code])).toEqual([['5件', 'dispute.screened'], ['7场', undefined]]);
    // No word names the ledger the 7 lectures are in: no proposal, and the figure is listed as last year's number.
    expect(proposal.figures[1]?.proposal).toBeUndefined();
    expect(proposal.literals).toMatchObject([{ text: '7场', reason: 'unbound' }]);
    expect(proposal.saved).toBeUndefined();
    expect(await ctx.db.kysely.selectFrom('report_template').select('id').execute()).toEqual([]);

    const accepted = fazhi(['template-from', '--org', '命令行测试镇', '--year', '2024', '--accept', file]);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain('已保存为本单位模板');
    expect(accepted.stdout).toContain('仍为去年数字，需手工修改（1处）');
    const [saved] = await ctx.db.kysely.selectFrom('report_template').select('body').execute();
    const body = JSON.parse(saved?.body ?? '{}') as { sections: Array<{ paragraphs: string[] }> };
    expect(body.sections[0]?.paragraphs).toEqual(['{year}年，全镇共排查矛盾纠纷{{dispute.screened}}。组织辖区商户开展消防安全法规宣讲会7场。']);
  });
});
