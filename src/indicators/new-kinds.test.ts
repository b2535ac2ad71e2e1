/**
 * The kinds of issue 15 item 3 (发文, 专项督查, 公共法律服务事项, 宪法宣誓与法治仪式活动, 企业法治体检),
 * each defined once: entered through its Excel import template, counted by its indicators (rates,
 * distinct enterprises and categories), exported with its Chinese headers; and 案卷评查 no longer
 * counts a 专项督查.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { LedgerExporter } from '../ledger/export.js';
import type { Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { fillTemplate, type Cells } from '../testing/xlsx.js';
import { resolvePeriod } from './period.js';

let ctx: TestContext;
let f: Fixture;
let office: Scope;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  office = await f.as('townOffice');
});
afterAll(() => ctx.close());

/** Rows typed into each kind's own import template, by its Chinese headers. */
const ROWS: Record<string, Cells[]> = {
  issuedDocument: [
    { 印发日期: '2025-03-02', 文件标题: '关于调整领导小组成员的通知', 发文机关: '党委（党工委）', 文号: '甲党发〔2025〕1号', 发文前经合法性审核: '是', 审核单位: '司法所' },
    { 印发日期: '2025-04-10', 文件标题: '关于做好防汛工作的通知', 发文机关: '政府（办事处）', 文号: '甲政发〔2025〕1号', 发文前经合法性审核: '是', 审核单位: '法律顾问' },
    { 印发日期: '2025-05-12', 文件标题: '关于秸秆禁烧的通知', 发文机关: '政府（办事处）', 文号: '甲政发〔2025〕2号', 发文前经合法性审核: '否' },
    { 印发日期: '2024-11-20', 文件标题: '上一年的通知', 发文机关: '政府（办事处）', 发文前经合法性审核: '是' },
  ],
  specialSupervision: [
    { 督查日期: '2025-04-08', 督查主题: '执法公示专项督查', 发现问题数: 5, 已整改问题数: 5 },
    { 督查日期: '2025-09-16', 督查主题: '矛盾纠纷化解专项督查', 发现问题数: 3, 已整改问题数: 2 },
  ],
  legalService: [
    { 所属单位: '东村', 办理日期: '2025-02-20', 事项名称: '2月法律咨询', 服务类别: '法律咨询', 事项件数: 12, 服务人次: 15 },
    { 办理日期: '2025-03-20', 事项名称: '3月法律咨询', 服务类别: '法律咨询', 事项件数: 9, 服务人次: 9 },
    { 办理日期: '2025-03-21', 事项名称: '申请法律援助', 服务类别: '法律援助', 事项件数: 1, 服务人次: 1 },
    { 办理日期: '2025-06-03', 事项名称: '调解邻里纠纷', 服务类别: '人民调解', 事项件数: 2 },
  ],
  ceremony: [
    { 活动日期: '2025-03-18', 活动名称: '新任职干部宪法宣誓', 活动类型: '宪法宣誓', 参加人数: 7 },
    { 活动日期: '2025-08-26', 活动名称: '村干部宪法宣誓', 活动类型: '宪法宣誓', 参加人数: 12 },
    { 活动日期: '2025-12-04', 活动名称: '国家宪法日活动', 活动类型: '国家宪法日活动', 参加人数: 100 },
  ],
  enterpriseCheckup: [
    { 体检日期: '2025-05-06', 体检事项: '合同管理体检', 企业名称: '甲镇示例粮贸公司', 发现问题数: 3, 提出建议数: 4 },
    { 体检日期: '2025-10-09', 体检事项: '整改回访', 企业名称: '甲镇示例粮贸公司', 发现问题数: 0, 提出建议数: 1 },
    { 体检日期: '2025-07-15', 体检事项: '用工风险体检', 企业名称: '甲镇示例农机合作社', 发现问题数: 2, 提出建议数: 2 },
  ],
};

const NEW_KINDS = Object.keys(ROWS);

