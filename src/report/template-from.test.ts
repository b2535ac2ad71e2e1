/**
 * Last year's report as this year's template: the seed (双庙镇's report, read from ../shared at
 * test time, never copied here) taken as its 2024 report renders for 2025 in its own sentences
 * with the 2025 figures; a figure no indicator names gets a proposed town indicator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/load.js';
import { findOrgByIdOrName, insertOrg, type OrgUnit } from '../org/repository.js';
import { scopeOf, type Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { blockText, type ComposedReport } from './model.js';
import { ReportService } from './service.js';
import { TownIndicatorService } from '../indicators/town-defined.js';
import { buildVocabulary } from './draft-check/vocabulary.js';
import { markYears, placeholderFor, templateFromText, type ProposalKind } from './template-from.js';

let ctx: TestContext;
let reports: ReportService;
let shuangmiao: OrgUnit;
let county: OrgUnit;

const office = (unit: OrgUnit): Scope => scopeOf(unit, { userId: null, name: '法治办', role: 'townOffice', ip: null });
const paragraphs = (report: ComposedReport) => report.blocks.filter((b) => b.type === 'paragraph').map(blockText);
/** Whitespace, conversion leftovers and the years (the seed is taken as last year's report) do not count. */
const normal = (s: string) => s.replace(/\[bookmark:[^\]]*\]/g, '').replace(/\s+/g, '').replace(/\d{4}年/g, 'Y年');

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  reports = new ReportService(ctx);
  [shuangmiao] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
  county = (await findOrgByIdOrName(ctx.db, shuangmiao.parent_id ?? ''))[0] as OrgUnit;
});
afterAll(() => ctx.close());

describe('placeholders keep the way a figure was written', () => {
  it('余, 超, a percentage with its decimals, and the report’s own unit word', () => {
    const count = { code: 'x.count', unit: '人' as const };
    expect(placeholderFor({ qualifier: 'floor', unit: '人', decimals: 0 }, count)).toBe('{{x.count|floor}}');
    expect(placeholderFor({ qualifier: 'over', unit: '人', decimals: 0 }, count)).toBe('{{x.count|over}}');
    expect(placeholderFor({ qualifier: 'exact', unit: '人', decimals: 0 }, count)).toBe('{{x.count}}');
    expect(placeholderFor({ qualifier: 'exact', unit: '名', decimals: 0 }, count)).toBe('{{x.count|number}}名');
    expect(placeholderFor({ qualifier: 'exact', unit: '%', decimals: 2 }, { code: 'x.rate', unit: '%' })).toBe('{{x.rate|percent:2}}');
    expect(placeholderFor({ qualifier: 'exact', unit: '%', decimals: 0 }, { code: 'x.rate', unit: '%' })).toBe('{{x.rate|percent:0}}');
    // A percentage is never bound to a count, nor a count to a rate.
    expect(placeholderFor({ qualifier: 'exact', unit: '%', decimals: 0 }, count)).toBeUndefined();
    // The check reads "2.3万元" as 23000 元: an indicator in 万元 takes it as written, one in 元 in 元.
    expect(placeholderFor({ qualifier: 'exact', unit: '元', decimals: 1, text: '2.3万元' }, { code: 'x.fines', unit: '万元' })).toBe('{{x.fines}}');
    expect(placeholderFor({ qualifier: 'exact', unit: '元', decimals: 1, text: '2.3万元' }, { code: 'x.fines', unit: '元' })).toBe('{{x.fines|number}}元');
  });
});

const seedPath = resolve(process.cwd(), '../shared/seeds/000_3f8b128c9f1ece00.txt');

