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
import { TownIndicatorService } from '../indicators/town-defined.js';
import { resolvePeriod } from '../indicators/period.js';
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

// Fixture values for the pure tests: a count in 次 unless told, a rate as numerator over denominator.
const value = (code: string, v: number, extra: Partial<IndicatorValue> = {}): [string, IndicatorValue] => [code, { code, label: code, unit: '次', value: v, records: v ? 1 : 0, ...extra }];
const rate = (code: string, numerator: number, denominator: number): [string, IndicatorValue] =>
  [code, { code, label: code, unit: '%', value: denominator ? (numerator / denominator) * 100 : 0, numerator, denominator, records: denominator }];
/** One paragraph composed for 某某乡 (or the unit named) from fixture values, as the report's text. */
const compose = (paragraph: string, values: Array<[string, IndicatorValue]>, orgName = '某某乡') => {
  const template: ReportTemplate = { name: 't', title: '{org}', addressee: '', opening: '', signature: '{government}', sections: [{ heading: '一', paragraphs: [paragraph] }] };
  const input: ComposeInput = { template, orgId: 'x', orgName, superior: '县委、县政府', government: `${orgName}人民政府`, year: 2025, values: new Map(values), drafted: { shortcomings: [], plan: [] }, date: '2026-01-10' };
  const report = composeReport(input);
  return report.blocks.filter((b) => b.type === 'paragraph').slice(1).map(blockText).join('\n');
};

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

  it('writes a rate to the decimals the placeholder asks for', () => {
    const values = [value('a', 3), rate('r', 1, 3)];
    expect(compose('考核{{a}}，合格率{{r|percent:2}}。', values)).toBe('考核3次，合格率33.33%。');
    expect(compose('考核{{a}}，合格率{{r|percent:0}}。', values)).toBe('考核3次，合格率33%。');
    expect(compose('考核{{a}}，合格率{{r|percent}}。', values)).toBe('考核3次，合格率33.3%。');
    // None of four passed is written "0%" (format.test.ts), but a report does not print it: the
    // clause goes like any other zero, or the template says it in words.
    expect(compose('参考{{n}}，合格率{{r|percent:2}}。', [value('n', 4), rate('r', 0, 4)])).toBe('参考4次。');
    expect(compose('参考{{n}}；合格率{{r|percent:2}}{{none:无人合格}}。', [value('n', 4), rate('r', 0, 4)])).toBe('参考4次；无人合格。');
  });

  it('writes 余 and 超 where the placeholder asks for them', () => {
    expect(compose('推送{{a|floor}}，阅读{{b|over}}。', [value('a', 63), value('b', 1024)])).toBe('推送60余次，阅读超1000次。');
  });

  it('never prints a rate of nothing: its clause goes, and alone its sentence', () => {
    const values = [value('a', 5), rate('r', 0, 0), value('z', 0)];
    expect(compose('开展活动{{a}}，覆盖率{{r|percent:2}}。', values)).toBe('开展活动5次。');
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

  it('names the year before and after the report\'s own', () => {
    expect(compose('{year}年较{prevYear}年有所增加，{nextYear}年继续推进。', [])).toBe('2025年较2024年有所增加，2026年继续推进。');
  });
});

