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
});
