import { boolean, choice, date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 重大行政决策: one major administrative decision, followed through its statutory steps. */
export const majorDecision = defineKind({
  code: 'majorDecision',
  label: '重大行政决策',
  area: 'decision',
  description:
    '镇政府参照《重大行政决策程序暂行条例》作出的重大行政决策，逐步记录公众参与、专家论证、风险评估、合法性审查、集体讨论决定和公布。',
  orgLevels: ['town'],
  titleLabel: '决策事项',
  dateLabel: '启动日期',
  fields: [
    choice('decisionArea', '决策事项类别', 'majorDecision.area', { required: true, inList: true }),
    text('undertaker', '承办单位', { maxLength: 100 }),
    boolean('needsExpertArgument', '需专家论证', { help: '专业性、技术性较强的事项' }),
    boolean('needsRiskAssessment', '需风险评估', { help: '可能对社会稳定、公共安全等造成不利影响的事项' }),
    boolean('needsHearing', '需召开听证会', { help: '直接涉及群众切身利益或分歧较大的事项；听证作为公众参与的一种方式记录' }),
    integer('commentDays', '公开征求意见天数', { max: 365, help: '一般不少于30日' }),
    textarea('shortCommentReason', '缩短征求意见期限的理由', {
      maxLength: 1000,
      help: '征求意见少于30日时必须说明',
    }),
    textarea('legalityReviewOpinion', '合法性审查意见', { maxLength: 3000 }),
    textarea('advisorOpinion', '法律顾问意见', { maxLength: 3000 }),
    choice('status', '状态', 'majorDecision.status', { required: true, inList: true }),
    date('decidedOn', '决定日期', { notBefore: 'date', inList: true }),
    date('publishedOn', '公布日期', { notBefore: 'decidedOn' }),
  ],
  steps: [
    { code: 'publicParticipation', label: '公众参与', basis: '重大行政决策程序暂行条例第14、15条' },
    { code: 'expertArgument', label: '专家论证', when: 'needsExpertArgument', basis: '重大行政决策程序暂行条例第19条' },
    { code: 'riskAssessment', label: '风险评估', when: 'needsRiskAssessment', basis: '重大行政决策程序暂行条例第22条' },
    { code: 'legalityReview', label: '合法性审查', basis: '重大行政决策程序暂行条例第25至28条' },
    { code: 'collectiveDecision', label: '集体讨论决定', basis: '重大行政决策程序暂行条例第30条' },
    { code: 'publication', label: '决策公布', basis: '重大行政决策程序暂行条例第32条' },
  ],
  lists: [
    {
      code: 'majorDecision.area',
      label: '重大行政决策事项类别',
      items: [
        ['publicPolicy', '重大公共政策和措施'],
        ['plan', '经济社会发展重要规划'],
        ['resources', '自然资源和文化资源开发保护'],
        ['construction', '重大公共建设项目'],
        ['publicInterest', '涉及重大公共利益的其他事项'],
      ],
    },
    {
      code: 'majorDecision.status',
      label: '决策状态',
      items: [
        ['drafting', '拟定中'],
        ['consulting', '征求意见'],
        ['reviewing', '合法性审查'],
        ['decided', '已决定'],
        ['published', '已公布'],
        ['shelved', '暂缓'],
      ],
    },
  ],
});
