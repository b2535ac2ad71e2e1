/** 普法: online posts with their reads, offline events (法律五进), and 法律明白人 / model villages. */
import { spreadOverYear, workdayIn } from './calendar.js';
import { villageCadre } from './people.js';
import { rngFor, takeTitles, type TownYear } from './town-year.js';
import type { RecordBody } from './writer.js';

const KNOWLEDGE = [
  '土地经营权流转合同应当写明哪些内容', '农村宅基地“一户一宅”怎么理解', '遗嘱有几种形式，哪种更稳妥', '夫妻共同债务如何认定',
  '子女不履行赡养义务要承担什么责任', '被狗咬伤由谁赔偿', '民间借贷利息多少受法律保护', '电信网络诈骗的常见套路',
  '被欠薪可以向哪些部门求助', '签订劳动合同要注意什么', '发生交通事故后应当怎么做', '未成年人网络保护有哪些规定',
  '买到假种子假化肥如何维权', '个人信息被泄露怎么办', '如何申请人身安全保护令', '相邻关系中通行和排水的规定',
  '高空抛物要承担哪些责任', '人民调解协议有什么效力', '申请司法确认需要准备哪些材料', '对行政行为不服怎样申请复议',
  '信访事项的受理和办理时限', '申请低保需要满足哪些条件', '哪些情况可以申请法律援助', '为什么禁止露天焚烧秸秆',
  '私自占用耕地建房有什么后果', '禁牧期间放牧会受到什么处罚', '燃气使用安全常识', '农村自建房安全有哪些要求',
  '宪法规定的公民基本权利和义务', '民法典中的居住权', '法定继承人的范围和顺序', '彩礼在什么情况下应当返还',
  '农机买卖发生纠纷如何处理', '网购“七日无理由退货”怎么用', '醉驾的认定标准和后果', '校园欺凌的法律责任',
  '老年人如何防范养老诈骗', '如何识别非法集资', '见义勇为受伤谁来补偿', '雇工受伤雇主是否担责',
  '村务公开包括哪些内容', '村民委员会选举中的权利', '土地承包期再延长三十年政策解读', '征收补偿标准到哪里查询',
  '农村集体经济组织成员享有哪些权利', '物业费纠纷怎样解决',
];

const CASES = [
  '口头约定流转土地，租金纠纷如何认定', '老人自书遗嘱被认定有效', '外出务工受伤，包工头承担赔偿责任', '冒充客服“退款”骗走积蓄',
  '邻居砌墙堵路被判拆除', '牛羊啃食庄稼，养殖户赔偿损失', '借钱不还，借条成为关键证据', '彩礼纠纷中的返还比例',
  '醉酒驾驶农用车被追究刑事责任', '未经批准占用耕地建房被责令拆除', '露天焚烧秸秆被依法处罚', '劣质化肥致减产，农户获赔',
  '网购农资遇假货成功维权', '离婚时隐藏财产被少分', '子女拒绝赡养被判支付赡养费', '宠物犬伤人，饲养人担责',
  '楼上坠物砸坏车辆，业主赔偿', '拖欠农民工工资被列入失信名单', '虚假宣传保健品骗取老人钱财', '村集体合同未经表决被确认无效',
  '土地承包经营权继承纠纷', '相邻排水纠纷经调解化解', '“高回报”非法集资血本无归', '未成年人大额游戏充值获退款',
  '编造网络谣言被行政拘留', '出借银行卡涉帮助信息网络犯罪', '家暴受害人获得人身安全保护令', '违规燃放烟花爆竹被处罚',
  '农机作业费拖欠经诉讼追回', '葵花籽收购款拖欠调解成功', '浇地跑水淹邻地，赔偿损失', '盗窃电缆被判刑',
  '冒用他人身份贷款被追责', '农业保险理赔纠纷', '未签劳动合同获得双倍工资', '返聘人员工伤赔偿纠纷',
  '参与赌博被治安处罚', '非法收购野生动物被追究刑事责任',
];

/** [event, month, theme, 法律五进 targets, where ('village' = a village's service centre), laws] */
const EVENTS: ReadonlyArray<readonly [string, number, string, readonly string[], string, string]> = [
  ['“三八”妇女维权周法律宣传', 3, 'other', ['villages'], '镇区集贸市场', '妇女权益保障法、反家庭暴力法'],
  ['全民国家安全教育日法治宣传', 4, 'other', ['organs', 'units'], '镇政府院内', '国家安全法'],
  ['民法典宣传月集中宣传', 5, 'civilCodeMonth', ['villages', 'communities'], '镇区文化广场', '民法典'],
  ['民法典进农家宣讲', 5, 'civilCodeMonth', ['villages'], 'village', '民法典婚姻家庭编、继承编'],
  ['安全生产月法律咨询日', 6, 'other', ['enterprises'], '镇区某粮食收储企业（示例）', '安全生产法'],
  ['国际禁毒日法治宣传', 6, 'other', ['units', 'communities'], '镇区街道', '禁毒法'],
  ['以案释法：土地流转纠纷典型案例讲解', 7, 'caseExplanation', ['villages'], 'village', '农村土地承包法、民法典'],
  ['防范电信网络诈骗宣传', 8, 'antiFraud', ['communities', 'enterprises'], '镇区集贸市场', '反电信网络诈骗法'],
  ['信访工作条例宣传进村', 9, 'other', ['villages', 'organs'], 'village', '信访工作条例'],
  ['以案释法进企业：劳动用工风险提示', 10, 'caseExplanation', ['enterprises'], '某农业科技有限公司（示例）', '劳动合同法、保障农民工工资支付条例'],
  ['农民工工资支付法律宣传', 11, 'other', ['enterprises', 'units'], '镇区某建设工地（示例）', '保障农民工工资支付条例'],
  ['“宪法宣传周”系列宣传活动', 12, 'constitutionWeek', ['organs', 'units', 'communities'], '镇政府会议室及镇区街道', '宪法'],
];

