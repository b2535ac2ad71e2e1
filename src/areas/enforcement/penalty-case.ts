import { boolean, choice, date, money, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 行政处罚: one administrative penalty case, from filing (立案) to closing (结案). */
export const penaltyCase = defineKind({
  code: 'penaltyCase',
  label: '行政处罚',
  area: 'enforcement',
  description: '一起行政处罚案件，按立案、调查取证、法制审核、告知、陈述申辩或听证、决定、送达、执行、结案的程序逐步登记。',
  orgLevels: ['town'],
  titleLabel: '案由',
  dateLabel: '立案日期',
  fields: [
    text('caseNo', '案号', { required: true, inList: true, maxLength: 60 }),
    choice('partyType', '当事人类型', 'penaltyCase.partyType', { required: true }),
    text('partyName', '当事人', { required: true, maxLength: 200, sensitive: true, help: '自然人姓名或单位名称' }),
    text('partyIdNumber', '身份证号/统一社会信用代码', {
      maxLength: 18,
      sensitive: true,
      pattern: '^[0-9A-Za-z]{18}$',
      patternHint: '18位居民身份证号码或统一社会信用代码',
    }),
    text('partyPhone', '联系电话', { maxLength: 40, sensitive: true }),
    text('partyAddress', '住址/住所', { maxLength: 200, sensitive: true }),
    textarea('violation', '违法事实', { maxLength: 5000 }),
    textarea('legalBasis', '处罚依据', { maxLength: 3000 }),
    boolean('legalAuditRequired', '需法制审核', { help: '涉及重大公共利益、关系重大权益且经听证、案情疑难复杂等案件，决定前须经法制审核' }),
    boolean('hearingRequested', '当事人要求听证'),
    choice('penaltyKind', '处罚种类', 'penaltyCase.penaltyKind', { inList: true }),
    money('amount', '罚没金额（元）'),
    textarea('extensionApproval', '延期审批情况', { maxLength: 1000, help: '自立案之日起90日内未能作出决定时，记录批准延期的负责人、日期和理由' }),
    date('decidedOn', '决定日期', { notBefore: 'date' }),
    date('publishedOn', '公示日期', { notBefore: 'decidedOn', help: '处罚决定一般应在7个工作日内公示' }),
    choice('status', '办理状态', 'penaltyCase.status', { required: true, inList: true }),
  ],
  steps: [
    { code: 'filed', label: '立案', basis: '行政处罚法第54条' },
    { code: 'investigation', label: '调查取证', basis: '行政处罚法第55、56条' },
    { code: 'legalAudit', label: '法制审核', when: 'legalAuditRequired', basis: '行政处罚法第58条' },
    { code: 'notified', label: '告知', basis: '行政处罚法第44条' },
    { code: 'statement', label: '陈述申辩', optional: true, basis: '行政处罚法第45条' },
    { code: 'hearing', label: '听证', when: 'hearingRequested', basis: '行政处罚法第63、64条' },
    { code: 'decided', label: '作出决定', basis: '行政处罚法第57、60条' },
    { code: 'served', label: '送达', basis: '行政处罚法第61条' },
    { code: 'executed', label: '执行', basis: '行政处罚法第66条' },
    { code: 'closed', label: '结案' },
  ],
  lists: [
    {
      code: 'penaltyCase.partyType',
      label: '当事人类型',
      items: [
        ['person', '自然人'],
        ['entity', '法人或其他组织'],
      ],
    },
    {
      code: 'penaltyCase.penaltyKind',
      label: '处罚种类',
      items: [
        ['warning', '警告'],
        ['fine', '罚款'],
        ['confiscation', '没收违法所得'],
        ['suspension', '责令停产停业'],
        ['licenceRevocation', '吊销许可证件'],
        ['other', '其他'],
      ],
    },
    {
      code: 'penaltyCase.status',
      label: '案件状态',
      items: [
        ['filed', '已立案'],
        ['investigating', '调查中'],
        ['notified', '已告知'],
        ['decided', '已决定'],
        ['served', '已送达'],
        ['executed', '已执行'],
        ['closed', '已结案'],
      ],
    },
  ],
  indicators: [
    { code: 'enforcement.penalties', label: '行政处罚案件', aliases: ['行政处罚', '处罚', '处罚案件', '立案查处'], unit: '起', measure: { op: 'count' } },
    { code: 'enforcement.fines', label: '罚没金额', aliases: ['罚没', '罚款', '罚没金额', '罚没款'], unit: '元', measure: { op: 'sum', field: 'amount' } },
  ],
});
