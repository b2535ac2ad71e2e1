/** 依法决策: the legal advisor, disclosures, major decisions, contract and document review. */
import { addDays, addWorkdays, clampToYear, DEMO_AS_OF, DEMO_AUTUMN_DAY, spreadOverYear, workdayIn, workdaysBefore, ymd } from './calendar.js';
import { maskedParty } from './names.js';
import type { Rng } from './random.js';
import { rngFor, shortName, takeTitles, townId, type TownYear } from './town-year.js';
import type { RecordBody } from './writer.js';

/** Made-up law firms, one per town (by its abbreviation). */
const FIRMS: Record<string, string> = {
  双: '河套明律律师事务所（示例）',
  蛮: '巴彦淖尔正衡律师事务所（示例）',
  团: '后套法信律师事务所（示例）',
};
export const firmOf = (ty: TownYear) => FIRMS[ty.town.abbr] ?? '某律师事务所（示例）';

export async function loadDecision(ty: TownYear): Promise<void> {
  await Promise.all([legalAdvisor(ty), disclosures(ty), majorDecisions(ty), contractReviews(ty), normativeDocuments(ty), dutyList(ty), reconsiderations(ty)]);
}

/** 一村一法律顾问: one engagement for the calendar year, serving the town and some or all villages. */
async function legalAdvisor(ty: TownYear) {
  const { plan, year, town, cast } = ty;
  if (plan.advisorVillages === 0) return;
  const served = plan.advisorVillages === 'all' ? town.villages : town.villages.slice(0, plan.advisorVillages);
  const all = served.length === town.villages.length;
  await ty.w.create('legalAdvisor', {
    orgId: town.unit.id,
    date: ymd(year, 1, 1),
    endDate: ymd(year, 12, 31),
    title: `${year}年度聘请${firmOf(ty)}律师担任镇村法律顾问`,
    advisor: cast.lawyer.id,
    firm: firmOf(ty),
    isLawyer: true,
    servedUnits: [town.unit.id, ...served.map((v) => v.unit.id)],
    scope: ['decisionReview', 'contractReview', 'documentReview', 'disputeMediation', 'petitionReception', 'consultation', 'publicity'],
    fee: all ? 36000 : 12000 + 3000 * served.length,
    contractNo: `${town.abbr}法顾〔${year}〕1号`,
    notes: all ? '服务镇政府及全部行政村，实现一村一法律顾问全覆盖。' : `本年度服务镇政府及${served.map((v) => v.unit.name).join('、')}。`,
  });
}

type Category = 'socialAssistance' | 'landContractTransfer' | 'homestead' | 'policy' | 'financeBudget' | 'other' | 'personnel' | 'expropriation';

/** Share of each category among a town's disclosures, roughly what township portals show. */
const CATEGORY_SHARE: ReadonlyArray<readonly [Category, number]> = [
  ['socialAssistance', 0.2],
  ['landContractTransfer', 0.17],
  ['homestead', 0.13],
  ['policy', 0.15],
  ['other', 0.17],
  ['financeBudget', 0.07],
  ['personnel', 0.06],
  ['expropriation', 0.05],
];

const DEPARTMENT: Record<Category, string> = {
  socialAssistance: '民政和社会事务办公室',
  landContractTransfer: '农业农村办公室',
  homestead: '自然资源所',
  policy: '党政综合办公室',
  other: '农业农村办公室',
  financeBudget: '财政所',
  personnel: '党建工作办公室',
  expropriation: '自然资源所',
};

const POLICIES = [
  '秸秆禁烧工作方案', '森林草原防火工作方案', '防汛抗旱应急预案', '农村人居环境整治实施方案', '矛盾纠纷排查化解工作制度',
  '安全生产大检查工作方案', '耕地保护网格化监管方案', '政务公开工作要点', '法治政府建设工作要点', '普法依法治理工作要点',
  '燃气安全专项整治方案', '冬春季农田水利建设方案',
];
const PROJECTS = ['乡村道路拓宽工程', '灌溉渠系改造工程', '镇区污水管网工程', '高标准农田建设项目'];

/** A title, and the month its information is formed in when the title names one. */
type Candidate = readonly [title: string, month: number | null];

