/**
 * The default town report template, in our own words. It covers the five required items, with
 * one sub-section per area of work. Towns copy it and edit their copy. It names the unit through
 * {whole} {party} {gov}…, so a 街道 reads 党工委 and 办事处. A sentence whose figures are all zero
 * drops out, and within a sentence that stays so does each clause, list item or bracketed group
 * whose figures are (see clauses.ts): every figure stands in a part of its own, so a town with no
 * 听证会 or no 宪法宣誓 says nothing of it rather than "0次".
 */
import type { ReportTemplate } from './model.js';

export const defaultTownTemplate: ReportTemplate = {
  name: '乡镇年度法治政府建设情况报告（默认模板）',
  title: '{org}{year}年法治政府建设情况报告',
  addressee: '{superior}：',
  opening:
    '{year}年，{org}坚持以习近平法治思想为指导，把法治政府建设放在{whole}工作大局中统筹推进，围绕领导干部学法用法、重大决策依法作出、行政执法规范运行、矛盾纠纷就地化解和全民普法五个方面扎实开展工作。现将本年度法治政府建设情况报告如下。',
  sections: [
    {
      item: 'measures',
      heading: '主要举措和成效',
      paragraphs: [],
      subsections: [
        {
          heading: '以领导干部为重点，推动学法用法常态化',
          paragraphs: [
            '{party}、{gov}把法治政府建设列入年度重点工作，全年召开法治政府建设专题部署会{{meeting.deployment|exact}}，逐项明确任务分工和完成时限。{party}理论学习中心组全年开展中心组学习{{study.central_group|exact}}；其中围绕习近平总书记关于法治建设的重要论述开展专题研学{{study.central_group.special|exact}}。',
            '对照年度应知应会法规目录组织集中学习，开展法治政府建设文件制度学习{{study.document|exact}}、法治学习{{study.law|exact}}（参学{{study.law.attendance|exact}}），举办法治讲座{{study.lecture|exact}}，组织警示教育{{study.warning|exact}}，干部运用法治思维处理问题的意识明显增强。',
            '坚持集体学法制度，全年集体学法累计{{study.collective|exact}}，其中{party}会议专题学法{{meeting.party_committee_study|exact}}、{gov}常务会议会前学法{{meeting.pre_study|exact}}。',
            '以考促学检验学法成效，组织干部学法考试{{law_exam.count|exact}}，应考{{law_exam.candidates|exact}}、实考{{law_exam.sat|exact}}，参考率{{law_exam.participation_rate|percent}}，考试合格率{{law_exam.pass_rate|percent}}。',
          ],
        },
        {
          heading: '以程序规范为抓手，推动决策过程依法公开',
          paragraphs: [
            '涉及群众切身利益的重要事项，均按照公众参与、合法性审查、集体讨论决定等程序办理。{gov}聘请执业律师担任法律顾问{{advisor.town|exact}}，参与重要决策论证和合同审查，从源头防范法律风险。',
            '全年作出重大行政决策{{major_decision.count|exact}}，其中公开征求意见{{major_decision.public_consulted|exact}}、组织专家论证{{major_decision.expert_argued|exact}}、开展风险评估{{major_decision.risk_assessed|exact}}、召开听证会{{major_decision.hearings|exact}}，提交集体讨论前的合法性审查率{{major_decision.legality_review_rate|percent}}。',
            '以{party}、{gov}名义印发的文件坚持先审核、后印发，全年发文{{document.issued|exact}}（{party}发文{{document.issued.party|exact}}、{gov}发文{{document.issued.government|exact}}），发文合法性审核率{{document.legality_review_rate|percent}}；制定规范性文件{{normative_document.issued|exact}}，经合法性审核{{normative_document.reviewed|exact}}，按规定报送备案{{normative_document.filed|exact}}。',
            '{gov}对外签订合同一律先审后签，全年审查合同{{contract_review.count|exact}}，较上年{{contract_review.yoy_rate|percent}}，涉及金额{{contract_review.amount|exact}}，审查意见采纳率{{contract_review.adoption_rate|percent}}。',
            '对照权责清单依单履职，清单在册事项{{duty_list.items|exact}}（其中基本履职事项{{duty_list.items.basic|exact}}、配合履职事项{{duty_list.items.cooperative|exact}}）。',
            '通过政务公开平台、微信公众号和{villages}务公示栏等渠道，全年主动公开政务信息{{disclosure.items|floor}}，方便群众了解和监督政府工作。',
            '妥善应对行政复议和行政诉讼案件{{reconsideration.cases|exact}}，行政机关负责人出庭应诉率{{reconsideration.appearance_rate|percent}}。',
          ],
        },
        {
          heading: '以严格规范为标准，推动行政执法提质增效',
          paragraphs: [
            '聚焦食品药品、公共卫生、自然资源、生态环境和安全生产等群众关注的领域，开展专项执法检查{{enforcement.inspections|exact}}，依法作出行政处罚{{enforcement.penalties|exact}}。',
            '组织执法人员参加上级业务培训{{enforcement.trainings.higher|exact}}；{unit}内自行组织执法培训{{enforcement.trainings.own|exact}}；参加执法考试{{enforcement.exams|exact}}；配备执法记录仪{{equipment.body_cameras|exact}}，执法全过程记录得到落实。',
            '严格执法人员资格管理，{whole}持有效行政执法证件人员{{enforcement.certified|exact}}，持证率{{enforcement.certification_rate|percent}}，本年度新取得执法证件{{enforcement.certified.new|exact}}。',
            '重大执法决定作出前经法制审核{{enforcement.legal_review|exact}}；开展行政执法案卷评查{{case_review.count|exact}}，评查案卷{{case_review.files|exact}}，督促整改评查发现的问题{{case_review.problems_rectified|exact}}；围绕群众反映集中的事项开展专项督查{{supervision.count|exact}}，推动整改问题{{supervision.problems_rectified|exact}}。',
          ],
        },
        {
          heading: '以网格治理为依托，推动矛盾纠纷就地化解',
          paragraphs: [
            '按照{unit}、{villages}、组分级设置网格，推行交叉任职，{whole}配备网格长{{grid.leaders|exact}}、网格员{{grid.workers|exact}}（其中专职{{grid.workers.full_time|exact}}、兼职{{grid.workers.part_time|exact}}），组建网格党小组{{grid.party_groups|exact}}，选聘联户长{{grid.liaison_heads|exact}}。',
            '坚持每月在各{villages}开展一次矛盾纠纷排查，落实领导干部包案和结对帮扶。全年排查矛盾纠纷{{dispute.screened|exact}}，已化解{{dispute.resolved|exact}}，化解率{{dispute.resolution_rate|percent}}，排查出信访重点人员{{petition.key_persons|exact|zero}}。',
            '{unit}、{villages}两级人民调解组织健全，现有人民调解委员会{{mediation.committees|exact}}、人民调解员{{mediation.mediators|exact}}。',
            '把公共法律服务送到群众身边，全年办理法律咨询、法律援助、人民调解等公共法律服务事项{{legal_service.items|exact}}，服务群众{{legal_service.people|floor}}；为辖区企业开展“法治体检”，覆盖企业{{enterprise_checkup.enterprises|exact}}，查找法律风险{{enterprise_checkup.problems|exact}}，提出整改建议{{enterprise_checkup.suggestions|exact}}。',
          ],
        },
        {
          heading: '以群众需求为导向，推动普法宣传入脑入心',
          paragraphs: [
            '落实“谁执法谁普法”责任制，线上通过{villages}级微信群和公众号推送普法知识与典型案例{{publicity.online_posts|floor}}，累计阅读{{publicity.online_reads|over}}。',
            '线下结合宪法宣传周、民法典宣传月等节点开展专题普法活动{{publicity.offline_events|exact}}；“法律五进”覆盖机关、乡村、社区、企业、单位等{{publicity.five_into_targets|number}}类对象；一村（社区）一法律顾问覆盖率达到{{advisor.village_coverage|percent}}。',
            '以仪式增强法治信仰，举办法治仪式活动{{ceremony.count|exact}}（其中宪法宣誓仪式{{ceremony.constitutional_oath|exact}}），参与干部群众{{ceremony.participants|exact}}；培育“法律明白人”{{legal_literate.residents|exact}}，获评民主法治示范{villages}{{legal_literate.model_villages|exact}}。',
          ],
        },
      ],
    },
    {
      item: 'leadership',
      heading: '党政主要负责人履行推进法治建设第一责任人职责情况',
      paragraphs: ['{{drafted:leadership}}'],
    },
    {
      item: 'shortcomings',
      heading: '存在的不足和原因',
      paragraphs: ['{{drafted:shortcomings}}'],
    },
    {
      item: 'plan',
      heading: '{nextYear}年工作安排',
      paragraphs: ['{{drafted:plan}}'],
    },
    {
      item: 'other',
      heading: '其他需要报告的情况',
      paragraphs: ['本年度无其他需要报告的情况。'],
    },
  ],
  signature: '{government}',
};
