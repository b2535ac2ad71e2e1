/**
 * The demo data set reproduces the seed report's figures for 双庙镇 2025. Counted here with
 * plain SQL over the tables, not with the loader's own numbers.
 */
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePeriod } from '../indicators/period.js';
import { columnOf, doneDateFields, tableOf } from '../ledger/kind.js';
import type { OrgUnit } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { DEMO_AS_OF } from './calendar.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemo } from './load.js';

let ctx: TestContext;
let summary: Awaited<ReturnType<typeof loadDemo>>;
let town: { id: string; path: string };
let villageIds: string[];
const FROM = '2025-01-01';
const TO = '2025-12-31';
const log: string[] = [];

beforeAll(async () => {
  ctx = await testContext();
  expect(await isEmpty(ctx)).toBe(true);
  const started = Date.now();
  summary = await loadDemo(ctx, { log: (line) => log.push(line) });
  console.log(`demo loaded on ${ctx.db.engine} in ${Date.now() - started} ms`, summary);
  town = await ctx.db.kysely.selectFrom('org_unit').select(['id', 'path']).where('name', '=', '双庙镇').executeTakeFirstOrThrow();
  const villages = await ctx.db.kysely
    .selectFrom('org_unit')
    .select('id')
    .where('level', '=', 'village')
    .where('path', 'like', `${town.path}%`)
    .execute();
  villageIds = villages.map((v) => v.id);
});
afterAll(() => ctx.close());

async function rows<T>(query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(ctx.db.kysely)).rows;
}

/** Records of 双庙镇's subtree dated in 2025 that meet the condition. */
async function count(table: string, where: RawBuilder<unknown> = sql`1 = 1`): Promise<number> {
  const [row] = await rows<{ n: number | string }>(
    sql`select count(*) as n from ${sql.table(table)} where org_path like ${`${town.path}%`} and date >= ${FROM} and date <= ${TO} and ${where}`,
  );
  return Number(row?.n);
}

