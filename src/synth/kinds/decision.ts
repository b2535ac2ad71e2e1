/** 依法决策: major decisions, contract reviews, legal advisors, disclosure, normative documents, duty lists, reconsideration. */
import type { RecordValues } from '../../ledger/validation.js';
import type { KindGenerator, PersonRef } from '../world.js';
import { nth } from '../world.js';

const DECISIONS: ReadonlyArray<readonly [string, string]> = [
  ['镇区污水管网改造实施方案', 'construction'],
  ['农村人居环境整治三年行动方案', 'plan'],
  ['高标准农田建设项目实施方案', 'resources'],
  ['集体经营性建设用地入市方案', 'resources'],
  ['镇区集贸市场搬迁改造方案', 'publicInterest'],
  ['农村供水保障工程建设方案', 'construction'],
  ['临时救助实施细则', 'publicPolicy'],
  ['国土空间规划（乡镇级）', 'plan'],
];

type DecisionStatus = 'drafting' | 'consulting' | 'reviewing' | 'decided' | 'published' | 'shelved';
const DECISION_STATES: ReadonlyArray<readonly [DecisionStatus, number]> = [
  ['published', 40],
  ['decided', 25],
  ['consulting', 12],
  ['drafting', 10],
  ['reviewing', 8],
  ['shelved', 5],
];

export const majorDecision: KindGenerator = {
  kind: 'majorDecision',
  weight: 0.4,
  make(w, i, n) {
    const status = w.state(i, n, DECISION_STATES);
    const [subject, area] = w.rng.pick(DECISIONS);
    const expert = w.rng.chance(0.4);
    const risk = w.rng.chance(0.6);
    const short = w.rng.chance(0.1);
    const commentDays = short ? w.rng.int(10, 20) : w.rng.int(30, 40);
    // Steps as offsets from the launch, each after the steps the regulation puts before it.
    const consulted = w.rng.int(5, 20);
    const expertOn = w.rng.int(10, 40);
    const riskOn = w.rng.int(10, 40);
    const sent = Math.max(consulted, expert ? expertOn : 0, risk ? riskOn : 0) + w.rng.int(3, 10);
    const reached: Record<DecisionStatus, number> = { drafting: 0, consulting: consulted, shelved: consulted, reviewing: sent, decided: 0, published: 0 };
    const open = status === 'drafting' || status === 'consulting' || status === 'reviewing';
    // An open matter was launched lately; a decided one has its whole chain (about 100 days at most) inside the period.
    const launch = open ? w.recentDay(20, reached[status]) : w.anyDay(160);
    const sentDay = launch + sent;
    // The review takes at least 7 working days unless the shorter time is explained.
    const reviewedDay = w.cal.addWorkdays(sentDay, w.rng.chance(0.05) ? 4 : w.rng.int(7, 15));
    const decidedDay = w.cal.workdayFrom(Math.max(reviewedDay + w.rng.int(2, 10), launch + consulted + commentDays));
    const publishedDay = w.after(decidedDay, 3, 15);
    const done = status === 'decided' || status === 'published';
    const on = (day: number, ...states: DecisionStatus[]) => (states.includes(status) ? w.date(day) : null);
    const values: RecordValues = {
      date: w.date(launch),
      title: `${w.name}${subject}`,
      decisionArea: area,
      undertaker: `${w.name}${area === 'publicPolicy' ? '社会事务办公室' : '经济发展办公室'}`,
      needsExpertArgument: expert,
      needsRiskAssessment: risk,
      needsHearing: w.rng.chance(0.2),
      consultedOn: on(launch + consulted, 'consulting', 'shelved', 'reviewing', 'decided', 'published'),
      commentDays: status === 'drafting' ? null : commentDays,
      shortCommentReason: short && status !== 'drafting' ? '事项紧急，经集体研究缩短征求意见期限' : null,
      expertArgumentOn: expert ? on(launch + expertOn, 'reviewing', 'decided', 'published') : null,
      riskAssessmentOn: risk ? on(launch + riskOn, 'reviewing', 'decided', 'published') : null,
      legalityReviewSentOn: on(sentDay, 'reviewing', 'decided', 'published'),
      legalityReviewOn: on(reviewedDay, 'decided', 'published'),
      legalityReviewOpinion: done ? '经审查，决策事项符合法律法规规定，程序完备，同意提交集体讨论。' : null,
      shortReviewReason: done && reviewedDay < w.cal.addWorkdays(sentDay, 7) ? '上级督办时限紧，审查机构加快审查' : null,
      advisorOpinion: done ? '法律顾问出具书面意见，认为不存在法律风险。' : null,
      decidedOn: on(decidedDay, 'decided', 'published'),
      publishedOn: on(publishedDay, 'published'),
      status,
    };
    if (status === 'shelved') values.notes = '因条件变化，经研究暂缓决策。';
    return { unit: w.town.unit, values };
  },
};

