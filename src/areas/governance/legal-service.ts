import { choice, integer, text } from '../../ledger/fields.js';
import { defineKind, type ListItemSeed } from '../../ledger/kind.js';
import { TOWN_AND_BELOW } from '../../org/levels.js';

/** Reports list the categories and end with 等: "涵盖法律咨询、法律援助等7类". */
const CATEGORIES: ListItemSeed[] = [
  ['consultation', '法律咨询'],
  ['legalAid', '法律援助'],
  ['mediation', '人民调解'],
  ['notary', '公证'],
  ['legalCheckup', '法治体检'],
  ['documentDrafting', '代写法律文书'],
  ['expertise', '司法鉴定'],
  ['other', '其他'],
];

/**
 * 公共法律服务事项: legal-service items handled by the town's or a village's service station, one
 * by one or a month's items of one category at a time (事项件数).
 */
export const legalService = defineKind({
  code: 'legalService',
  label: '公共法律服务事项',
  area: 'governance',
  description: '公共法律服务工作站（室）办理的法律咨询、法律援助、人民调解、公证等事项，可逐件登记，也可按月按类别汇总登记件数和服务人次。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '事项名称',
  dateLabel: '办理日期',
  fields: [
    choice('category', '服务类别', 'legalService.category', { required: true, inList: true }),
    integer('itemCount', '事项件数', { required: true, inList: true, min: 1, max: 100_000, help: '逐件登记时填1，按月汇总登记时填件数' }),
    integer('peopleServed', '服务人次', { inList: true, max: 1_000_000 }),
    text('provider', '服务提供者', { maxLength: 100, help: '如 司法所、法律顾问、驻站律师' }),
    text('place', '服务场所或平台', { maxLength: 100 }),
  ],
  lists: [{ code: 'legalService.category', label: '公共法律服务类别', items: CATEGORIES }],
  indicators: [
    { code: 'legal_service.items', label: '公共法律服务事项', aliases: ['法律服务事项', '公共法律服务事项', '办理法律服务事项'], unit: '件', measure: { op: 'sum', field: 'itemCount' } },
    { code: 'legal_service.categories', label: '公共法律服务事项类别', genericAliases: ['服务类别'], aliases: ['法律服务类别', ...CATEGORIES.map(([, label]) => `${label}等`)], unit: '类', measure: { op: 'distinct', field: 'category' } },
    { code: 'legal_service.people', label: '公共法律服务人次', aliases: ['法律服务人次'], genericAliases: ['服务群众'], unit: '人次', measure: { op: 'sum', field: 'peopleServed' } },
  ],
});
