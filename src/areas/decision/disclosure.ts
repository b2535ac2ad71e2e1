import { choice, date, text, url } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 政务公开: one item of government information made public, from when it was formed to when it was published. */
export const disclosure = defineKind({
  code: 'disclosure',
  label: '政务公开',
  area: 'decision',
  description: '镇政府公开的一条政府信息，记录信息形成日期和公开日期，用于核对主动公开的时限。',
  orgLevels: ['town'],
  titleLabel: '信息标题',
  dateLabel: '登记日期',
  fields: [
    choice('category', '公开类别', 'disclosure.category', { required: true, inList: true }),
    choice('mode', '公开方式', 'disclosure.mode'),
    choice('channel', '公开渠道', 'disclosure.channel', { required: true, inList: true }),
    text('department', '责任科室', { maxLength: 100 }),
    date('formedOn', '信息形成（变更）日期', { required: true }),
    date('publishedOn', '公开日期', {
      notBefore: 'formedOn',
      inList: true,
      help: '主动公开应在信息形成或变更之日起20个工作日内',
    }),
    url('url', '公开链接'),
  ],
  procedure: {
    steps: [
      { code: 'formed', label: '信息形成或变更', field: 'formedOn' },
      { code: 'published', label: '主动公开', field: 'publishedOn', after: ['formed'], basis: '政府信息公开条例第26条' },
    ],
    deadlines: [
      {
        code: 'disclosure',
        label: '主动公开',
        from: 'formed',
        until: ['published'],
        days: 20,
        count: 'working',
        basis: '政府信息公开条例第26条：自信息形成或变更之日起20个工作日内',
      },
    ],
  },
  lists: [
    {
      code: 'disclosure.category',
      label: '政务公开类别',
      items: [
        ['landContractTransfer', '农村土地承包经营权流转'],
        ['homestead', '宅基地使用审核'],
        ['expropriation', '征收或征用土地'],
        ['socialAssistance', '社会救助'],
        ['financeBudget', '财政预决算'],
        ['policy', '政策文件'],
        ['personnel', '人事信息'],
        ['other', '其他'],
      ],
    },
    {
      code: 'disclosure.mode',
      label: '公开方式',
      items: [
        ['proactive', '主动公开'],
        ['onRequest', '依申请公开'],
      ],
    },
    {
      code: 'disclosure.channel',
      label: '公开渠道',
      items: [
        ['platform', '政务公开平台'],
        ['wechat', '微信公众号'],
        ['noticeBoard', '公示栏'],
        ['website', '门户网站'],
      ],
    },
  ],
  indicators: [
    { code: 'disclosure.unpublished', label: '已形成尚未公开的政务信息', aliases: ['尚未公开', '未公开', '待公开', '尚未公开政务信息', '未公开政务信息', '未公开的政务信息'], unit: '条', measure: { op: 'count' }, where: [{ field: 'publishedOn', absent: true }] },
    { code: 'disclosure.items', label: '主动公开政务信息', aliases: ['主动公开', '公开政务信息', '政务信息', '政务公开', '信息公开'], unit: '条', measure: { op: 'count' } },
  ],
});
