import { choice, integer, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 网格岗位: one post held by one person in a grid (grid leader, grid worker, liaison head) for a period. */
export const gridPost = defineKind({
  code: 'gridPost',
  label: '网格岗位',
  area: 'organisation',
  description:
    '网格长、专职或兼职网格员、联户长的任职记录，一人一岗一条。实行交叉任职，一人可同时担任多个岗位，统计时须说明是按岗位还是按人数计。',
  orgLevels: ['village', 'group', 'grid'],
  titleLabel: '岗位说明',
  dateLabel: '任职起始',
  dateRange: true,
  endDateLabel: '任职截止',
  fields: [
    person('person', '任职人员', { required: true, inList: true }),
    choice('post', '岗位', 'gridPost.post', { required: true, inList: true }),
    integer('households', '联系户数', { max: 10_000, inList: true }),
    text('duties', '分工职责', { maxLength: 500 }),
  ],
  lists: [
    {
      code: 'gridPost.post',
      label: '网格岗位',
      items: [
        ['gridLeader', '网格长'],
        ['gridWorkerFullTime', '专职网格员'],
        ['gridWorkerPartTime', '兼职网格员'],
        ['liaisonHead', '联户长'],
      ],
    },
  ],
  indicators: [
    { code: 'grid.leaders', label: '网格长', aliases: ['网格长'], unit: '人', measure: { op: 'count' }, where: [{ field: 'post', equals: 'gridLeader' }], period: 'active' },
    {
      code: 'grid.workers',
      label: '网格员', aliases: ['网格员'],
      unit: '人',
      measure: { op: 'count' },
      where: [{ field: 'post', in: ['gridWorkerFullTime', 'gridWorkerPartTime'] }],
      period: 'active',
    },
    { code: 'grid.workers.full_time', label: '专职网格员', aliases: ['专职网格员', '专职'], unit: '人', measure: { op: 'count' }, where: [{ field: 'post', equals: 'gridWorkerFullTime' }], period: 'active' },
    { code: 'grid.workers.part_time', label: '兼职网格员', aliases: ['兼职网格员', '兼职'], unit: '人', measure: { op: 'count' }, where: [{ field: 'post', equals: 'gridWorkerPartTime' }], period: 'active' },
    { code: 'grid.liaison_heads', label: '联户长', aliases: ['联户长'], unit: '人', measure: { op: 'count' }, where: [{ field: 'post', equals: 'liaisonHead' }], period: 'active' },
    { code: 'grid.posts', label: '网格岗位（按岗位计）', aliases: ['网格岗位'], unit: '个', measure: { op: 'count' }, period: 'active' },
    { code: 'grid.people', label: '网格工作人员（按人计，交叉任职只计一次）', aliases: ['网格工作人员', '网格力量'], unit: '人', measure: { op: 'distinct', field: 'person' }, period: 'active' },
  ],
});
