import { boolean, choice, date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import type { RecordValues } from '../../ledger/validation.js';
import { addDays, addWorkingDays } from '../../procedures/calendar.js';

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
    date('consultedOn', '公开征求意见日期', { help: '向社会公开征求意见（含听证会）开始的日期' }),
    integer('commentDays', '公开征求意见天数', { max: 365, help: '一般不少于30日' }),
    textarea('shortCommentReason', '缩短征求意见期限的理由', {
      maxLength: 1000,
      help: '征求意见少于30日时必须说明',
    }),
    date('expertArgumentOn', '专家论证日期'),
    date('riskAssessmentOn', '风险评估日期'),
    date('legalityReviewSentOn', '送合法性审查日期'),
    date('legalityReviewOn', '合法性审查意见日期'),
    textarea('legalityReviewOpinion', '合法性审查意见', { maxLength: 3000 }),
    textarea('shortReviewReason', '审查时间不足7个工作日的理由', { maxLength: 1000 }),
    textarea('advisorOpinion', '法律顾问意见', { maxLength: 3000 }),
    date('decidedOn', '集体讨论决定日期', { inList: true, help: '镇党委会议或镇政府常务会议讨论决定的日期' }),
    date('publishedOn', '公布日期'),
    choice('status', '状态', 'majorDecision.status', { required: true, inList: true }),
  ],
  procedure: {
    statusField: 'status',
    steps: [
      { code: 'launched', label: '决策启动', field: 'date', statuses: ['drafting'], basis: '重大行政决策程序暂行条例第12条' },
      {
        code: 'publicParticipation',
        label: '公众参与',
        field: 'consultedOn',
        after: ['launched'],
        statuses: ['consulting'],
        basis: '重大行政决策程序暂行条例第14、15条',
        check: commentPeriodExplained,
      },
      { code: 'expertArgument', label: '专家论证', field: 'expertArgumentOn', when: 'needsExpertArgument', after: ['launched'], basis: '重大行政决策程序暂行条例第19条' },
      { code: 'riskAssessment', label: '风险评估', field: 'riskAssessmentOn', when: 'needsRiskAssessment', after: ['launched'], basis: '重大行政决策程序暂行条例第22条' },
      {
        code: 'legalityReviewSent',
        label: '送合法性审查',
        field: 'legalityReviewSentOn',
        after: ['publicParticipation', 'expertArgument', 'riskAssessment'],
        statuses: ['reviewing'],
        basis: '重大行政决策程序暂行条例第25、26条',
      },
      {
        code: 'legalityReview',
        label: '合法性审查',
        field: 'legalityReviewOn',
        after: ['legalityReviewSent'],
        basis: '重大行政决策程序暂行条例第25至28条',
        check: legalityReviewComplete,
      },
      {
        code: 'collectiveDecision',
        label: '集体讨论决定',
        field: 'decidedOn',
        after: ['publicParticipation', 'expertArgument', 'riskAssessment', 'legalityReview'],
        statuses: ['decided'],
        basis: '重大行政决策程序暂行条例第25、30条',
        check: commentPeriodOver,
      },
      { code: 'publication', label: '决策公布', field: 'publishedOn', after: ['collectiveDecision'], statuses: ['published'], basis: '重大行政决策程序暂行条例第32条' },
    ],
  },
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
  indicators: [
    { code: 'major_decision.count', label: '重大行政决策', aliases: ['重大行政决策', '重大决策事项', '重大决策'], unit: '项', measure: { op: 'count' } },
    { code: 'major_decision.decided', label: '经集体讨论决定的重大行政决策', aliases: ['集体讨论决定', '集体讨论'], unit: '项', measure: { op: 'count' }, where: [{ field: 'decidedOn', present: true }] },
    { code: 'major_decision.legality_reviewed', label: '经合法性审查的重大行政决策', aliases: ['决策合法性审查', '重大决策合法性审查'], genericAliases: ['合法性审查', '合法性审核'], unit: '项', measure: { op: 'count' }, where: [{ field: 'legalityReviewOn', present: true }] },
    {
      code: 'major_decision.decided.legality_reviewed',
      label: '集体讨论前经合法性审查的重大行政决策', aliases: ['讨论前经合法性审查'],
      unit: '项',
      measure: { op: 'count' },
      where: [{ field: 'decidedOn', present: true }, { field: 'legalityReviewOn', present: true }],
    },
    // Of the decisions taken: the procedure refuses a decision without the review, so anything under 100% is a record to look at.
    {
      code: 'major_decision.legality_review_rate',
      label: '重大行政决策合法性审查率', aliases: ['合法性审查率', '决策合法性审查率'],
      unit: '%',
      ratio: { numerator: 'major_decision.decided.legality_reviewed', denominator: 'major_decision.decided' },
    },
    { code: 'major_decision.public_consulted', label: '公开征求意见的重大行政决策', aliases: ['公开征求意见', '征求意见'], unit: '项', measure: { op: 'count' }, where: [{ field: 'consultedOn', present: true }] },
    { code: 'major_decision.expert_argued', label: '经专家论证的重大行政决策', aliases: ['专家论证'], unit: '项', measure: { op: 'count' }, where: [{ field: 'expertArgumentOn', present: true }] },
    { code: 'major_decision.risk_assessed', label: '经风险评估的重大行政决策', aliases: ['风险评估'], unit: '项', measure: { op: 'count' }, where: [{ field: 'riskAssessmentOn', present: true }] },
    { code: 'major_decision.hearings', label: '召开听证会的重大行政决策', aliases: ['听证会', '听证'], unit: '项', measure: { op: 'count' }, where: [{ field: 'needsHearing', equals: true }] },
  ],
});