const CONTRACTS: ReadonlyArray<readonly [string, string]> = [
  ['村集体土地租赁合同', 'lease'],
  ['镇区道路养护服务合同', 'service'],
  ['办公设备采购合同', 'procurement'],
  ['村委会办公用房维修工程施工合同', 'construction'],
  ['农村土地承包经营权流转合同', 'landContract'],
  ['村集体经济合作项目协议', 'cooperation'],
  ['垃圾清运服务合同', 'service'],
];

export const contractReview: KindGenerator = {
  kind: 'contractReview',
  weight: 2,
  make(w) {
    const [contract, type] = w.rng.pick(CONTRACTS);
    const village = w.village();
    const unit = w.rng.chance(0.3) ? village.unit : w.town.unit;
    const day = w.anyDay(30);
    const reviewed = w.after(day, 1, 7);
    const adopted = w.rng.chance(0.9);
    return {
      unit,
      values: {
        date: w.date(day),
        title: `《${unit === w.town.unit ? w.name : village.unit.name}${contract}》合法性审查`,
        contractName: `${unit === w.town.unit ? w.name : village.unit.name}${contract}`,
        contractType: type,
        amount: w.rng.int(5, 2000) * 1000,
        reviewer: w.rng.pick(w.cast.lawyers).id,
        reviewedOn: w.date(reviewed),
        opinion: adopted ? '建议明确违约责任和争议解决方式后签订。' : '合同主体资格存疑，建议暂缓签订。',
        adopted,
        signedOn: adopted && w.rng.chance(0.8) ? w.date(w.after(reviewed, 2, 20)) : null,
      },
    };
  },
};

const ADVISOR_SCOPES = ['decisionReview', 'contractReview', 'documentReview', 'disputeMediation', 'petitionReception', 'litigation', 'consultation', 'publicity'] as const;

export const legalAdvisor: KindGenerator = {
  kind: 'legalAdvisor',
  weight: 0.2,
  make(w, i) {
    // One engagement a year, serving the town and every village (一村一法律顾问); more are a second lawyer.
    const year = w.years[i % w.years.length] as number;
    const round = Math.floor(i / w.years.length);
    const lawyer = w.cast.lawyers[round % w.cast.lawyers.length] as PersonRef;
    return {
      unit: w.town.unit,
      values: {
        date: w.date(w.dayIn(year, 1, 1)),
        endDate: `${year}-12-31`,
        title: nth([`${year}年度聘请法律顾问（${lawyer.name}）`], round),
        advisor: lawyer.id,
        firm: `${w.provinceName.replace(/省$/, '')}${w.town.abbr}信律师事务所`,
        isLawyer: true,
        servedUnits: [w.town.unit.id, ...w.town.villages.map((v) => v.unit.id)],
        scope: w.rng.sample(ADVISOR_SCOPES, w.rng.int(4, 7)),
        fee: w.rng.int(20, 60) * 1000,
        contractNo: `${w.town.abbr}法顾〔${year}〕${round + 1}号`,
      },
    };
  },
};

