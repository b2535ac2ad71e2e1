import { choice, date, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 规范性文件/党政文件: one document issued by the town Party committee or government, from draft to filing and cleanup. */
export const normativeDocument = defineKind({
  code: 'normativeDocument',
  label: '规范性文件/党政文件',
  area: 'decision',
  description: '镇党委、镇政府及党政办制发的规范性文件和党政文件，记录合法性审核各环节、报备和清理情况。',
  orgLevels: ['town'],
  titleLabel: '文件名称',
  dateLabel: '起草日期',
  fields: [
    text('docNo', '文号', {
      maxLength: 60,
      inList: true,
      pattern: '^\\S+〔\\d{4}〕\\d+号$',
      patternHint: '发文字号，如 双政发〔2025〕3号',
    }),
    choice('issuer', '制发机关', 'normativeDocument.issuer', { required: true, inList: true }),
    choice('docCategory', '文件类别', 'normativeDocument.category'),
    textarea('reviewOpinion', '司法所审核意见', { maxLength: 3000 }),
    textarea('advisorOpinion', '法律顾问意见', { maxLength: 3000 }),
    date('issuedOn', '印发日期', { notBefore: 'date' }),
    date('filedOn', '报备日期', { notBefore: 'issuedOn', help: '报上级备案的日期' }),
    date('validUntil', '有效期至', { notBefore: 'issuedOn' }),
    choice('status', '状态', 'normativeDocument.status', { required: true, inList: true }),
    text('cleanupResult', '清理结果', { maxLength: 200, help: '如 继续有效、拟修改、拟废止，及清理年度' }),
  ],
  steps: [
    { code: 'draft', label: '起草' },
    { code: 'undertakerReview', label: '承办单位初审' },
    { code: 'justiceOfficeReview', label: '司法所合法性审核', basis: '国办发〔2018〕115号' },
    { code: 'advisorOpinion', label: '法律顾问出具意见' },
    { code: 'collectiveDeliberation', label: '集体审议', basis: '国办发〔2018〕37号' },
    { code: 'publication', label: '公布' },
    { code: 'filing', label: '报备', basis: '国办发〔2018〕37号' },
  ],
  lists: [
    {
      code: 'normativeDocument.issuer',
      label: '制发机关',
      items: [
        ['partyCommittee', '党委'],
        ['government', '政府'],
        ['office', '党政办'],
      ],
    },
    {
      code: 'normativeDocument.category',
      label: '文件类别',
      items: [
        ['normative', '行政规范性文件'],
        ['partyGovernment', '党政文件'],
      ],
    },
    {
      code: 'normativeDocument.status',
      label: '文件状态',
      items: [
        ['valid', '有效'],
        ['amended', '已修改'],
        ['repealed', '已废止'],
        ['draft', '起草中'],
      ],
    },
  ],
});
