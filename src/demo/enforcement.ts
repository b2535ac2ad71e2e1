/** 执法规范: inspections, penalty cases, training and exams, body cameras, certificates, case-file review. */
import { addDays, addWorkdays, clampToYear, DEMO_AS_OF, nextWorkday, spreadOverYear, workdayIn, workdaysBefore, ymd } from './calendar.js';
import { EXAMPLE_MARK, maskedParty } from './names.js';
import { MANHUI } from './org-tree.js';
import type { Rng } from './random.js';
import type { InspectionDomain } from './plans.js';
import { names, rngFor, shortName, takeTitles, townId, type TownYear } from './town-year.js';
import type { RecordBody } from './writer.js';

const INSPECTIONS: Record<InspectionDomain, readonly string[]> = {
  foodDrug: ['校园周边食品安全专项检查', '节日期间食品市场专项检查', '农村集体聚餐食品安全检查', '药品零售门店规范经营检查', '小餐饮和食品小作坊专项整治'],
  publicHealth: ['公共场所卫生专项检查', '农村饮用水卫生安全检查', '村卫生室和个体诊所规范执业检查', '病媒生物防制专项检查'],
  naturalResources: ['耕地保护和违法占地专项巡查', '“大棚房”问题整改情况复查', '农村乱占耕地建房专项排查', '草原禁牧休牧专项检查', '河道采砂专项巡查'],
  ecoEnvironment: ['秸秆禁烧专项巡查', '畜禽养殖场粪污处理专项检查', '农村生活垃圾和污水治理检查', '废旧地膜回收利用专项检查'],
  workSafety: ['农机安全生产专项检查', '燃气安全隐患专项排查整治', '粮食收储和烘干企业安全检查', '汛期安全隐患排查', '冬季取暖和煤气中毒防范检查'],
  fireSafety: ['人员密集场所消防安全检查', '农村“三合一”场所消防隐患排查'],
};

const JOINT: Record<InspectionDomain, string> = {
  foodDrug: '杭锦后旗市场监督管理局（示例）',
  publicHealth: '杭锦后旗卫生健康委员会（示例）',
  naturalResources: '杭锦后旗自然资源局（示例）',
  ecoEnvironment: '巴彦淖尔市生态环境局杭锦后旗分局（示例）',
  workSafety: '杭锦后旗应急管理局（示例）',
  fireSafety: '杭锦后旗消防救援大队（示例）',
};

/** A penalty case: [cause, party type, party, violation, basis, kind, amount]. Parties are made up. */
const PENALTIES: ReadonlyArray<readonly [string, 'person' | 'entity', string, string, string, string, number | null]> = [
  [
    '露天焚烧秸秆案',
    'person',
    `刘某某${EXAMPLE_MARK}`,
    '当事人在自家承包地内露天焚烧玉米秸秆，产生烟尘污染，经现场劝阻后停止。',
    '《中华人民共和国大气污染防治法》第七十七条、第一百一十九条第一款',
    'fine',
    500,
  ],
  [
    '擅自在街道两侧堆放物料案',
    'entity',
    `杭锦后旗某建材经销部${EXAMPLE_MARK}`,
    '当事人未经批准在镇区主街两侧长期堆放建材，影响通行和市容，经责令限期清理后逾期未清理。',
    '《城市市容和环境卫生管理条例》第十四条、第三十六条',
    'fine',
    300,
  ],
  [
    '随意倾倒建筑垃圾案',
    'person',
    `王某${EXAMPLE_MARK}`,
    '当事人将房屋翻建产生的建筑垃圾倾倒在村道边排水沟内。',
    '《中华人民共和国固体废物污染环境防治法》关于建筑垃圾管理的规定',
    'warning',
    null,
  ],
];

const TRAININGS = [
  ['行政执法人员业务能力提升培训班', '杭锦后旗司法局（示例）', '行政处罚法、行政强制法及执法文书制作'],
  ['行政执法综合管理监督平台应用培训', '巴彦淖尔市司法局（示例）', '执法案件网上办理和全过程记录'],
  ['综合行政执法队伍法律知识轮训', '杭锦后旗司法局（示例）', '乡镇赋权事项的法律依据和办案程序'],
] as const;

