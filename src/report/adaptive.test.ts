/**
 * The default template adapts to the town: no "0" sentences, the unit's own words (街道 → 党工委,
 * 办事处), a 第一责任人 section written from its records, the report's own date and each
 * placeholder's own figure format. On the demo database, with towns created in the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/load.js';
import { newId } from '../core/ids.js';
import { nowIso, todayInChina } from '../core/dates.js';
import type { IndicatorValue } from '../indicators/definition.js';
import { findOrgByIdOrName, insertOrg, type OrgUnit } from '../org/repository.js';
import { scopeOf, systemScope, type Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { composeReport, EMPTY_SECTION, type ComposeInput } from './compose.js';
import { blockText, isFigure, type Block, type ComposedReport, type ReportTemplate } from './model.js';
import { reportDayFor, ReportService } from './service.js';

let ctx: TestContext;
let reports: ReportService;
let county: OrgUnit;
let shuangmiao: OrgUnit;
let emptyTown: OrgUnit;
let street: OrgUnit;

const office = (unit: OrgUnit): Scope => scopeOf(unit, { userId: null, name: '法治办', role: 'townOffice', ip: null });
const leader = (unit: OrgUnit): Scope => scopeOf(unit, { userId: null, name: '主要负责人', role: 'leader', ip: null });
const text = (report: ComposedReport) => report.blocks.map(blockText).join('\n');
const figures = (report: ComposedReport) => report.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs.filter(isFigure) : []));

/** The paragraphs under the level-1 heading that contains `heading`. */
function sectionText(report: ComposedReport, heading: string): string {
  const start = report.blocks.findIndex((b) => b.type === 'heading' && b.level === 1 && b.text.includes(heading));
  const rest = report.blocks.slice(start + 1);
  const end = rest.findIndex((b) => b.type === 'heading' && b.level === 1);
  return (end === -1 ? rest : rest.slice(0, end)).map(blockText).join('\n');
}

/** A zero written as a figure: "0次", "0人", "0%" — but not the 0 inside 10, 100 or 2025. */
const ZERO_FIGURE = /(?<![0-9.])0(?:\.0+)?(?:%|次|件|人|个|条|台|起|项|场|家|类|名|户|元|人次|件次|批次)/;

async function addTown(name: string): Promise<OrgUnit> {
  return insertOrg(ctx.db, { parentId: county.id, name, level: 'town' }, county.path);
}

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  reports = new ReportService(ctx);
  [shuangmiao] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
  county = (await findOrgByIdOrName(ctx.db, shuangmiao.parent_id ?? ''))[0] as OrgUnit;
  emptyTown = await addTown('新立镇');
  street = await addTown('新华街道');

  // The 街道 has a little to report: one deployment meeting and its secretary's deployment.
  const now = nowIso();
  const secretary = { id: newId(), org_id: street.id, org_path: street.path, name: '测试书记', gender: null, phone: null, position: '街道党工委书记', is_example: 0, notes: null, created_at: now, updated_at: now, version: 1 };
  await ctx.db.kysely.insertInto('person').values(secretary).execute();
  const writer = systemScope(street);
  await ctx.ledger.create(writer, 'meeting', { orgId: street.id, date: '2025-03-10', title: '法治政府建设工作部署会', meetingKind: 'deployment' });
  await ctx.ledger.create(writer, 'principalLeaderDuty', {
    orgId: street.id,
    date: '2025-03-10',
    title: '部署全年法治政府建设',
    leader: secretary.id,
    leaderPost: '街道党工委书记',
    action: 'deploy',
    subject: '社区法律顾问全覆盖',
  });
});
afterAll(() => ctx.close());

describe('a town with no records', () => {
  it('gets a report without a single "0" sentence or a rate of nothing', async () => {
    const report = await reports.composed(office(emptyTown), emptyTown, 2025);
    expect(report.problems).toEqual([]);
    const body = text(report);
    expect(body).not.toMatch(ZERO_FIGURE);
    expect(body).not.toContain('—');
    expect(body).not.toContain('覆盖率达到');
    expect(figures(report)).toEqual([]);
    // The five required sections are all still there, the empty ones marked for the staff to write.
    const headings = report.blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.level === 1);
    expect(headings).toHaveLength(5);
    expect(body).toContain(EMPTY_SECTION);
    expect(sectionText(report, '第一责任人')).toContain('尚未登记本年度党政主要负责人履职记录');
  });
});

