/** 基层治理: monthly screening in every village, the disputes it finds, petitions, mediation committees. */
import { addDays, addWorkdays, clampToYear, spreadOverYear, workdayIn, ymd } from './calendar.js';
import { maskedParty } from './names.js';
import type { VillageNode } from './org-tree.js';
import { villageCadre } from './people.js';
import { rngFor, shortName, takeTitles, townId, type TownYear } from './town-year.js';
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
  status: Status;
  category: Category;
  fromScreening: boolean;
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
  const categories = takeTitles(rng, CATEGORY_MIX, total) as string[];
  const planned: PlannedDispute[] = statuses.map((status, i) => {
    const category = (categories[i] as string).replace(/（.*$/, '') as Category;
    return {
      village: villageOrder[i % villageOrder.length] as VillageNode,
      // Disputes still being mediated were found late in the year; irrigation and crop damage happen in the growing season.
      month: status === 'mediating' ? rng.int(11, 12) : SEASONAL.has(category) ? rng.int(5, 10) : rng.int(1, 11),
      status,
      category,
      fromScreening: i < screened,
    };
  });

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
    const date = p.fromScreening ? (roundDates.get(k) as string) : workdayIn(rng, year, p.month, 1, 15);
    const about = rng.pick(DISPUTES[p.category].about);
    const resolved = p.status === 'resolved';
    const mediator = rng.chance(0.7) ? villageCadre(cast.villageMediator, p.village.unit.id) : cast.justiceHead;
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
      resolvedOn: resolved ? clampToYear(addDays(date, rng.int(2, 20)), year) : null,
      agreement: resolved ? `经调解，${DISPUTES[p.category].settled}，已签订人民调解协议书。` : CLOSING[p.status as Exclude<Status, 'resolved'>],
      screeningRound: roundIdByKey.get(k) ?? null,
      notes: i === 0 && resolved ? '调解协议已当场履行完毕。' : null,
    };
  });
  await ty.w.createAll('dispute', disputes);
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
  const chosen = rng.sample(PETITIONS, plan.petitions);
  const dates = spreadOverYear(rng, year, chosen.length, 2, 11);
  await ty.w.createAll(
    'petition',
    chosen.map(([matter, form], i) => {
      const date = dates[i] as string;
      const village = rng.pick(town.villages);
      const acceptedOn = addWorkdays(date, rng.int(1, 5));
      // The last petition of a smaller town is still being handled at year end.
      const open = town.abbr !== '双' && i === chosen.length - 1 && year === 2025;
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
        handledOn: open ? null : clampToYear(addWorkdays(acceptedOn, rng.int(10, 35)), year),
        pairedLeader: (i % 2 === 0 ? cast.deputyMayor : cast.mayor).id,
        helpGiven: matter.includes('低保') ? '协助申请人准备材料，提交临时救助申请。' : null,
        status: open ? 'handling' : 'handled',
        outcome: open ? null : '经调查核实，已向信访人书面答复处理意见，信访人表示认可。',
      };
    }),
  );
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
