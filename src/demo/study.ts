/** 学法用法: the law catalog, meetings, study sessions and the cadres' law exam. */
import { spreadOverYear, workdayIn } from './calendar.js';
import { names, rngFor, shortName, takeTitles, townId, type TownYear } from './town-year.js';
import type { RecordBody } from './writer.js';

type LawLevel = 'constitution' | 'law' | 'administrativeRegulation' | 'partyRegulation';

/** Laws a township's cadres are expected to know: [name, level, issuer, in force since, why]. */
const CATALOG: ReadonlyArray<readonly [string, LawLevel, string, string, string]> = [
  ['中华人民共和国宪法', 'constitution', '全国人民代表大会', '1982-12-04', '根本大法，干部依法履职的总依据'],
  ['中华人民共和国民法典', 'law', '全国人民代表大会', '2021-01-01', '群众日常纠纷最常涉及的法律'],
  ['中华人民共和国行政处罚法', 'law', '全国人民代表大会常务委员会', '2021-07-15', '综合执法队办案的基本程序法'],
  ['中华人民共和国农村土地承包法', 'law', '全国人民代表大会常务委员会', '2019-01-01', '土地流转纠纷多发，干部须熟悉'],
  ['中华人民共和国土地管理法', 'law', '全国人民代表大会常务委员会', '2020-01-01', '耕地保护和宅基地管理的依据'],
  ['中华人民共和国人民调解法', 'law', '全国人民代表大会常务委员会', '2011-01-01', '镇村两级调解组织开展工作的依据'],
  ['信访工作条例', 'partyRegulation', '中共中央、国务院', '2022-05-01', '信访事项受理办理的时限和程序'],
  ['中华人民共和国政府信息公开条例', 'administrativeRegulation', '国务院', '2019-05-15', '主动公开的范围和时限'],
  ['重大行政决策程序暂行条例', 'administrativeRegulation', '国务院', '2019-09-01', '重大事项决策的法定程序'],
  ['中华人民共和国行政复议法', 'law', '全国人民代表大会常务委员会', '2024-01-01', '镇政府作为被申请人时的答复义务'],
  ['中华人民共和国安全生产法', 'law', '全国人民代表大会常务委员会', '2021-09-01', '乡镇负有安全生产监督检查职责'],
  ['中华人民共和国乡村振兴促进法', 'law', '全国人民代表大会常务委员会', '2021-06-01', '乡村振兴工作的法治保障'],
];

/** [title, law studied (a catalog name when it is one)] of 法治学习 sessions. */
const LAW_STUDY: ReadonlyArray<readonly [string, string]> = [
  ['学习民法典婚姻家庭编，提升调处家庭纠纷能力', '中华人民共和国民法典'],
  ['学习民法典合同编通则中的要约与承诺', '中华人民共和国民法典'],
  ['学习行政处罚法关于简易程序和普通程序的规定', '中华人民共和国行政处罚法'],
  ['学习农村土地承包法中的土地经营权流转规定', '中华人民共和国农村土地承包法'],
  ['学习人民调解法，规范调解协议的制作', '中华人民共和国人民调解法'],
  ['学习安全生产法中生产经营单位的主体责任', '中华人民共和国安全生产法'],
  ['学习食品安全法对小餐饮和食品摊贩的管理要求', '中华人民共和国食品安全法'],
  ['学习土地管理法中农村宅基地管理规定', '中华人民共和国土地管理法'],
  ['学习政府信息公开条例，明确主动公开事项和时限', '中华人民共和国政府信息公开条例'],
  ['学习重大行政决策程序暂行条例规定的五项法定程序', '重大行政决策程序暂行条例'],
  ['学习信访工作条例关于信访事项办理时限的规定', '信访工作条例'],
  ['学习新修订的行政复议法中被申请人的答复责任', '中华人民共和国行政复议法'],
  ['学习行政诉讼法中行政机关负责人出庭应诉制度', '中华人民共和国行政诉讼法'],
  ['学习保障农民工工资支付条例，防范欠薪问题', '保障农民工工资支付条例'],
  ['学习黄河保护法，守护母亲河生态安全', '中华人民共和国黄河保护法'],
  ['学习草原法与禁牧休牧管理规定', '中华人民共和国草原法'],
  ['学习消防法中农村消防安全的相关要求', '中华人民共和国消防法'],
  ['学习反电信网络诈骗法，提升群众防骗意识', '中华人民共和国反电信网络诈骗法'],
  ['学习乡村振兴促进法，依法推进产业发展', '中华人民共和国乡村振兴促进法'],
  ['学习宪法关于国家机构和公民基本权利的规定', '中华人民共和国宪法'],
];

