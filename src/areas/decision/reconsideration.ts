import { boolean, choice, date, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 行政复议/行政应诉: one reconsideration or lawsuit in which the town (or one of its offices) is the respondent. */
export const reconsideration = defineKind({
  code: 'reconsideration',
  label: '行政复议/行政应诉',
  area: 'decision',
  description: '镇政府作为被申请人或被告的行政复议、行政诉讼案件，记录答复期限、负责人出庭和结果。',
  orgLevels: ['town'],
  titleLabel: '案件名称',
  dateLabel: '登记日期',
  fields: [
    choice('caseType', '案件类型', 'reconsideration.type', { required: true, inList: true }),
    text('caseNo', '案号', { maxLength: 60, inList: true }),
    text('applicant', '申请人/原告', { maxLength: 200, sensitive: true }),
    text('respondent', '被申请人/被告', { maxLength: 100, help: '如 镇人民政府、镇综合行政执法队' }),
    text('handlingBody', '复议机关/受理法院', { maxLength: 100 }),
    textarea('claim', '请求事项', { maxLength: 2000 }),
    date('receivedOn', '收到申请书或起诉状副本日期', { notBefore: 'date', help: '复议：收到之日起10日内书面答复；诉讼：收到之日起15日内提交答辩状' }),
    date('replySubmittedOn', '答复（答辩）提交日期'),
    boolean('leaderAppeared', '负责人出庭应诉', { help: '行政诉讼法第3条' }),
    choice('outcome', '结果', 'reconsideration.outcome', { inList: true }),
    date('concludedOn', '结案日期'),
  ],
  procedure: {
    steps: [
      { code: 'received', label: '收到申请书或起诉状副本', field: 'receivedOn' },
      { code: 'replySubmitted', label: '提交答复或答辩', field: 'replySubmittedOn', after: ['received'], basis: '行政复议法第48条；行政诉讼法第67条' },
      { code: 'concluded', label: '复议决定或法院裁判', field: 'concludedOn', after: ['received'] },
    ],
    deadlines: [
      {
        code: 'reconsiderationReply',
        label: '提出书面答复并提交证据',
        from: 'received',
        until: ['replySubmitted'],
        days: 10,
        count: 'calendar',
        when: { field: 'caseType', in: ['reconsideration'] },
        basis: '行政复议法第48条：自收到申请书副本之日起十日内',
      },
      {
        code: 'litigationDefence',
        label: '提交答辩状和证据',
        from: 'received',
        until: ['replySubmitted'],
        days: 15,
        count: 'calendar',
        when: { field: 'caseType', in: ['litigation'] },
        basis: '行政诉讼法第67条：收到起诉状副本之日起十五日内',
      },
    ],
  },
  lists: [
    {
      code: 'reconsideration.type',
      label: '复议应诉案件类型',
      items: [
        ['reconsideration', '行政复议'],
        ['litigation', '行政诉讼'],
      ],
    },
    {
      code: 'reconsideration.outcome',
      label: '复议应诉结果',
      items: [
        ['upheld', '维持或驳回'],
        ['revoked', '撤销'],
        ['altered', '变更'],
        ['confirmedUnlawful', '确认违法或无效'],
        ['orderedToAct', '责令履行'],
        ['withdrawn', '撤回申请或撤诉'],
        ['settled', '调解或和解'],
        ['pending', '尚未审结'],
      ],
    },
  ],
  indicators: [
    { code: 'reconsideration.cases', label: '行政复议和行政诉讼案件', aliases: ['复议诉讼案件', '行政复议诉讼案件', '复议应诉案件'], unit: '件', measure: { op: 'count' } },
    { code: 'reconsideration.reconsiderations', label: '行政复议案件', aliases: ['行政复议案件', '行政复议'], unit: '件', measure: { op: 'count' }, where: [{ field: 'caseType', equals: 'reconsideration' }] },
    { code: 'reconsideration.litigations', label: '行政诉讼案件', aliases: ['行政诉讼案件', '行政应诉案件', '行政诉讼', '行政应诉'], unit: '件', measure: { op: 'count' }, where: [{ field: 'caseType', equals: 'litigation' }] },
    {
      code: 'reconsideration.leader_appeared',
      label: '行政机关负责人出庭应诉', aliases: ['负责人出庭应诉', '出庭应诉'],
      unit: '件',
      measure: { op: 'count' },
      where: [{ field: 'caseType', equals: 'litigation' }, { field: 'leaderAppeared', equals: true }],
    },
    {
      code: 'reconsideration.appearance_rate',
      label: '行政机关负责人出庭应诉率', aliases: ['出庭应诉率', '出庭率'],
      unit: '%',
      ratio: { numerator: 'reconsideration.leader_appeared', denominator: 'reconsideration.litigations' },
    },
    {
      code: 'reconsideration.corrected',
      label: '被撤销、变更、确认违法或责令履行的案件', aliases: ['被纠错', '败诉'],
      unit: '件',
      measure: { op: 'count' },
      where: [{ field: 'outcome', in: ['revoked', 'altered', 'confirmedUnlawful', 'orderedToAct'] }],
    },
  ],
});