/** Candidate titles per category for one town-year; a category's quota is taken from its list. */
function disclosureTitles(ty: TownYear, rng: Rng): Record<Category, Candidate[]> {
  const { year } = ty;
  const short = shortName(ty);
  const v = ty.town.villages.map((x) => x.unit.name);
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const any = (titles: string[]): Candidate[] => titles.map((t) => [t, null]);
  return {
    socialAssistance: rng.shuffle([
      ...months.map((m): Candidate => [`${year}年${m}月城乡低保对象动态调整情况公示`, m]),
      ...months.map((m): Candidate => [`${year}年${m}月临时救助发放情况公示`, m]),
    ]),
    landContractTransfer: any(rng.shuffle(v.flatMap((name) => [`${name}土地经营权流转情况公示`, `${name}机动地发包结果公示`]))),
    homestead: any(rng.shuffle(v.flatMap((name) => [1, 2].map((k) => `${name}农村宅基地申请审核结果公示（第${k}批）`)))),
    policy: any(rng.shuffle(POLICIES.map((p) => `关于印发《${short}镇${year}年${p}》的通知`))),
    other: any(
      rng.shuffle([
        ...v.map((name) => `${name}${year}年村级财务收支情况公开`),
        `${year}年耕地地力保护补贴发放情况公示`,
        `${year}年惠民惠农补贴“一卡通”发放情况公示`,
        `${year}年农机购置补贴受益对象公示`,
      ]),
    ),
    financeBudget: [
      [`${short}镇${year}年部门预算公开`, 2],
      [`${short}镇${year - 1}年部门决算公开`, 8],
      [`${short}镇${year}年“三公”经费预算说明`, 2],
      [`${short}镇${year}年上半年财政收支情况`, 7],
    ],
    personnel: any([`${short}镇${year}年公益性岗位招聘公告`, `${short}镇${year}年公益性岗位拟聘人员公示`, `${short}镇村级后备干部选拔结果公示`, `${short}镇${year}年大学生村官考核结果公示`]),
    expropriation: any(rng.shuffle(PROJECTS.map((p) => `${p}征收土地补偿安置方案公告`))),
  };
}

async function disclosures(ty: TownYear) {
  const { plan, year } = ty;
  const rng = rngFor(ty, 'disclosure');
  const titles = disclosureTitles(ty, rng);
  // Quotas by share; the remainder goes to the categories with the most titles left.
  const picked: Array<[Category, Candidate]> = [];
  for (const [category, share] of CATEGORY_SHARE) {
    const n = Math.min(Math.floor(plan.disclosures * share), titles[category].length);
    for (const candidate of titles[category].splice(0, n)) picked.push([category, candidate]);
  }
  for (let i = 0; picked.length < plan.disclosures; i++) {
    const [category] = CATEGORY_SHARE[i % CATEGORY_SHARE.length] as readonly [Category, number];
    const candidate = titles[category].shift();
    if (candidate) picked.push([category, candidate]);
  }
  const ordered = rng.shuffle(picked);
  const placed = plan.dueListShowcase ? placeAroundReferenceDays(rng, ordered) : new Map<number, Placement>();
  // Late ones are formed by October, so that even late they are published within the year.
  const lateCandidates = [...ordered.keys()].filter((i) => !placed.has(i) && (ordered[i]?.[1][1] ?? 0) <= 10);
  const placedLate = [...placed].filter(([, p]) => p.late).map(([i]) => i);
  const late = new Set([...placedLate, ...rng.sample(lateCandidates, plan.lateDisclosures - placedLate.length)]);
  const formed = spreadOverYear(rng, year, ordered.length, 1, 12);
  const bodies: RecordBody[] = ordered.map(([category, [title, month]], i) => {
    const spread = formed[i] as string;
    const place = placed.get(i);
    const formedOn = place?.formedOn ?? (month ? workdayIn(rng, year, month, 3, 25) : late.has(i) ? spread.replace(/^(\d{4})-(11|12)/, '$1-10') : spread);
    const publishedOn = place?.publishedOn ?? clampToYear(addWorkdays(formedOn, late.has(i) ? rng.int(24, 32) : rng.int(1, 12)), year);
    const channel = category === 'landContractTransfer' || category === 'homestead' ? rng.pick(['noticeBoard', 'platform']) : rng.pick(['platform', 'platform', 'wechat', 'website']);
    return {
      orgId: townId(ty),
      date: formedOn,
      title,
      category,
      mode: 'proactive',
      channel,
      department: DEPARTMENT[category],
      formedOn,
      publishedOn,
      url: channel === 'platform' || channel === 'website' ? `https://zwgk.example.com/hjhq/${ty.town.abbr === '双' ? 'smz' : ty.town.abbr === '蛮' ? 'mhz' : 'tjz'}/${year}/${String(i + 1).padStart(3, '0')}.html` : null,
      notes: late.has(i) ? '公开时间超过20个工作日，已在政务公开工作会上说明原因。' : null,
    };
  });
  await ty.w.createAll('disclosure', bodies);
}

