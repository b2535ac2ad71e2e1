import { integer, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 网格党小组: one party group set up in a grid, with its leader. */
export const gridPartyGroup = defineKind({
  code: 'gridPartyGroup',
  label: '网格党小组',
  area: 'organisation',
  description: '依托网格建立的党小组，记录组长、党员人数和所属党支部。',
  orgLevels: ['village', 'group', 'grid'],
  titleLabel: '党小组名称',
  dateLabel: '成立日期',
  fields: [
    person('leader', '党小组组长', { required: true, inList: true }),
    integer('memberCount', '党员人数', { max: 1000, inList: true }),
    text('partyBranch', '所属党支部', { maxLength: 100 }),
    integer('households', '联系户数', { max: 10_000 }),
  ],
  indicators: [
    { code: 'grid.party_groups', label: '网格党小组', aliases: ['网格党小组', '党小组'], unit: '个', measure: { op: 'count' }, period: 'active' },
  ],
});