export async function loadEnforcement(ty: TownYear): Promise<void> {
  const cases = penaltyCases(ty);
  const lastDecided = cases.map((c) => String(c.decidedOn)).sort().at(-1);
  await Promise.all([inspections(ty), ty.w.createAll('penaltyCase', cases), trainings(ty), equipment(ty), certificates(ty), caseReviews(ty, lastDecided)]);
}

async function inspections(ty: TownYear) {
  const { plan, year, cast } = ty;
  const rng = rngFor(ty, 'inspection');
  const bodies: RecordBody[] = [];
  for (const [domain, count] of Object.entries(plan.inspections) as Array<[InspectionDomain, number]>) {
    const dates = spreadOverYear(rng, year, count, 2, 12);
    takeTitles(rng, INSPECTIONS[domain], count).forEach((title, i) => {
      const targetsInspected = rng.int(6, 30);
      const problemsFound = rng.int(0, Math.min(8, targetsInspected));
      const casesFiled = problemsFound > 4 && rng.chance(0.3) ? 1 : 0;
      bodies.push({
        orgId: townId(ty),
        date: dates[i],
        title: `${year}年${title}`,
        domain,
        leadDepartment: `${shortName(ty)}镇综合行政执法队`,
        jointDepartments: rng.chance(0.6) ? JOINT[domain] : null,
        officers: names(rng.sample(cast.officers, 2)),
        targetsInspected,
        problemsFound,
        problemsRectified: problemsFound - (rng.chance(0.2) ? Math.min(1, problemsFound) : 0),
        casesFiled,
        recorderUsed: year >= 2025 || rng.chance(0.5),
        findings: problemsFound ? `发现问题${problemsFound}处，已当场下达整改通知，逐一登记并跟踪复查。` : '未发现明显问题，对检查对象开展了普法提醒。',
      });
    });
  }
  await ty.w.createAll('inspection', bodies);
}

/** The step dates of a penalty case, null for a step not taken. */
type PenaltySteps = Record<
  'investigatedOn' | 'legalAuditOn' | 'notifiedOn' | 'statementOn' | 'hearingNoticeOn' | 'hearingOn' | 'decidedOn' | 'servedOn' | 'publishedOn' | 'executedOn' | 'closedOn',
  string | null
>;

function penaltyCases(ty: TownYear): RecordBody[] {
  const { plan, year, town } = ty;
  const rng = rngFor(ty, 'penalty');
  const showcase = plan.dueListShowcase === true;
  if (showcase && plan.penalties !== 2) throw new Error('the showcase year has two penalty cases');
  // The showcase year: the materials case of September (heard, decided near its 90 days), then the straw burning of October.
  const chosen = showcase ? PENALTIES.slice(0, 2).reverse() : PENALTIES.slice(year === 2025 ? 0 : 2).concat(PENALTIES).slice(0, plan.penalties);
  const dates = spreadOverYear(rng, year, chosen.length, 3, 9);
  return chosen.map(([cause, partyType, partyName, violation, legalBasis, penaltyKind, amount], i) => {
    const showcaseCase = showcase ? (i === 0 ? decidedNearTheLimit() : servedLate()) : undefined;
    const date: string = showcaseCase?.date ?? (dates[i] as string);
    const steps = showcaseCase?.steps ?? ordinarySteps(rng, date, penaltyKind === 'warning', i === 0);
    // People get a fresh masked name per case; the made-up businesses keep theirs.
    const party = partyType === 'person' ? maskedParty(rng) : partyName;
    return {
      orgId: town.unit.id,
      date,
      title: `${party.replace(EXAMPLE_MARK, '')}${cause}`,
      caseNo: `杭后${town.abbr}综执罚〔${year}〕${i + 1}号`,
      partyType,
      partyName: party,
      violation,
      legalBasis,
      legalAuditRequired: steps.legalAuditOn !== null,
      hearingRequested: steps.hearingOn !== null,
      penaltyKind,
      amount,
      ...steps,
      status: steps.closedOn ? 'closed' : 'executed',
      notes: ['当事人信息为虚构示例。', showcaseCase?.note].filter(Boolean).join(''),
    };
  });
}

