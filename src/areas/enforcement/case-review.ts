import { choice, date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 案卷评查/专项督查: one review of enforcement case files, or one special supervision, with problems found and fixed. */
export const caseReview = defineKind({
  code: 'caseReview',
  label: '案卷评查/专项督查',
  area: 'enforcement',
  description: '对行政执法案卷的评查或对执法工作的专项督查，记录评查范围、发现问题和整改情况。',
  orgLevels: ['county', 'town'],
  titleLabel: '评查或督查名称',
  dateLabel: '开展日期',
  fields: [
    choice('reviewKind', '类别', 'caseReview.kind', { required: true, inList: true }),
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
});