interface Placement {
  formedOn: string;
  publishedOn: string;
  late: boolean;
}

/**
 * Four items whose titles name no month, placed around both reference days. On 1 October one
 * formed more than 20 working days before and published only after it (overdue), and one formed
 * about 15 working days before and published just after it, still in time (due within two weeks).
 * In December, when every item of the year is public by the reference day, one published late
 * and one just in time shortly before it.
 */
function placeAroundReferenceDays(rng: Rng, ordered: ReadonlyArray<readonly [Category, Candidate]>): Map<number, Placement> {
  const free = [...ordered.keys()].filter((i) => ordered[i]?.[1][1] === null);
  const [lateInAutumn, lateInDecember, slowInAutumn, slowInDecember] = rng.sample(free, 4) as [number, number, number, number];
  return new Map<number, Placement>([
    [lateInAutumn, { formedOn: workdaysBefore(DEMO_AUTUMN_DAY, 23), publishedOn: addWorkdays(DEMO_AUTUMN_DAY, 2), late: true }],
    [lateInDecember, { formedOn: workdaysBefore(DEMO_AS_OF, 27), publishedOn: workdaysBefore(DEMO_AS_OF, 3), late: true }],
    [slowInAutumn, { formedOn: workdaysBefore(DEMO_AUTUMN_DAY, 15), publishedOn: addWorkdays(DEMO_AUTUMN_DAY, 1), late: false }],
    [slowInDecember, { formedOn: workdaysBefore(DEMO_AS_OF, 20), publishedOn: workdaysBefore(DEMO_AS_OF, 1), late: false }],
  ]);
}

/** [title, area, undertaker, expert argument, risk assessment, hearing] */
const DECISIONS: ReadonlyArray<readonly [string, string, string, boolean, boolean, boolean]> = [
  ['镇区生活污水管网改造工程实施方案', 'construction', '村镇建设办公室', true, true, false],
  ['农村人居环境整治提升行动方案', 'publicPolicy', '农业农村办公室', false, true, false],
  ['高标准农田建设项目土地权属调整方案', 'resources', '自然资源所', true, true, true],
  ['镇村集体经济发展扶持资金管理办法', 'publicPolicy', '财政所', false, false, false],
  ['镇区集贸市场搬迁改造方案', 'publicInterest', '党政综合办公室', true, true, true],
];

async function majorDecisions(ty: TownYear) {
  const { plan, year } = ty;
  const rng = rngFor(ty, 'majorDecision');
  const chosen = rng.sample(DECISIONS, plan.majorDecisions);
  const starts = spreadOverYear(rng, year, chosen.length, 2, 7);
  ty.links.majorDecisions = await ty.w.createAll(
    'majorDecision',
    chosen.map(([title, decisionArea, undertaker, expert, risk, hearing], i) => {
      const date = starts[i] as string;
      // 条例: comments for 30 days; expert argument and risk assessment while they run; the
      // legality review once all three are in, with at least 7 working days for the reviewer.
      const consultedOn = addWorkdays(date, rng.int(3, 8));
      const commentDays = 30;
      const expertArgumentOn = expert ? addWorkdays(consultedOn, rng.int(5, 12)) : null;
      const riskAssessmentOn = risk ? addWorkdays(consultedOn, rng.int(8, 18)) : null;
      const inputsIn = [addDays(consultedOn, commentDays), expertArgumentOn, riskAssessmentOn].filter((d): d is string => !!d).sort().at(-1) as string;
      const legalityReviewSentOn = addWorkdays(inputsIn, rng.int(1, 4));
      const legalityReviewOn = addWorkdays(legalityReviewSentOn, rng.int(7, 10));
      const decidedOn = addWorkdays(legalityReviewOn, rng.int(2, 6));
      return {
        orgId: townId(ty),
        date,
        title: `${shortName(ty)}镇${title}`,
        decisionArea,
        undertaker,
        needsExpertArgument: expert,
        needsRiskAssessment: risk,
        needsHearing: hearing,
        consultedOn,
        commentDays,
        expertArgumentOn,
        riskAssessmentOn,
        legalityReviewSentOn,
        legalityReviewOn,
        legalityReviewOpinion: '经司法所审查，决策事项在镇政府职权范围内，方案内容和起草程序符合规定，同意提交集体讨论。',
        advisorOpinion: '建议在方案中写明资金来源、补偿标准的依据和群众异议的处理渠道。',
        status: 'published',
        decidedOn,
        publishedOn: addWorkdays(decidedOn, rng.int(2, 6)),
        notes: hearing ? '公众参与期间召开听证会，听取了利害关系人和村民代表的意见。' : null,
      };
    }),
  );
}

