/**
 * The default template for a roll-up over towns: the same five required items, the figures over
 * the whole subtree, and a table of the members side by side. A county's members are its towns;
 * the national roll-up's (src/federation) are provinces — the same report, worded for each.
 */
import type { ReportTemplate } from './model.js';

export interface RollUpWording {
  name: string;
  title: string;
  opening: string;
  /** Who did the work, as the paragraphs name them: 各镇, 各地乡镇. */
  towns: string;
  /** Who staffs the grids: 全{orgShort}各镇, 各地. */
  gridTowns: string;
  /** The heading of the table of members side by side. */
  tableHeading: string;
  /** How the counts that reports round are shown: a county's own sum may say "60余"; a sum of sums is given exactly. */
  rounded: { disclosures: string; posts: string; reads: string };
}

export function rollUpTemplate(w: RollUpWording): ReportTemplate {
  return {
    name: w.name,
    title: w.title,
    addressee: '{superior}：',
    opening: w.opening,
    sections: [
      {
        item: 'measures',
        heading: '主要举措和成效',
        paragraphs: [],
        subsections: [
          {
            heading: '基层干部学法用法',
            paragraphs: [
              `${w.towns}全年召开法治政府建设专题部署会{{meeting.deployment|exact}}，开展理论学习中心组学习{{study.central_group|exact}}、法治学习{{study.law|exact}}，举办法治讲座{{study.lecture|exact}}，组织警示教育{{study.warning|exact}}。`,
            ],
          },
          {
            heading: '依法决策和政务公开',
            paragraphs: [`${w.towns}主动公开政务信息{{disclosure.items|${w.rounded.disclosures}}}；一村一法律顾问覆盖率为{{advisor.village_coverage|percent}}。`],
          },
          {
            heading: '基层行政执法',
            paragraphs: [
              `${w.towns}开展专项执法检查{{enforcement.inspections|exact}}，作出行政处罚{{enforcement.penalties|exact}}，执法人员参加业务培训{{enforcement.trainings|exact}}，配备执法记录仪{{equipment.body_cameras|exact}}。`,
            ],
          },
          {
            heading: '网格治理和矛盾纠纷化解',
            paragraphs: [
              `${w.gridTowns}共配备网格长{{grid.leaders|exact}}、网格员{{grid.workers|exact}}，组建网格党小组{{grid.party_groups|exact}}。全年排查矛盾纠纷{{dispute.screened|exact}}，化解{{dispute.resolved|exact}}，化解率{{dispute.resolution_rate|percent}}。`,
            ],
          },
          {
            heading: '普法宣传',
            paragraphs: [
              `${w.towns}线上推送普法内容{{publicity.online_posts|${w.rounded.posts}}}，累计阅读{{publicity.online_reads|${w.rounded.reads}}}；线下开展专题普法活动{{publicity.offline_events|exact}}。`,
            ],
          },
          {
            heading: w.tableHeading,
            paragraphs: [
              '{{table:towns|meeting.deployment:部署会,study.central_group:中心组学习,disclosure.items:政务公开,enforcement.inspections:执法检查,dispute.screened:排查纠纷,dispute.resolution_rate:化解率,publicity.offline_events:普法活动,advisor.village_coverage:顾问覆盖率}}',
            ],
          },
        ],
      },
      {
        item: 'leadership',
        heading: '党政主要负责人履行推进法治建设第一责任人职责情况',
        paragraphs: [`${w.towns}党政主要负责人履行推进法治建设第一责任人职责，对法治建设重要工作亲自部署、重大问题亲自过问，并在年度述职中报告履职情况。`],
      },
      { item: 'shortcomings', heading: '存在的不足和原因', paragraphs: ['{{drafted:shortcomings}}'] },
      { item: 'plan', heading: '{nextYear}年工作安排', paragraphs: ['{{drafted:plan}}'] },
      { item: 'other', heading: '其他需要报告的情况', paragraphs: ['本年度无其他需要报告的情况。'] },
    ],
    signature: '{government}',
  };
}

export const defaultCountyTemplate: ReportTemplate = rollUpTemplate({
  name: '县级年度法治政府建设情况报告（默认模板）',
  title: '{org}{year}年法治政府建设情况报告',
  opening:
    '{year}年，{org}指导所辖各镇（乡、街道）把法治政府建设各项任务落到基层，全面记录学法用法、依法决策、执法规范、基层治理和普法工作台账，年度数据由各镇台账逐级汇总形成。现将全{orgShort}基层法治政府建设情况报告如下。',
  towns: '各镇',
  gridTowns: '全{orgShort}各镇',
  tableHeading: '各镇主要指标',
  rounded: { disclosures: 'floor', posts: 'floor', reads: 'over' },
});