/** Central-group study that is special study of the General Secretary's remarks on rule of law. */
const SPECIAL_STUDY = [
  '专题学习习近平总书记关于坚持全面依法治国的重要论述',
  '深入学习领会习近平总书记关于法治政府建设的重要指示',
  '研读习近平总书记关于加强基层法治建设的重要讲话',
  '专题学习习近平总书记关于推进国家治理体系和治理能力现代化的法治论述',
];

const CENTRAL_GROUP = [
  '学习习近平法治思想的核心要义和实践要求',
  '学习党的二十届三中全会关于完善中国特色社会主义法治体系的部署',
  '学习宪法序言和总纲，增强宪法意识',
  '学习信访工作条例，压实信访工作责任',
  '学习新修订的行政复议法，提升依法应对能力',
  '学习乡村振兴促进法，谋划依法兴村举措',
  '学习民法典物权编中涉及农村土地的规定',
  '学习中国共产党纪律处分条例，严守纪律底线',
  '学习安全生产法，落实党政同责、一岗双责',
  '学习土地管理法，守牢耕地保护红线',
  '学习法治政府建设实施纲要，对照检查本镇短板',
  '学习法治社会建设实施纲要，推进基层依法治理',
];

const DOCUMENT_STUDY = [
  '学习本年度法治政府建设工作要点及考核办法',
  '学习上级关于法治政府建设示范创建的文件要求',
];

const LECTURES = [
  '法律顾问专题讲座：合同签订与履行中的常见法律风险',
  '旗司法局干部讲解行政执法公示、全过程记录和法制审核三项制度',
  '法治讲座：基层矛盾纠纷化解中的法律运用',
];

const WARNING_EDUCATION = [
  '组织观看违纪违法典型案例警示教育片',
  '组织干部旁听职务犯罪案件庭审',
  '通报近年基层干部违法违纪典型案例',
];

const THREE_MEETINGS_LAWS = ['宪法和村民委员会组织法', '民法典中的相邻关系规定', '农村土地承包法', '人民调解法', '信访工作条例'];

type MeetingKind = 'deployment' | 'leadingGroup' | 'executivePreStudy' | 'partyCommitteeStudy';

/** Meetings of a set season: [title, first month, last month]; the year is put in front. */
const SEASONAL: Record<'deployment' | 'leadingGroup', ReadonlyArray<readonly [string, number, number]>> = {
  deployment: [
    ['法治政府建设工作部署会', 2, 3],
    ['法治政府建设重点任务推进会', 4, 6],
    ['法治政府建设半年工作调度会', 7, 8],
    ['法治政府建设年度考核迎检部署会', 10, 11],
  ],
  leadingGroup: [
    ['法治建设领导小组第一次全体会议', 2, 4],
    ['法治建设领导小组专题会议', 8, 11],
  ],
};
/** Which of the seasonal meetings a town holds when it holds fewer than all. */
const SEASONAL_PICK: Record<number, number[]> = { 1: [0], 2: [0, 1], 3: [0, 1, 3] };

/** Law study before a meeting: the law studied is added to the title. */
const PRE_STUDY: Record<'executivePreStudy' | 'partyCommitteeStudy', string> = {
  executivePreStudy: '政府常务会议会前学法',
  partyCommitteeStudy: '党委会议专题学法',
};