/** [contract, type, counterparty (made up), amount in yuan] */
const CONTRACTS: ReadonlyArray<readonly [string, string, string, number]> = [
  ['镇政府办公楼屋面防水维修施工合同', 'construction', '巴彦淖尔某建筑工程有限公司（示例）', 186000],
  ['村集体机动地对外发包合同', 'landContract', '某种植专业合作社（示例）', 96000],
  ['镇区道路保洁服务委托合同', 'service', '某物业服务有限公司（示例）', 240000],
  ['农机合作社场地租赁合同', 'lease', '某农机专业合作社（示例）', 30000],
  ['办公设备采购合同', 'procurement', '某商贸有限公司（示例）', 45800],
  ['葵花籽产业园合作建设协议', 'cooperation', '某农业科技有限公司（示例）', 1200000],
];

async function contractReviews(ty: TownYear) {
  const { plan, year, cast } = ty;
  const rng = rngFor(ty, 'contractReview');
  const chosen = rng.sample(CONTRACTS, plan.contractReviews);
  const dates = spreadOverYear(rng, year, chosen.length, 2, 11);
  await ty.w.createAll(
    'contractReview',
    chosen.map(([contractName, contractType, counterparty, amount], i) => {
      const date = dates[i] as string;
      const reviewedOn = addWorkdays(date, rng.int(2, 5));
      const adopted = i !== 1;
      return {
        orgId: townId(ty),
        date,
        title: `${contractName}合法性审查`,
        contractName,
        contractType,
        counterparty,
        amount,
        reviewer: (i % 2 === 0 ? cast.lawyer : cast.justiceHead).id,
        reviewedOn,
        opinion: adopted
          ? '合同主体适格，主要条款齐全；建议补充违约责任和争议解决条款后签订。'
          : '付款节点与验收标准不对应，建议修改后重新送审。',
        adopted,
        signedOn: adopted ? clampToYear(addWorkdays(reviewedOn, rng.int(3, 10)), year) : null,
      };
    }),
  );
}

/** [name, issuer, category, document-number infix] */
const DOCUMENTS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['农村集体“三资”管理办法', 'government', 'normative', '政发'],
  ['矛盾纠纷多元化解工作实施办法', 'partyCommittee', 'partyGovernment', '党发'],
  ['村级重大事项“四议两公开”实施细则', 'partyCommittee', 'partyGovernment', '党发'],
  ['秸秆禁烧管理办法', 'government', 'normative', '政发'],
];

async function normativeDocuments(ty: TownYear) {
  const { plan, year, town } = ty;
  const rng = rngFor(ty, 'normativeDocument');
  const chosen = rng.sample(DOCUMENTS, plan.normativeDocuments);
  const dates = spreadOverYear(rng, year, chosen.length, 2, 9);
  // The showcase year: the first document is issued in September and filed just after the
  // holiday, within its 30 days; the last is issued in November and on the reference day not yet
  // filed, its 30 days nearly run.
  const placed = new Map<number, { issuedOn: string; filedOn: string | null }>(
    plan.dueListShowcase
      ? [
          [0, { issuedOn: workdaysBefore(DEMO_AUTUMN_DAY, 13), filedOn: addWorkdays(DEMO_AUTUMN_DAY, 2) }],
          [chosen.length - 1, { issuedOn: workdaysBefore(DEMO_AS_OF, 17), filedOn: null }],
        ]
      : [],
  );
  await ty.w.createAll(
    'normativeDocument',
    chosen.map(([name, issuer, docCategory, infix], i) => {
      const place = placed.get(i);
      const steps = place ? documentStepsBefore(rng, place.issuedOn) : documentStepsFrom(rng, dates[i] as string);
      return {
        orgId: town.unit.id,
        ...steps,
        title: `${shortName(ty)}镇${name}`,
        docNo: `${town.abbr}${infix}〔${year}〕${rng.int(2, 15)}号`,
        issuer,
        docCategory,
        reviewOpinion: '经审核，文件内容未设定行政许可、行政处罚等事项，未减损公民权利，同意印发。',
        advisorOpinion: '条款表述清晰，建议明确施行日期。',
        filedOn: place ? place.filedOn : addWorkdays(steps.issuedOn, rng.int(5, 12)),
        validUntil: addDays(steps.issuedOn, 365 * 5),
        status: 'valid',
      };
    }),
  );
}