describe('demo data set', () => {
  it('builds the org tree, people and records, and logs progress in Chinese', async () => {
    expect(await isEmpty(ctx)).toBe(false);
    expect(summary.orgUnits).toBeGreaterThan(200);
    expect(summary.people).toBeGreaterThan(500);
    expect(summary.records).toBeGreaterThan(1500);
    expect(log.some((line) => line.includes('双庙镇'))).toBe(true);
    expect(villageIds).toHaveLength(12);
    const grids = await ctx.db.kysely.selectFrom('org_unit').select('id').where('level', '=', 'grid').where('path', 'like', `${town.path}%`).execute();
    expect(grids).toHaveLength(115);
    const people = await ctx.db.kysely.selectFrom('person').select(['name', 'is_example']).execute();
    expect(people.every((p) => p.is_example === 1 && p.name.endsWith('（示例）'))).toBe(true);
    expect(new Set(people.map((p) => p.name)).size).toBe(people.length);
  });

  it('一、学法用法: 4 deployment meetings; study 12 (3 special) / 1 / 18 / 2 / 2', async () => {
    expect(await count('ledger_meeting', sql`meeting_kind = 'deployment'`)).toBe(4);
    expect(await count('ledger_study_session', sql`study_kind = 'centralGroup'`)).toBe(12);
    expect(await count('ledger_study_session', sql`study_kind = 'centralGroup' and tags like ${'%"specialStudy"%'}`)).toBe(3);
    expect(await count('ledger_study_session', sql`tags like ${'%"specialStudy"%'}`)).toBe(3);
    expect(await count('ledger_study_session', sql`study_kind = 'documentStudy'`)).toBe(1);
    expect(await count('ledger_study_session', sql`study_kind = 'lawStudy'`)).toBe(18);
    expect(await count('ledger_study_session', sql`study_kind = 'lecture'`)).toBe(2);
    expect(await count('ledger_study_session', sql`study_kind = 'warningEducation'`)).toBe(2);
  });

  it('二、依法决策: one lawyer as legal advisor serving all 12 villages; 60余 disclosures', async () => {
    const advisors = await rows<{ served_units: string; is_lawyer: number }>(
      sql`select served_units, is_lawyer from ledger_legal_advisor
          where org_path like ${`${town.path}%`} and date <= ${TO} and (end_date is null or end_date >= ${FROM})`,
    );
    expect(advisors).toHaveLength(1);
    expect(Number(advisors[0]?.is_lawyer)).toBe(1);
    const served = new Set(JSON.parse(advisors[0]?.served_units ?? '[]') as string[]);
    expect(served.has(town.id)).toBe(true);
    expect(villageIds.filter((id) => served.has(id))).toHaveLength(12);

    const disclosures = await count('ledger_disclosure');
    expect(disclosures).toBeGreaterThanOrEqual(60);
    expect(disclosures).toBeLessThanOrEqual(69);
    expect(await count('ledger_disclosure', sql`published_on is null or published_on < formed_on or published_on > ${TO}`)).toBe(0);
  });

  it('三、执法规范: 18 inspections in five domains, 2 penalties, 2 trainings + 1 exam, 5 body cameras', async () => {
    expect(await count('ledger_inspection')).toBe(18);
    const domains = await rows<{ domain: string }>(
      sql`select distinct domain from ledger_inspection where org_path like ${`${town.path}%`} and date >= ${FROM} and date <= ${TO}`,
    );
    expect(domains.map((d) => d.domain).sort()).toEqual(['ecoEnvironment', 'foodDrug', 'naturalResources', 'publicHealth', 'workSafety']);
    expect(await count('ledger_penalty_case')).toBe(2);
    expect(await count('ledger_penalty_case', sql`status in ('closed', 'executed')`)).toBe(2);
    expect(await count('ledger_enforcement_training', sql`activity_kind = 'training' and organiser = 'higher'`)).toBe(2);
    expect(await count('ledger_enforcement_training', sql`activity_kind = 'exam'`)).toBe(1);
    expect(await count('ledger_equipment', sql`equipment_type = 'bodyCamera'`)).toBe(5);
  });

  it('四、网格: 115 leaders, 308 workers (291 / 17), 26 party groups, 90 liaison heads — posts and people agree per post', async () => {
    const posts = await rows<{ post: string; posts: number | string; people: number | string }>(
      sql`select post, count(*) as posts, count(distinct person) as people from ledger_grid_post
          where org_path like ${`${town.path}%`} and date <= ${TO} and (end_date is null or end_date >= ${FROM})
          group by post order by post`,
    );
    const byPost = Object.fromEntries(posts.map((p) => [p.post, [Number(p.posts), Number(p.people)]]));
    expect(byPost).toEqual({
      gridLeader: [115, 115],
      gridWorkerFullTime: [291, 291],
      gridWorkerPartTime: [17, 17],
      liaisonHead: [90, 90],
    });
    expect((byPost.gridWorkerFullTime?.[0] ?? 0) + (byPost.gridWorkerPartTime?.[0] ?? 0)).toBe(308);

    // 交叉任职: some liaison heads are also full-time grid workers.
    const [both] = await rows<{ n: number | string }>(
      sql`select count(*) as n from (
            select person from ledger_grid_post where org_path like ${`${town.path}%`} and post = 'liaisonHead'
            intersect
            select person from ledger_grid_post where org_path like ${`${town.path}%`} and post = 'gridWorkerFullTime'
          ) shared`,
    );
    expect(Number(both?.n)).toBe(20);

    const [groups] = await rows<{ n: number | string; led: number | string }>(
      sql`select count(*) as n, count(leader) as led from ledger_grid_party_group where org_path like ${`${town.path}%`} and date <= ${TO}`,
    );
    expect(Number(groups?.n)).toBe(26);
    expect(Number(groups?.led)).toBe(26);
  });

  it('四、矛盾: 10 disputes, all resolved; 0 key petition persons; screening in every village every month', async () => {
    expect(await count('ledger_dispute')).toBe(10);
    expect(await count('ledger_dispute', sql`status = 'resolved' and resolved_on is not null`)).toBe(10);
    expect(await count('ledger_dispute', sql`source = 'monthlyScreening'`)).toBeGreaterThanOrEqual(6);
    const disputeVillages = await rows<{ org_id: string }>(
      sql`select distinct org_id from ledger_dispute where org_path like ${`${town.path}%`} and date >= ${FROM} and date <= ${TO}`,
    );
    expect(disputeVillages.length).toBeGreaterThanOrEqual(8);
    expect(disputeVillages.every((d) => villageIds.includes(d.org_id))).toBe(true);

    expect(await count('ledger_petition')).toBeGreaterThan(0);
    expect(await count('ledger_petition', sql`key_person = 1`)).toBe(0);

    const rounds = await rows<{ org_id: string; month: string; disputes_found: number | string }>(
      sql`select org_id, month, disputes_found from ledger_screening_round where org_path like ${`${town.path}%`} and date >= ${FROM} and date <= ${TO}`,
    );
    expect(rounds).toHaveLength(144);
    const covered = new Set(rounds.map((r) => `${r.org_id}:${r.month}`));
    for (const id of villageIds) {
      for (let m = 1; m <= 12; m++) expect(covered.has(`${id}:2025-${String(m).padStart(2, '0')}`)).toBe(true);
    }
    expect(rounds.reduce((n, r) => n + Number(r.disputes_found), 0)).toBe(10);
  });

  it('五、普法: 80余 online posts read 超1000 times; 12 offline events covering all five 法律五进 targets', async () => {
    const online = await count('ledger_publicity_item', sql`mode = 'online'`);
    expect(online).toBeGreaterThanOrEqual(80);
    expect(online).toBeLessThanOrEqual(89);
    const [reads] = await rows<{ total: number | string }>(
      sql`select sum(reads) as total from ledger_publicity_item
          where org_path like ${`${town.path}%`} and date >= ${FROM} and date <= ${TO} and mode = 'online'`,
    );
    expect(Number(reads?.total)).toBeGreaterThanOrEqual(1001);
    expect(Number(reads?.total)).toBeLessThanOrEqual(1099);
    expect(await count('ledger_publicity_item', sql`mode = 'online' and content_kind not in ('knowledge', 'typicalCase')`)).toBe(0);

    expect(await count('ledger_publicity_item', sql`mode = 'offline'`)).toBe(12);
    const targets = await rows<{ five_into: string }>(
      sql`select five_into from ledger_publicity_item where org_path like ${`${town.path}%`} and date >= ${FROM} and date <= ${TO} and mode = 'offline'`,
    );
    const union = new Set(targets.flatMap((t) => JSON.parse(t.five_into) as string[]));
    expect([...union].sort()).toEqual(['communities', 'enterprises', 'organs', 'units', 'villages']);
  });

  it('has a 2024 ledger and the other towns, with their gaps', async () => {
    const [lastYear] = await rows<{ n: number | string }>(
      sql`select count(*) as n from ledger_meeting where org_path like ${`${town.path}%`} and date >= '2024-01-01' and date <= '2024-12-31'`,
    );
    expect(Number(lastYear?.n)).toBeGreaterThan(0);
    const [open] = await rows<{ n: number | string }>(sql`select count(*) as n from ledger_dispute where org_path not like ${`${town.path}%`} and status <> 'resolved'`);
    expect(Number(open?.n)).toBeGreaterThan(0);
    const [plans] = await rows<{ n: number | string }>(sql`select count(*) as n from ledger_plan_item where org_path like ${`${town.path}%`} and year = 2026`);
    expect(Number(plans?.n)).toBe(3);
  });

  it('records 发文, 专项督查, 法律服务, 仪式 and 企业体检 in 蛮会镇 and 团结镇, none in 双庙镇 (its seed figures stay exact)', async () => {
    const tables = ['ledger_issued_document', 'ledger_special_supervision', 'ledger_legal_service', 'ledger_ceremony', 'ledger_enterprise_checkup'];
    for (const table of tables) {
      const [seed] = await rows<{ n: number | string }>(sql`select count(*) as n from ${sql.table(table)} where org_path like ${`${town.path}%`}`);
      const [others] = await rows<{ n: number | string }>(sql`select count(*) as n from ${sql.table(table)} where org_path not like ${`${town.path}%`} and date >= ${FROM}`);
      expect([table, Number(seed?.n)]).toEqual([table, 0]);
      expect(Number(others?.n), table).toBeGreaterThan(0);
    }
    const manhui = await ctx.db.kysely.selectFrom('org_unit').selectAll().where('name', '=', '蛮会镇').executeTakeFirstOrThrow();
    const values = await ctx.indicators.evaluate(systemScope(manhui), manhui as OrgUnit, resolvePeriod({ year: 2025 }));
    const of = (code: string) => values.find((v) => v.code === code)?.value;
    expect([of('document.issued'), of('document.issued.party'), of('document.issued.government'), of('supervision.count'), of('ceremony.constitutional_oath'), of('enterprise_checkup.enterprises')]).toEqual([12, 4, 8, 2, 1, 4]);
    expect(of('document.legality_review_rate')).toBeCloseTo(91.67, 1);
    expect(of('legal_service.categories')).toBe(5);
    // 蛮会镇's agricultural station has one certified officer: on the due list.
    const due = await ctx.due.list(systemScope(manhui), { org: manhui.id, on: DEMO_AS_OF });
    expect(due.items.filter((i) => i.check === 'certificate.department').map((i) => i.title)).toEqual(['农业农村（农牧）综合服务中心持有效执法证的人员1名，少于2名']);
  });

  it('dates nothing done after the demo’s day, in any date of any kind', async () => {
    const later: string[] = [];
    let checked = 0;
    for (const kind of ctx.kinds.builtIn) {
      for (const field of doneDateFields(kind)) {
        const [row] = await rows<{ n: number | string; last: string | null }>(
          sql`select count(*) as n, max(${sql.ref(columnOf(field))}) as last from ${sql.table(tableOf(kind))} where ${sql.ref(columnOf(field))} > ${DEMO_AS_OF}`,
        );
        checked += 1;
        if (Number(row?.n)) later.push(`${kind.code}.${field}: ${Number(row?.n)}（最晚 ${row?.last}）`);
      }
    }
    const [extensions] = await rows<{ n: number | string }>(sql`select count(*) as n from deadline_extension where approved_on > ${DEMO_AS_OF}`);
    if (Number(extensions?.n)) later.push(`deadline_extension.approvedOn: ${Number(extensions?.n)}`);
    expect(later).toEqual([]);
    // Every kind's own date and each of its step and event dates were looked at (not only a few chosen by hand).
    expect(checked).toBeGreaterThan(ctx.kinds.builtIn.length * 2);
  });

  it('creates one account per role that can sign in with the demo password', async () => {
    expect(DEMO_ACCOUNTS).toHaveLength(8);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role)).size).toBe(8);
    for (const account of DEMO_ACCOUNTS) {
      expect(account.password).toBe(DEMO_PASSWORD);
      const { session } = await ctx.accounts.login(account.username, account.password, '127.0.0.1');
      expect(session.user.role).toBe(account.role);
      expect(session.user.mustChangePassword).toBe(false);
      expect(account.orgName.endsWith(session.org.name)).toBe(true);
    }
  });
});
