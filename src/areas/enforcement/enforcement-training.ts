import { choice, decimal, integer, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

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
    { code: 'enforcement.trainings', label: '执法人员参加业务培训', aliases: ['业务培训', '执法培训', '培训'], unit: '次', measure: { op: 'count' }, where: [{ field: 'activityKind', equals: 'training' }] },
    { code: 'enforcement.exams', label: '执法考试', aliases: ['执法考试', '考试'], unit: '次', measure: { op: 'count' }, where: [{ field: 'activityKind', equals: 'exam' }] },
  ],
});