/** Drafted, reviewed by the justice office, deliberated, issued: from the drafting day on. */
function documentStepsFrom(rng: Rng, date: string) {
  const reviewedOn = addWorkdays(date, rng.int(5, 10));
  const deliberatedOn = addWorkdays(reviewedOn, rng.int(2, 6));
  return { date, reviewedOn, deliberatedOn, issuedOn: addWorkdays(deliberatedOn, rng.int(3, 8)) };
}

/** The same steps, back from the day the document is issued. */
function documentStepsBefore(rng: Rng, issuedOn: string) {
  const deliberatedOn = workdaysBefore(issuedOn, rng.int(3, 8));
  const reviewedOn = workdaysBefore(deliberatedOn, rng.int(2, 6));
  return { date: workdaysBefore(reviewedOn, rng.int(5, 10)), reviewedOn, deliberatedOn, issuedOn };
}

/** [list kind, item, power type, legal basis, department] */
const DUTIES: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['basic', '对本行政区域内生产经营单位安全生产状况进行监督检查', 'inspection', '《中华人民共和国安全生产法》', '应急管理办公室'],
  ['basic', '指导村人民调解委员会开展民间纠纷调解', 'publicService', '《中华人民共和国人民调解法》', '司法所'],
  ['cooperative', '配合开展耕地保护和违法用地巡查', 'inspection', '《中华人民共和国土地管理法》', '自然资源所'],
  ['basic', '主动公开本级政府信息', 'publicService', '《中华人民共和国政府信息公开条例》', '党政综合办公室'],
];

async function dutyList(ty: TownYear) {
  const { plan, year } = ty;
  if (!plan.dutyListItems) return;
  const rng = rngFor(ty, 'dutyList');
  const date = workdayIn(rng, year, 3, 1, 20);
  await ty.w.createAll(
    'dutyList',
    DUTIES.slice(0, plan.dutyListItems).map(([listKind, item, powerType, legalBasis, department], i) => ({
      orgId: townId(ty),
      date,
      title: `${shortName(ty)}镇履职事项清单（${year}年版）`,
      listKind,
      itemNo: `${ty.town.abbr}-${String(i + 1).padStart(3, '0')}`,
      item,
      powerType,
      legalBasis,
      department,
    })),
  );
}

async function reconsiderations(ty: TownYear) {
  const { plan, year } = ty;
  if (!plan.reconsiderations) return;
  const rng = rngFor(ty, 'reconsideration');
  const short = shortName(ty);
  const bodies = takeTitles(rng, ['不服政府信息公开答复申请行政复议'], plan.reconsiderations).map((title, i) => {
    const party = maskedParty(rng);
    // The showcase year's case is a lawsuit served in December, its defence due just after the reference day.
    if (plan.dueListShowcase && i === plan.reconsiderations - 1) return lawsuitPending(ty, rng, party);
    const date = workdayIn(rng, year, 5 + i, 3, 20);
    const receivedOn = date;
    return {
      orgId: townId(ty),
      date,
      title: `${party}${title}`,
      caseType: 'reconsideration',
      caseNo: `杭后政复〔${year}〕${rng.int(3, 30)}号（示例）`,
      applicant: party,
      respondent: `${short}镇人民政府`,
      handlingBody: '杭锦后旗人民政府',
      claim: '请求撤销镇政府作出的政府信息公开答复，并公开所申请的信息。',
      receivedOn,
      // 行政复议法第48条: the written reply within 10 days of receiving the copy.
      replySubmittedOn: addWorkdays(receivedOn, rng.int(3, 6)),
      outcome: 'upheld',
      concludedOn: addWorkdays(receivedOn, rng.int(35, 50)),
    };
  });
  await ty.w.createAll('reconsideration', bodies);
}

/** A lawsuit against the town, received 8 working days before the reference day; on that day its defence is still to be submitted. */
function lawsuitPending(ty: TownYear, rng: Rng, party: string): RecordBody {
  const receivedOn = workdaysBefore(DEMO_AS_OF, 8);
  return {
    orgId: townId(ty),
    date: receivedOn,
    title: `${party}诉${shortName(ty)}镇人民政府不履行违法建设查处职责`,
    caseType: 'litigation',
    caseNo: `（${ty.year}）内0826行初${rng.int(10, 60)}号（示例）`,
    applicant: party,
    respondent: `${shortName(ty)}镇人民政府`,
    handlingBody: '杭锦后旗人民法院',
    claim: '请求判令镇人民政府依法查处邻户占用村内巷道违法建房的行为。',
    receivedOn,
    // 行政诉讼法第67条: the defence within 15 days of receiving the copy of the complaint.
    replySubmittedOn: null,
    outcome: 'pending',
    concludedOn: null,
  };
}
