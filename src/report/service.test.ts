import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/load.js';
import { findOrgByIdOrName, type OrgUnit } from '../org/repository.js';
import { scopeOf, systemScope, type Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { blockText, isFigure, type ComposedReport } from './model.js';
import { ReportService } from './service.js';
import { stringContaining } from '../testing/matchers.js';

let ctx: TestContext;
let reports: ReportService;
let town: OrgUnit;
let office: Scope;
let leader: Scope;

const text = (report: ComposedReport) => report.blocks.map(blockText).join('\n');

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  reports = new ReportService(ctx);
  [town] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
  office = scopeOf(town, { userId: null, name: '法治办', role: 'townOffice', ip: null });
  leader = scopeOf(town, { userId: null, name: '镇长', role: 'leader', ip: null });
});
afterAll(() => ctx.close());

describe('the default report', () => {
  it('reads as a finished report with the seed figures in their phrasing', async () => {
    const report = await reports.composed(office, town, 2025, { date: '2026-02-20' });
    expect(report.problems).toEqual([]);
    expect(report.title).toBe('双庙镇2025年法治政府建设情况报告');
    expect(report.addressee).toBe('旗委、旗政府：');
    expect(report.signature).toBe('双庙镇人民政府');
    expect(report.dateText).toBe('2026年2月20日');
    const body = text(report);
    for (const phrase of ['专题部署会4次', '中心组学习12次', '专题研学3次', '法治学习18次', '政务信息60余条', '专项执法检查18次', '行政处罚2起', '执法记录仪5台', '网格长115人', '网格员308人', '专职291人', '兼职17人', '网格党小组26个', '联户长90人', '化解率100%', '典型案例80余条', '累计阅读超1000人次', '专题普法活动12次']) {
      expect(body).toContain(phrase);
    }
    for (const heading of ['一、主要举措和成效', '二、党政主要负责人履行推进法治建设第一责任人职责情况', '三、存在的不足和原因', '四、2026年工作安排', '五、其他需要报告的情况']) {
      expect(body).toContain(heading);
    }
  });

  it('drafts shortcomings and plans from the data', async () => {
    const report = await reports.composed(office, town, 2025);
    const drafted = report.blocks.filter((b) => b.type === 'paragraph' && b.drafted);
    expect(drafted.length).toBeGreaterThanOrEqual(2);
    const body = text(report);
    // Two trainings in the year: below the rule's threshold.
    expect(body).toContain('全年仅参加培训2次');
  });
});

describe('lifecycle', () => {
  it('refuses approval by a town office, and approval of a template missing a required item', async () => {
    await expect(reports.approve(office, town, 2025)).rejects.toMatchObject({ status: 403 });
    const copy = await reports.copyTemplate(office, { orgId: town.id, name: '缺项模板' });
    const body = { ...copy.body, sections: copy.body.sections.filter((s) => s.item !== 'leadership') };
    const saved = await reports.saveTemplate(office, copy.id, { version: 1, body });
    expect(saved.version).toBe(2);
    await reports.chooseTemplate(office, town, 2023, copy.id);
    const state = await reports.state(office, town, 2023);
    expect(state.missing.map((m) => m.item)).toEqual(['leadership']);
    await expect(reports.approve(leader, town, 2023)).rejects.toMatchObject({ status: 422, message: stringContaining('第一责任人') });
    expect((await reports.state(office, town, 2023)).status).toBe('draft');
  });

  it('names who approves by the unit: the 旗 leaders for the county report, the town leaders for a town report', async () => {
    const [county] = (await findOrgByIdOrName(ctx.db, '杭锦后旗')) as [OrgUnit];
    const reviewer = scopeOf(county, { userId: null, name: '旗审阅人', role: 'countyReviewer', ip: null });
    expect((await reports.state(reviewer, county, 2025)).approver).toBe('旗领导');
    expect((await reports.state(reviewer, town, 2025)).approver).toBe('镇领导');
  });

  it('keeps every template version and refuses a stale save', async () => {
    const copy = await reports.copyTemplate(office, { orgId: town.id });
    await reports.saveTemplate(office, copy.id, { version: 1, body: { ...copy.body, opening: '第一次修改。' } });
    await expect(reports.saveTemplate(office, copy.id, { version: 1, body: copy.body })).rejects.toMatchObject({ status: 409 });
    await expect(reports.saveTemplate(office, copy.id, { version: 2, body: { ...copy.body, title: '' } })).rejects.toMatchObject({ status: 400, field: 'body.title' });
    const versions = await ctx.db.kysely.selectFrom('report_template_version').select('version').where('template_id', '=', copy.id).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('freezes figures and their records on approval; publishing needs approval first', async () => {
    await expect(reports.publish(office, town, 2025)).rejects.toMatchObject({ status: 409, message: '报告须先经镇领导审定，才能公开' });
    const approved = await reports.approve(leader, town, 2025);
    expect(approved.status).toBe('approved');
    const frozen = await reports.frozenProvenance(town, 2025);
    expect(frozen?.['dispute.screened']).toHaveLength(10);

    // The ledger changes after approval: one more dispute in 2025.
    const [village] = (await findOrgByIdOrName(ctx.db, '新华村')) as [OrgUnit];
    await ctx.ledger.create(systemScope(town), 'dispute', { orgId: village.id, date: '2025-12-20', title: '新登记的纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
    const live = await ctx.indicators.evaluate(office, town, { from: '2025-01-01', to: '2025-12-31' }, ['dispute.screened']);
    expect(live[0]?.value).toBe(11);

    const published = await reports.publish(office, town, 2025);
    expect(published.status).toBe('published');
    const [shown] = await reports.published(town);
    const figure = shown?.report.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs : [])).find((r) => isFigure(r) && r.figure.code === 'dispute.screened');
    expect(figure?.text).toBe('10件');
    expect((await reports.frozenProvenance(town, 2025))?.['dispute.screened']).toHaveLength(10);
  });
});
