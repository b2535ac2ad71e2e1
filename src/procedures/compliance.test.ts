import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.js';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { complianceItems } from './compliance.js';
import type { DueItem } from './due.js';
import { setSetting } from './settings.js';
import { anyString, stringContaining } from '../testing/matchers.js';

let ctx: TestContext;
let f: Fixture;
let office: Scope;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  // The fixture's units are added today; these tests look at 2024–2026, so the tree predates them.
  await ctx.db.kysely.updateTable('org_unit').set({ created_at: '2023-06-01T00:00:00.000Z' }).execute();
  office = await f.as('townOffice');
});
afterAll(() => ctx.close());

const itemsOf = (scope: Scope, unit: OrgUnit, on: string, within = 14) =>
  complianceItems(ctx.db, { scope, unit, on, within, permissions: ctx.permissions, kinds: ctx.kinds });

const of = (items: DueItem[], source: DueItem['source'], orgId?: string) => items.filter((i) => i.source === source && (!orgId || i.orgId === orgId));
const dues = (items: DueItem[]) => items.map((i) => i.due).sort();

const addPerson = async (unit: OrgUnit, name: string) => {
  const id = newId();
  const now = new Date().toISOString();
  await ctx.db.kysely
    .insertInto('person')
    .values({ id, org_id: unit.id, org_path: unit.path, name, gender: null, phone: null, position: '综合执法队员', is_example: 1, notes: null, created_at: now, updated_at: now, version: 1 })
    .execute();
  return id;
};

const screening = (unit: OrgUnit, month: string, date = `${month}-20`) =>
  ctx.ledger.create(office, 'screeningRound', { orgId: unit.id, date, title: `${unit.name}${month}矛盾纠纷排查`, month, disputesFound: 0 });

describe('screening rounds: every village, every month', () => {
  it('lists exactly the month a village missed, as overdue on its last day', async () => {
    for (const month of ['2025-01', '2025-02', '2025-04', '2025-05']) await screening(f.villageA, month, `${month}-08`);
    const items = of(await itemsOf(office, f.town, '2025-05-20'), 'screening', f.villageA.id);
    expect(items).toEqual([
      {
        source: 'screening',
        check: 'screening.monthly',
        kind: 'screeningRound',
        kindLabel: '矛盾排查',
        title: '东村2025年3月矛盾纠纷排查',
        orgId: f.villageA.id,
        orgName: '东村',
        step: '开展本月矛盾纠纷排查并登记排查记录',
        due: '2025-03-31',
        daysLeft: -50,
        overdue: true,
        rule: stringContaining('镇村矛盾纠纷月度排查制度'),
      },
    ]);
  });

  it('lists the current month as due soon when it ends within the window, and not beyond it', async () => {
    // 西村 has no round at all: every ended month is overdue; May ends in 11 days.
    const soon = of(await itemsOf(office, f.town, '2025-05-20', 14), 'screening', f.villageB.id);
    expect(dues(soon)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31']);
    expect(soon.find((i) => i.due === '2025-05-31')).toMatchObject({ daysLeft: 11, overdue: false });
    expect(soon.filter((i) => i.overdue)).toHaveLength(4);

    const later = of(await itemsOf(office, f.town, '2025-05-20', 5), 'screening', f.villageB.id);
    expect(dues(later)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
  });

  it('counts a round recorded at a grid for its village, and a round dated after the day asked about not yet', async () => {
    await ctx.ledger.create(office, 'screeningRound', { orgId: f.gridA.id, date: '2024-01-20', title: '网格排查', month: '2024-01', disputesFound: 1 });
    await screening(f.villageA, '2024-02', '2024-02-25');
    expect(of(await itemsOf(office, f.town, '2024-02-27', 0), 'screening', f.villageA.id)).toEqual([]);
    // On 24 February the February round had not been held: February is due in 5 days.
    expect(dues(of(await itemsOf(office, f.town, '2024-02-24', 7), 'screening', f.villageA.id))).toEqual(['2024-02-29']);
  });

  it('checks a village only from the month it was added', async () => {
    const north = await insertOrg(ctx.db, { parentId: f.town.id, name: '北村', level: 'village' }, f.town.path);
    await ctx.db.kysely.updateTable('org_unit').set({ created_at: '2025-04-09T20:00:00.000Z' }).where('id', '=', north.id).execute();
    expect(dues(of(await itemsOf(office, f.town, '2025-05-20'), 'screening', north.id))).toEqual(['2025-04-30', '2025-05-31']);
  });

  it('keeps a town user to their own villages; the county sees every town', async () => {
    const town = await itemsOf(office, f.town, '2025-05-20');
    expect(of(town, 'screening', f.otherVillage.id)).toEqual([]);
    const reviewer = await f.as('countyReviewer');
    const county = await itemsOf(reviewer, f.county, '2025-05-20');
    expect(of(county, 'screening', f.otherVillage.id)).toHaveLength(5);
    expect(of(county, 'screening', f.villageA.id)).toHaveLength(1);
  });

  it('gives a grid worker their village only, and nothing of the kinds they may not read', async () => {
    const grid = await f.as('gridWorker');
    const items = await itemsOf(grid, f.villageA, '2025-05-20', 60);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.source === 'screening' && i.orgId === f.villageA.id)).toBe(true);
    const admin = await f.as('systemAdmin');
    expect(await itemsOf(admin, f.county, '2025-05-20', 60)).toEqual([]);
  });
});

