import { boolean, choice, date, money, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import type { RecordValues } from '../../ledger/validation.js';
import { addWorkingDays } from '../../procedures/calendar.js';

/** 行政处罚: one administrative penalty case, from filing (立案) to closing (结案). */
export const penaltyCase = defineKind({
  code: 'penaltyCase',
  label: '行政处罚',
  area: 'enforcement',
  description: '一起行政处罚案件，按立案、调查取证、法制审核、告知、陈述申辩或听证、决定、送达、执行、结案的程序逐步登记。',
  orgLevels: ['town'],
  titleLabel: '案由',
  dateLabel: '立案日期',
  fields: [
    text('caseNo', '案号', { required: true, inList: true, maxLength: 60 }),
    choice('partyType', '当事人类型', 'penaltyCase.partyType', { required: true }),
    text('partyName', '当事人', { required: true, maxLength: 200, sensitive: true, help: '自然人姓名或单位名称' }),
    text('partyIdNumber', '身份证号/统一社会信用代码', {
      maxLength: 18,
      sensitive: true,
      pattern: '^[0-9A-Za-z]{18}$',
      patternHint: '18位居民身份证号码或统一社会信用代码',
    }),
    text('partyPhone', '联系电话', { maxLength: 40, sensitive: true }),
    text('partyAddress', '住址/住所', { maxLength: 200, sensitive: true }),
    textarea('violation', '违法事实', { maxLength: 5000 }),
    textarea('legalBasis', '处罚依据', { maxLength: 3000 }),
    boolean('legalAuditRequired', '需法制审核', {
      help: '涉及重大公共利益、直接关系当事人重大权益且经过听证、案情疑难复杂等案件，作出决定前须经法制审核',
    }),
    boolean('hearingRequested', '当事人要求听证'),
    choice('penaltyKind', '处罚种类', 'penaltyCase.penaltyKind', { inList: true }),
    money('amount', '罚没金额（元）'),
    date('investigatedOn', '调查终结日期'),
    date('legalAuditOn', '法制审核日期'),
    date('notifiedOn', '告知日期', { help: '告知拟作出的处罚内容及事实、理由、依据，以及陈述、申辩、要求听证的权利' }),
    date('statementOn', '陈述申辩日期'),
    date('hearingNoticeOn', '听证通知日期', { help: '应在举行听证的7个工作日前通知当事人' }),
    date('hearingOn', '听证日期'),
    date('decidedOn', '决定日期', { inList: true }),
    date('servedOn', '送达日期', { help: '当场交付；当事人不在场的，7个工作日内送达' }),
    date('executedOn', '执行完毕日期'),
    date('publishedOn', '公示日期', { help: '处罚决定一般应在7个工作日内公示' }),
    date('closedOn', '结案日期'),
    choice('status', '办理状态', 'penaltyCase.status', { required: true, inList: true }),
  ],
  procedure: {
    statusField: 'status',
    steps: [
      { code: 'filed', label: '立案', field: 'date', statuses: ['filed'], basis: '行政处罚法第54条' },
      { code: 'investigated', label: '调查终结', field: 'investigatedOn', after: ['filed'], basis: '行政处罚法第54至56条' },
      { code: 'legalAudit', label: '法制审核', field: 'legalAuditOn', when: 'legalAuditRequired', after: ['investigated'], basis: '行政处罚法第58条' },
      { code: 'notified', label: '告知', field: 'notifiedOn', after: ['investigated'], statuses: ['notified'], basis: '行政处罚法第44条' },
      { code: 'statement', label: '陈述申辩', field: 'statementOn', optional: true, after: ['notified'], basis: '行政处罚法第45条' },
      {
        code: 'hearingNotice',
        label: '听证通知',
        field: 'hearingNoticeOn',
        when: 'hearingRequested',
        after: ['notified'],
        basis: '行政处罚法第64条',
      },
      {
        code: 'hearing',
        label: '听证',
        field: 'hearingOn',
        when: 'hearingRequested',
        after: ['hearingNotice'],
        basis: '行政处罚法第64条',
        check: hearingNoticedInTime,
      },
      {
        code: 'decided',
        label: '作出决定',
        field: 'decidedOn',
        after: ['notified', 'statement', 'legalAudit', 'hearing'],
        statuses: ['decided'],
        basis: '行政处罚法第57、58、62条',
        check: partyHeardBeforeDecision,
      },
      { code: 'served', label: '送达', field: 'servedOn', after: ['decided'], statuses: ['served'], basis: '行政处罚法第61条' },
      { code: 'published', label: '公示', field: 'publishedOn', optional: true, after: ['decided'], basis: '国办发〔2018〕118号' },
      { code: 'executed', label: '执行', field: 'executedOn', after: ['served'], statuses: ['executed'], basis: '行政处罚法第66至73条' },
      { code: 'closed', label: '结案', field: 'closedOn', after: ['executed'], statuses: ['closed'] },
    ],
    deadlines: [
      {
        code: 'decision',
        label: '作出处罚决定',
        from: 'filed',
        until: ['decided'],
        days: 90,
        count: 'calendar',
        basis: '行政处罚法第60条：自立案之日起九十日内作出行政处罚决定',
        extension: { maxDays: 90, basis: '行政处罚法第60条：法律、法规、规章另有规定的从其规定，延期须经负责人批准' },
      },
      {
        code: 'service',
        label: '送达处罚决定书',
        from: 'decided',
        until: ['served'],
        days: 7,
        count: 'working',
        basis: '行政处罚法第61条、第85条：当事人不在场的，七日内送达（工作日）',
      },
      {
        code: 'publicity',
        label: '公示处罚决定',
        from: 'decided',
        until: ['published'],
        days: 7,
        count: 'working',
        basis: '国办发〔2018〕118号：行政处罚决定自作出之日起7个工作日内公开',
      },
    ],
  },
  lists: [
    {
      code: 'penaltyCase.partyType',
      label: '当事人类型',
      items: [
        ['person', '自然人'],
        ['entity', '法人或其他组织'],
      ],
    },
    {
      code: 'penaltyCase.penaltyKind',
      label: '处罚种类',
      items: [
        ['warning', '警告'],
        ['fine', '罚款'],
        ['confiscation', '没收违法所得'],
        ['suspension', '责令停产停业'],
        ['licenceRevocation', '吊销许可证件'],
        ['other', '其他'],
      ],
    },
    {
      code: 'penaltyCase.status',
      label: '案件状态',
      items: [
        ['filed', '已立案'],
        ['investigating', '调查中'],
        ['notified', '已告知'],
        ['decided', '已决定'],
        ['served', '已送达'],
        ['executed', '已执行'],
        ['closed', '已结案'],
      ],
    },
  ],
  indicators: [
    { code: 'enforcement.penalties', label: '行政处罚案件', aliases: ['行政处罚', '处罚', '处罚案件', '立案查处'], unit: '起', measure: { op: 'count' } },
    { code: 'enforcement.fines', label: '罚没金额', aliases: ['罚没', '罚款', '罚没金额', '罚没款'], unit: '元', measure: { op: 'sum', field: 'amount' } },
    // In the year the review was done, whenever the case was filed.
    { code: 'enforcement.legal_review', label: '重大执法决定法制审核', aliases: ['重大执法决定法制审核', '法制审核'], unit: '件', measure: { op: 'count' }, dateField: 'legalAuditOn' },
    { code: 'enforcement.penalties.closed', label: '结案的行政处罚案件', genericAliases: ['结案', '办结'], unit: '起', measure: { op: 'count' }, dateField: 'closedOn' },
  ],
});

/** 行政处罚法第64条第2项：the hearing is notified at least seven (working, art. 85) days ahead. */
function hearingNoticedInTime(values: RecordValues) {
  const notice = values.hearingNoticeOn;
  const hearing = values.hearingOn;
  if (typeof notice !== 'string' || typeof hearing !== 'string') return [];
  const earliest = addWorkingDays(notice, 7);
  if (hearing >= earliest) return [];
  return [{ field: 'hearingOn', message: `听证应在通知之日起7个工作日后举行（行政处罚法第64条），最早为 ${earliest}` }];
}

/**
 * 行政处罚法第62、64条: after the notice the party has five (working) days to ask for a hearing and
 * may state a defence; a decision inside that window needs the party's statement (or waiver) on record.
 */
function partyHeardBeforeDecision(values: RecordValues) {
  const notified = values.notifiedOn;
  const decided = values.decidedOn;
  if (typeof notified !== 'string' || typeof decided !== 'string' || values.statementOn) return [];
  const windowEnds = addWorkingDays(notified, 5);
  if (decided > windowEnds) return [];
  return [
    {
      field: 'decidedOn',
      message: `告知后当事人有5个工作日可以要求听证（行政处罚法第64条），${windowEnds} 之前作出决定须先登记「陈述申辩」（含当事人放弃的日期）`,
    },
  ];
}
