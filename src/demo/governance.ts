/** 基层治理: monthly screening in every village, the disputes it finds, petitions, mediation committees. */
import { addDays, addWorkdays, clampToYear, DEMO_AS_OF, DEMO_AUTUMN_DAY, DEMO_YEAR, lastDayOf, nextWorkday, spreadOverYear, workdayIn, workdaysBefore, ymd } from './calendar.js';
import { maskedParty } from './names.js';
import type { Rng } from './random.js';
import type { VillageNode } from './org-tree.js';
import { villageCadre } from './people.js';
import { rngFor, shortName, takeTitles, type TownYear } from './town-year.js';
import type { RecordBody } from './writer.js';

type Category = 'landTransfer' | 'marriageFamily' | 'neighbour' | 'labour' | 'expropriation' | 'contract' | 'damages' | 'other';
type Status = 'resolved' | 'mediating' | 'unresolved' | 'transferred';

/** What the dispute is about, and what a mediated settlement of it looks like. */
const DISPUTES: Record<Category, { about: readonly string[]; settled: string }> = {
  landTransfer: { about: ['村民因土地流转费拖欠发生纠纷', '承包地地界不清引发争议', '流转土地到期后返还纠纷'], settled: '承租方补付拖欠的流转费，双方续签书面流转合同' },
  marriageFamily: { about: ['子女之间赡养老人费用分担纠纷', '离婚后子女抚养费给付纠纷'], settled: '子女按月分担赡养费用并轮流照料老人' },
  neighbour: { about: ['宅基地相邻通行纠纷', '邻里间院落排水纠纷', '房屋翻建遮挡采光引发邻里矛盾'], settled: '双方重新商定通行和排水位置，当面和解' },
  labour: { about: ['农民工讨要劳务费纠纷', '务工期间受伤赔偿纠纷'], settled: '雇主分两期付清所欠劳务费' },
  expropriation: { about: ['道路拓宽占地补偿纠纷'], settled: '复核占地面积后按标准补足补偿款' },
  contract: { about: ['农机作业费结算纠纷', '葵花籽收购款拖欠纠纷'], settled: '双方核对数量后重新结算，欠款一次付清' },
  damages: { about: ['牛羊啃食庄稼赔偿纠纷', '浇地跑水淹没邻地赔偿纠纷'], settled: '侵权方按核定损失给予赔偿，双方不再追究' },
  other: { about: ['灌溉用水轮次安排争议'], settled: '村委会重新排定浇水轮次，双方认可' },
};

/** Categories in rough proportion to what a Hetao farming town sees. */
const CATEGORY_MIX: readonly Category[] = [
  'landTransfer', 'neighbour', 'marriageFamily', 'damages', 'contract', 'labour', 'landTransfer', 'other', 'neighbour', 'expropriation', 'marriageFamily', 'damages',
];

/** Categories whose disputes arise while fields are irrigated and crops stand. */
const SEASONAL = new Set<Category>(['damages', 'other']);

const CLOSING: Record<Exclude<Status, 'resolved'>, string | null> = {
  mediating: null,
  unresolved: '双方分歧较大，调解未成，已告知当事人可依法向人民法院起诉。',
  transferred: '涉及土地权属认定，已移交旗自然资源部门依法处理。',
};

interface PlannedDispute {
  village: VillageNode;
  month: number;
  /** Days of the month a dispute not found by screening may be registered on. */
  days: readonly [number, number];
  status: Status;
  category: Category;
  fromScreening: boolean;
  /** The day it was concluded, when laid out around a reference day. */
  concludedOn?: string;
}

/** Categories whose mediated agreements the parties ask a court to confirm (人民调解法第33条). */
const CONFIRMED = new Set<Category>(['landTransfer', 'labour', 'contract']);

/**
 * Disputes still being mediated in the reference year were registered late in it: on the reference
 * day one of a town's has run past the 30-day mediation period, one is close to it, one is fresh.
 */
const MEDIATING_WINDOWS = {
  beyond: { month: 11, days: [3, 7] },
  dueSoon: { month: 11, days: [24, 28] },
  fresh: { month: 12, days: [1, 10] },
} as const;

function mediatingWindow(index: number, count: number) {
  if (count === 1) return MEDIATING_WINDOWS.dueSoon;
  if (index === 0) return MEDIATING_WINDOWS.beyond;
  return index === count - 1 ? MEDIATING_WINDOWS.fresh : MEDIATING_WINDOWS.dueSoon;
}