const DISCLOSURES: ReadonlyArray<readonly [string, string, number]> = [
  ['policy', '关于印发年度重点工作任务的通知', 25],
  ['socialAssistance', '城乡低保和特困供养对象名单公示', 20],
  ['financeBudget', '部门预算和“三公”经费公开', 15],
  ['landContractTransfer', '农村土地承包经营权流转情况公示', 10],
  ['homestead', '农村宅基地审批结果公示', 10],
  ['other', '惠农补贴资金发放情况公示', 10],
  ['expropriation', '征地补偿安置方案公告', 5],
  ['personnel', '公开招聘工作人员拟聘用人员公示', 5],
];

export const disclosure: KindGenerator = {
  kind: 'disclosure',
  weight: 12,
  make(w, _i, _n, id) {
    const [category, subject] = w.weighted(DISCLOSURES.map((d) => [d, d[2]] as const));
    // Published within the 20 working days, a few late, and a few formed lately not yet out.
    const course = w.weighted([['onTime', 90], ['late', 4], ['pending', 6]] as const);
    const formed = course === 'pending' ? w.recentDay(25) : w.anyDay(60);
    const published = course === 'pending' ? null : w.cal.addWorkdays(formed, course === 'late' ? w.rng.int(21, 35) : w.rng.int(1, 15));
    const channel = w.weighted([['platform', 40], ['wechat', 30], ['noticeBoard', 20], ['website', 10]] as const);
    const year = w.cal.yearOf(formed);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(formed),
        title: `${w.name}${year}年${subject}`,
        category,
        mode: w.rng.chance(0.95) ? 'proactive' : 'onRequest',
        channel,
        department: `${w.name}党政综合办公室`,
        formedOn: w.date(formed),
        publishedOn: published === null ? null : w.date(published),
        url: published !== null && (channel === 'platform' || channel === 'website') ? `https://gk.example.gov.cn/${year}/${id}` : null,
      },
    };
  },
};

const DOCUMENTS: ReadonlyArray<readonly [string, string]> = [
  ['关于进一步规范村级财务管理的意见', 'partyCommittee'],
  ['关于加强农村宅基地管理的实施意见', 'government'],
  ['关于建立矛盾纠纷多元化解机制的通知', 'partyCommittee'],
  ['农村集体资产管理办法', 'government'],
  ['关于规范村级小微权力运行的通知', 'office'],
  ['临时救助工作实施办法', 'government'],
];

const DOC_PREFIX: Record<string, string> = { partyCommittee: '党发', government: '政发', office: '政办发' };

type DocumentStatus = 'valid' | 'amended' | 'repealed' | 'draft';
const DOCUMENT_STATES: ReadonlyArray<readonly [DocumentStatus, number]> = [
  ['valid', 60],
  ['repealed', 15],
  ['draft', 15],
  ['amended', 10],
];

export const normativeDocument: KindGenerator = {
  kind: 'normativeDocument',
  weight: 0.3,
  make(w, i, n) {
    const status = w.state(i, n, DOCUMENT_STATES);
    const [name, issuer] = w.rng.pick(DOCUMENTS);
    const reviewed = w.rng.int(5, 20);
    const deliberated = reviewed + w.rng.int(3, 15);
    const issued = deliberated + w.rng.int(1, 10);
    const filed = issued + w.rng.int(5, 25);
    const draft = status === 'draft';
    const reviewedYet = draft && w.rng.chance(0.5);
    const day = draft ? w.recentDay(40, reviewedYet ? reviewed : 0) : w.anyDay(filed);
    const issuedDay = day + issued;
    const year = w.cal.yearOf(issuedDay);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: `${w.name}${name}`,
        docNo: draft ? null : `${w.town.abbr}${DOC_PREFIX[issuer]}〔${year}〕${i + 1}号`,
        issuer,
        docCategory: issuer === 'government' ? 'normative' : 'partyGovernment',
        reviewedOn: !draft || reviewedYet ? w.date(day + reviewed) : null,
        reviewOpinion: !draft || reviewedYet ? '经司法所审核，未发现违反上位法的内容。' : null,
        advisorOpinion: draft ? null : '法律顾问同意印发。',
        deliberatedOn: draft ? null : w.date(day + deliberated),
        issuedOn: draft ? null : w.date(issuedDay),
        filedOn: draft ? null : w.date(day + filed),
        validUntil: draft ? null : `${year + 5}-12-31`,
        status,
        cleanupResult: status === 'repealed' ? '经清理，因上位法修改决定废止' : status === 'amended' ? '经清理，部分条款已修改' : null,
      },
    };
  },
};

