/** 学法用法: the yearly catalog of laws to know, meetings, study sessions, the cadres' law exam. */
import type { KindGenerator, TownWorld } from '../world.js';
import { nth, villageSecretary } from '../world.js';

/** [law, level, issuer, in force since, why a township cadre needs it] */
const LAWS: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['中华人民共和国宪法', 'constitution', '全国人民代表大会', '1982-12-04', '根本大法，依法履职的总依据'],
  ['中华人民共和国民法典', 'law', '全国人民代表大会', '2021-01-01', '群众日常纠纷最常涉及的法律'],
  ['中华人民共和国行政处罚法', 'law', '全国人民代表大会常务委员会', '2021-07-15', '综合执法办案的基本程序'],
  ['中华人民共和国农村土地承包法', 'law', '全国人民代表大会常务委员会', '2019-01-01', '土地流转纠纷多发'],
  ['中华人民共和国土地管理法', 'law', '全国人民代表大会常务委员会', '2020-01-01', '耕地保护和宅基地管理的依据'],
  ['中华人民共和国人民调解法', 'law', '全国人民代表大会常务委员会', '2011-01-01', '镇村调解组织开展工作的依据'],
  ['信访工作条例', 'partyRegulation', '中共中央、国务院', '2022-05-01', '信访事项受理办理的时限和程序'],
  ['中华人民共和国政府信息公开条例', 'administrativeRegulation', '国务院', '2019-05-15', '主动公开的范围和时限'],
  ['重大行政决策程序暂行条例', 'administrativeRegulation', '国务院', '2019-09-01', '重大事项决策的法定程序'],
  ['中华人民共和国安全生产法', 'law', '全国人民代表大会常务委员会', '2021-09-01', '乡镇负有安全生产监督检查职责'],
  ['中华人民共和国乡村振兴促进法', 'law', '全国人民代表大会常务委员会', '2021-06-01', '乡村振兴工作的法治保障'],
  ['中华人民共和国行政复议法', 'law', '全国人民代表大会常务委员会', '2024-01-01', '镇政府作为被申请人时的答复义务'],
];

const lawOf = (i: number) => LAWS[i % LAWS.length] as (typeof LAWS)[number];

export const lawCatalog: KindGenerator = {
  kind: 'lawCatalog',
  weight: 1.5,
  make(w, i) {
    const year = w.years[i % w.years.length] as number;
    const round = Math.floor(i / w.years.length);
    const [law, level, issuer, since, why] = lawOf(round);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(w.dayIn(year, 1, 2)),
        title: round < LAWS.length ? law : `${law}（配套规定${Math.floor(round / LAWS.length)}）`,
        year,
        lawName: law,
        lawLevel: level,
        issuer,
        effectiveOn: since,
        audience: '全体镇村干部',
        why,
      },
    };
  },
};

const MEETING_KINDS: ReadonlyArray<readonly [string, number]> = [
  ['executivePreStudy', 35],
  ['deployment', 20],
  ['partyCommitteeStudy', 20],
  ['leadingGroup', 15],
  ['other', 10],
];

function meetingTitle(w: TownWorld, kind: string, year: number, law: string): string {
  switch (kind) {
    case 'deployment':
      return w.rng.pick([`${year}年度法治政府建设工作部署会`, '法治政府建设重点任务推进会', '法治建设领导小组扩大会议暨工作部署会']);
    case 'leadingGroup':
      return `全面依法治${w.name.endsWith('街道') ? '街' : '镇'}领导小组会议`;
    case 'executivePreStudy':
      return `政府常务会议会前学法：学习《${law}》`;
    case 'partyCommitteeStudy':
      return `党委会议学法：学习《${law}》`;
    default:
      return '法治督察反馈问题整改推进会';
  }
}

