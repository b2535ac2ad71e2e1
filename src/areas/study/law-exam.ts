import { choice, decimal, integer, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** What names a law exam in a report, for the generic words of its figures (合格人数, 合格率): "考试" alone is any exam's. */
const LAW_EXAM_TOPIC = ['学法', '法律知识', '法治理论', '法治知识', '考法'];

/** 学法考试: one law exam sat by cadres. Only counts are kept; 参考率 and 合格率 are computed from them. */
export const lawExam = defineKind({
  code: 'lawExam',
  label: '学法考试',
  area: 'study',
  description: '干部年度学法考试等考试情况。只登记人数，参考率、合格率由应考、实考、合格人数计算得出。',
  orgLevels: ['county', 'town'],
  titleLabel: '考试名称',
  dateLabel: '考试日期',
  fields: [
    text('organiser', '组织单位', { maxLength: 100 }),
    choice('examForm', '考试方式', 'lawExam.form'),
    integer('candidates', '应考人数', { required: true, inList: true, max: 100_000 }),
    integer('sat', '实考人数', { required: true, inList: true, max: 100_000, help: '不超过应考人数' }),
    integer('passed', '合格人数', { required: true, inList: true, max: 100_000, help: '不超过实考人数' }),
    decimal('passMark', '合格分数线', { max: 1000 }),
    decimal('fullMark', '满分', { max: 1000 }),
  ],
  lists: [
    {
      code: 'lawExam.form',
      label: '考试方式',
      items: [
        ['online', '网上考试'],
        ['closedBook', '闭卷笔试'],
        ['openBook', '开卷笔试'],
      ],
    },
  ],
  indicators: [
    { code: 'law_exam.count', label: '学法考试', aliases: ['学法考试', '法律知识考试', '学法用法考试'], unit: '场', measure: { op: 'count' } },
    { code: 'law_exam.candidates', label: '学法考试应考人数', genericAliases: ['应考人数', '应考'], topicWords: LAW_EXAM_TOPIC, unit: '人', measure: { op: 'sum', field: 'candidates' } },
    { code: 'law_exam.sat', label: '学法考试实考人数', genericAliases: ['实考人数', '实考', '参考人数'], topicWords: LAW_EXAM_TOPIC, unit: '人', measure: { op: 'sum', field: 'sat' } },
    { code: 'law_exam.passed', label: '学法考试合格人数', genericAliases: ['合格人数', '考试合格'], topicWords: LAW_EXAM_TOPIC, unit: '人', measure: { op: 'sum', field: 'passed' } },
    { code: 'law_exam.participation_rate', label: '学法考试参考率', genericAliases: ['参考率'], topicWords: LAW_EXAM_TOPIC, unit: '%', ratio: { numerator: 'law_exam.sat', denominator: 'law_exam.candidates' } },
    { code: 'law_exam.pass_rate', label: '学法考试合格率', aliases: ['学法考试合格率'], genericAliases: ['合格率', '通过率'], topicWords: LAW_EXAM_TOPIC, unit: '%', ratio: { numerator: 'law_exam.passed', denominator: 'law_exam.sat' } },
  ],
});
