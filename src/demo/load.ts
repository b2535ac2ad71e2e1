/**
 * The demo data set: 杭锦后旗 with three towns, 双庙镇's 2025 ledger reproducing the seed report's
 * figures exactly (docs/DESIGN.md §5), smaller ledgers for 2024 and the other towns, and one account per
 * role. Deterministic: every run produces the same data apart from ids and timestamps.
 */
import type { Role } from '../accounts/roles.js';
import { ROLES } from '../accounts/roles.js';
import { verifyPassword } from '../accounts/passwords.js';
import type { AppContext } from '../context.js';
import { systemScope } from '../org/scope.js';
import { setSetting } from '../procedures/settings.js';
import { DEMO_AS_OF } from './calendar.js';
import { loadDecision } from './decision.js';
import { loadEnforcement } from './enforcement.js';
import { loadGovernance } from './governance.js';
import { loadGrid } from './grid.js';
import { loadLeadership } from './leadership.js';
import { NameSource } from './names.js';
import { buildOrgTree, SHUANGMIAO, type DemoTree } from './org-tree.js';
import { castTown, PeopleBook } from './people.js';
import { TOWN_PROFILES } from './plans.js';
import { loadPublicity } from './publicity.js';
import { loadServices } from './services.js';
import { loadStudy } from './study.js';
import { loadAssessmentDemo } from './assessment.js';
import type { TownYear } from './town-year.js';
import { RecordWriter } from './writer.js';
import { ReportService } from '../report/service.js';

export const DEMO_PASSWORD = 'Fazhi@2025';
export const DEMO_AS_OF_SETTING = 'demo.asOf';

interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  roleLabel: string;
  orgName: string;
}