describe('clause by clause (pure)', () => {
  // Fixtures: a/b/c have something to say, z/y/x are zero, r is a rate of 4 in 5, q 0 of 4, n of nothing.
  const values: Array<[string, IndicatorValue]> = [
    value('a', 3),
    value('b', 12, { unit: '人' }),
    value('c', 7, { unit: '件' }),
    value('z', 0),
    value('y', 0, { unit: '人' }),
    value('x', 0, { unit: '件' }),
    rate('r', 4, 5),
    rate('q', 0, 4),
    rate('n', 0, 0),
  ];
  const cases: Array<[style: string, template: string, expected: string]> = [
    ['a zero clause after a kept one', '开展联合检查{{a}}，当场纠正违法行为{{z}}。', '开展联合检查3次。'],
    ['a zero clause before a kept one', '受理投诉{{x}}，回访群众{{b}}，群众满意度明显提升。', '回访群众12人，群众满意度明显提升。'],
    ['a figure followed by its rate', '办结信访事项{{c}}，按期办结率{{r|percent}}；群众评价满意率{{n|percent}}。', '办结信访事项7件，按期办结率80%。'],
    ['a rate of nothing and a zero rate in one sentence', '组织考试{{a}}，参考率{{n|percent}}，合格率{{q|percent:2}}，补考{{z}}。', '组织考试3次。'],
    ['a 顿号 list losing its first item: the subject passes on, not the verb', '{whole}选配调解员{{y}}、信息员{{b}}、宣传员{{y}}。', '全乡信息员12人。'],
    ['a list word passes on with the subject', '{whole}配备网格长{{y}}、网格员{{b}}。', '全乡配备网格员12人。'],
    ['其中 passes on', '作出决策{{c}}，其中公开征求意见{{z}}、组织专家论证{{a}}。', '作出决策7件，其中组织专家论证3次。'],
    ['a verb of the first item never joins the next one\'s', '全年开展法治讲座{{z}}、发放宣传资料{{c}}、接受群众咨询{{b}}。', '全年发放宣传资料7件、接受群众咨询12人。'],
    ['a word of the first item\'s label stays with it', '公开政务信息{{x}}、依申请公开{{c}}。', '依申请公开7件。'],
    ['an adverb of the first item stays with it', '发现问题{{c}}，已整改到位{{x}}、正在整改{{c}}。', '发现问题7件，正在整改7件。'],
    ['a bracketed breakdown keeps its items\' own words', '化解纠纷{{c}}（调解成功{{x}}、移交处理{{c}}）。', '化解纠纷7件（移交处理7件）。'],
    ['a 顿号 list whose items have verbs of their own', '全年举办讲座{{z}}、组织观摩{{a}}，反响良好。', '全年组织观摩3次，反响良好。'],
    ['a 顿号 list led by a verb it does not know: its subject stays', '{whole}抽调干部{{y}}、志愿者{{b}}。', '全乡志愿者12人。'],
    ['a 顿号 list losing its last item', '聘请顾问{{b}}、联络员{{y}}。', '聘请顾问12人。'],
    ['a parenthesised breakdown losing one part: 其中 stays', '登记志愿者{{b}}（其中党员{{y}}、群众{{b}}），组建服务队{{a}}。', '登记志愿者12人（其中群众12人），组建服务队3次。'],
    ['a parenthesised breakdown with nothing left', '登记志愿者{{b}}（其中党员{{y}}、青年{{y}}），组建服务队{{z}}。', '登记志愿者12人。'],
    ['brackets without figures are framing', '修订村规民约（居民公约）{{c}}，备案{{x}}。', '修订村规民约（居民公约）7件。'],
    ['a 顿号 list of words, not of figures, is one clause', '走进机关、学校、企业等{{a|number}}类场所，发放资料{{x}}。', '走进机关、学校、企业等3类场所。'],
    ['a heading before a colon stays', '主要做法：约谈{{z}}，回访{{b}}。', '主要做法：回访12人。'],
    ['a colon list losing its first item', '其中：线上{{x}}、线下{{c}}。', '其中：线下7件。'],
    ['the label of an item is its own, not the list\'s', '全年发文{{c}}（{party}发文{{x}}、{gov}发文{{c}}）。', '全年发文7件（乡政府发文7件）。'],
    ['a ；-list and a clause in one paragraph', '开展排查{{a}}，发现隐患{{x}}；整改{{z}}；约谈{{b}}，通报{{y}}。', '开展排查3次；约谈12人。'],
  ];
  it.each(cases)('%s', (_style, template, expected) => {
    expect(compose(template, values)).toBe(expected);
  });

  it('leaves a sentence whose figures all stay as it was written', () => {
    expect(compose('配备{{b}}、培训{{a}}（其中线上{{a}}、线下{{a}}），办结{{c}}。', values)).toBe('配备12人、培训3次（其中线上3次、线下3次），办结7件。');
  });

  it('keeps "none" words and the ；-list full stop', () => {
    expect(compose('组织培训{{a}}，考试{{z}}；处罚案件{{x}}{{none:未发生行政处罚案件}}。', values)).toBe('组织培训3次；未发生行政处罚案件。');
    expect(compose('组织培训{{a}}，考试{{z}}；处罚案件{{x}}。', values)).toBe('组织培训3次。');
  });

  it('reports an unknown indicator once, never dropping it', () => {
    const template: ReportTemplate = { name: 't', title: '', addressee: '', opening: '', signature: '', sections: [{ heading: '一', paragraphs: ['开展{{a}}，核查{{nope}}，约谈{{z}}。'] }] };
    const report = composeReport({ template, orgId: 'x', orgName: '某某镇', superior: '', government: '', year: 2025, values: new Map(values), drafted: { shortcomings: [], plan: [] }, date: '2026-01-10' });
    expect(report.problems).toEqual(['模板引用了未知指标“nope”']);
    expect(blockText(report.blocks[2] as Block)).toBe('开展3次，核查【nope】。');
  });

  it('reports a mistyped placeholder or format instead of printing its braces unnoticed', () => {
    const template: ReportTemplate = { name: 't', title: '', addressee: '', opening: '', signature: '', sections: [{ heading: '一', paragraphs: ['开展{{a}}，核查{{Checks}}，约谈{{b|percnt}}。'] }] };
    const report = composeReport({ template, orgId: 'x', orgName: '某某镇', superior: '', government: '', year: 2025, values: new Map(values), drafted: { shortcomings: [], plan: [] }, date: '2026-01-10' });
    expect(report.problems).toEqual(['模板中的“{{Checks}}”不是有效的占位符，请检查指标编码和格式', '模板中“{{b|percnt}}”的格式“percnt”无法识别']);
  });
});