/** Filed, investigated, the party told and heard, decided, served, published, paid; the first case of the year also closed. */
function ordinarySteps(rng: Rng, filed: string, warning: boolean, closed: boolean): PenaltySteps {
  const investigatedOn = addWorkdays(filed, rng.int(5, 12));
  const notifiedOn = addWorkdays(investigatedOn, rng.int(1, 3));
  // The party has 3 days to state a case and 5 to ask for a hearing; the decision follows.
  const decidedOn = addWorkdays(notifiedOn, rng.int(5, 8));
  const servedOn = addWorkdays(decidedOn, rng.int(0, 3));
  const executedOn = warning ? servedOn : addWorkdays(servedOn, rng.int(3, 10));
  return {
    investigatedOn,
    legalAuditOn: null,
    notifiedOn,
    statementOn: rng.chance(0.5) ? addWorkdays(notifiedOn, rng.int(1, 3)) : null,
    hearingNoticeOn: null,
    hearingOn: null,
    decidedOn,
    servedOn,
    // Penalty decisions are published within 7 working days.
    publishedOn: addWorkdays(decidedOn, rng.int(2, 6)),
    executedOn,
    closedOn: closed ? addWorkdays(executedOn, rng.int(2, 6)) : null,
  };
}

/**
 * The party contested the facts and asked for a hearing, so the case went to legal review after
 * it; the decision came on the 89th day of its 90. Executed a few days before the reference day.
 */
function decidedNearTheLimit(): { date: string; steps: PenaltySteps; note: string } {
  const decidedOn = workdaysBefore(DEMO_AS_OF, 8);
  const date = nextWorkday(addDays(decidedOn, -89));
  const investigatedOn = workdaysBefore(decidedOn, 34);
  const notifiedOn = addWorkdays(investigatedOn, 2);
  const hearingNoticeOn = addWorkdays(notifiedOn, 3);
  // 行政处罚法第64条: the hearing at least 7 working days after the notice.
  const hearingOn = addWorkdays(hearingNoticeOn, 8);
  const servedOn = addWorkdays(decidedOn, 1);
  return {
    date,
    steps: {
      investigatedOn,
      legalAuditOn: addWorkdays(hearingOn, 6),
      notifiedOn,
      statementOn: null,
      hearingNoticeOn,
      hearingOn,
      decidedOn,
      servedOn,
      publishedOn: addWorkdays(decidedOn, 2),
      executedOn: addWorkdays(servedOn, 4),
      closedOn: null,
    },
    note: '当事人称堆放物料经村委会同意，要求听证；听证后经司法所法制审核，于立案后第89日作出决定。',
  };
}

/** Decided in October; the party was away, so it was served (and published) late, and closed in November. */
function servedLate(): { date: string; steps: PenaltySteps; note: string } {
  const decidedOn = workdaysBefore(DEMO_AS_OF, 45);
  const notifiedOn = workdaysBefore(decidedOn, 5);
  const investigatedOn = workdaysBefore(notifiedOn, 2);
  const servedOn = addWorkdays(decidedOn, 12);
  const executedOn = addWorkdays(servedOn, 2);
  return {
    date: workdaysBefore(investigatedOn, 8),
    steps: {
      investigatedOn,
      legalAuditOn: null,
      notifiedOn,
      statementOn: addWorkdays(notifiedOn, 2),
      hearingNoticeOn: null,
      hearingOn: null,
      decidedOn,
      servedOn,
      publishedOn: addWorkdays(servedOn, 1),
      executedOn,
      closedOn: addWorkdays(executedOn, 3),
    },
    note: '作出决定后当事人外出务工，处罚决定书未能在7个工作日内送达，返乡后直接送达；决定随后公示。',
  };
}