describe('enforcement certificates', () => {
  const on = '2025-05-20';
  const certificate = (officer: string, expiresOn: string, extra: Record<string, unknown> = {}) =>
    ctx.ledger.create(office, 'enforcementCertificate', {
      orgId: f.town.id,
      date: '2023-03-01',
      title: '行政执法证',
      officer,
      certificateNo: `15${Math.floor(Math.random() * 1e8)}`,
      certificateType: 'enforcement',
      expiresOn,
      status: 'valid',
      ...extra,
    });

  it('lists an expired certificate and one expiring in 30 days, not one expiring in 200', async () => {
    const expired = await certificate(await addPerson(f.town, '王执法'), '2025-05-01', { title: '王执法行政执法证' });
    const expiring = await certificate(await addPerson(f.town, '赵执法'), '2025-06-19', { title: '赵执法行政执法证' });
    const later = await certificate(await addPerson(f.town, '钱执法'), '2025-12-06');
    const items = of(await itemsOf(office, f.town, on), 'certificate');
    expect(items.find((i) => i.recordId === expired.id)).toMatchObject({
      check: 'certificate.expiry',
      kind: 'enforcementCertificate',
      kindLabel: '执法证',
      title: '王执法行政执法证',
      orgId: f.town.id,
      orgName: '甲镇',
      due: '2025-05-01',
      daysLeft: -19,
      overdue: true,
      rule: stringContaining('行政执法证件管理办法'),
    });
    expect(items.find((i) => i.recordId === expiring.id)).toMatchObject({ due: '2025-06-19', daysLeft: 30, overdue: false });
    expect(items.find((i) => i.recordId === later.id)).toBeUndefined();
    // A window longer than 60 days reaches further.
    expect(of(await itemsOf(office, f.town, on, 200), 'certificate').map((i) => i.recordId)).toContain(later.id);
  });

  it('leaves out a cancelled certificate and one the officer has already renewed', async () => {
    const cancelled = await certificate(await addPerson(f.town, '孙执法'), '2025-04-01', { status: 'cancelled' });
    const officer = await addPerson(f.town, '李执法');
    const old = await certificate(officer, '2025-04-01');
    const renewal = await certificate(officer, '2030-04-01');
    const ids = of(await itemsOf(office, f.town, on), 'certificate').map((i) => i.recordId);
    expect(ids).not.toContain(cancelled.id);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(renewal.id);
  });

  it('is not shown to a role that may not read certificates', async () => {
    const grid = await f.as('gridWorker', f.town);
    expect(of(await itemsOf(grid, f.town, on), 'certificate')).toEqual([]);
  });
});

