import { boolean, choice, date, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/**
 * 发文: one document issued by the town's Party committee or government, normative or not. Reports
 * state how many were issued and that each was reviewed for legality first (发文前合法性审查率).
 */
export const issuedDocument = defineKind({
  code: 'issuedDocument',
  label: '发文',
  area: 'decision',
  description: '以党委（党工委）或政府（办事处）名义印发的全部文件，不论是否属于规范性文件，记录文号、发文前是否经合法性审核及审核单位。',
  orgLevels: ['town'],
  titleLabel: '文件标题',
  dateLabel: '印发日期',
  fields: [
    choice('issuer', '发文机关', 'issuedDocument.issuer', { required: true, inList: true }),
    text('docNo', '文号', {
      maxLength: 60,
      inList: true,
      pattern: '^\\S+〔\\d{4}〕\\d+号$',
      patternHint: '发文字号，如 蛮党发〔2025〕3号',
    }),
    boolean('normative', '属于行政规范性文件', { help: '规范性文件另在“规范性文件”台账中登记审核、报备和清理情况' }),
    boolean('legalityReviewed', '发文前经合法性审核', { required: true, inList: true }),
    choice('reviewedBy', '审核单位', 'issuedDocument.reviewer', { help: '经合法性审核的填写' }),
    date('reviewedOn', '审核日期'),
    textarea('reviewOpinion', '审核意见', { maxLength: 3000 }),
  ],
  lists: [
    {
      code: 'issuedDocument.issuer',
      label: '发文机关',
      // Neutral wording that fits a 镇, a 乡 and a 街道 alike.
      items: [
        ['party', '党委（党工委）'],
        ['government', '政府（办事处）'],
      ],
    },
    {
      code: 'issuedDocument.reviewer',
      label: '合法性审核单位',
      items: [
        ['justiceOffice', '司法所'],
        ['legalAdvisor', '法律顾问'],
        ['publicLawyer', '公职律师'],
        ['legalAffairs', '合法性审查机构'],
        ['other', '其他'],
      ],
    },
  ],
  indicators: [
    { code: 'document.issued', label: '发文', aliases: ['共发文', '全年发文', '印发文件', '制发文件'], unit: '件', measure: { op: 'count' } },
    { code: 'document.issued.party', label: '党委发文', aliases: ['以党委名义发文', '党委名义印发文件', '党工委发文', '党委发文'], unit: '件', measure: { op: 'count' }, where: [{ field: 'issuer', equals: 'party' }] },
    {
      code: 'document.issued.government',
      label: '政府发文', aliases: ['政府名义印发文件', '政府名义印发', '办事处发文', '政府发文'],
      unit: '件',
      measure: { op: 'count' },
      where: [{ field: 'issuer', equals: 'government' }],
    },
    { code: 'document.issued.reviewed', label: '发文前经合法性审核的文件', aliases: ['发文前经合法性审核', '发文前经合法性审查'], unit: '件', measure: { op: 'count' }, where: [{ field: 'legalityReviewed', equals: true }] },
    {
      code: 'document.legality_review_rate',
      label: '发文合法性审查率', aliases: ['发文前合法性审查率', '发文合法性审核率', '党政文件合法性审查率', '文件合法性审查率'],
      unit: '%',
      ratio: { numerator: 'document.issued.reviewed', denominator: 'document.issued' },
    },
  ],
});