describe('the seed as 双庙镇’s 2024 report', () => {
  it.skipIf(!existsSync(seedPath))('becomes a template whose 2025 rendering says every matched figure in the seed’s own sentences', async () => {
    const seed = readFileSync(seedPath, 'utf8');
    const scope = office(shuangmiao);
    const result = await reports.templateFrom(scope, shuangmiao, 2024, seed, { save: true });
    console.info(`template-from on the seed: ${result.figures.length} figures, ${result.matched} matched, ${result.unmatched} unmatched`);
    expect(result.saved?.orgId).toBe(shuangmiao.id);
    expect(result.matched).toBeGreaterThanOrEqual(25);
    // The template keeps the report's headings and no figure of a matched sentence as a literal.
    expect(result.template.sections.map((s) => s.item)).toEqual(expect.arrayContaining(['measures', 'shortcomings', 'plan']));

    const report = await reports.composed(scope, shuangmiao, 2025, { templateId: result.saved?.id ?? '', date: '2025-12-20' });
    expect(report.problems).toEqual([]);
    const rendered = paragraphs(report).map(normal);
    const seedLines = seed.split('\n');
    const linesWithFigures = [...new Set(result.figures.filter((f) => f.code).map((f) => f.line))];
    expect(linesWithFigures.length).toBeGreaterThan(3);
    for (const line of linesWithFigures) {
      const own = normal(seedLines[line - 1] ?? '');
      expect(rendered, `seed line ${line}`).toContain(own);
    }
    // Every figure the matcher bound is in the rendered text with the words before it.
    const whole = rendered.join('');
    for (const f of result.figures.filter((x) => x.code)) expect(whole).toContain(normal(f.context));
    // The template is made of placeholders where the figures were, not of last year's numbers.
    const body = JSON.stringify(result.template);
    expect(body).toContain('{{');
    expect(body).not.toMatch(/\{\{[^}]*\}\}\{\{/);
  });
});

describe('a 街道’s own report with a figure no indicator names', () => {
  const REPORT = [
    '某某街道2024年法治政府建设工作报告',
    '区委、区政府：',
    '2024年，街道党工委坚持以习近平法治思想为指导，现将有关情况报告如下。',
    '一、主要工作举措及成效',
    '（一）学法用法',
    '全年组织党工委理论学习中心组学法6次，开展法治讲座2次。',
    '（二）普法宣传',
    '街道组织辖区商户开展消防安全法规宣讲会7场，发放宣传资料1200余份。',
    '二、存在的不足',
    '一是普法形式较为单一。',
    '三、2025年工作计划',
    '继续深化法治街道建设。',
    '某某街道办事处',
    '2024年12月25日',
  ].join('\n');

  it('binds what it can, proposes a town indicator for the rest, and keeps the report’s shape', async () => {
    const street = await insertOrg(ctx.db, { parentId: county.id, name: '某某街道', level: 'town' }, county.path);
    const result = await reports.templateFrom(office(street), street, 2024, REPORT);
    console.info(JSON.stringify(result.figures.map((f) => [f.text, f.code ?? f.proposal]), null, 0));
    expect(result.template.title).toBe('某某街道{year}年法治政府建设工作报告');
    expect(result.template.addressee).toBe('区委、区政府');
    expect(result.template.signature).toBe('某某街道办事处');
    expect(result.template.sections.map((s) => s.heading)).toEqual(['主要工作举措及成效', '存在的不足', '{nextYear}年工作计划']);
    expect(result.template.sections[0]?.subsections?.map((s) => s.heading)).toEqual(['学法用法', '普法宣传']);
    const lectures = result.figures.find((f) => f.text === '7场');
    expect(lectures?.code).toBeUndefined();
    // No word of its sentence names a kind: the heading it stands under does (（二）普法宣传).
    expect(lectures?.proposal).toMatchObject({ kind: 'publicityItem', unit: '场', measure: 'count', label: '消防安全法规宣讲会' });
    expect(lectures?.proposal?.filters).toEqual([{ field: 'title', op: 'contains', words: ['消防安全法规宣讲'] }]);
    // "份" is not among the town's unit words: the proposal counts in the nearest known word and says so.
    const leaflets = result.figures.find((f) => f.text === '1200余份');
    expect(leaflets?.proposal).toMatchObject({ unit: '件', writtenUnit: '份' });
    expect(result.saved).toBeUndefined();

    // The report's braces cannot smuggle in placeholders or tables; a mapping to an indicator the unit cannot see binds nothing.
    const sly = await reports.templateFrom(office(street), street, 2024, '一、主要工作举措及成效\n开展法治讲座2次{{table:towns|grid.leaders}}。', { mapping: { 0: 'no.such.indicator' } });
    expect(sly.figures[0]).toMatchObject({ text: '2次' });
    expect(sly.figures[0]?.code).toBeUndefined();
    expect(sly.template.sections[0]?.paragraphs).toEqual(['开展法治讲座2次｛｛table:towns|grid.leaders｝｝。']);
  });
});

// ---- the engine on fixtures: which figures stay last year's, what is proposed, which years move ----

const KINDS: ProposalKind[] = [
  { code: 'dispute', label: '矛盾纠纷', fields: [{ name: 'status', type: 'choice', label: '状态' }, { name: 'partyName', type: 'text', label: '当事人', sensitive: true }] },
  { code: 'legalService', label: '公共法律服务', fields: [{ name: 'aidAmount', type: 'money', label: '援助金额（元）' }, { name: 'peopleServed', type: 'integer', label: '服务人次' }] },
  { code: 'publicityItem', label: '普法宣传', fields: [{ name: 'audience', type: 'integer', label: '参加人次' }] },
];
const INDICATORS = [
  { code: 'dispute.total', label: '排查矛盾纠纷', unit: '件' as const, value: 50, kind: 'dispute', aliases: ['受理矛盾纠纷'] },
  { code: 'dispute.resolved', label: '调解成功', unit: '件' as const, value: 48, kind: 'dispute', aliases: ['化解矛盾纠纷'] },
];
const fromText = (text: string, more: { mapping?: Record<string, string | null>; unitWords?: string[] } = {}) =>
  templateFromText({ text, year: 2024, orgName: '某乡', indicators: INDICATORS, vocabulary: buildVocabulary(INDICATORS, KINDS), kinds: KINDS, ...more });

describe('figures the template keeps as last year’s numbers', () => {
  it('are listed with why: not bound, kept by the user, or standing in a heading', () => {
    const result = fromText(
      [
        '一、主要工作举措及成效',
        '（一）化解矛盾纠纷48件',
        '本乡全年受理矛盾纠纷50件，化解矛盾纠纷48件。',
        '举办法治文艺汇演9场，组织群众观看。',
      ].join('\n'),
      { mapping: { 2: null } },
    );
    expect(result.figures.map((f) => [f.text, f.literal ?? f.placeholder])).toEqual([
      ['48件', 'heading'],
      ['50件', '{{dispute.total}}'],
      ['48件', 'kept'],
      ['9场', 'unbound'],
    ]);
    expect(result.literals.map((l) => [l.line, l.text, l.reason])).toEqual([
      [2, '48件', 'heading'],
      [3, '48件', 'kept'],
      [4, '9场', 'unbound'],
    ]);
    expect(result.literals.every((l) => l.note.includes('仍为去年的数字'))).toBe(true);
    expect([result.matched, result.unmatched]).toEqual([1, 3]);
    expect(result.template.sections[0]?.subsections?.[0]).toEqual({ heading: '化解矛盾纠纷48件', paragraphs: ['本乡全年受理矛盾纠纷{{dispute.total}}，化解矛盾纠纷48件。', '举办法治文艺汇演9场，组织群众观看。'] });
  });
});

describe('proposals are valid as proposed', () => {
  it('sums money over a money field, and 人次 over a whole-number field', () => {
    const result = fromText('一、主要工作举措及成效\n全年发放法律援助补贴资金3.5万元，法律服务惠及群众1200余人次。\n办理法律援助案件经费共计8600元。');
    const byText = (t: string) => result.figures.find((f) => f.text === t)?.proposal;
    expect(byText('3.5万元')).toMatchObject({ kind: 'legalService', measure: 'sum', field: 'aidAmount', unit: '万元', filters: [] });
    expect(byText('1200余人次')).toMatchObject({ kind: 'legalService', measure: 'sum', field: 'peopleServed', unit: '人次' });
    expect(byText('8600元')).toMatchObject({ kind: 'legalService', measure: 'sum', field: 'aidAmount', unit: '元' });
  });

  it('proposes no sum of money over a kind that records none, and a count otherwise', () => {
    const result = fromText('一、主要工作举措及成效\n矛盾纠纷调处涉及金额12万元，开展纠纷回访15次。');
    expect(result.figures.find((f) => f.text === '12万元')?.proposal).toBeUndefined();
    expect(result.figures.find((f) => f.text === '15次')?.proposal).toMatchObject({ kind: 'dispute', measure: 'count', unit: '次' });
  });

  it('proposes a ratio only with its parts: two bound figures before it whose quotient it is', () => {
    const withParts = fromText('一、主要工作举措及成效\n今年受理矛盾纠纷40件，化解矛盾纠纷38件，化解率95%。');
    expect(withParts.figures.find((f) => f.text === '95%')?.proposal).toMatchObject({ measure: 'ratio', numerator: 'dispute.resolved', denominator: 'dispute.total', percent: true, precision: 0 });
    // 38 ÷ 40 is not 90%; and a percentage with nothing before it has no parts.
    const wrong = fromText('一、主要工作举措及成效\n今年受理矛盾纠纷40件，化解矛盾纠纷38件，群众满意度90%。\n法治宣传覆盖率达98.5%。');
    expect(wrong.figures.filter((f) => f.unit === '%').map((f) => [f.text, f.proposal, f.literal])).toEqual([
      ['90%', undefined, 'unbound'],
      ['98.5%', undefined, 'unbound'],
    ]);
  });

  it('takes the unit word from the town’s list, or the nearest known one, saying what the report wrote', () => {
    const text = '一、主要工作举措及成效\n（一）普法宣传\n印发普法手册3000册，张贴法治标语80幅。';
    const built = fromText(text);
    expect(built.figures.map((f) => [f.text, f.proposal?.unit, f.proposal?.writtenUnit])).toEqual([
      ['3000册', '件', '册'],
      ['80幅', '个', '幅'],
    ]);
    const own = fromText(text, { unitWords: ['次', '件', '个', '册'] });
    expect(own.figures.map((f) => [f.text, f.proposal?.unit, f.proposal?.writtenUnit])).toEqual([
      ['3000册', '册', undefined],
      ['80幅', '个', '幅'],
    ]);
  });

  it('leaves a figure without a proposal when no kind is named near it', () => {
    const result = fromText('一、主要工作举措及成效\n全年接待来访群众26人。');
    expect(result.figures[0]).toMatchObject({ text: '26人', literal: 'unbound' });
    expect(result.figures[0]?.proposal).toBeUndefined();
  });
});

describe('years', () => {
  const plain = { heading: false, plan: false };
  const marked = (line: string, place = plain) => markYears(line, 2024, place).replaceAll('\uE001\uE001\uE001\uE001', '{year}').replaceAll('\uE002\uE002\uE002\uE002', '{nextYear}').replaceAll('\uE003\uE003\uE003\uE003', '{prevYear}');

  it('the report’s year is {year} except in a range, a deadline before it or a date a rule took effect', () => {
    expect(marked('2024年，乡党委高度重视法治建设。')).toBe('{year}年，乡党委高度重视法治建设。');
    expect(marked('截至2024年底，全乡建成法治示范村6个。')).toBe('截至{year}年底，全乡建成法治示范村6个。');
    expect(marked('制定《2024年度普法责任清单》。')).toBe('制定《{year}年度普法责任清单》。');
    expect(marked('落实《2024年至2026年法治乡村建设行动方案》。')).toBe('落实《2024年至2026年法治乡村建设行动方案》。');
    expect(marked('实施2022—2024年三年攻坚计划。')).toBe('实施2022—2024年三年攻坚计划。');
    expect(marked('力争2024年6月前完成清理。')).toBe('力争2024年6月前完成清理。');
    expect(marked('《某某条例》自2024年5月1日起施行。')).toBe('《某某条例》自2024年5月1日起施行。');
  });

  it('the next year is {nextYear} only where it is the coming year’s plan', () => {
    expect(marked('2025年，我乡将持续深化法治乡村建设。')).toBe('{nextYear}年，我乡将持续深化法治乡村建设。');
    expect(marked('现将今年工作情况和2025年工作安排报告如下。')).toBe('现将今年工作情况和{nextYear}年工作安排报告如下。');
    expect(marked('2025年工作打算', { heading: true, plan: false })).toBe('{nextYear}年工作打算');
    expect(marked('继续做好2025年普法依法治理工作。', { heading: false, plan: true })).toBe('继续做好{nextYear}年普法依法治理工作。');
    // A deadline, a range and a date a rule takes effect stay as written, in the plan section too.
    const plan = { heading: false, plan: true };
    expect(marked('到2025年底，实现村级法律顾问全覆盖。', plan)).toBe('到2025年底，实现村级法律顾问全覆盖。');
    expect(marked('确保2025年3月前完成整改。', plan)).toBe('确保2025年3月前完成整改。');
    expect(marked('统筹推进2025年至2027年规划。', plan)).toBe('统筹推进2025年至2027年规划。');
    expect(marked('新修订的条例将于2025年1月1日起施行。', plan)).toBe('新修订的条例将于2025年1月1日起施行。');
    // Outside the plan, a date of the next year is a date (a report written in January).
    expect(marked('本报告经2025年1月8日乡党委会议审议。')).toBe('本报告经2025年1月8日乡党委会议审议。');
    // Another year is never touched.
    expect(marked('2026年前建成。')).toBe('2026年前建成。');
  });

  it('the year before is {prevYear} only where the year is compared with it', () => {
    expect(marked('较2023年增长12%，2026年前建成。')).toBe('较{prevYear}年增长12%，2026年前建成。');
    expect(marked('受理案件数与2023年相比下降三成。')).toBe('受理案件数与{prevYear}年相比下降三成。');
    expect(marked('比2023年多举办2场。')).toBe('比{prevYear}年多举办2场。');
    // A year as a date or a start stays as written.
    expect(marked('2023年以来，街道持续推进法律顾问全覆盖。')).toBe('2023年以来，街道持续推进法律顾问全覆盖。');
    expect(marked('自2023年起实行会前学法制度。')).toBe('自2023年起实行会前学法制度。');
  });

  it('in a whole report: the plan heading and the plan’s opening move, its deadline does not', () => {
    const result = fromText(['某乡2024年法治政府建设年度报告', '一、主要工作举措及成效', '2024年，本乡扎实推进依法行政。', '二、2025年工作思路', '2025年，本乡将深化普法。到2025年底，建成公共法律服务站点全覆盖。'].join('\n'));
    expect(result.template.title).toBe('某乡{year}年法治政府建设年度报告');
    expect(result.template.sections.map((s) => [s.heading, s.paragraphs])).toEqual([
      ['主要工作举措及成效', ['{year}年，本乡扎实推进依法行政。']],
      ['{nextYear}年工作思路', ['{nextYear}年，本乡将深化普法。到2025年底，建成公共法律服务站点全覆盖。']],
    ]);
  });
});

describe('proposals the indicator editor accepts as they are', () => {
  const REPORT = [
    '某某乡2024年法治政府建设情况报告',
    '一、主要工作举措及成效',
    '（一）执法规范',
    '全年办理行政处罚案件罚没款共计4.2万元，购置执法记录仪等装备投入资金2.6万元。',
    '（二）普法宣传',
    '乡司法所联合派出所开展防范电信诈骗专题宣讲11场，发放宣传折页2600余份。',
    '（三）公共法律服务',
    '法律服务惠及群众900余人次，全年法律顾问服务费用1.8万元。',
    '二、2025年工作打算',
    '2025年，本乡将持续加强执法队伍建设。',
  ].join('\n');

  it('defines every proposal on the real kinds without a change', async () => {
    const township = await insertOrg(ctx.db, { parentId: county.id, name: '某某乡', level: 'town' }, county.path);
    const scope = office(township);
    const result = await reports.templateFrom(scope, township, 2024, REPORT);
    const proposals = result.figures.flatMap((f) => (f.proposal ? [[f.text, f.proposal] as const] : []));
    console.info(JSON.stringify(proposals));
    expect(proposals.length).toBeGreaterThanOrEqual(4);
    expect(proposals.filter(([, p]) => p.measure === 'sum').length).toBeGreaterThanOrEqual(2);
    const own = new TownIndicatorService(ctx);
    for (const [text, p] of proposals) {
      const { kindLabel: _k, writtenUnit: _w, fieldLabel: _f, ...definition } = p;
      const saved = await own.define(scope, { orgId: township.id, ...definition });
      expect(saved.definition, text).toMatchObject({ label: p.label, measure: p.measure });
    }
    // Every figure not bound is listed as last year's number.
    expect(result.literals.map((l) => l.index)).toEqual(result.figures.filter((f) => !f.placeholder).map((f) => f.index));
  });
});
