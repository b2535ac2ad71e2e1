import { choice, integer, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 宪法宣誓与法治仪式活动: one constitutional oath ceremony, 国家宪法日 event or other rule-of-law ceremony. */
export const ceremony = defineKind({
  code: 'ceremony',
  label: '宪法宣誓与法治仪式活动',
  area: 'publicity',
  description: '新任职干部宪法宣誓、国家宪法日活动等法治仪式活动，记录类型、组织单位和参加人数。',
  orgLevels: ['county', 'town'],
  titleLabel: '活动名称',
  dateLabel: '活动日期',
  fields: [
    choice('ceremonyType', '活动类型', 'ceremony.type', { required: true, inList: true }),
    text('organiser', '组织单位', { maxLength: 100 }),
    text('location', '活动地点', { maxLength: 200 }),
    integer('participants', '参加人数', { inList: true, max: 100_000 }),
  ],
  lists: [
    {
      code: 'ceremony.type',
      label: '法治仪式活动类型',
      items: [
        ['constitutionalOath', '宪法宣誓'],
        ['constitutionDay', '国家宪法日活动'],
        ['other', '其他法治仪式活动'],
      ],
    },
  ],
  indicators: [
    { code: 'ceremony.count', label: '法治仪式活动', aliases: ['法治仪式活动', '仪式活动'], unit: '场', measure: { op: 'count' } },
    {
      code: 'ceremony.constitutional_oath',
      label: '宪法宣誓仪式', aliases: ['宪法宣誓', '宪法宣誓仪式', '组织宪法宣誓'],
      unit: '场',
      measure: { op: 'count' },
      where: [{ field: 'ceremonyType', equals: 'constitutionalOath' }],
    },
    { code: 'ceremony.participants', label: '参加法治仪式活动的人次', aliases: ['参加仪式活动'], unit: '人次', measure: { op: 'sum', field: 'participants' } },
  ],
});