describe('a change against last year (pure)', () => {
  const change = (code: string, now: number, then: number, unit: IndicatorValue['unit']): [string, IndicatorValue] =>
    unit === '%'
      ? [code, { code, label: code, unit, value: then ? ((now - then) / then) * 100 : 0, numerator: now - then, denominator: then, previous: then, records: 2 }]
      : [code, { code, label: code, unit, value: now - then, previous: then, records: 2 }];
  const values = [value('a', 8, { unit: '件' }), change('fell', 8, 10, '%'), change('rose', 12, 10, '%'), change('less', 8, 11, '件'), change('more', 8, 5, '件'), change('same', 8, 8, '件'), change('new', 8, 0, '%'), value('none', 0, { unit: '件' }), change('gone', 0, 5, '%'), change('gone_by', 0, 5, '件')];
  it.each([
    ['审查合同{{a}}，同比增长{{fell|percent}}。', '审查合同8件，同比下降20%。'],
    ['审查合同{{a}}，同比增长{{rose|percent}}。', '审查合同8件，同比增长20%。'],
    ['审查合同{{a}}，同比下降{{rose|percent}}。', '审查合同8件，同比增长20%。'],
    ['审查合同{{a}}，较上年{{fell|percent}}。', '审查合同8件，较上年下降20%。'],
    ['审查合同{{a}}，较上年{{less}}。', '审查合同8件，较上年减少3件。'],
    ['审查合同{{a}}，比上年增加{{less}}。', '审查合同8件，比上年减少3件。'],
    ['审查合同{{a}}，比上年提高{{fell|percent:0}}。', '审查合同8件，比上年降低20%。'],
    ['审查合同{{a}}，较上年{{more}}。', '审查合同8件，较上年增加3件。'],
    // No change, or nothing last year to compare with: the clause says nothing.
    ['审查合同{{a}}，较上年{{same}}，同比增长{{new|percent}}。', '审查合同8件。'],
    // Nothing this year: the change goes with the figure it compares, never "较上年下降100%" alone.
    ['审查合同{{none}}，较上年{{gone|percent}}；同比减少{{gone_by}}；聘请顾问{{a}}。', '聘请顾问8件。'],
  ])('%s → %s', (template, expected) => {
    expect(compose(template, values)).toBe(expected);
  });
});

