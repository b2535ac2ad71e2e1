import { boolean, choice, date, org, person, recordLink, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import { VILLAGE_AND_BELOW, TOWN_AND_BELOW } from '../../org/levels.js';

/** 矛盾纠纷: one dispute, from the moment it is found until it is resolved or handed over. */
export const dispute = defineKind({
  code: 'dispute',
  label: '矛盾纠纷',
  area: 'governance',
  description: '排查、受理和调处的矛盾纠纷，从登记到化解或移交。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '纠纷概要',
  dateLabel: '登记日期',
  fields: [
    choice('source', '来源', 'dispute.source', { required: true, inList: true }),
    org('village', '所在村（社区）', { levels: VILLAGE_AND_BELOW, inList: true }),
    choice('category', '纠纷类别', 'dispute.category', { required: true, inList: true }),
    text('parties', '当事人', { maxLength: 200, sensitive: true, help: '姓名，多人用顿号分隔' }),
    text('partyPhone', '当事人电话', { maxLength: 40, sensitive: true }),
    text('partyAddress', '当事人住址', { maxLength: 200, sensitive: true }),
    person('mediator', '调解人'),
    choice('method', '调处方式', 'dispute.method'),
    choice('status', '状态', 'dispute.status', { required: true, inList: true }),
    date('resolvedOn', '办结日期', { help: '化解、调解不成或移交的日期' }),
    textarea('agreement', '调解协议/处理结果', { maxLength: 2000 }),
    boolean('seekJudicialConfirmation', '拟申请司法确认', { help: '调解协议生效之日起30日内由双方共同向人民法院申请' }),
    date('judicialConfirmationOn', '申请司法确认日期'),
    recordLink('screeningRound', '所属排查', 'screeningRound'),
  ],
  procedure: {
    statusField: 'status',
    steps: [
      { code: 'registered', label: '登记', field: 'date', statuses: ['registered'] },
      { code: 'concluded', label: '办结（化解、未化解或移交）', field: 'resolvedOn', after: ['registered'], statuses: ['resolved', 'unresolved', 'transferred'] },
      {
        code: 'judicialConfirmation',
        label: '申请司法确认',
        field: 'judicialConfirmationOn',
        when: 'seekJudicialConfirmation',
        optional: true,
        after: ['concluded'],
        basis: '人民调解法第33条',
      },
    ],
    deadlines: [
      {
        code: 'mediation',
        label: '调解办结',
        from: 'registered',
        until: ['concluded'],
        days: 30,
        count: 'calendar',
        basis: '人民调解工作若干规定第33条：调解一般在一个月内结束（期限可在设置中调整）',
      },
      {
        code: 'judicialConfirmation',
        label: '申请司法确认',
        from: 'concluded',
        until: ['judicialConfirmation'],
        days: 30,
        count: 'calendar',
        basis: '人民调解法第33条：调解协议生效之日起三十日内',
        when: 'seekJudicialConfirmation',
      },
    ],
  },
  lists: [
    {
      code: 'dispute.source',
      label: '纠纷来源',
      items: [
        ['monthlyScreening', '月度排查'],
        ['visit', '来访'],
        ['gridReport', '网格上报'],
        ['referral', '转办'],
      ],
    },
    {
      code: 'dispute.category',
      label: '纠纷类别',
      items: [
        ['landTransfer', '土地流转'],
        ['marriageFamily', '婚姻家庭'],
        ['neighbour', '邻里纠纷'],
        ['labour', '劳资纠纷'],
        ['expropriation', '征地拆迁'],
        ['contract', '合同纠纷'],
        ['damages', '损害赔偿'],
        ['other', '其他'],
      ],
    },
    {
      code: 'dispute.method',
      label: '调处方式',
      items: [
        ['peopleMediation', '人民调解'],
        ['advisorMediation', '法律顾问参与'],
        ['justiceOfficeMediation', '司法所调解'],
        ['courtLinked', '诉调对接'],
        ['administrativeMediation', '行政调解'],
      ],
    },
    {
      code: 'dispute.status',
      label: '纠纷状态',
      items: [
        ['registered', '登记'],
        ['mediating', '调处中'],
        ['resolved', '已化解'],
        ['unresolved', '未化解'],
        ['transferred', '移交'],
      ],
    },
  ],
  indicators: [
    { code: 'dispute.screened', label: '排查矛盾纠纷', aliases: ['排查矛盾纠纷', '排查矛盾', '排查各类矛盾', '排查', '矛盾纠纷', '各类矛盾'], unit: '件', measure: { op: 'count' } },
    { code: 'dispute.resolved', label: '已化解矛盾纠纷', aliases: ['已化解', '化解', '化解矛盾纠纷', '化解纠纷', '调处化解', '成功调解', '调解成功', '已化解矛盾纠纷'], unit: '件', measure: { op: 'count' }, where: [{ field: 'status', equals: 'resolved' }] },
    {
      code: 'dispute.land_transfer_share',
      label: '土地流转纠纷占比',
      aliases: ['土地流转类占', '土地流转纠纷占', '土地流转类'],
      unit: '%',
      ratio: { numerator: 'dispute.land_transfer', denominator: 'dispute.screened' },
    },
    { code: 'dispute.resolution_rate', label: '矛盾纠纷化解率', aliases: ['化解率', '调解成功率', '调处率'], unit: '%', ratio: { numerator: 'dispute.resolved', denominator: 'dispute.screened' } },
    {
      code: 'dispute.land_transfer',
      label: '土地流转纠纷', aliases: ['土地流转纠纷', '土地纠纷', '土地承包纠纷'],
      unit: '件',
      measure: { op: 'count' },
      where: [{ field: 'category', equals: 'landTransfer' }],
    },
  ],
});
