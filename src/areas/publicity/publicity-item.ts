import { choice, integer, multiChoice, text, url } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import { TOWN_AND_BELOW } from '../../org/levels.js';

/** 普法宣传: one online publicity post or one offline publicity event. */
export const publicityItem = defineKind({
  code: 'publicityItem',
  label: '普法宣传',
  area: 'publicity',
  description: '一条线上普法推送（记录渠道、内容类型和阅读量）或一场线下普法活动（记录主题、“法律五进”对象和受众人次）。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '标题或活动名称',
  dateLabel: '发布或活动日期',
  fields: [
    choice('mode', '线上/线下', 'publicity.mode', { required: true, inList: true }),
    choice('channel', '发布渠道', 'publicity.channel', { inList: true, help: '线上填写' }),
    choice('contentKind', '内容类型', 'publicity.contentKind', { help: '线上填写' }),
    url('url', '链接', { help: '线上填写' }),
    integer('reads', '阅读量', { help: '线上填写，统计截止时的累计阅读量' }),
    choice('theme', '活动主题', 'publicity.theme', { inList: true, help: '线下填写' }),
    multiChoice('fiveInto', '法律五进', 'publicity.fiveInto', { help: '线下填写' }),
    text('location', '活动地点', { maxLength: 200, help: '线下填写' }),
    text('laws', '宣传的法律法规', { maxLength: 500, help: '多部用顿号分隔' }),
    integer('audience', '受众人次', { max: 1_000_000, help: '线下填写' }),
    integer('materialsHandedOut', '发放资料（份）', { max: 1_000_000 }),
  ],
  lists: [
    {
      code: 'publicity.mode',
      label: '普法宣传方式',
      items: [
        ['online', '线上'],
        ['offline', '线下'],
      ],
    },
    {
      code: 'publicity.channel',
      label: '线上普法渠道',
      items: [
        ['wechatGroup', '村级微信群'],
        ['officialAccount', '微信公众号'],
        ['website', '网站'],
        ['video', '短视频平台'],
      ],
    },
    {
      code: 'publicity.contentKind',
      label: '线上普法内容类型',
      items: [
        ['knowledge', '普法知识'],
        ['typicalCase', '典型案例'],
      ],
    },
    {
      code: 'publicity.theme',
      label: '普法活动主题',
      items: [
        ['constitutionWeek', '宪法宣传周'],
        ['civilCodeMonth', '民法典宣传月'],
        ['caseExplanation', '以案释法'],
        ['antiFraud', '反诈宣传'],
        ['other', '其他'],
      ],
    },
    {
      code: 'publicity.fiveInto',
      label: '法律五进',
      items: [
        ['organs', '进机关'],
        ['villages', '进乡村'],
        ['communities', '进社区'],
        ['enterprises', '进企业'],
        ['units', '进单位'],
      ],
    },
  ],
  indicators: [
    {
      code: 'publicity.land_topics',
      label: '涉及土地流转和土地承包的普法内容', aliases: ['土地流转', '土地承包'],
      unit: '条',
      measure: { op: 'count' },
      where: [{ field: 'title', mentions: ['土地', '流转', '承包'] }],
    },
    { code: 'publicity.online_posts', label: '线上推送普法知识和典型案例', aliases: ['推送', '线上推送', '典型案例', '普法知识', '普法信息', '推文'], genericAliases: ['发布'], unit: '条', measure: { op: 'count' }, where: [{ field: 'mode', equals: 'online' }] },
    { code: 'publicity.online_reads', label: '线上普法累计阅读量', aliases: ['阅读量', '阅读', '浏览量', '点击量', '浏览'], unit: '人次', measure: { op: 'sum', field: 'reads' }, where: [{ field: 'mode', equals: 'online' }] },
    { code: 'publicity.offline_events', label: '线下专题普法活动', aliases: ['专题普法活动', '普法活动', '普法宣传活动', '宣传活动', '线下'], unit: '次', measure: { op: 'count' }, where: [{ field: 'mode', equals: 'offline' }] },
    { code: 'publicity.offline_audience', label: '线下普法受众', aliases: ['受众', '受教育群众', '参与群众'], unit: '人次', measure: { op: 'sum', field: 'audience' }, where: [{ field: 'mode', equals: 'offline' }] },
    {
      code: 'publicity.five_into_events',
      label: '“法律五进”活动', aliases: ['法律五进', '五进'],
      unit: '次',
      measure: { op: 'count' },
      where: [{ field: 'mode', equals: 'offline' }, { field: 'fiveInto', present: true }],
    },
    {
      code: 'publicity.five_into_targets',
      label: '“法律五进”覆盖的对象类别（机关、乡村、社区、企业、单位）', aliases: ['类对象', '对象'],
      unit: '个',
      measure: { op: 'distinctItems', field: 'fiveInto' },
      where: [{ field: 'mode', equals: 'offline' }],
    },
  ],
});
