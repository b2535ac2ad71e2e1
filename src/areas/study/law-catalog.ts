import { choice, date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 应知应会法规目录: one law on a year's list of laws that leaders and cadres must know. */
export const lawCatalog = defineKind({
  code: 'lawCatalog',
  label: '应知应会法规目录',
  area: 'study',
  description: '每年确定的领导干部应知应会法律法规，一条记录是目录中的一部法律法规；学习记录可关联到对应条目。',
  orgLevels: ['county', 'town'],
  titleLabel: '所属目录',
  dateLabel: '列入日期',
  fields: [
    integer('year', '年度', { required: true, inList: true, min: 2000, max: 2100 }),
    text('lawName', '法律法规名称', { required: true, inList: true, maxLength: 200 }),
    choice('lawLevel', '效力层级', 'lawCatalog.level', { inList: true }),
    text('issuer', '制定机关', { maxLength: 100 }),
    date('effectiveOn', '施行日期'),
    text('audience', '适用对象', { maxLength: 200, help: '如 全体机关干部、综合执法人员' }),
    textarea('why', '列入理由', { maxLength: 1000 }),
  ],
  lists: [
    {
      code: 'lawCatalog.level',
      label: '法规效力层级',
      items: [
        ['constitution', '宪法'],
        ['law', '法律'],
        ['administrativeRegulation', '行政法规'],
        ['localRegulation', '地方性法规'],
        ['rule', '规章'],
        ['partyRegulation', '党内法规'],
        ['other', '其他'],
      ],
    },
  ],
  indicators: [
    { code: 'law_catalog.items', label: '列入应知应会目录的法律法规', aliases: ['应知应会法律法规', '应知应会'], unit: '项', measure: { op: 'count' } },
  ],
});