export const meeting: KindGenerator = {
  kind: 'meeting',
  weight: 3,
  make(w, i) {
    const kind = w.weighted(MEETING_KINDS);
    const day = w.anyDay();
    const [law] = lawOf(w.rng.int(0, LAWS.length - 1));
    const studies = kind === 'executivePreStudy' || kind === 'partyCommitteeStudy';
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: meetingTitle(w, kind, w.cal.yearOf(day), law),
        meetingKind: kind,
        chair: w.leader().id,
        location: `${w.name}机关${i % 2 === 0 ? '三楼' : '二楼'}会议室`,
        attendeeCount: w.rng.int(8, 40),
        attendees: '班子成员、各站所负责人',
        agenda: studies ? `会前学习《${law}》有关条款` : '传达上级部署，研究本单位法治建设任务',
        lawsStudied: studies ? law : null,
        decisions: kind === 'deployment' ? '明确年度重点任务、责任分工和完成时限' : null,
      },
    };
  },
};

const STUDY_KINDS: ReadonlyArray<readonly [string, number]> = [
  ['threeMeetingsOneLesson', 25],
  ['lawStudy', 25],
  ['centralGroup', 15],
  ['documentStudy', 15],
  ['lecture', 10],
  ['warningEducation', 10],
];

const TOPICS: Record<string, readonly string[]> = {
  centralGroup: ['专题学习习近平法治思想', '学习关于全面依法治国的重要论述', '学习法治政府建设实施纲要'],
  threeMeetingsOneLesson: ['党课：学习宪法，增强法治意识', '主题党日：学习民法典', '党员大会学习村民委员会组织法'],
  lawStudy: ['学习行政处罚法简易程序和普通程序', '学习土地管理法宅基地管理规定', '学习信访工作条例办理时限', '学习安全生产法主体责任'],
  lecture: ['法律顾问讲座：合同签订中的常见法律风险', '法治讲座：矛盾纠纷化解中的法律运用'],
  warningEducation: ['警示教育：观看违纪违法典型案例专题片', '以案促改警示教育会'],
  documentStudy: ['学习上级法治政府建设工作要点', '学习法治政府建设考核办法'],
};

export const studySession: KindGenerator = {
  kind: 'studySession',
  weight: 10,
  make(w) {
    const kind = w.weighted(STUDY_KINDS);
    // 三会一课 is held by the village Party branches; most other study by the town.
    const village = w.village();
    const atVillage = kind === 'threeMeetingsOneLesson' || (kind === 'lawStudy' && w.rng.chance(0.2));
    const unit = atVillage ? (w.rng.chance(0.8) ? village.unit : w.rng.pick(village.grids)) : w.town.unit;
    const special = kind === 'centralGroup' && w.rng.chance(0.3);
    const [law] = lawOf(w.rng.int(0, LAWS.length - 1));
    return {
      unit,
      values: {
        date: w.date(w.anyDay()),
        title: `${atVillage ? village.unit.name : ''}${w.rng.pick(TOPICS[kind] ?? [])}`,
        tags: special ? ['specialStudy', 'xiThought'] : w.rng.chance(0.05) ? ['constitution'] : null,
        studyKind: kind,
        lawsCovered: law,
        lawCatalogItem: w.rng.chance(0.4) ? w.link('lawCatalog') : null,
        presenter: atVillage ? villageSecretary(w, village).name : kind === 'lecture' ? `${w.rng.pick(w.cast.lawyers).name}（法律顾问）` : w.leader().name,
        location: atVillage ? `${village.unit.name}党群服务中心` : `${w.name}机关会议室`,
        attendeeCount: atVillage ? w.rng.int(10, 40) : w.rng.int(12, 60),
        hours: w.rng.int(1, 6) / 2,
        content: `围绕${law}开展学习，结合本地实际交流体会。`,
      },
    };
  },
};

export const lawExam: KindGenerator = {
  kind: 'lawExam',
  weight: 0.3,
  make(w, i) {
    const year = w.years[i % w.years.length] as number;
    const candidates = w.rng.int(30, 120);
    const sat = candidates - w.rng.int(0, 5);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(w.dayIn(year, 9, 12)),
        title: nth([`${year}年度领导干部学法用法考试`], Math.floor(i / w.years.length)),
        organiser: w.rng.chance(0.6) ? '县（区）司法局' : `${w.name}党委`,
        examForm: w.weighted([['online', 50], ['closedBook', 35], ['openBook', 15]] as const),
        candidates,
        sat,
        passed: sat - w.rng.int(0, 3),
        passMark: 60,
        fullMark: 100,
      },
    };
  },
};