export async function loadGovernance(ty: TownYear): Promise<void> {
  await screeningAndDisputes(ty);
  await Promise.all([petitions(ty), mediationCommittees(ty)]);
}

async function screeningAndDisputes(ty: TownYear) {
  const { plan, year, town, cast } = ty;
  const rng = rngFor(ty, 'dispute');
  const d = plan.disputes;
  const statuses: Status[] = [
    ...Array<Status>(d.resolved).fill('resolved'),
    ...Array<Status>(d.unresolved).fill('unresolved'),
    ...Array<Status>(d.transferred).fill('transferred'),
    ...Array<Status>(d.mediating).fill('mediating'),
  ];
  const total = statuses.length;
  const screened = total - d.notFromScreening;
  // Spread over villages: as many different villages as there are disputes, then round again.
  const villageOrder = rng.shuffle(town.villages);
  const categories = takeTitles(rng, CATEGORY_MIX, total);
  const planned: PlannedDispute[] = statuses.map((status, i) => {
    const category = (categories[i] as string).replace(/（.*$/, '') as Category;
    return {
      village: villageOrder[i % villageOrder.length] as VillageNode,
      // Disputes still being mediated were found late in the year; irrigation and crop damage happen in the growing season.
      month: status === 'mediating' ? rng.int(11, 12) : SEASONAL.has(category) ? rng.int(5, 10) : rng.int(1, 11),
      days: [1, 15],
      status,
      category,
      fromScreening: i < screened,
    };
  });
  if (year === DEMO_YEAR) {
    const mediating = planned.filter((p) => p.status === 'mediating');
    mediating.forEach((p, j) => Object.assign(p, mediatingWindow(j, mediating.length)));
  }
  if (plan.dueListShowcase) {
    // Two disputes reported between rounds: one concluded just after 1 October, one just before the reference day, within their 30 days.
    const between = planned.filter((p) => p.status === 'resolved' && !p.fromScreening);
    const [autumn, december] = [between[0], between.at(-1)];
    if (!autumn || !december || autumn === december) throw new Error('the showcase year needs two resolved disputes reported between rounds');
    Object.assign(autumn, { month: 9, days: [8, 12], concludedOn: addWorkdays(DEMO_AUTUMN_DAY, 1) });
    Object.assign(december, { month: 11, days: [17, 21], concludedOn: workdaysBefore(DEMO_AS_OF, rng.int(1, 2)) });
  }

  // Rounds: every village every month, less the planned gaps (never a month that found a dispute).
  const key = (villageId: string, month: number) => `${villageId}:${month}`;
  const found = new Map<string, number>();
  // A dispute reported between rounds is still entered in that month's round: the round's count
  // is every dispute of the village that month, and the town's total is the sum of its rounds.
  for (const p of planned) found.set(key(p.village.unit.id, p.month), (found.get(key(p.village.unit.id, p.month)) ?? 0) + 1);
  const slots = town.villages.flatMap((v) => Array.from({ length: 12 }, (_, m) => ({ village: v, month: m + 1 })));
  const gaps = new Set(
    rng
      .sample(slots.filter((s) => !found.has(key(s.village.unit.id, s.month))), plan.screeningGaps)
      .map((s) => key(s.village.unit.id, s.month)),
  );
  const rounds = slots.filter((s) => !gaps.has(key(s.village.unit.id, s.month)));
  const roundDates = new Map<string, string>();
  const roundBodies: RecordBody[] = rounds.map(({ village, month }) => {
    const date = workdayIn(rng, year, month, 18, 28);
    roundDates.set(key(village.unit.id, month), date);
    return {
      orgId: village.unit.id,
      date,
      title: `${village.unit.name}${year}年${month}月矛盾纠纷排查`,
      month: `${year}-${String(month).padStart(2, '0')}`,
      leadBy: villageCadre(cast.villageMediator, village.unit.id).id,
      participants: '村“两委”成员、驻村干部、各社网格员',
      disputesFound: found.get(key(village.unit.id, month)) ?? 0,
      reportedOn: clampToYear(addWorkdays(date, rng.int(1, 3)), year),
    };
  });
  const roundIds = await ty.w.createAll('screeningRound', roundBodies);
  const roundIdByKey = new Map(rounds.map((r, i) => [key(r.village.unit.id, r.month), roundIds[i] as string]));

  const disputes: RecordBody[] = planned.map((p, i) => {
    const k = key(p.village.unit.id, p.month);
    const date = p.fromScreening ? (roundDates.get(k) as string) : workdayIn(rng, year, p.month, p.days[0], p.days[1]);
    const about = rng.pick(DISPUTES[p.category].about);
    const resolved = p.status === 'resolved';
    const mediator = rng.chance(0.7) ? villageCadre(cast.villageMediator, p.village.unit.id) : cast.justiceHead;
    const concludedOn = p.concludedOn ?? concludedAfter(rng, p.status, date, year);
    // The parties to a settled land, wage or contract dispute ask the court to confirm their agreement.
    const seekJudicialConfirmation = resolved && CONFIRMED.has(p.category) && i !== 0;
    const confirmationOn = concludedOn && seekJudicialConfirmation ? addWorkdays(concludedOn, rng.int(3, 12)) : null;
    return {
      orgId: p.village.unit.id,
      date,
      title: `${p.village.unit.name}${about}`,
      source: p.fromScreening ? 'monthlyScreening' : rng.pick(['gridReport', 'visit']),
      village: p.village.unit.id,
      category: p.category,
      parties: maskedParty(rng, 2),
      mediator: mediator.id,
      method:
        p.status === 'transferred'
          ? 'administrativeMediation'
          : rng.pick(['peopleMediation', 'peopleMediation', 'peopleMediation', 'advisorMediation', 'justiceOfficeMediation']),
      status: p.status,
      resolvedOn: concludedOn,
      agreement: resolved ? `经调解，${DISPUTES[p.category].settled}，已签订人民调解协议书。` : CLOSING[p.status as Exclude<Status, 'resolved'>],
      seekJudicialConfirmation,
      // Applied for within the year (by the demo's day), or still to come.
      judicialConfirmationOn: confirmationOn && confirmationOn <= lastDayOf(year) ? confirmationOn : null,
      screeningRound: roundIdByKey.get(k) ?? null,
      notes: i === 0 && resolved ? '调解协议已当场履行完毕。' : null,
    };
  });
  await ty.w.createAll('dispute', disputes);
}

