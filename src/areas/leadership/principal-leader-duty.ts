import { choice, person, recordLink, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 党政主要负责人履职: one act of a principal Party or government leader as first person responsible for rule of law. */
export const principalLeaderDuty = defineKind({
  code: 'principalLeaderDuty',
  label: '党政主要负责人履职',
  area: 'leadership',
  description: '镇党委、政府主要负责人履行推进法治建设第一责任人职责的记录：亲自部署、过问、协调、督办的事项，以及年度述法。',
  orgLevels: ['town'],
  titleLabel: '履职事项',
  dateLabel: '履职日期',
  fields: [
    person('leader', '主要负责人', { required: true, inList: true }),
    text('leaderPost', '职务', { maxLength: 60, help: '如 镇党委书记、镇长' }),
    choice('action', '履职方式', 'principalLeaderDuty.action', { required: true, inList: true }),
    text('subject', '涉及工作', { maxLength: 200, inList: true, help: '如 重大行政决策、信访积案化解、执法监督' }),
    textarea('requirements', '部署或批示要求', { maxLength: 2000 }),
    textarea('result', '落实成效', { maxLength: 2000 }),
    recordLink('meeting', '相关会议', 'meeting'),
    recordLink('majorDecision', '相关重大决策', 'majorDecision'),
  ],
  lists: [
    {
      code: 'principalLeaderDuty.action',
      label: '第一责任人履职方式',
      items: [
        ['deploy', '亲自部署'],
        ['inquire', '亲自过问'],
        ['coordinate', '亲自协调'],
        ['supervise', '亲自督办'],
        ['annualLawReport', '年度述法'],
      ],
    },
  ],
  indicators: [
    { code: 'leader_duty.actions', label: '主要负责人履行第一责任人职责事项', aliases: ['第一责任人职责', '履职事项'], unit: '项', measure: { op: 'count' } },
    { code: 'leader_duty.deployed', label: '主要负责人亲自部署', aliases: ['亲自部署'], unit: '次', measure: { op: 'count' }, where: [{ field: 'action', equals: 'deploy' }] },
    { code: 'leader_duty.inquired', label: '主要负责人亲自过问', aliases: ['亲自过问'], unit: '次', measure: { op: 'count' }, where: [{ field: 'action', equals: 'inquire' }] },
    { code: 'leader_duty.coordinated', label: '主要负责人亲自协调', aliases: ['亲自协调'], unit: '次', measure: { op: 'count' }, where: [{ field: 'action', equals: 'coordinate' }] },
    { code: 'leader_duty.supervised', label: '主要负责人亲自督办', aliases: ['亲自督办'], unit: '次', measure: { op: 'count' }, where: [{ field: 'action', equals: 'supervise' }] },
    { code: 'leader_duty.reported', label: '年度述法', aliases: ['年度述法', '述法', '述职述法'], unit: '次', measure: { op: 'count' }, where: [{ field: 'action', equals: 'annualLawReport' }] },
    {
      code: 'leader_duty.reported.leaders',
      label: '年度述法的主要负责人', aliases: ['述法的主要负责人', '主要负责人述法'],
      unit: '人',
      measure: { op: 'distinct', field: 'leader' },
      where: [{ field: 'action', equals: 'annualLawReport' }],
    },
  ],
});