const DUTY_ITEMS: ReadonlyArray<readonly [string, string, string]> = [
  ['basic', '农村宅基地建房审批', 'licensing'],
  ['basic', '对违法占用耕地建房的处罚', 'penalty'],
  ['basic', '城乡低保对象初审', 'confirmation'],
  ['basic', '矛盾纠纷排查调处', 'publicService'],
  ['basic', '安全生产监督检查', 'inspection'],
  ['cooperative', '配合开展食品安全监督检查', 'inspection'],
  ['cooperative', '配合开展森林草原防火', 'other'],
  ['cooperative', '配合开展征地补偿安置', 'other'],
  ['reclaimed', '农药经营许可（已由县级收回）', 'licensing'],
];

const LIST_LABEL: Record<string, string> = { basic: '基本履职事项清单', cooperative: '配合履职事项清单', reclaimed: '上级部门收回事项清单' };

export const dutyList: KindGenerator = {
  kind: 'dutyList',
  weight: 1,
  make(w, i) {
    const [listKind, item, powerType] = DUTY_ITEMS[i % DUTY_ITEMS.length] as (typeof DUTY_ITEMS)[number];
    const edition = w.years[Math.floor(i / DUTY_ITEMS.length) % w.years.length] as number;
    return {
      unit: w.town.unit,
      values: {
        date: w.date(w.dayIn(edition, 3, 4)),
        title: `${w.name}${LIST_LABEL[listKind]}（${edition}年版）`,
        listKind,
        itemNo: `${listKind.slice(0, 1).toUpperCase()}-${(i % DUTY_ITEMS.length) + 1}`,
        item: nth([item], Math.floor(i / (DUTY_ITEMS.length * w.years.length))),
        powerType,
        legalBasis: '依据有关法律法规和省级赋权目录',
        department: `${w.name}${powerType === 'penalty' || powerType === 'inspection' ? '综合行政执法队' : '便民服务中心'}`,
        cooperatingDepartment: listKind === 'cooperative' ? '县级主管部门' : null,
      },
    };
  },
};

type CaseCourse = 'received' | 'replied' | 'concluded';

export const reconsideration: KindGenerator = {
  kind: 'reconsideration',
  weight: 0.1,
  make(w, i, n) {
    const litigation = w.rng.chance(0.4);
    const course = w.state(i, n, [['concluded', 70], ['replied', 20], ['received', 10]] as ReadonlyArray<readonly [CaseCourse, number]>);
    const received = w.rng.int(0, 5);
    const replied = received + w.rng.int(3, litigation ? 14 : 9);
    const concluded = received + w.rng.int(40, 120);
    const day = course === 'received' ? w.recentDay(8) : course === 'replied' ? w.recentDay(30, replied) : w.anyDay(concluded);
    const year = w.cal.yearOf(day);
    const outcome = course === 'concluded' ? w.weighted([['upheld', 50], ['withdrawn', 15], ['revoked', 10], ['settled', 10], ['altered', 5], ['confirmedUnlawful', 5], ['orderedToAct', 5]] as const) : 'pending';
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: `某某（示例）诉${w.name}人民政府${w.rng.pick(['土地行政登记', '行政处罚', '信息公开答复', '不履行法定职责'])}${litigation ? '行政诉讼' : '行政复议'}案`,
        caseType: litigation ? 'litigation' : 'reconsideration',
        caseNo: litigation ? `（${year}）行初${i + 1}号` : `复决字〔${year}〕${i + 1}号`,
        respondent: `${w.name}人民政府`,
        handlingBody: litigation ? '县人民法院' : '县人民政府',
        claim: '请求撤销被申请人作出的行政行为',
        receivedOn: w.date(day + received),
        replySubmittedOn: course === 'received' ? null : w.date(day + replied),
        leaderAppeared: litigation && w.rng.chance(0.8),
        outcome,
        concludedOn: course === 'concluded' ? w.date(day + concluded) : null,
      },
    };
  },
};
