import { choice, date, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import type { Condition } from '../../indicators/definition.js';

/** Not marked a 党政文件: a 规范性文件, or a document whose category was left empty. */
const NORMATIVE: Condition = { field: 'docCategory', notIn: ['partyGovernment'] };

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
    date('validUntil', '有效期至', { notBefore: 'issuedOn', ahead: true }),
    choice('status', '状态', 'normativeDocument.status', { required: true, inList: true }),
    text('cleanupResult', '清理结果', { maxLength: 200, help: '如 继续有效、拟修改、拟废止，及清理年度' }),
    date('repealedOn', '废止日期', { notBefore: 'issuedOn', help: '文件经清理废止或宣布失效的日期' }),
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
  // 规范性文件: every document of the kind that is not marked a 党政文件, each counted in the year of its step.
  indicators: [
    { code: 'normative_document.issued', label: '印发规范性文件', aliases: ['印发规范性文件', '制发规范性文件', '出台规范性文件'], unit: '件', measure: { op: 'count' }, dateField: 'issuedOn', where: [NORMATIVE] },
    { code: 'normative_document.reviewed', label: '合法性审核规范性文件', aliases: ['审核规范性文件', '规范性文件合法性审核'], genericAliases: ['合法性审核'], unit: '件', measure: { op: 'count' }, dateField: 'reviewedOn', where: [NORMATIVE] },
    { code: 'normative_document.filed', label: '报备规范性文件', aliases: ['规范性文件备案'], genericAliases: ['报送备案', '报备', '备案'], unit: '件', measure: { op: 'count' }, dateField: 'filedOn', where: [NORMATIVE] },
    { code: 'normative_document.repealed', label: '废止规范性文件', aliases: ['废止规范性文件'], genericAliases: ['宣布失效', '废止'], unit: '件', measure: { op: 'count' }, dateField: 'repealedOn', where: [NORMATIVE] },
    {
      code: 'normative_document.issued.reviewed',
      label: '印发前经合法性审核的规范性文件', genericAliases: ['经合法性审核'],
      unit: '件',
      measure: { op: 'count' },
      dateField: 'issuedOn',
      where: [NORMATIVE, { field: 'reviewedOn', present: true }],
    },
    {
      code: 'normative_document.legality_review_rate',
      label: '规范性文件合法性审核率', genericAliases: ['合法性审核率', '审核率'],
      unit: '%',
      ratio: { numerator: 'normative_document.issued.reviewed', denominator: 'normative_document.issued' },
    },
  ],
});