describe('the whole default report of a town with only a few records', () => {
  it('prints the facts it has and not one figure that is zero or a rate of nothing', async () => {
    const town = await addTown('新兴镇');
    const writer = systemScope(town);
    // Three kinds with something to say; everything else in the ledger is empty for this town.
    await ctx.ledger.create(writer, 'meeting', { orgId: town.id, date: '2025-02-18', title: '法治政府建设专题部署会', meetingKind: 'deployment' });
    await ctx.ledger.create(writer, 'meeting', { orgId: town.id, date: '2025-06-03', title: '镇政府常务会议会前学法', meetingKind: 'executivePreStudy' });
    await ctx.ledger.create(writer, 'lawExam', { orgId: town.id, date: '2025-11-12', title: '年度干部学法考试', candidates: 30, sat: 28, passed: 27 });
    await ctx.ledger.create(writer, 'contractReview', { orgId: town.id, date: '2025-04-08', title: '村道养护合同审查', contractName: '村道养护服务合同', amount: 120000, adopted: true });
    await ctx.ledger.create(writer, 'contractReview', { orgId: town.id, date: '2025-09-22', title: '办公场所租赁合同审查', contractName: '办公场所租赁合同', amount: 35000, adopted: true });

    const report = await reports.composed(office(town), town, 2025);
    expect(report.problems).toEqual([]);
    const runs = report.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs : []));
    const shown = runs.filter(isFigure);
    for (const run of shown) {
      expect([run.figure.code, run.figure.value]).not.toEqual([run.figure.code, 0]);
      expect([run.figure.code, run.text]).not.toEqual([run.figure.code, '—']);
    }
    const body = text(report);
    expect(body).not.toMatch(ZERO_FIGURE);
    expect(body).not.toContain('—');
    // No clause left without its words: "，。", "、）", an empty bracket, a sentence opening with a comma.
    expect(body).not.toMatch(/[，、][。；）]|（[，、]?）|（其中）|^[，、]|[。；][，、]/m);

    expect(new Set(shown.map((r) => r.figure.code))).toEqual(
      new Set(['meeting.deployment', 'meeting.pre_study', 'study.collective', 'law_exam.count', 'law_exam.candidates', 'law_exam.sat', 'law_exam.participation_rate', 'law_exam.pass_rate', 'contract_review.count', 'contract_review.amount', 'contract_review.adoption_rate']),
    );
    for (const phrase of ['专题部署会1次', '常务会议会前学法1次', '全年集体学法累计1次', '组织干部学法考试1场', '应考30人、实考28人', '参考率93.3%', '考试合格率96.4%', '全年审查合同2件', '涉及金额15.5万元', '审查意见采纳率100%']) {
      expect(body).toContain(phrase);
    }
    // Last year had no contracts: no "增长" against nothing.
    expect(body).not.toMatch(/较上年[，。]|增长—/);
  });
});

describe('a zero that is news (pure)', () => {
  const values = [value('a', 10, { unit: '件' }), value('k', 0, { unit: '人' }), value('z', 0), value('m', 2, { unit: '人' })];
  it.each([
    ['printed where its sentence stays', '排查纠纷{{a}}，发现重点人员{{k|exact|zero}}。', '排查纠纷10件，发现重点人员0人。'],
    ['written without a format', '排查纠纷{{a}}，发现重点人员{{k|zero}}。', '排查纠纷10件，发现重点人员0人。'],
    ['gone with a sentence whose other figures are empty', '开展走访{{z}}，发现重点人员{{k|exact|zero}}。开展培训{{a}}。', '开展培训10件。'],
    ['a figure like any other when it is not zero', '开展走访{{z}}，发现重点人员{{m|exact|zero}}。', '发现重点人员2人。'],
    ['with its options in either order', '排查纠纷{{a}}，发现重点人员{{k|zero|exact}}。', '排查纠纷10件，发现重点人员0人。'],
  ])('%s', (_case, template, expected) => {
    expect(compose(template, values)).toBe(expected);
  });
});

