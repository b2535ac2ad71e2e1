import { choice, date, money, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 执法装备: one piece of enforcement equipment, such as a body camera (执法记录仪), and who holds it. */
export const equipment = defineKind({
  code: 'equipment',
  label: '执法装备',
  area: 'enforcement',
  description: '执法记录仪、执法车辆等执法装备，一台（辆）一条记录，记录领用人和在用状态。',
  orgLevels: ['town'],
  titleLabel: '装备名称',
  dateLabel: '登记日期',
  fields: [
    choice('equipmentType', '装备类型', 'equipment.type', { required: true, inList: true }),
    text('model', '品牌型号', { maxLength: 100 }),
    text('serialNo', '编号/序列号', { maxLength: 60, inList: true }),
    person('holder', '领用人', { inList: true }),
    date('inServiceSince', '启用日期'),
    money('purchasePrice', '购置金额（元）'),
    choice('status', '状态', 'equipment.status', { required: true }),
  ],
  lists: [
    {
      code: 'equipment.type',
      label: '执法装备类型',
      items: [
        ['bodyCamera', '执法记录仪'],
        ['vehicle', '执法车辆'],
        ['printer', '便携打印机'],
        ['other', '其他'],
      ],
    },
    {
      code: 'equipment.status',
      label: '装备状态',
      items: [
        ['inService', '在用'],
        ['repair', '维修'],
        ['retired', '报废'],
      ],
    },
  ],
  indicators: [
    {
      code: 'equipment.body_cameras',
      label: '执法记录仪', aliases: ['执法记录仪', '记录仪'],
      unit: '台',
      measure: { op: 'count' },
      where: [{ field: 'equipmentType', equals: 'bodyCamera' }, { field: 'status', in: ['inService', 'repair'] }],
      period: 'active',
    },
    {
      code: 'equipment.vehicles',
      label: '执法车辆', aliases: ['执法车辆', '执法车'],
      unit: '台',
      measure: { op: 'count' },
      where: [{ field: 'equipmentType', equals: 'vehicle' }, { field: 'status', in: ['inService', 'repair'] }],
      period: 'active',
    },
  ],
});
