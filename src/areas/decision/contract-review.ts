import { boolean, choice, date, money, person, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import { TOWN_AND_BELOW } from '../../org/levels.js';

/** 合同审查: one contract submitted for legality review before it is signed. */
export const contractReview = defineKind({
  code: 'contractReview',
  label: '合同审查',
  area: 'decision',
  description: '镇政府及村集体拟签订合同在签订前的合法性审查，记录审查意见及是否采纳。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '审查事项',
  dateLabel: '送审日期',
  fields: [
    text('contractName', '合同名称', { required: true, inList: true, maxLength: 200 }),
    choice('contractType', '合同类别', 'contractReview.type'),
    text('counterparty', '合同相对方', { maxLength: 200, sensitive: true, help: '单位名称或自然人姓名' }),
    money('amount', '合同金额（元）', { inList: true }),
    person('reviewer', '审查人'),
    date('reviewedOn', '审查日期', { notBefore: 'date' }),
    textarea('opinion', '审查意见', { maxLength: 5000 }),
    boolean('adopted', '意见是否采纳', { inList: true }),
    date('signedOn', '签订日期', { notBefore: 'reviewedOn' }),
  ],
  lists: [
    {
      code: 'contractReview.type',
      label: '合同类别',
      items: [
        ['procurement', '采购'],
        ['construction', '工程建设'],
        ['lease', '租赁'],
        ['landContract', '土地承包流转'],
        ['service', '委托服务'],
        ['cooperation', '合作协议'],
        ['other', '其他'],
      ],
    },
  ],
  indicators: [
    { code: 'contract_review.count', label: '合法性审查合同', aliases: ['审查合同', '合同审查', '合同合法性审查', '审核合同'], unit: '件', measure: { op: 'count' } },
    { code: 'contract_review.amount', label: '审查合同金额', aliases: ['合同金额'], genericAliases: ['涉及金额', '标的额'], unit: '万元', measure: { op: 'sum', field: 'amount' } },
    { code: 'contract_review.adopted', label: '审查意见被采纳的合同', genericAliases: ['意见被采纳', '采纳审查意见', '采纳'], unit: '件', measure: { op: 'count' }, where: [{ field: 'adopted', equals: true }] },
    { code: 'contract_review.adoption_rate', label: '合同审查意见采纳率', genericAliases: ['采纳率'], unit: '%', ratio: { numerator: 'contract_review.adopted', denominator: 'contract_review.count' } },
    { code: 'contract_review.yoy', label: '合同审查数量同比增减', aliases: ['合同审查同比增加'], genericAliases: ['同比增加'], unit: '件', change: { of: 'contract_review.count', as: 'absolute' } },
    { code: 'contract_review.yoy_rate', label: '合同审查数量同比增长率', aliases: ['合同审查同比增长'], genericAliases: ['同比增长'], unit: '%', change: { of: 'contract_review.count', as: 'percent' } },
  ],
});
