import { date, integer, month, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import { VILLAGE_AND_BELOW } from '../../org/levels.js';

/** 矛盾排查: a village's monthly round of looking for disputes. Every village, every month. */
export const screeningRound = defineKind({
  code: 'screeningRound',
  label: '矛盾排查',
  area: 'governance',
  description: '各村（社区）每月一次的矛盾纠纷排查记录；记录归属到被排查的村。',
  orgLevels: VILLAGE_AND_BELOW,
  titleLabel: '排查名称',
  dateLabel: '排查日期',
  fields: [
    month('month', '排查月份', { required: true, inList: true }),
    person('leadBy', '排查负责人'),
    text('participants', '参与人员', { maxLength: 500 }),
    integer('disputesFound', '发现纠纷数', { required: true, inList: true, max: 1000 }),
    date('reportedOn', '上报日期', { notBefore: 'date' }),
  ],
  indicators: [
    { code: 'screening.rounds', label: '矛盾纠纷排查', aliases: ['矛盾纠纷排查', '集中排查', '排查'], unit: '次', measure: { op: 'count' } },
    { code: 'screening.villages', label: '开展排查的村（社区）', aliases: ['排查的村', '开展排查的村'], unit: '个', measure: { op: 'distinct', field: 'orgId' } },
  ],
});