describe('certified officers per section (科室/站所)', () => {
  const on = '2025-05-20';
  const certificate = (officer: string, department: string, extra: Record<string, unknown> = {}) =>
    ctx.ledger.create(f.system, 'enforcementCertificate', {
      orgId: f.otherTown.id,
      date: '2023-03-01',
      title: '行政执法证',
      officer,
      department,
      certificateNo: `15${Math.floor(Math.random() * 1e8)}`,
      certificateType: 'enforcement',
      expiresOn: '2028-03-01',
      status: 'valid',
      ...extra,
    });
  const sections = async () =>
    (await itemsOf(f.system, f.otherTown, on)).filter((i) => i.check === 'certificate.department').map((i) => [i.orgName, i.title, i.due, i.overdue]);

  it('lists a section with fewer than two officers holding a valid certificate, not one with two', async () => {
    await certificate(await addPerson(f.otherTown, '周执法'), 'comprehensiveEnforcement');
    await certificate(await addPerson(f.otherTown, '吴执法'), 'comprehensiveEnforcement');
    await certificate(await addPerson(f.otherTown, '郑执法'), 'agriculture');
    // A second officer whose certificate has expired, or is suspended, or a supervision card, does not make two.
    await certificate(await addPerson(f.otherTown, '冯执法'), 'agriculture', { expiresOn: '2025-05-01' });
    await certificate(await addPerson(f.otherTown, '陈执法'), 'agriculture', { status: 'suspended' });
    await certificate(await addPerson(f.otherTown, '褚执法'), 'agriculture', { certificateType: 'supervision' });
    // A section whose only certificate was cancelled is no longer a section here.
    await certificate(await addPerson(f.otherTown, '卫执法'), 'ecology', { status: 'cancelled' });
    // Its only certificate ran out: none left.
    await certificate(await addPerson(f.otherTown, '蒋执法'), 'naturalResources', { expiresOn: '2025-01-31' });
    expect(await sections()).toEqual([
      ['乙镇', '农业农村（农牧）综合服务中心持有效执法证的人员1名，少于2名', on, false],
      ['乙镇', '自然资源所持有效执法证的人员0名，少于2名', on, false],
    ]);
    const [item] = (await itemsOf(f.system, f.otherTown, on)).filter((i) => i.check === 'certificate.department');
    expect(item).toMatchObject({ source: 'certificate', kind: 'enforcementCertificate', rule: stringContaining('行政处罚法第42条') });

    // A second certified officer takes the section off the list.
    await certificate(await addPerson(f.otherTown, '沈执法'), 'agriculture');
    expect((await sections()).map(([, title]) => title)).toEqual(['自然资源所持有效执法证的人员0名，少于2名']);
  });

  it('is not shown to a role that may not read certificates', async () => {
    const grid = await f.as('gridWorker', f.otherTown);
    expect((await itemsOf(grid, f.otherTown, on)).filter((i) => i.check === 'certificate.department')).toEqual([]);
  });
});

describe('legal advisor contracts', () => {
  const contract = async (unit: OrgUnit, date: string, endDate: string | null, title: string) =>
    ctx.ledger.create(office.orgId === unit.id ? office : f.system, 'legalAdvisor', {
      orgId: unit.id,
      date,
      endDate,
      title,
      advisor: unit.id === f.town.id ? f.personInTown : f.personInOtherTown,
      servedUnits: [unit.id],
      isLawyer: true,
    });

  it('lists a contract from 30 days before it ends until 30 days after, until a later contract follows', async () => {
    const current = await contract(f.town, '2025-01-01', '2025-12-31', '2025年度聘请律师担任法律顾问');
    const far = await itemsOf(office, f.town, '2025-11-20');
    expect(of(far, 'advisorContract')).toEqual([]);

    const before = of(await itemsOf(office, f.town, '2025-12-10'), 'advisorContract');
    expect(before).toEqual([
      {
        source: 'advisorContract',
        check: 'advisorContract.end',
        kind: 'legalAdvisor',
        kindLabel: '法律顾问',
        recordId: current.id,
        title: '2025年度聘请律师担任法律顾问',
        orgId: f.town.id,
        orgName: '甲镇',
        step: '聘期届满前续聘或另行聘请法律顾问',
        start: '2025-01-01',
        due: '2025-12-31',
        daysLeft: 21,
        overdue: false,
        rule: anyString(),
      },
    ]);
    expect(of(await itemsOf(office, f.town, '2026-01-20'), 'advisorContract')).toMatchObject([{ recordId: current.id, daysLeft: -20, overdue: true }]);
    expect(of(await itemsOf(office, f.town, '2026-02-15'), 'advisorContract')).toEqual([]);

    await contract(f.town, '2026-01-01', '2026-12-31', '2026年度续聘法律顾问');
    expect(of(await itemsOf(office, f.town, '2025-12-10'), 'advisorContract')).toEqual([]);
  });

  it("does not show another town's contract to a town user", async () => {
    const other = await contract(f.otherTown, '2025-01-01', '2025-06-30', '乙镇聘请法律顾问');
    expect(of(await itemsOf(office, f.town, '2025-06-20'), 'advisorContract').map((i) => i.recordId)).not.toContain(other.id);
    const reviewer = await f.as('countyReviewer');
    expect(of(await itemsOf(reviewer, f.county, '2025-06-20'), 'advisorContract').map((i) => i.recordId)).toContain(other.id);
  });
});