async function trainings(ty: TownYear) {
  const { plan, year, cast } = ty;
  const rng = rngFor(ty, 'training');
  const dates = spreadOverYear(rng, year, plan.trainings + plan.exams, 3, 11);
  const bodies: RecordBody[] = [];
  for (let i = 0; i < plan.trainings; i++) {
    const [name, organiserName, topics] = TRAININGS[i % TRAININGS.length] as (typeof TRAININGS)[number];
    bodies.push({
      orgId: townId(ty),
      date: dates[i],
      title: `参加${year}年${name}`,
      activityKind: 'training',
      organiser: 'higher',
      organiserName,
      topics,
      attendeeCount: cast.officers.length,
      hours: rng.pick([8, 12, 16]),
    });
  }
  for (let i = 0; i < plan.exams; i++) {
    const attendees = cast.officers.length;
    bodies.push({
      orgId: townId(ty),
      date: dates[plan.trainings + i],
      title: `参加${year}年度行政执法人员公共法律知识考试`,
      activityKind: 'exam',
      organiser: 'higher',
      organiserName: '杭锦后旗司法局（示例）',
      topics: '公共法律知识和乡镇执法事项专业知识',
      attendeeCount: attendees,
      passedCount: attendees,
    });
  }
  await ty.w.createAll('enforcementTraining', bodies);
}

async function equipment(ty: TownYear) {
  const { plan, year, cast, town } = ty;
  if (!plan.bodyCameras) return;
  const rng = rngFor(ty, 'equipment');
  const date = workdayIn(rng, year, 4, 1, 25);
  await ty.w.createAll(
    'equipment',
    Array.from({ length: plan.bodyCameras }, (_, i) => ({
      orgId: town.unit.id,
      date,
      title: `执法记录仪 ${i + 1} 号`,
      equipmentType: 'bodyCamera',
      model: '4G执法记录仪（示例型号）',
      serialNo: `${town.abbr}ZF-${year}-${String(i + 1).padStart(3, '0')}`,
      holder: cast.officers[i % cast.officers.length]?.id ?? null,
      inServiceSince: addDays(date, rng.int(1, 7)),
      purchasePrice: 1680,
      status: 'inService',
    })),
  );
}

async function certificates(ty: TownYear) {
  const { plan, year, cast, town } = ty;
  if (!plan.certificates) return;
  const rng = rngFor(ty, 'certificate');
  const date = workdayIn(rng, year, 3, 1, 25);
  await ty.w.createAll(
    'enforcementCertificate',
    cast.officers.slice(0, plan.certificates).map((officer, i) => {
      const issuedOn = ymd(year - rng.int(1, 2), rng.int(3, 11), rng.int(1, 28));
      return {
        orgId: town.unit.id,
        date,
        title: `${officer.name}行政执法证`,
        officer: officer.id,
        certificateNo: `1508${rng.int(100000, 999999)}${String(i + 1).padStart(2, '0')}`,
        certificateType: 'enforcement',
        // 蛮会镇's last officer is the only certified one of his station: the due list shows it.
        department: town.unit.name === MANHUI && i > 0 && i === plan.certificates - 1 ? 'agriculture' : 'comprehensiveEnforcement',
        issuingBody: '内蒙古自治区人民政府（示例）',
        enforcementScope: `${shortName(ty)}镇综合行政执法`,
        examPassed: true,
        issuedOn,
        expiresOn: addDays(issuedOn, 365 * 5),
        status: 'valid',
      };
    }),
  );
}

/** The year's case-file review, once the year's cases are decided. */
async function caseReviews(ty: TownYear, lastDecided: string | undefined) {
  const { plan, year } = ty;
  if (!plan.caseReviews) return;
  const rng = rngFor(ty, 'caseReview');
  const planned = workdayIn(rng, year, 11, 3, 20);
  const afterCases = lastDecided ? addWorkdays(lastDecided, 3) : planned;
  const date = afterCases > planned ? afterCases : planned;
  await ty.w.create('caseReview', {
    orgId: townId(ty),
    date,
    title: `${year}年度行政执法案卷评查`,
    reviewKind: 'caseFileReview',
    organiser: '杭锦后旗司法局（示例）',
    scope: `${shortName(ty)}镇${year}年作出决定的行政处罚案卷`,
    filesReviewed: plan.penalties,
    problemsFound: 2,
    problemsRectified: 2,
    findings: '个别案卷送达回证填写不完整，证据目录未编页码。',
    rectification: '补正送达回证，统一案卷装订和编目规范。',
    rectifiedOn: clampToYear(addWorkdays(date, 10), year),
  });
}