/** The day a dispute was concluded: settled within weeks, given up after a month's mediation, or handed over within days. */
function concludedAfter(rng: Rng, status: Status, registered: string, year: number): string | null {
  const days: Record<Status, readonly [number, number] | null> = { resolved: [2, 20], unresolved: [20, 30], transferred: [3, 10], mediating: null };
  const range = days[status];
  return range ? clampToYear(addDays(registered, rng.int(range[0], range[1])), year) : null;
}

/** [matter, form] */
const PETITIONS: ReadonlyArray<readonly [string, string]> = [
  ['反映土地确权面积与实际耕种面积不符', 'visit'],
  ['反映拖欠劳务费问题', 'phone'],
  ['咨询城乡低保申请条件和办理程序', 'online'],
  ['反映村道硬化工程质量问题', 'letter'],
  ['反映灌溉渠道失修影响浇地', 'visit'],
  ['反映邻居违规建房影响采光', 'visit'],
];

async function petitions(ty: TownYear) {
  const { plan, year, town, cast } = ty;
  const rng = rngFor(ty, 'petition');
  const showcase = plan.dueListShowcase === true;
  const sampled = rng.sample(PETITIONS, plan.petitions);
  // A consultation is answered at once: the petitions laid out around the reference days are complaints.
  const isConsultation = ([matter]: readonly [string, string]) => matter.startsWith('咨询');
  const chosen = showcase ? [...sampled.filter(isConsultation), ...sampled.filter((p) => !isConsultation(p))] : sampled;
  const dates = spreadOverYear(rng, year, chosen.length, 2, 11);
  if (showcase && chosen.length < 3) throw new Error('the showcase year has at least three petitions');
  const last = chosen.length - 1;
  const courseOf = (i: number): PetitionCourse => {
    if (showcase && i === last - 1) return 'extended';
    if (showcase && i === last) return 'overdue';
    // The last petition of a smaller town is still being handled at year end.
    if (year === DEMO_YEAR && i === last) return 'open';
    return 'handled';
  };
  const bodies = chosen.map(([matter, form], i) => {
    const village = rng.pick(town.villages);
    const { date, acceptedOn, handledOn } = petitionDates(rng, courseOf(i), dates[i] as string, year);
    // One early petition of a past year went to review: asked within 30 days of the reply, answered within 30 of the request.
    const reviewed = year < DEMO_YEAR && i === 0 && handledOn !== null;
    const reviewRequestedOn = reviewed ? clampToYear(addDays(handledOn, rng.int(10, 25)), year) : null;
    return {
      orgId: town.unit.id,
      date,
      title: `${village.unit.name}村民${matter}`,
      petitioner: maskedParty(rng),
      village: village.unit.id,
      form,
      skipLevel: false,
      beijingVisit: false,
      collective: false,
      repeated: false,
      keyPerson: false,
      acceptedOn,
      handledOn,
      reviewRequestedOn,
      reviewAnsweredOn: reviewRequestedOn ? clampToYear(addWorkdays(reviewRequestedOn, rng.int(10, 18)), year) : null,
      pairedLeader: (i % 2 === 0 ? cast.deputyMayor : cast.mayor).id,
      helpGiven: matter.includes('低保') ? '协助申请人准备材料，提交临时救助申请。' : null,
      status: handledOn ? 'handled' : 'handling',
      outcome: handledOn
        ? `经调查核实，已向信访人书面答复处理意见，${reviewRequestedOn ? '信访人请求复查，复查维持原处理意见。' : '信访人表示认可。'}`
        : null,
    };
  });
  const ids = await ty.w.createAll('petition', bodies);
  if (showcase) {
    const extended = bodies[last - 1] as RecordBody;
    const statutoryDue = addDays(String(extended.acceptedOn), 60);
    await ty.w.extend('petition', ids[last - 1] as string, {
      deadline: 'handling',
      days: 30,
      approver: cast.mayor.name,
      reason: '涉及多个部门职责，需会同有关部门调查核实，情况复杂，经镇长批准延长办理期限30日。',
      approvedOn: workdaysBefore(statutoryDue, 4),
    });
  }
}