describe('the unit\'s own words', () => {
  it('gives a 街道 its 党工委, 办事处 and 全街道, never a 镇\'s', async () => {
    const report = await reports.composed(office(street), street, 2025);
    const body = text(report);
    expect(report.signature).toBe('新华街道办事处');
    expect(body).toContain('全街道工作大局');
    expect(body).toContain('街道党工委、街道办事处把法治政府建设列入年度重点工作，全年召开法治政府建设专题部署会1次');
    expect(body).not.toMatch(/镇党委|镇政府|全镇|镇长/);
    expect(body).not.toMatch(ZERO_FIGURE);
  });

  it('keeps 双庙镇\'s 镇 wording', async () => {
    const body = text(await reports.composed(office(shuangmiao), shuangmiao, 2025));
    expect(body).toContain('镇党委、镇政府把法治政府建设列入年度重点工作');
    expect(body).toContain('全镇工作大局');
  });
});

describe('the 第一责任人 section', () => {
  it('is written from the year\'s 履职 records', async () => {
    const report = await reports.composed(office(shuangmiao), shuangmiao, 2025);
    const section = sectionText(report, '第一责任人');
    const records = await ctx.ledger.list(office(shuangmiao), 'principalLeaderDuty', { org: shuangmiao.id, from: '2025-01-01', to: '2025-12-31', pageSize: 200 });
    expect(records.items.length).toBeGreaterThan(0);
    expect(section).toContain(`全年登记履职事项${records.items.length}项`);
    for (const post of new Set(records.items.map((r) => String(r.leaderPost)))) expect(section).toContain(post);
    const deployed = records.items.filter((r) => r.action === 'deploy');
    if (deployed.length) expect(section).toContain(`亲自部署`);
    if (records.items.some((r) => r.action === 'annualLawReport')) expect(section).toContain('在年度述职中专门报告');
    // The counts are figures with their records, like any other.
    const codes = report.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs.filter(isFigure).map((r) => r.figure.code) : []));
    expect(codes).toContain('leader_duty.actions');
  });

  it('names the 街道\'s own 履职 subject and post', async () => {
    const section = sectionText(await reports.composed(office(street), street, 2025), '第一责任人');
    expect(section).toBe('街道党工委书记履行推进法治建设第一责任人职责，全年登记履职事项1项，其中亲自部署社区法律顾问全覆盖1次。');
  });
});

describe('the report date', () => {
  it('is the day it is composed, never the demo\'s reference day for another year', async () => {
    expect(reportDayFor(2023, '2025-12-15', '2026-12-07')).toBe('2026-12-07');
    expect(reportDayFor(2025, '2025-12-15', '2026-12-07')).toBe('2025-12-15');
    const old = await reports.composed(office(emptyTown), emptyTown, 2023);
    expect(old.date).toBe(todayInChina());
    expect(old.dateText).not.toBe('2025年12月15日');
    const current = await reports.composed(office(emptyTown), emptyTown, 2025);
    expect(current.dateText).toBe('2025年12月15日');
  });

  it('is the report\'s own setting once chosen, kept through approval', async () => {
    await expect(reports.setReportDate(office(emptyTown), emptyTown, 2024, '2023-12-31')).rejects.toMatchObject({ status: 400, field: 'date' });
    await expect(reports.setReportDate(office(emptyTown), emptyTown, 2024, '2025-02-30')).rejects.toMatchObject({ status: 400, field: 'date' });
    const state = await reports.setReportDate(office(emptyTown), emptyTown, 2024, '2025-01-20');
    expect(state).toMatchObject({ reportDate: '2025-01-20', date: '2025-01-20' });
    expect((await reports.composed(office(emptyTown), emptyTown, 2024)).dateText).toBe('2025年1月20日');
    await reports.approve(leader(emptyTown), emptyTown, 2024);
    expect((await reports.composed(office(emptyTown), emptyTown, 2024)).dateText).toBe('2025年1月20日');
    await expect(reports.setReportDate(office(emptyTown), emptyTown, 2024, '2025-01-21')).rejects.toMatchObject({ status: 409 });
    const cleared = await reports.setReportDate(office(street), street, 2024, null);
    expect(cleared.reportDate).toBeNull();
  });
});