/** 条例第15条: comments are taken for 30 days as a rule; a shorter period is explained. */
function commentPeriodExplained(values: RecordValues) {
  const days = values.commentDays;
  if (typeof days !== 'number') return [{ field: 'commentDays', message: '登记公众参与时须填写「公开征求意见天数」（条例第15条）' }];
  const reason = values.shortCommentReason;
  if (days < 30 && !(typeof reason === 'string' && reason.trim())) {
    return [{ field: 'shortCommentReason', message: `征求意见 ${days} 日，少于30日，须填写「缩短征求意见期限的理由」（条例第15条）` }];
  }
  return [];
}

/** 条例第27、28条: a written opinion, after at least 7 working days unless the shorter time is explained. */
function legalityReviewComplete(values: RecordValues) {
  const problems = [];
  const opinion = values.legalityReviewOpinion;
  if (!(typeof opinion === 'string' && opinion.trim())) {
    problems.push({ field: 'legalityReviewOpinion', message: '登记合法性审查时须填写「合法性审查意见」（条例第28条）' });
  }
  const sent = values.legalityReviewSentOn;
  const done = values.legalityReviewOn;
  const reason = values.shortReviewReason;
  if (typeof sent === 'string' && typeof done === 'string' && done < addWorkingDays(sent, 7) && !(typeof reason === 'string' && reason.trim())) {
    problems.push({ field: 'shortReviewReason', message: '合法性审查时间不足7个工作日，须填写「审查时间不足7个工作日的理由」（条例第27条）' });
  }
  return problems;
}

/** 条例第15条: the decision is not taken while the public comment period is still running. */
function commentPeriodOver(values: RecordValues) {
  const consulted = values.consultedOn;
  const days = values.commentDays;
  const decided = values.decidedOn;
  if (typeof consulted !== 'string' || typeof days !== 'number' || typeof decided !== 'string') return [];
  const ends = addDays(consulted, days);
  if (decided >= ends) return [];
  return [{ field: 'decidedOn', message: `公开征求意见期（${consulted} 起 ${days} 日）至 ${ends} 届满，届满前不能集体讨论决定（条例第15条）` }];
}
