import { boolean, money, multiChoice, orgs, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 法律顾问: one legal advisor's engagement for a contract period. One village, one advisor coverage counts its villages. */
export const legalAdvisor = defineKind({
  code: 'legalAdvisor',
  label: '法律顾问',
  area: 'decision',
  description: '镇政府聘请或上级选派的法律顾问，一条记录是一次聘用及其聘期；服务对象中的村用于统计“一村一法律顾问”覆盖情况。',
  orgLevels: ['town'],
  titleLabel: '聘用事项',
  dateLabel: '聘期开始',
  dateRange: true,
  endDateLabel: '聘期结束',
  fields: [
    person('advisor', '法律顾问', { required: true, inList: true }),
    text('firm', '所在律师事务所/单位', { maxLength: 100, inList: true }),
    boolean('isLawyer', '是否执业律师'),
    orgs('servedUnits', '服务对象', { levels: ['town', 'village'], required: true, inList: true, help: '镇政府和/或所服务的村（社区）' }),
    multiChoice('scope', '服务内容', 'legalAdvisor.scope'),
    money('fee', '服务费用（元）'),
    text('contractNo', '聘用合同编号', { maxLength: 60 }),
  ],
  lists: [
    {
      code: 'legalAdvisor.scope',
      label: '法律顾问服务内容',
      items: [
        ['decisionReview', '重大决策法律论证'],
        ['contractReview', '合同审查'],
        ['documentReview', '规范性文件审核'],
        ['disputeMediation', '参与矛盾纠纷化解'],
        ['petitionReception', '参与信访接待'],
        ['litigation', '代理复议诉讼'],
        ['consultation', '法律咨询'],
        ['publicity', '普法宣传'],
      ],
    },
  ],
  indicators: [
    {
      code: 'advisor.town',
      label: '聘请的法律顾问（执业律师）', aliases: ['法律顾问', '律师', '执业律师'], genericAliases: ['聘请'],
      unit: '人',
      measure: { op: 'distinct', field: 'advisor' },
      where: [{ field: 'isLawyer', equals: true }],
      period: 'active',
    },
    {
      code: 'advisor.villages_covered',
      label: '有法律顾问的村（社区）', aliases: ['有法律顾问的村', '法律顾问覆盖'], genericAliases: ['覆盖村'],
      unit: '个',
      measure: { op: 'distinctUnits', field: 'servedUnits', level: 'village' },
      period: 'active',
    },
    {
      code: 'advisor.village_coverage',
      label: '一村一法律顾问覆盖率', aliases: ['一村一法律顾问', '法律顾问覆盖率'], genericAliases: ['覆盖率'],
      unit: '%',
      ratio: { numerator: 'advisor.villages_covered', denominator: 'org.villages' },
    },
  ],
});