const MEETING_AGENDA: Record<MeetingKind, string> = {
  deployment: '通报上级法治政府建设要求，分解年度任务，明确责任科室和完成时限。',
  leadingGroup: '听取各成员单位法治建设工作进展，研究解决推进中的问题。',
  executivePreStudy: '会前集中学习一部与当前工作密切相关的法律法规，再研究政府工作事项。',
  partyCommitteeStudy: '党委班子成员围绕法治建设专题交流学习体会。',
};

export async function loadStudy(ty: TownYear): Promise<void> {
  const { w, plan, year, cast } = ty;
  const rng = rngFor(ty, 'study');
  const town = townId(ty);
  const short = shortName(ty);

  // 应知应会法规目录 first: study sessions link to its entries.
  const catalogDate = workdayIn(rng, year, 2, 10, 28);
  const entries = CATALOG.slice(0, plan.lawCatalogEntries);
  const catalogIds = await w.createAll(
    'lawCatalog',
    entries.map(([lawName, lawLevel, issuer, effectiveOn, why]) => ({
      orgId: town,
      date: catalogDate,
      title: `${year}年度领导干部应知应会法律法规目录`,
      year,
      lawName,
      lawLevel,
      issuer,
      effectiveOn,
      audience: '镇村两级干部',
      why,
    })),
  );
  entries.forEach(([lawName], i) => ty.links.lawCatalog.set(lawName, catalogIds[i] as string));

  // Meetings: deployment and leading-group meetings in their season, law study before meetings spread over the year.
  const meetings: RecordBody[] = [];
  const meeting = (kind: MeetingKind, date: string, title: string, law: string | null) =>
    meetings.push({
      orgId: town,
      date,
      title: `${short}镇${year}年${title}`,
      meetingKind: kind,
      chair: (kind === 'executivePreStudy' ? cast.mayor : cast.secretary).id,
      location: `${short}镇政府三楼会议室`,
      attendeeCount: rng.int(18, 42),
      attendees: '镇党政班子成员、各站所负责人、各村党支部书记',
      agenda: MEETING_AGENDA[kind],
      lawsStudied: law ? `《${law}》` : null,
      decisions: kind === 'deployment' ? '印发任务分解表；各责任科室每季度末报送进展；司法所负责督促检查。' : null,
    });
  for (const kind of ['deployment', 'leadingGroup'] as const) {
    const seasonal = SEASONAL[kind];
    const count = plan.meetings[kind];
    const picks = SEASONAL_PICK[count] ?? seasonal.map((_, i) => i);
    for (let i = 0; i < count; i++) {
      const [title, from, to]: readonly [string, number, number] = seasonal[picks[i] ?? i] ?? (seasonal[seasonal.length - 1] as readonly [string, number, number]);
      meeting(kind, workdayIn(rng, year, rng.int(from, to), 1, 28), picks[i] === undefined ? `${title}（第${i + 1}次）` : title, null);
    }
  }
  for (const kind of ['executivePreStudy', 'partyCommitteeStudy'] as const) {
    const count = plan.meetings[kind];
    const dates = spreadOverYear(rng, year, count, 3, 12);
    const laws = takeTitles(rng, CATALOG.map((c) => c[0]), count);
    laws.forEach((law, i) => meeting(kind, dates[i] as string, `${PRE_STUDY[kind]}：学习《${law}》`, law));
  }
  const meetingIds = await w.createAll('meeting', meetings);
  ty.links.deploymentMeetings = meetingIds.filter((_, i) => meetings[i]?.meetingKind === 'deployment');

  // Study sessions.
  const s = plan.study;
  const sessions: RecordBody[] = [];
  const session = (date: string, title: string, studyKind: string, extra: RecordBody = {}): void => {
    sessions.push({
      orgId: town,
      date,
      title,
      studyKind,
      presenter: cast.secretary.name,
      location: `${short}镇政府三楼会议室`,
      attendeeCount: rng.int(16, 38),
      hours: rng.pick([1, 1.5, 2]),
      ...extra,
    });
  };
  const central = [...takeTitles(rng, SPECIAL_STUDY, s.specialStudy), ...takeTitles(rng, CENTRAL_GROUP, s.centralGroup - s.specialStudy)];
  const centralDates = spreadOverYear(rng, year, s.centralGroup);
  const specialSlots = new Set(rng.sample([...central.keys()], s.specialStudy));
  let special = 0;
  let plain = s.specialStudy;
  central.forEach((_, i) => {
    const isSpecial = specialSlots.has(i);
    const title = (isSpecial ? central[special++] : central[plain++]) as string;
    session(centralDates[i] as string, `党委理论学习中心组：${title}`, 'centralGroup', {
      tags: isSpecial ? ['specialStudy', 'xiThought'] : rng.chance(0.4) ? ['xiThought'] : [],
      content: isSpecial ? '原文领学重要论述，班子成员结合分管工作交流发言。' : '集体学习后，结合本镇实际研讨落实措施。',
    });
  });

  const lawStudy = rng.sample(LAW_STUDY, s.lawStudy);
  spreadOverYear(rng, year, s.lawStudy).forEach((date, i) => {
    const [title, law] = lawStudy[i] as readonly [string, string];
    session(date, title, 'lawStudy', {
      lawsCovered: `《${law}》`,
      lawCatalogItem: ty.links.lawCatalog.get(law) ?? null,
      presenter: rng.pick([cast.justiceHead, cast.deputyMayor, cast.officers[0] ?? cast.justiceHead]).name,
      tags: law === '中华人民共和国宪法' ? ['constitution'] : [],
    });
  });

  const documentDates = spreadOverYear(rng, year, s.documentStudy, 3, 4);
  takeTitles(rng, DOCUMENT_STUDY, s.documentStudy).forEach((title, i) =>
    session(documentDates[i] as string, title, 'documentStudy', { presenter: cast.deputyMayor.name }),
  );
  const lectureDates = spreadOverYear(rng, year, s.lecture, 4, 11);
  takeTitles(rng, LECTURES, s.lecture).forEach((title, i) =>
    session(lectureDates[i] as string, title, 'lecture', { presenter: title.startsWith('法律顾问') ? cast.lawyer.name : '旗司法局（示例）', hours: 2 }),
  );
  const warningDates = spreadOverYear(rng, year, s.warningEducation, 3, 11);
  takeTitles(rng, WARNING_EDUCATION, s.warningEducation).forEach((title, i) =>
    session(warningDates[i] as string, title, 'warningEducation', { presenter: cast.secretary.name }),
  );

  // 三会一课 in village Party branches.
  const branchVillages = rng.sample(ty.town.villages, s.threeMeetingsOneLesson);
  spreadOverYear(rng, year, s.threeMeetingsOneLesson).forEach((date, i) => {
    const village = branchVillages[i % branchVillages.length];
    if (!village) return;
    const laws = rng.pick(THREE_MEETINGS_LAWS);
    sessions.push({
      orgId: village.unit.id,
      date,
      title: `${village.unit.name}党支部党课：学习${laws}`,
      studyKind: 'threeMeetingsOneLesson',
      lawsCovered: laws,
      presenter: ty.cast.villageSecretary.get(village.unit.id)?.name ?? null,
      location: `${village.unit.name}党群服务中心`,
      attendeeCount: rng.int(12, 30),
      hours: 1,
    });
  });
  await w.createAll('studySession', sessions);

  if (plan.lawExam) {
    const candidates = rng.int(42, 52);
    const sat = candidates - rng.int(0, 2);
    await w.create('lawExam', {
      orgId: town,
      date: workdayIn(rng, year, 11, 5, 25),
      title: `${year}年度干部学法用法考试`,
      organiser: '杭锦后旗普法依法治理领导小组办公室（示例）',
      examForm: 'online',
      candidates,
      sat,
      passed: sat - rng.int(0, 1),
      passMark: 60,
      fullMark: 100,
      notes: `应考人员为${short}镇机关干部，${names([cast.officeClerk])}负责组织。`,
    });
  }
}
