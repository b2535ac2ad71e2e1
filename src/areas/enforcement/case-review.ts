import { choice, date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import type { Condition } from '../../indicators/definition.js';

/** 案卷评查 only: records entered as 专项督查 before that had a kind of its own (specialSupervision) are not counted here. */
const FILE_REVIEW: Condition = { field: 'reviewKind', equals: 'caseFileReview' };

/** 案卷评查: one review of enforcement case files, with problems found and fixed. 专项督查 has its own kind. */
export const caseReview = defineKind({
  code: 'caseReview',
  label: '案卷评查',
  area: 'enforcement',
  description: '对行政执法案卷的评查，记录评查范围、发现问题和整改情况。专项督查另在“专项督查”台账登记。',
  orgLevels: ['county', 'town'],
  titleLabel: '评查或督查名称',
  dateLabel: '开展日期',
  fields: [
    choice('reviewKind', '类别', 'caseReview.kind', { required: true, inList: true, help: '专项督查请登记在“专项督查”台账；此处的“专项督查”只为保留以前登记的记录' }),
    text('organiser', '组织单位', { maxLength: 100 }),
    text('scope', '评查/督查范围', { maxLength: 300 }),
    integer('filesReviewed', '评查案卷数', { inList: true, max: 100_000 }),
    integer('problemsFound', '发现问题数', { inList: true, max: 100_000 }),
    integer('problemsRectified', '已整改问题数', { max: 100_000, help: '不超过发现问题数' }),
    textarea('findings', '主要问题', { maxLength: 3000 }),
    textarea('rectification', '整改措施', { maxLength: 3000 }),
    date('rectifiedOn', '整改完成日期', { notBefore: 'date' }),
  ],
  lists: [
    {
      code: 'caseReview.kind',
      label: '评查督查类别',
      items: [
        ['caseFileReview', '案卷评查'],
        ['specialSupervision', '专项督查'],
      ],
    },
  ],
  indicators: [
    { code: 'case_review.count', label: '案卷评查', aliases: ['案卷评查', '评查'], unit: '次', measure: { op: 'count' }, where: [FILE_REVIEW] },
    { code: 'case_review.files', label: '评查案卷', aliases: ['评查案卷', '案卷'], unit: '件', measure: { op: 'sum', field: 'filesReviewed' }, where: [FILE_REVIEW] },
    { code: 'case_review.problems_found', label: '案卷评查发现问题', aliases: ['评查发现问题', '评查发现'], unit: '个', measure: { op: 'sum', field: 'problemsFound' }, where: [FILE_REVIEW] },
    { code: 'case_review.problems_rectified', label: '案卷评查问题整改', aliases: ['评查整改', '评查问题整改'], unit: '个', measure: { op: 'sum', field: 'problemsRectified' }, where: [FILE_REVIEW] },
    {
      code: 'case_review.rectification_rate',
      label: '案卷评查问题整改率', aliases: ['评查问题整改率'],
      unit: '%',
      ratio: { numerator: 'case_review.problems_rectified', denominator: 'case_review.problems_found' },
    },
  ],
});