describe('the new kinds', () => {
  it('are built-in kinds with labels, lists and at least one indicator each', () => {
    for (const code of NEW_KINDS) {
      const kind = builtInKinds.find((k) => k.code === code);
      expect(kind, code).toBeDefined();
      expect(kind?.indicators?.length, code).toBeGreaterThan(0);
    }
    expect(builtInKinds.find((k) => k.code === 'caseReview')?.label).toBe('案卷评查');
  });

  it('are entered through their import templates and counted by their indicators', async () => {
    for (const code of NEW_KINDS) {
      const template = (await ctx.importer.template(office, code, f.town.id, '2025-06-01')).content;
      const result = await ctx.importer.import(office, code, f.town.id, { name: `${code}.xlsx`, content: await fillTemplate(template, ROWS[code] ?? []) });
      expect(result.created, code).toBe(ROWS[code]?.length);
    }
    const values = await ctx.indicators.evaluate(office, f.town, resolvePeriod({ year: 2025 }));
    const of = (code: string) => {
      const v = values.find((x) => x.code === code);
      if (!v) throw new Error(`${code} not evaluated`);
      return v.value;
    };
    // 发文: the 2024 document is not this year's; one of three went out unreviewed.
    expect([of('document.issued'), of('document.issued.party'), of('document.issued.government'), of('document.issued.reviewed')]).toEqual([3, 1, 2, 2]);
    expect(of('document.legality_review_rate')).toBeCloseTo(66.67, 1);
    expect(values.find((v) => v.code === 'document.legality_review_rate')).toMatchObject({ numerator: 2, denominator: 3 });
    expect([of('supervision.count'), of('supervision.problems_found'), of('supervision.problems_rectified')]).toEqual([2, 8, 7]);
    expect(of('supervision.rectification_rate')).toBeCloseTo(87.5, 5);
    // Items are summed (a month's summary is one record), categories counted once each, a village's included.
    expect([of('legal_service.items'), of('legal_service.categories'), of('legal_service.people')]).toEqual([24, 3, 25]);
    expect([of('ceremony.count'), of('ceremony.constitutional_oath'), of('ceremony.participants')]).toEqual([3, 2, 119]);
    // An enterprise checked twice is one enterprise.
    expect([of('enterprise_checkup.enterprises'), of('enterprise_checkup.count'), of('enterprise_checkup.problems'), of('enterprise_checkup.suggestions')]).toEqual([2, 3, 5, 7]);
  });

  it('export with their Chinese headers and list labels', async () => {
    const exporter = new LedgerExporter(ctx);
    for (const code of NEW_KINDS) {
      const { content, rows } = await exporter.workbook(office, code, { org: f.town.id });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(content as unknown as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      const cells = (sheet.getSheetValues() as unknown[][]).flat().map(String);
      const sample = ROWS[code]?.[0] ?? {};
      expect(rows, code).toBe(ROWS[code]?.length);
      for (const [header, value] of Object.entries(sample)) {
        if (header === '所属单位') continue;
        expect(cells, `${code} ${header}`).toContain(header);
        if (typeof value === 'string' && value !== '是') expect(cells, `${code} ${header}`).toContain(value);
      }
    }
  });

  it('keeps 专项督查 out of 案卷评查’s figures, as before', async () => {
    await ctx.ledger.create(f.system, 'caseReview', { orgId: f.otherTown.id, date: '2025-05-05', title: '旧台账中的专项督查', reviewKind: 'specialSupervision', problemsFound: 4, problemsRectified: 4 });
    await ctx.ledger.create(f.system, 'caseReview', { orgId: f.otherTown.id, date: '2025-06-05', title: '案卷评查', reviewKind: 'caseFileReview', problemsFound: 1, problemsRectified: 1 });
    const values = await ctx.indicators.evaluate(f.system, f.otherTown, resolvePeriod({ year: 2025 }));
    const of = (code: string) => values.find((v) => v.code === code)?.value;
    expect([of('case_review.count'), of('case_review.problems_rectified'), of('supervision.count')]).toEqual([1, 1, 0]);
  });
});