describe('a unit new to Fazhi, with a county ratio and an indicator of its own (issue 15, done when)', () => {
  it('prints its own sentences with both figures, and not one sentence that says 0', async () => {
    const own = new TownIndicatorService(ctx);
    // The county asks every unit for the share of cadres expected at the law exam who passed it.
    await own.define(office(county), { orgId: county.id, code: 'cty.exam_passed_of_expected', label: '应考人员学法考试合格率', measure: 'ratio', numerator: 'law_exam.passed', denominator: 'law_exam.candidates', precision: 2 });
    const unit = await addTown('红星街道');
    const staff = office(unit);
    // The 街道 counts its own 会前学法 by the meeting's title, in a unit word of its choosing.
    await own.define(staff, { orgId: unit.id, code: 'hx.pre_study', label: '会前学法', unit: '场', measure: 'count', kind: 'meeting', filters: [{ field: 'title', op: 'contains', words: ['会前学法'] }] });
    const writer = systemScope(unit);
    await ctx.ledger.create(writer, 'meeting', { orgId: unit.id, date: '2025-03-02', title: '街道党工委会议会前学法（宪法）', meetingKind: 'partyCommitteeStudy' });
    await ctx.ledger.create(writer, 'meeting', { orgId: unit.id, date: '2025-08-19', title: '主任办公会会前学法（行政复议法）', meetingKind: 'executivePreStudy' });
    await ctx.ledger.create(writer, 'lawExam', { orgId: unit.id, date: '2025-10-30', title: '街道干部年度学法考试', candidates: 32, sat: 30, passed: 29 });

    // Its own template: the default one with a paragraph in its own words.
    const copy = await reports.copyTemplate(staff, { orgId: unit.id, name: '红星街道报告模板' });
    const body = structuredClone(copy.body);
    const first = body.sections[0]?.subsections?.[0];
    if (!first) throw new Error('the default template lost its first subsection');
    first.paragraphs.push('{whole}把会前学法作为每次会议的第一项议程，全年开展{{hx.pre_study}}；应考人员考试合格率达到{{cty.exam_passed_of_expected|percent:2}}，以考促学的效果逐步显现。');
    const saved = await reports.saveTemplate(staff, copy.id, { version: copy.version, body });
    await reports.chooseTemplate(staff, unit, 2025, saved.id);

    const report = await reports.composed(staff, unit, 2025);
    expect(report.problems).toEqual([]);
    const body2 = text(report);
    expect(body2).toContain('全街道把会前学法作为每次会议的第一项议程，全年开展2场；应考人员考试合格率达到90.63%');
    for (const run of figures(report)) {
      expect([run.figure.code, run.figure.value]).not.toEqual([run.figure.code, 0]);
      expect([run.figure.code, run.text]).not.toEqual([run.figure.code, '—']);
    }
    expect(body2).not.toMatch(ZERO_FIGURE);
    expect(body2).not.toMatch(/[，、][。；）]|（[，、]?）|^[，、]|[。；][，、]/m);
    // A 街道's words, never a 镇's.
    expect(body2).toContain('党工委');
    expect(body2).not.toMatch(/全镇|镇党委|镇政府/);
    // Both figures keep the records behind them.
    const share = figures(report).find((r) => r.figure.code === 'cty.exam_passed_of_expected');
    expect(share?.figure).toMatchObject({ numerator: 29, denominator: 32, precision: 2 });
    const preStudy = await ctx.indicators.provenance(staff, unit, resolvePeriod({ year: 2025 }), 'hx.pre_study');
    expect(preStudy.ids).toHaveLength(2);
    const exam = await ctx.indicators.provenance(staff, unit, resolvePeriod({ year: 2025 }), 'cty.exam_passed_of_expected');
    expect([exam.numerator?.ids.length, exam.denominator?.ids.length]).toEqual([1, 1]);
  });
});
