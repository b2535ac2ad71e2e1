/** 普法: online posts and offline events, 法律明白人 and model villages. */
import type { Draft, KindGenerator } from '../world.js';

const KNOWLEDGE = [
  '土地经营权流转合同应写明哪些内容', '宅基地“一户一宅”怎么理解', '遗嘱有几种形式', '子女不赡养老人要担什么责任',
  '民间借贷利息多少受保护', '电信网络诈骗的常见套路', '被欠薪可以向哪些部门求助', '发生交通事故后怎么做',
  '买到假种子假化肥如何维权', '如何申请人身安全保护令', '人民调解协议有什么效力', '哪些情况可以申请法律援助',
  '私自占用耕地建房有什么后果', '农村自建房安全有哪些要求', '法定继承人的范围和顺序', '土地承包期再延长三十年政策解读',
];

const CASES = [
  '口头约定流转土地引发租金纠纷', '老人自书遗嘱被认定有效', '外出务工受伤获得赔偿', '冒充客服“退款”骗走积蓄',
  '邻居砌墙堵路被判拆除', '子女拒绝赡养被判支付赡养费', '未经批准占用耕地建房被责令拆除', '网购农资遇假货成功维权',
];

/** [event, month, theme, 法律五进 targets, laws] */
const EVENTS: ReadonlyArray<readonly [string, number, string, readonly string[], string]> = [
  ['“三八”妇女维权周法律宣传', 3, 'other', ['villages'], '妇女权益保障法、反家庭暴力法'],
  ['全民国家安全教育日法治宣传', 4, 'other', ['organs', 'units'], '国家安全法'],
  ['民法典宣传月集中宣传', 5, 'civilCodeMonth', ['villages', 'communities'], '民法典'],
  ['安全生产月法律咨询日', 6, 'other', ['enterprises'], '安全生产法'],
  ['以案释法：土地流转纠纷典型案例讲解', 7, 'caseExplanation', ['villages'], '农村土地承包法、民法典'],
  ['防范电信网络诈骗宣传', 8, 'antiFraud', ['communities', 'enterprises'], '反电信网络诈骗法'],
  ['以案释法进企业：劳动用工风险提示', 10, 'caseExplanation', ['enterprises'], '劳动合同法'],
  ['农民工工资支付法律宣传', 11, 'other', ['enterprises', 'units'], '保障农民工工资支付条例'],
  ['“宪法宣传周”系列宣传活动', 12, 'constitutionWeek', ['organs', 'units', 'communities'], '宪法'],
];

export const publicityItem: KindGenerator = {
  kind: 'publicityItem',
  weight: 25,
  make(w, i, _n, id): Draft {
    if (w.rng.chance(0.65)) {
      const channel = w.weighted([['officialAccount', 40], ['wechatGroup', 35], ['video', 15], ['website', 10]] as const);
      const knowledge = w.rng.chance(0.6);
      const day = w.anyDay();
      return {
        unit: channel === 'wechatGroup' ? w.villageAt(i).unit : w.town.unit,
        values: {
          date: w.date(day),
          title: knowledge ? `【普法小课堂】${w.rng.pick(KNOWLEDGE)}` : `【以案说法】${w.rng.pick(CASES)}`,
          mode: 'online',
          channel,
          contentKind: knowledge ? 'knowledge' : 'typicalCase',
          url: channel === 'wechatGroup' ? null : `https://mp.example.com/${w.cal.yearOf(day)}/${id}`,
          // Most posts are read by a few dozen people, a few by thousands.
          reads: Math.round(20 * Math.exp(w.rng.float() * 5)),
        },
      };
    }
    const [event, month, theme, targets, laws] = w.rng.pick(EVENTS);
    const year = w.rng.pick(w.years);
    const village = w.rng.chance(0.5) ? w.village() : null;
    return {
      unit: village?.unit ?? w.town.unit,
      values: {
        date: w.date(w.dayIn(year, month, month)),
        title: `${village?.unit.name ?? w.name}${event}`,
        mode: 'offline',
        theme,
        fiveInto: [...targets],
        location: village ? `${village.unit.name}党群服务中心广场` : `${w.name}文化广场`,
        laws,
        audience: w.rng.int(30, 500),
        materialsHandedOut: w.rng.int(50, 800),
      },
    };
  },
};

export const legalLiterate: KindGenerator = {
  kind: 'legalLiterate',
  weight: 1.5,
  make(w, i) {
    const village = w.villageAt(i);
    const model = w.rng.chance(0.15);
    const year = w.rng.pick(w.years);
    const level = model
      ? w.weighted([['county', 50], ['city', 30], ['provincial', 15], ['national', 5]] as const)
      : w.weighted([['county', 70], ['city', 20], ['provincial', 10]] as const);
    const levelLabel = { national: '全国', provincial: '省级', city: '市级', county: '县级' }[level];
    const grid = w.rng.pick(village.grids);
    const person = w.rng.pick(w.cast.gridWorkers.get(grid.id) ?? [w.cast.gridLeader.get(grid.id) ?? w.cast.justiceHead]);
    return {
      unit: village.unit,
      values: {
        date: w.date(w.dayIn(year, 3, 11)),
        title: model ? `${village.unit.name}被命名为${levelLabel}民主法治示范村（社区）` : `${village.unit.name}${person.name}被评为${levelLabel}“法律明白人”`,
        recognitionKind: model ? 'modelVillage' : 'legalLiterateResident',
        person: model ? null : person.id,
        village: village.unit.id,
        level,
        year,
        awardedBy: model ? `${levelLabel}司法行政部门、民政部门` : `${levelLabel}司法行政部门`,
        docNo: `司发〔${year}〕${(i % 40) + 1}号`,
      },
    };
  },
};
