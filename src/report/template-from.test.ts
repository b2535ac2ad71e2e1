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
import { placeholderFor } from './template-from.js';

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
    const leaflets = result.figures.find((f) => f.text === '1200余份');
    expect(leaflets?.proposal).toMatchObject({ unit: '份' });
    expect(result.saved).toBeUndefined();

    // The report's braces cannot smuggle in placeholders or tables; a mapping to an indicator the unit cannot see binds nothing.
    const sly = await reports.templateFrom(office(street), street, 2024, '一、主要工作举措及成效\n开展法治讲座2次{{table:towns|grid.leaders}}。', { mapping: { 0: 'no.such.indicator' } });
    expect(sly.figures[0]).toMatchObject({ text: '2次' });
    expect(sly.figures[0]?.code).toBeUndefined();
    expect(sly.template.sections[0]?.paragraphs).toEqual(['开展法治讲座2次｛｛table:towns|grid.leaders｝｝。']);
  });
});
