/**
 * The default template of the national (or multi-province) roll-up report: the county template's
 * five required items, worded for provinces, with the provinces side by side in the table.
 */
import type { ReportTemplate } from '../report/model.js';

export const defaultNationalTemplate: ReportTemplate = {
  name: '全国（多省）基层法治政府建设汇总报告（默认模板）',
  title: '{org}{year}年基层法治政府建设情况汇总报告',
  addressee: '{superior}：',
  opening:
    '{year}年，各省（自治区、直辖市）所辖乡镇（街道）按要求记录学法用法、依法决策、执法规范、基层治理和普法工作台账。本报告的数字由各省级法治台账数据库分别计算、再合计形成，比率按各省分子、分母的合计计算。现将{org}基层法治政府建设情况报告如下。',
  sections: [
    {
      item: 'measures',
      heading: '主要举措和成效',
      paragraphs: [],
      subsections: [
        {
          heading: '基层干部学法用法',
          paragraphs: [
            '各地乡镇全年召开法治政府建设专题部署会{{meeting.deployment|exact}}，开展理论学习中心组学习{{study.central_group|exact}}、法治学习{{study.law|exact}}，举办法治讲座{{study.lecture|exact}}，组织警示教育{{study.warning|exact}}。',
          ],
        },
        {
          heading: '依法决策和政务公开',
          paragraphs: ['各地乡镇主动公开政务信息{{disclosure.items|exact}}；一村一法律顾问覆盖率为{{advisor.village_coverage|percent}}。'],
        },
        {
          heading: '基层行政执法',
          paragraphs: ['各地乡镇开展专项执法检查{{enforcement.inspections|exact}}，作出行政处罚{{enforcement.penalties|exact}}，执法人员参加业务培训{{enforcement.trainings|exact}}，配备执法记录仪{{equipment.body_cameras|exact}}。'],
        },
        {
          heading: '网格治理和矛盾纠纷化解',
          paragraphs: [
            '各地共配备网格长{{grid.leaders|exact}}、网格员{{grid.workers|exact}}，组建网格党小组{{grid.party_groups|exact}}。全年排查矛盾纠纷{{dispute.screened|exact}}，化解{{dispute.resolved|exact}}，化解率{{dispute.resolution_rate|percent}}。',
          ],
        },
        {
          heading: '普法宣传',
          paragraphs: ['各地乡镇线上推送普法内容{{publicity.online_posts|exact}}，累计阅读{{publicity.online_reads|exact}}；线下开展专题普法活动{{publicity.offline_events|exact}}。'],
        },
        {
          heading: '各省（自治区、直辖市）主要指标',
          paragraphs: [
            '{{table:towns|meeting.deployment:部署会,study.central_group:中心组学习,disclosure.items:政务公开,enforcement.inspections:执法检查,dispute.screened:排查纠纷,dispute.resolution_rate:化解率,publicity.offline_events:普法活动,advisor.village_coverage:顾问覆盖率}}',
          ],
        },
      ],
    },
    {
      item: 'leadership',
      heading: '党政主要负责人履行推进法治建设第一责任人职责情况',
      paragraphs: ['各地乡镇党政主要负责人履行推进法治建设第一责任人职责，对法治建设重要工作亲自部署、重大问题亲自过问，并在年度述职中报告履职情况。'],
    },
    { item: 'shortcomings', heading: '存在的不足和原因', paragraphs: ['{{drafted:shortcomings}}'] },
    { item: 'plan', heading: '{nextYear}年工作安排', paragraphs: ['{{drafted:plan}}'] },
    { item: 'other', heading: '其他需要报告的情况', paragraphs: ['本年度无其他需要报告的情况。'] },
  ],
  signature: '{government}',
};