describe('figures per placeholder (pure)', () => {
  const value = (code: string, v: number, extra: Partial<IndicatorValue> = {}): [string, IndicatorValue] => [code, { code, label: code, unit: '次', value: v, records: v ? 1 : 0, ...extra }];
  const rate = (code: string, numerator: number, denominator: number): [string, IndicatorValue] =>
    [code, { code, label: code, unit: '%', value: denominator ? (numerator / denominator) * 100 : 0, numerator, denominator, records: denominator }];
  const compose = (paragraph: string, values: Array<[string, IndicatorValue]>) => {
    const template: ReportTemplate = { name: 't', title: '{org}', addressee: '', opening: '', signature: '{government}', sections: [{ heading: '一', paragraphs: [paragraph] }] };
    const input: ComposeInput = { template, orgId: 'x', orgName: '某某乡', superior: '县委、县政府', government: '某某乡人民政府', year: 2025, values: new Map(values), drafted: { shortcomings: [], plan: [] }, date: '2026-01-10' };
    const report = composeReport(input);
    return report.blocks.filter((b) => b.type === 'paragraph').slice(1).map(blockText).join('\n');
  };

  it('writes a rate to the decimals the placeholder asks for', () => {
    const values = [value('a', 3), rate('r', 1, 3)];
    expect(compose('考核{{a}}，合格率{{r|percent:2}}。', values)).toBe('考核3次，合格率33.33%。');
    expect(compose('考核{{a}}，合格率{{r|percent:0}}。', values)).toBe('考核3次，合格率33%。');
    expect(compose('考核{{a}}，合格率{{r|percent}}。', values)).toBe('考核3次，合格率33.3%。');
    // None of four passed is a real 0%, not a rate of nothing.
    expect(compose('参考{{n}}，合格率{{r|percent:2}}。', [value('n', 4), rate('r', 0, 4)])).toBe('参考4次，合格率0%。');
  });

  it('writes 余 and 超 where the placeholder asks for them', () => {
    expect(compose('推送{{a|floor}}，阅读{{b|over}}。', [value('a', 63), value('b', 1024)])).toBe('推送60余次，阅读超1000次。');
  });

  it('prints a rate of nothing as "—", never "0%", where its sentence stays; alone it drops out', () => {
    const values = [value('a', 5), rate('r', 0, 0), value('z', 0)];
    expect(compose('开展活动{{a}}，覆盖率{{r|percent:2}}。', values)).toBe('开展活动5次，覆盖率—。');
    expect(compose('开展活动{{a}}；覆盖率达到{{r|percent}}。', values)).toBe('开展活动5次。');
    expect(compose('组织培训{{z}}；开展活动{{a}}。', values)).toBe('开展活动5次。');
    expect(compose('开展活动{{z}}，覆盖率{{r}}。', values)).toBe(EMPTY_SECTION);
  });

  it('uses the template\'s own "none" words when a sentence has nothing to say', () => {
    const values = [value('a', 5), value('z', 0)];
    expect(compose('开展活动{{a}}。全年作出行政处罚{{z}}{{none:全年未发生行政处罚案件}}。', values)).toBe('开展活动5次。全年未发生行政处罚案件。');
    expect(compose('全年作出行政处罚{{z}}{{none:全年未发生行政处罚案件}}。', values)).toBe('全年未发生行政处罚案件。');
  });

  it('words a 乡 as a 乡', () => {
    expect(compose('{party}、{gov}统筹，{head}负责，{whole}推进。', [])).toBe('乡党委、乡政府统筹，乡长负责，全乡推进。');
  });
});
