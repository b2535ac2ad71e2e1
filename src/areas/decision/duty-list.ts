import { choice, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 权责清单: one item of the town's list of duties and powers, with its legal basis. */
export const dutyList = defineKind({
  code: 'dutyList',
  label: '权责清单',
  area: 'decision',
  description: '乡镇履职事项清单中的一项：基本履职、配合履职或已由上级收回的事项，及其法律依据和承办机构。',
  orgLevels: ['town'],
  titleLabel: '所属清单',
  dateLabel: '发布日期',
  // An item stays on the list until it is superseded or withdrawn: the figures count the items in force.
  dateRange: true,
  endDateLabel: '停止执行日期',
  fields: [
    choice('listKind', '清单类别', 'dutyList.kind', { required: true, inList: true }),
    text('itemNo', '事项编号', { maxLength: 40 }),
    text('item', '事项名称', { required: true, inList: true, maxLength: 200 }),
    choice('powerType', '权力类型', 'dutyList.powerType'),
    textarea('legalBasis', '法律依据', { maxLength: 3000 }),
    text('department', '承办机构', { maxLength: 100, inList: true }),
    text('cooperatingDepartment', '配合或收回的上级部门', { maxLength: 100 }),
  ],
  lists: [
    {
      code: 'dutyList.kind',
      label: '履职事项清单类别',
      items: [
        ['basic', '基本履职事项'],
        ['cooperative', '配合履职事项'],
        ['reclaimed', '上级收回事项'],
        ['cancelled', '取消事项'],
      ],
    },
    {
      code: 'dutyList.powerType',
      label: '权力类型',
      items: [
        ['licensing', '行政许可'],
        ['penalty', '行政处罚'],
        ['coercion', '行政强制'],
        ['levy', '行政征收'],
        ['benefit', '行政给付'],
        ['inspection', '行政检查'],
        ['confirmation', '行政确认'],
        ['reward', '行政奖励'],
        ['publicService', '公共服务'],
        ['other', '其他'],
      ],
    },
  ],
  indicators: [
    { code: 'duty_list.items', label: '权责清单事项', aliases: ['权责清单事项', '履职事项清单', '清单事项'], unit: '项', measure: { op: 'count' }, period: 'active' },
    { code: 'duty_list.items.basic', label: '基本履职事项', aliases: ['基本履职事项', '基本履职'], unit: '项', measure: { op: 'count' }, where: [{ field: 'listKind', equals: 'basic' }], period: 'active' },
    { code: 'duty_list.items.cooperative', label: '配合履职事项', aliases: ['配合履职事项', '配合履职'], unit: '项', measure: { op: 'count' }, where: [{ field: 'listKind', equals: 'cooperative' }], period: 'active' },
    {
      code: 'duty_list.items.withdrawn',
      label: '上级收回或取消的事项', aliases: ['上级收回事项', '取消事项', '收回事项', '收回'],
      unit: '项',
      measure: { op: 'count' },
      where: [{ field: 'listKind', in: ['reclaimed', 'cancelled'] }],
      period: 'active',
    },
  ],
});
