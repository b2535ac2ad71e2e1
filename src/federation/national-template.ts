/**
 * The default template of the national (or multi-province) roll-up report: the county template's
 * five required items, worded for provinces, with the provinces side by side in the table. Its
 * sums are sums of each province's exact figures, so none is rounded.
 */
import { rollUpTemplate } from '../report/county-template.js';
import type { ReportTemplate } from '../report/model.js';

export const defaultNationalTemplate: ReportTemplate = rollUpTemplate({
  name: '全国（多省）基层法治政府建设汇总报告（默认模板）',
  title: '{org}{year}年基层法治政府建设情况汇总报告',
  opening:
    '{year}年，各省（自治区、直辖市）所辖乡镇（街道）按要求记录学法用法、依法决策、执法规范、基层治理和普法工作台账。本报告的数字由各省级法治台账数据库分别计算、再合计形成，比率按各省分子、分母的合计计算。现将{org}基层法治政府建设情况报告如下。',
  towns: '各地乡镇',
  gridTowns: '各地',
  tableHeading: '各省（自治区、直辖市）主要指标',
  rounded: { disclosures: 'exact', posts: 'exact', reads: 'exact' },
});
