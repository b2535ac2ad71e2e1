import { date, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 企业法治体检: one legal check-up of an enterprise; reports count the enterprises (家), not the visits. */
export const enterpriseCheckup = defineKind({
  code: 'enterpriseCheckup',
  label: '企业法治体检',
  area: 'governance',
  description: '为辖区企业开展的法治体检，记录企业名称、体检单位、发现的法律风险和提出的建议。',
  orgLevels: ['town'],
  titleLabel: '体检事项',
  dateLabel: '体检日期',
  fields: [
    text('enterprise', '企业名称', { required: true, inList: true, maxLength: 100 }),
    text('provider', '体检单位', { maxLength: 100, help: '如 司法所、律师事务所' }),
    integer('problemsFound', '发现问题数', { inList: true, max: 10_000 }),
    integer('suggestionCount', '提出建议数', { max: 10_000 }),
    textarea('suggestions', '主要建议', { maxLength: 3000 }),
    date('followedUpOn', '回访日期', { notBefore: 'date' }),
  ],
  indicators: [
    { code: 'enterprise_checkup.enterprises', label: '开展法治体检的企业', aliases: ['企业法治体检', '法治体检', '企业开展法治体检'], unit: '家', measure: { op: 'distinct', field: 'enterprise' } },
    { code: 'enterprise_checkup.count', label: '企业法治体检次数', aliases: ['法治体检次数', '开展企业法治体检'], unit: '次', measure: { op: 'count' } },
    { code: 'enterprise_checkup.problems', label: '企业法治体检发现问题', aliases: ['体检发现问题'], genericAliases: ['发现法律风险'], unit: '个', measure: { op: 'sum', field: 'problemsFound' } },
    { code: 'enterprise_checkup.suggestions', label: '企业法治体检提出建议', genericAliases: ['提出法律建议', '提出建议'], unit: '条', measure: { op: 'sum', field: 'suggestionCount' } },
  ],
});
