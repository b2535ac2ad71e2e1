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
    date('reviewedOn', '合法性审核日期', { help: '司法所出具合法性审核意见的日期' }),
    textarea('reviewOpinion', '司法所审核意见', { maxLength: 3000 }),
    textarea('advisorOpinion', '法律顾问意见', { maxLength: 3000 }),
    date('deliberatedOn', '集体审议日期'),
    date('issuedOn', '印发日期'),
    date('filedOn', '报备日期', { help: '报上级备案的日期' }),
    date('validUntil', '有效期至', { notBefore: 'issuedOn' }),
    choice('status', '状态', 'normativeDocument.status', { required: true, inList: true }),
    text('cleanupResult', '清理结果', { maxLength: 200, help: '如 继续有效、拟修改、拟废止，及清理年度' }),
  ],
  procedure: {
    statusField: 'status',
    steps: [
      { code: 'drafted', label: '起草', field: 'date', statuses: ['draft'] },
      { code: 'reviewed', label: '合法性审核', field: 'reviewedOn', after: ['drafted'], basis: '国办发〔2018〕115号：未经合法性审核的，不得提交集体审议' },
      { code: 'deliberated', label: '集体审议', field: 'deliberatedOn', after: ['reviewed'], basis: '国办发〔2018〕37号' },
      { code: 'issued', label: '印发公布', field: 'issuedOn', after: ['deliberated'], statuses: ['valid', 'amended', 'repealed'], basis: '国办发〔2018〕37号' },
      { code: 'filed', label: '报上级备案', field: 'filedOn', after: ['issued'], basis: '国办发〔2018〕37号' },
    ],
    deadlines: [
      {
        code: 'filing',
        label: '报上级备案',
        from: 'issued',
        until: ['filed'],
        days: 30,
        count: 'calendar',
        basis: '国办发〔2018〕37号及本省规范性文件备案规定：公布之日起30日内报备（期限可在设置中调整）',
      },
    ],
  },
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
