import { date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 专项督查: one special supervision of rule-of-law or enforcement work, with the problems it found and had fixed (案卷评查 is apart). */
export const specialSupervision = defineKind({
  code: 'specialSupervision',
  label: '专项督查',
  area: 'enforcement',
  description: '对法治建设或行政执法工作开展的专项督查，记录督查主题、发现问题和整改情况。案卷评查另在“案卷评查”台账登记。',
  orgLevels: ['county', 'town'],
  titleLabel: '督查主题',
  dateLabel: '督查日期',
  fields: [
    text('organiser', '组织单位', { maxLength: 100 }),
    text('scope', '督查范围', { maxLength: 300 }),
    integer('problemsFound', '发现问题数', { required: true, inList: true, max: 100_000 }),
    integer('problemsRectified', '已整改问题数', { inList: true, max: 100_000, help: '不超过发现问题数' }),
    textarea('findings', '主要问题', { maxLength: 3000 }),
    textarea('rectification', '整改措施', { maxLength: 3000 }),
    date('rectifiedOn', '整改完成日期', { notBefore: 'date' }),
  ],
  indicators: [
    { code: 'supervision.count', label: '专项督查', aliases: ['专项督查', '开展督查', '督查'], unit: '次', measure: { op: 'count' } },
    { code: 'supervision.problems_found', label: '专项督查发现问题', aliases: ['督查发现问题', '督查发现'], unit: '个', measure: { op: 'sum', field: 'problemsFound' } },
    { code: 'supervision.problems_rectified', label: '专项督查问题整改', aliases: ['督查整改', '督查整改问题', '督查推动整改问题', '督查问题整改'], unit: '个', measure: { op: 'sum', field: 'problemsRectified' } },
    {
      code: 'supervision.rectification_rate',
      label: '专项督查问题整改率', aliases: ['督查问题整改率'],
      unit: '%',
      ratio: { numerator: 'supervision.problems_rectified', denominator: 'supervision.problems_found' },
    },
  ],
});
