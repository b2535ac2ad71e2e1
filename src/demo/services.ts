/**
 * 发文, 专项督查, 公共法律服务, 宪法宣誓与法治仪式, 企业法治体检: kinds the seed report does not
 * speak of, so they are loaded for the other towns only and 双庙镇's seed figures stay exact.
 */
import { addWorkdays, clampToYear, spreadOverYear, workdayIn } from './calendar.js';
import { SHUANGMIAO } from './org-tree.js';
import { rngFor, shortName, townId, type TownYear } from './town-year.js';

const DOCUMENT_TITLES = [
  '关于调整法治建设领导小组成员的通知',
  '关于印发年度法治政府建设工作要点的通知',
  '关于开展矛盾纠纷集中排查化解的通知',
  '关于做好秸秆禁烧工作的通知',
  '关于加强安全生产工作的通知',
  '关于印发普法依法治理工作计划的通知',
  '关于做好防汛工作的通知',
  '关于开展耕地保护专项整治的通知',
  '关于调整村级议事规则的通知',
  '关于印发重大行政决策事项目录的通知',
];

const SUPERVISIONS = ['法治政府建设重点任务落实情况专项督查', '行政执法“三项制度”落实情况专项督查', '矛盾纠纷排查化解工作专项督查'];

/** [category, items, people served] per month's summary. */
const SERVICES: ReadonlyArray<readonly [string, number, number]> = [
  ['consultation', 14, 18],
  ['mediation', 6, 13],
  ['legalAid', 2, 2],
  ['documentDrafting', 3, 3],
  ['notary', 1, 1],
];

const ENTERPRISES = ['农牧业专业合作社', '粮食收储公司', '农机服务公司', '物流有限公司', '食品加工厂', '建材经销部'];

export async function loadServices(ty: TownYear) {
  if (ty.town.unit.name === SHUANGMIAO) return;
  await Promise.all([documents(ty), supervisions(ty), services(ty), ceremonies(ty), checkups(ty)]);
}

/** A dozen or so documents a year; one in ten went out without a prior legality review. */
async function documents(ty: TownYear) {
  const { year, town } = ty;
  const rng = rngFor(ty, 'issuedDocument');
  const count = year === 2025 ? 12 : 10;
  const dates = spreadOverYear(rng, year, count, 1, 11);
  let party = 0;
  let government = 0;
  await ty.w.createAll(
    'issuedDocument',
    dates.map((date, i) => {
      const issuer = i % 3 === 0 ? 'party' : 'government';
      const n = issuer === 'party' ? ++party : ++government;
      const reviewed = i !== 4;
      return {
        orgId: townId(ty),
        date,
        title: DOCUMENT_TITLES[i % DOCUMENT_TITLES.length] ?? '通知',
        issuer,
        docNo: `${town.abbr}${issuer === 'party' ? '党发' : '政发'}〔${year}〕${n}号`,
        normative: false,
        legalityReviewed: reviewed,
        reviewedBy: reviewed ? (i % 2 ? 'justiceOffice' : 'legalAdvisor') : null,
        reviewedOn: reviewed ? date : null,
      };
    }),
  );
}

async function supervisions(ty: TownYear) {
  const { year } = ty;
  const rng = rngFor(ty, 'specialSupervision');
  const count = year === 2025 ? 2 : 1;
  await ty.w.createAll(
    'specialSupervision',
    SUPERVISIONS.slice(0, count).map((topic, i) => {
      const date = workdayIn(rng, year, 4 + i * 5, 5, 20);
      const found = 3 + i * 2;
      return {
        orgId: townId(ty),
        date,
        title: `${year}年${topic}`,
        organiser: `${shortName(ty)}镇法治建设领导小组办公室（示例）`,
        scope: '镇属各站所、各村',
        problemsFound: found,
        problemsRectified: found,
        findings: '个别站所执法公示信息更新不及时，部分村矛盾纠纷台账记录不完整。',
        rectification: '限期更新公示信息，统一台账格式并逐村复查。',
        rectifiedOn: clampToYear(addWorkdays(date, 20), year),
      };
    }),
  );
}

/** The service station's monthly summary by category, January to November. */
async function services(ty: TownYear) {
  const { year } = ty;
  const rng = rngFor(ty, 'legalService');
  const months = Array.from({ length: 11 }, (_, i) => i + 1);
  const bodies = months.flatMap((month) =>
    SERVICES.filter(([category]) => category !== 'notary' || month % 4 === 0).map(([category, items, people]) => ({
      orgId: townId(ty),
      date: workdayIn(rng, year, month, 25, 31),
      title: `${year}年${month}月公共法律服务事项汇总`,
      category,
      itemCount: items + (year === 2025 ? 1 : 0),
      peopleServed: people + (year === 2025 ? 1 : 0),
      provider: `${shortName(ty)}镇司法所（示例）`,
      place: `${shortName(ty)}镇公共法律服务工作站`,
    })),
  );
  await ty.w.createAll('legalService', bodies);
}

/** A constitutional oath for newly appointed cadres, and the 国家宪法日 event (4 December). */
async function ceremonies(ty: TownYear) {
  const { year } = ty;
  const rng = rngFor(ty, 'ceremony');
  await ty.w.createAll('ceremony', [
    {
      orgId: townId(ty),
      date: workdayIn(rng, year, 3, 10, 25),
      title: `${year}年新任职干部宪法宣誓仪式`,
      ceremonyType: 'constitutionalOath',
      organiser: `${shortName(ty)}镇党委（示例）`,
      location: `${shortName(ty)}镇政府会议室`,
      participants: year === 2025 ? 9 : 6,
    },
    {
      orgId: townId(ty),
      date: `${year}-12-04`,
      title: `${year}年“国家宪法日”集中宣传活动`,
      ceremonyType: 'constitutionDay',
      organiser: `${shortName(ty)}镇司法所（示例）`,
      location: `${shortName(ty)}镇文化广场`,
      participants: 120,
    },
  ]);
}

/** Check-ups of a few enterprises; one is checked twice (it counts once). */
async function checkups(ty: TownYear) {
  const { year } = ty;
  const rng = rngFor(ty, 'enterpriseCheckup');
  const names = ENTERPRISES.slice(0, year === 2025 ? 4 : 3).map((n) => `${shortName(ty)}示例${n}`);
  const visits = [...names, names[0] as string];
  const dates = spreadOverYear(rng, year, visits.length, 3, 11);
  await ty.w.createAll(
    'enterpriseCheckup',
    visits.map((enterprise, i) => ({
      orgId: townId(ty),
      date: dates[i],
      title: i === names.length ? `${enterprise}法治体检回访` : `${enterprise}法治体检`,
      enterprise,
      provider: `${shortName(ty)}镇司法所、法律顾问（示例）`,
      problemsFound: i === names.length ? 0 : 2,
      suggestionCount: i === names.length ? 1 : 3,
      suggestions: '完善劳动合同和用工台账，规范合同审查流程。',
    })),
  );
}
