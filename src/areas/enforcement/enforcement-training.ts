import { choice, decimal, integer, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import type { Condition } from '../../indicators/definition.js';

const TRAINING: Condition = { field: 'activityKind', equals: 'training' };
/** What names enforcement training in a report, for the generic words of its figures: "参训" alone is anyone's (村干部参训), "培训" too. */
const ENFORCEMENT_TOPIC = ['执法', '法治培训'];

/** 执法培训/考试: one training or exam that enforcement staff took part in. */
export const enforcementTraining = defineKind({
  code: 'enforcementTraining',
  label: '执法培训/考试',
  area: 'enforcement',
  description: '执法人员参加的一次业务培训或执法考试，区分上级组织和本级组织，只登记人数，合格率由人数计算。',
  orgLevels: ['town'],
  titleLabel: '培训或考试名称',
  dateLabel: '举办日期',
  fields: [
    choice('activityKind', '类别', 'enforcementTraining.kind', { required: true, inList: true }),
    choice('organiser', '组织层级', 'enforcementTraining.organiser', { required: true, inList: true }),
    text('organiserName', '组织单位', { maxLength: 100 }),
    text('topics', '培训或考试内容', { maxLength: 500 }),
    integer('expectedCount', '应参加人数', { max: 10_000, help: '应参训或应参考的执法人员数，用于计算参训率' }),
    integer('attendeeCount', '参加人数', { inList: true, max: 10_000 }),
    decimal('hours', '学时（小时）', { max: 500 }),
    integer('passedCount', '考试合格人数', { max: 10_000, help: '考试时填写，不超过参加人数' }),
  ],
  lists: [
    {
      code: 'enforcementTraining.kind',
      label: '执法培训类别',
      items: [
        ['training', '培训'],
        ['exam', '考试'],
      ],
    },
    {
      code: 'enforcementTraining.organiser',
      label: '组织层级',
      items: [
        ['higher', '上级组织'],
        ['own', '本级组织'],
      ],
    },
  ],
  indicators: [
    { code: 'enforcement.trainings', label: '执法人员参加业务培训', aliases: ['执法培训'], genericAliases: ['业务培训', '培训'], topicWords: ENFORCEMENT_TOPIC, unit: '次', measure: { op: 'count' }, where: [{ field: 'activityKind', equals: 'training' }] },
    { code: 'enforcement.exams', label: '执法考试', aliases: ['执法考试'], genericAliases: ['考试'], topicWords: ENFORCEMENT_TOPIC, unit: '次', measure: { op: 'count' }, where: [{ field: 'activityKind', equals: 'exam' }] },
    { code: 'enforcement.trainings.higher', label: '参加上级组织的执法培训', aliases: ['上级组织的培训', '上级业务培训', '上级培训'], unit: '次', measure: { op: 'count' }, where: [TRAINING, { field: 'organiser', equals: 'higher' }] },
    { code: 'enforcement.trainings.own', label: '本级组织的执法培训', aliases: ['自行组织培训', '本级培训', '组织执法培训'], unit: '次', measure: { op: 'count' }, where: [TRAINING, { field: 'organiser', equals: 'own' }] },
    { code: 'enforcement.training.attendance', label: '执法培训参训人次', genericAliases: ['参训人次', '参训'], topicWords: ENFORCEMENT_TOPIC, unit: '人次', measure: { op: 'sum', field: 'attendeeCount' }, where: [TRAINING] },
    { code: 'enforcement.training.hours', label: '执法培训学时', aliases: ['培训学时'], unit: '小时', measure: { op: 'sum', field: 'hours' }, where: [TRAINING] },
    // Sat and passed: trainings and exams alike, wherever a pass count was recorded.
    { code: 'enforcement.training.examined', label: '参加执法考试人次', genericAliases: ['参加考试人次', '参考人次'], topicWords: ENFORCEMENT_TOPIC, unit: '人次', measure: { op: 'sum', field: 'attendeeCount' }, where: [{ field: 'passedCount', present: true }] },
    { code: 'enforcement.training.passed', label: '执法考试合格人次', aliases: ['考试合格人次'], genericAliases: ['合格人次'], topicWords: ENFORCEMENT_TOPIC, unit: '人次', measure: { op: 'sum', field: 'passedCount' }, where: [{ field: 'attendeeCount', present: true }] },
    {
      code: 'enforcement.training.pass_rate',
      label: '执法考试合格率', aliases: ['执法考试合格率'], genericAliases: ['考试合格率'], topicWords: ENFORCEMENT_TOPIC,
      unit: '%',
      ratio: { numerator: 'enforcement.training.passed', denominator: 'enforcement.training.examined' },
    },
    // 参训率: of the trainings whose expected attendance was recorded.
    { code: 'enforcement.training.expected', label: '应参训人次', genericAliases: ['应参训人次', '应参训'], topicWords: ENFORCEMENT_TOPIC, unit: '人次', measure: { op: 'sum', field: 'expectedCount' }, where: [TRAINING, { field: 'attendeeCount', present: true }] },
    {
      code: 'enforcement.training.expected.attendance',
      label: '应参训中实际参训人次', genericAliases: ['实际参训人次', '实际参训'], topicWords: ENFORCEMENT_TOPIC,
      unit: '人次',
      measure: { op: 'sum', field: 'attendeeCount' },
      where: [TRAINING, { field: 'expectedCount', present: true }],
    },
    {
      code: 'training.participation_rate',
      label: '执法人员参训率', genericAliases: ['参训率'], topicWords: ENFORCEMENT_TOPIC,
      unit: '%',
      ratio: { numerator: 'enforcement.training.expected.attendance', denominator: 'enforcement.training.expected' },
    },
  ],
});