export async function loadPublicity(ty: TownYear): Promise<void> {
  await Promise.all([onlinePosts(ty), offlineEvents(ty), legalLiterate(ty)]);
}

async function onlinePosts(ty: TownYear) {
  const { plan, year, town } = ty;
  const rng = rngFor(ty, 'online');
  const { posts, reads } = plan.online;
  const knowledgeCount = Math.round(posts * 0.55);
  const items: Array<[string, string]> = rng.shuffle([
    ...takeTitles(rng, KNOWLEDGE, knowledgeCount).map((t): [string, string] => [`【普法小课堂】${t}`, 'knowledge']),
    ...takeTitles(rng, CASES, posts - knowledgeCount).map((t): [string, string] => [`【以案说法】${t}`, 'typicalCase']),
  ]);
  const readCounts = rng.split(reads, posts, 3);
  const dates = spreadOverYear(rng, year, posts);
  const bodies: RecordBody[] = items.map(([title, contentKind], i) => {
    const channel = rng.pick(['officialAccount', 'officialAccount', 'wechatGroup', 'wechatGroup', 'video']);
    const village = channel === 'wechatGroup' ? rng.pick(town.villages) : undefined;
    return {
      orgId: village?.unit.id ?? town.unit.id,
      date: dates[i],
      title,
      mode: 'online',
      channel,
      contentKind,
      url: channel === 'officialAccount' ? `https://mp.example.com/${town.abbr === '双' ? 'smz' : town.abbr === '蛮' ? 'mhz' : 'tjz'}/${year}/${i + 1}` : null,
      reads: readCounts[i],
    };
  });
  await ty.w.createAll('publicityItem', bodies);
}

async function offlineEvents(ty: TownYear) {
  const { plan, year, town } = ty;
  const rng = rngFor(ty, 'offline');
  const events = plan.offline >= EVENTS.length ? [...EVENTS] : rng.sample(EVENTS, plan.offline).sort((a, b) => a[1] - b[1]);
  const bodies: RecordBody[] = events.map(([title, month, theme, fiveInto, where, laws]) => {
    const village = where === 'village' ? rng.pick(town.villages) : undefined;
    // 宪法宣传周 is the week up to 4 December, National Constitution Day.
    const date = theme === 'constitutionWeek' ? workdayIn(rng, year, 12, 1, 4) : workdayIn(rng, year, month, 3, 26);
    return {
      orgId: village?.unit.id ?? town.unit.id,
      date,
      title: village ? `${village.unit.name}${title}` : title,
      mode: 'offline',
      theme,
      fiveInto,
      location: village ? `${village.unit.name}党群服务中心` : where,
      laws,
      audience: rng.int(60, 320),
      materialsHandedOut: rng.int(100, 600),
    };
  });
  await ty.w.createAll('publicityItem', bodies);
}

/** 法律明白人 (village mediators, here) and, when there are two or more, a model village. */
async function legalLiterate(ty: TownYear) {
  const { plan, year, town, cast } = ty;
  if (!plan.legalLiterate) return;
  const rng = rngFor(ty, 'legalLiterate');
  const modelVillage = plan.legalLiterate >= 2;
  const residents = plan.legalLiterate - (modelVillage ? 1 : 0);
  const chosen = rng.sample(town.villages, residents + 1);
  const date = workdayIn(rng, year, 11, 3, 25);
  const bodies: RecordBody[] = chosen.slice(0, residents).map((village) => {
    const person = villageCadre(cast.villageMediator, village.unit.id);
    return {
      orgId: village.unit.id,
      date,
      title: `${person.name}被认定为“法律明白人”`,
      recognitionKind: 'legalLiterateResident',
      person: person.id,
      village: village.unit.id,
      level: 'county',
      year,
      awardedBy: '杭锦后旗司法局（示例）',
    };
  });
  const model = chosen[residents];
  if (modelVillage && model) {
    bodies.push({
      orgId: model.unit.id,
      date,
      title: `${model.unit.name}获评旗级民主法治示范村`,
      recognitionKind: 'modelVillage',
      village: model.unit.id,
      level: 'county',
      year,
      awardedBy: '杭锦后旗全面依法治旗委员会（示例）',
      docNo: `杭后法委发〔${year}〕${rng.int(2, 9)}号（示例）`,
    });
  }
  await ty.w.createAll('legalLiterate', bodies);
}