/** [username, role, unit path below the county ('' = the county itself), display name] */
const ACCOUNT_SPECS: ReadonlyArray<readonly [string, Role, readonly string[], string]> = [
  ['smz_office', 'townOffice', [SHUANGMIAO], '双庙镇法治办（演示）'],
  ['smz_clerk', 'departmentClerk', [SHUANGMIAO], '双庙镇综合执法队经办人（演示）'],
  ['smz_grid', 'gridWorker', [SHUANGMIAO, '新华村'], '新华村网格员（演示）'],
  ['smz_leader', 'leader', [SHUANGMIAO], '双庙镇领导（演示）'],
  ['hjhq_review', 'countyReviewer', [], '杭锦后旗司法局审阅人（演示）'],
  ['sysadmin', 'systemAdmin', [], '系统管理员（演示）'],
  ['secadmin', 'securityAdmin', [], '安全管理员（演示）'],
  ['auditadmin', 'auditAdmin', [], '审计管理员（演示）'],
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = ACCOUNT_SPECS.map(([username, role, path]) => ({
  username,
  password: DEMO_PASSWORD,
  role,
  roleLabel: ROLES[role],
  orgName: path.length ? path.join('') : '杭锦后旗',
}));

/**
 * The demo accounts as they are in this database, for the start-up banner: the demo password holds
 * only for an account whose password nobody has changed or reset since (and `demo --force` leaves
 * existing accounts as they were), so each account is checked against it rather than assumed.
 */
export async function demoAccountLines(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db.kysely
    .selectFrom('app_user')
    .select(['username', 'password_hash', 'active'])
    .where('username', 'in', DEMO_ACCOUNTS.map((a) => a.username))
    .execute();
  const byName = new Map(rows.map((r) => [r.username, r]));
  const states = await Promise.all(
    DEMO_ACCOUNTS.map(async (a) => {
      const row = byName.get(a.username);
      if (!row) return '（不存在）';
      if (row.active !== 1) return '（已停用）';
      return (await verifyPassword(DEMO_PASSWORD, row.password_hash)) ? '' : `（密码已修改或重置，不是 ${DEMO_PASSWORD}）`;
    }),
  );
  const all = states.every((s) => s === '');
  const heading = all ? `演示账号（密码均为 ${DEMO_PASSWORD}）：` : `演示账号（密码为 ${DEMO_PASSWORD}，注明的除外）：`;
  return [heading, ...DEMO_ACCOUNTS.map((a, n) => `  ${a.username.padEnd(14)} ${a.roleLabel}（${a.orgName}）${states[n] ?? ''}`)];
}

/** True when the database has no org units yet: nothing to overwrite. */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.kysely.selectFrom('org_unit').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function loadDemo(
  ctx: AppContext,
  options: { log?: (line: string) => void } = {},
): Promise<{ orgUnits: number; people: number; records: number }> {
  const log = options.log ?? (() => { /* no progress wanted */ });
  const started = Date.now();

  log('正在建立组织机构（内蒙古自治区—巴彦淖尔市—杭锦后旗—3个镇）……');
  const tree = await buildOrgTree(ctx);
  log(`  已建立 ${tree.unitCount} 个单位`);

  const writer = new RecordWriter(ctx, systemScope(tree.province));
  const book = new PeopleBook(new NameSource());

  for (const town of tree.towns) {
    const profile = TOWN_PROFILES[town.unit.name];
    if (!profile) throw new Error(`no demo profile for ${town.unit.name}`);
    const cast = castTown(book, town, profile.officers);
    const before = writer.count;
    await loadGrid(ctx, writer, book, town, profile.grid);
    log(`${town.unit.name}：网格岗位和网格党小组 ${writer.count - before} 条，人员累计 ${book.count} 人`);

    for (const plan of profile.years) {
      const yearStart = writer.count;
      const ty: TownYear = {
        w: writer,
        town,
        cast,
        plan,
        year: plan.year,
        links: { deploymentMeetings: [], majorDecisions: [], lawCatalog: new Map() },
      };
      await loadStudy(ty);
      await Promise.all([loadDecision(ty), loadEnforcement(ty), loadGovernance(ty), loadPublicity(ty), loadServices(ty)]);
      await loadLeadership(ty);
      log(`${town.unit.name}：${plan.year}年台账 ${writer.count - yearStart} 条`);
    }
  }

  await publishEarlierReports(ctx, tree);
  log('各镇上一年度的法治政府建设情况报告已审定并公开');

  const created = await createAccounts(ctx, tree);
  await markDemo(ctx);
  await loadAssessmentDemo(ctx, tree, DEMO_PASSWORD);
  log(`已创建演示账号 ${created} 个（密码 ${DEMO_PASSWORD}）${created < DEMO_ACCOUNTS.length ? '；同名账号已存在的未重复创建' : ''}`);
  log(`演示数据载入完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  return { orgUnits: tree.unitCount, people: book.count, records: writer.count };
}

/**
 * A year's report is approved in February of the next year and made public in March, as the
 * rules ask; the demo's earlier years are in that state (its last year is still a draft on
 * the reference day). The sign-off times are set to those days: the due list reads them.
 */
async function publishEarlierReports(ctx: AppContext, tree: DemoTree) {
  const reports = new ReportService(ctx);
  for (const town of tree.towns) {
    const years = (TOWN_PROFILES[town.unit.name]?.years ?? []).map((p) => p.year).sort();
    for (const year of years.slice(0, -1)) {
      const scope = systemScope(town.unit);
      await reports.approve(scope, town.unit, year, `${year + 1}-02-24`);
      await reports.publish(scope, town.unit, year);
      await ctx.db.kysely
        .updateTable('annual_report')
        .set({ approved_at: `${year + 1}-02-24T02:00:00.000Z`, published_at: `${year + 1}-03-17T02:00:00.000Z` })
        .where('org_id', '=', town.unit.id)
        .where('year', '=', year)
        .execute();
    }
  }
}

/**
 * Records that this database holds the demo: the UI says so, and demo accounts exist only here.
 * `demo.asOf` is the day the demo is seen from (the due list and dashboard open on it).
 */
async function markDemo(ctx: AppContext) {
  const existing = await ctx.db.kysely.selectFrom('app_setting').select('key').where('key', '=', 'demo').executeTakeFirst();
  if (!existing) await ctx.db.kysely.insertInto('app_setting').values({ key: 'demo', value: '1' }).execute();
  await setSetting(ctx.db, DEMO_AS_OF_SETTING, DEMO_AS_OF);
}

export async function isDemo(ctx: AppContext): Promise<boolean> {
  return (await ctx.db.kysely.selectFrom('app_setting').select('value').where('key', '=', 'demo').executeTakeFirst())?.value === '1';
}

/** One account per role; an account whose username exists already (demo --force) is left as it is. */
async function createAccounts(ctx: AppContext, tree: DemoTree): Promise<number> {
  const unitAt = (path: readonly string[]) => {
    const [townName, villageName] = path;
    if (!townName) return tree.county;
    const town = tree.towns.find((t) => t.unit.name === townName);
    if (!town) throw new Error(`no demo town ${townName}`);
    if (!villageName) return town.unit;
    const village = town.villages.find((v) => v.unit.name === villageName);
    if (!village) throw new Error(`no demo village ${villageName}`);
    return village.unit;
  };
  const existing = await ctx.db.kysely
    .selectFrom('app_user')
    .select('username')
    .where('username', 'in', ACCOUNT_SPECS.map(([username]) => username))
    .execute();
  const taken = new Set(existing.map((u) => u.username));
  const specs = ACCOUNT_SPECS.filter(([username]) => !taken.has(username));
  await Promise.all(
    specs.map(([username, role, path, displayName]) =>
      ctx.accounts.createUser({ username, password: DEMO_PASSWORD, displayName, role, orgId: unitAt(path).id, mustChangePassword: false }),
    ),
  );
  return specs.length;
}