/** How a petition went: handled in time, still open at year end, or laid out around the reference days. */
type PetitionCourse = 'handled' | 'open' | 'extended' | 'overdue';

function petitionDates(rng: Rng, course: PetitionCourse, spread: string, year: number): { date: string; acceptedOn: string; handledOn: string | null } {
  switch (course) {
    case 'extended': {
      // Accepted 84 days before the reference day and extended by 30 days: on that day still being handled, inside the extended limit.
      const acceptedOn = nextWorkday(addDays(DEMO_AS_OF, -84));
      return { date: workdaysBefore(acceptedOn, 3), acceptedOn, handledOn: null };
    }
    case 'overdue':
      // Registered before the National Day holiday, accepted after it; on the reference day 7 days past its 60.
      return { date: workdaysBefore(DEMO_AUTUMN_DAY, 3), acceptedOn: nextWorkday(DEMO_AUTUMN_DAY), handledOn: null };
    default: {
      const acceptedOn = addWorkdays(spread, rng.int(1, 5));
      return { date: spread, acceptedOn, handledOn: course === 'open' ? null : clampToYear(addWorkdays(acceptedOn, rng.int(10, 35)), year) };
    }
  }
}

async function mediationCommittees(ty: TownYear) {
  const { plan, year, town, cast } = ty;
  if (!plan.mediationCommittees) return;
  const rng = rngFor(ty, 'mediationCommittee');
  const start = workdayIn(rng, year, 1, 6, 20);
  const end = addDays(ymd(year + 3, Number(start.slice(5, 7)), Number(start.slice(8, 10))), -1);
  const committee = (orgId: string, title: string, directorId: string, members: number): RecordBody => ({
    orgId,
    date: start,
    endDate: end,
    title,
    director: directorId,
    memberCount: members,
    femaleMemberCount: rng.int(1, 2),
    mediatorCount: members + rng.int(2, 6),
    office: `${title.replace('人民调解委员会', '')}调解室`,
  });
  await ty.w.createAll('mediationCommittee', [
    committee(town.unit.id, `${shortName(ty)}镇人民调解委员会`, cast.justiceHead.id, 7),
    ...town.villages.map((v) => committee(v.unit.id, `${v.unit.name}人民调解委员会`, villageCadre(cast.villageMediator, v.unit.id).id, rng.int(3, 5))),
  ]);
}