describe('the annual report', () => {
  const report = (unit: OrgUnit, year: number, status: 'approved' | 'published', approvedAt: string, publishedAt: string | null = null) =>
    ctx.db.kysely
      .insertInto('annual_report')
      .values({
        id: newId(),
        org_id: unit.id,
        org_path: unit.path,
        year,
        template_id: null,
        status,
        frozen: null,
        approved_by: null,
        approved_at: approvedAt,
        published_by: null,
        published_at: publishedAt,
        created_at: approvedAt,
        updated_at: publishedAt ?? approvedAt,
        version: 1,
      })
      .execute();
  const reportItems = async (scope: Scope, unit: OrgUnit, on: string, within = 14) =>
    of(await itemsOf(scope, unit, on, within), 'annualReport').map((i) => ({ check: i.check, orgId: i.orgId, due: i.due, daysLeft: i.daysLeft, overdue: i.overdue }));

  it('lists last year’s report to the higher level by 1 March and in public by 1 April, each within the window', async () => {
    expect(await reportItems(office, f.town, '2025-02-20')).toEqual([{ check: 'annualReport.submit', orgId: f.town.id, due: '2025-03-01', daysLeft: 9, overdue: false }]);
    expect(await reportItems(office, f.town, '2025-03-05', 30)).toEqual([
      { check: 'annualReport.submit', orgId: f.town.id, due: '2025-03-01', daysLeft: -4, overdue: true },
      { check: 'annualReport.publish', orgId: f.town.id, due: '2025-04-01', daysLeft: 27, overdue: false },
    ]);
    const [item] = of(await itemsOf(office, f.town, '2025-02-20'), 'annualReport');
    expect(item).toMatchObject({ title: '甲镇2024年法治政府建设情况报告', orgName: '甲镇', rule: stringContaining('法治政府建设与责任落实督察工作规定') });
    expect(item?.kind).toBeUndefined();
  });

  it('counts an approved report as reported and a published one as public, from the day they were', async () => {
    await report(f.town, 2024, 'approved', '2025-03-10T02:00:00.000Z');
    expect((await reportItems(office, f.town, '2025-03-09')).map((i) => i.check)).toEqual(['annualReport.submit']);
    expect(await reportItems(office, f.town, '2025-03-20')).toEqual([{ check: 'annualReport.publish', orgId: f.town.id, due: '2025-04-01', daysLeft: 12, overdue: false }]);

    await ctx.db.kysely.updateTable('annual_report').set({ status: 'published', published_at: '2025-03-25T02:00:00.000Z' }).where('org_id', '=', f.town.id).execute();
    expect(await reportItems(office, f.town, '2025-04-05')).toEqual([]);
    expect((await reportItems(office, f.town, '2025-03-24')).map((i) => i.check)).toEqual(['annualReport.publish']);
  });

  it('lists each town for a county, only its own for a town, nothing for a role that may not read reports', async () => {
    const reviewer = await f.as('countyReviewer');
    expect(await reportItems(reviewer, f.county, '2025-04-05')).toEqual([
      { check: 'annualReport.submit', orgId: f.otherTown.id, due: '2025-03-01', daysLeft: -35, overdue: true },
      { check: 'annualReport.publish', orgId: f.otherTown.id, due: '2025-04-01', daysLeft: -4, overdue: true },
    ]);
    const other = await f.as('townOffice', f.otherTown);
    expect((await reportItems(other, f.otherTown, '2025-04-05')).map((i) => i.orgId)).toEqual([f.otherTown.id, f.otherTown.id]);
    const grid = await f.as('gridWorker', f.otherTown);
    expect(await reportItems(grid, f.otherTown, '2025-04-05')).toEqual([]);
  });

  it('takes the dates from the settings', async () => {
    const other = await f.as('townOffice', f.otherTown);
    await setSetting(ctx.db, 'report.submitBy', '02-15');
    try {
      expect(await reportItems(other, f.otherTown, '2025-02-20')).toEqual([{ check: 'annualReport.submit', orgId: f.otherTown.id, due: '2025-02-15', daysLeft: -5, overdue: true }]);
    } finally {
      await ctx.db.kysely.deleteFrom('app_setting').where('key', '=', 'report.submitBy').execute();
    }
  });
});
