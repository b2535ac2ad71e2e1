/** 基层治理: monthly screening rounds in every village, the disputes they find, petitions, mediation committees. */
import type { KindGenerator } from '../world.js';
import { nth, villageMediator, villageSecretary } from '../world.js';
import { maskedName } from '../names.js';
import type { SynthUnit, VillageNode } from '../tree.js';

/** [category, what the dispute is about, how a settlement reads, share] */
const DISPUTES: ReadonlyArray<readonly [string, readonly string[], string, number]> = [
  ['landTransfer', ['村民因土地流转费拖欠发生纠纷', '承包地地界不清引发争议', '流转土地到期返还纠纷'], '承租方补付流转费，双方续签书面流转合同', 22],
  ['neighbour', ['宅基地相邻通行纠纷', '院落排水引发邻里矛盾', '翻建房屋遮挡采光纠纷'], '双方重新商定通行和排水位置，当面和解', 20],
  ['marriageFamily', ['赡养老人费用分担纠纷', '离婚后抚养费给付纠纷'], '子女按月分担赡养费用并轮流照料老人', 16],
  ['damages', ['牲畜啃食庄稼赔偿纠纷', '浇地跑水淹没邻地赔偿纠纷'], '侵权方按核定损失给予赔偿', 12],
  ['contract', ['农机作业费结算纠纷', '农产品收购款拖欠纠纷'], '双方核对数量后重新结算，欠款一次付清', 10],
  ['labour', ['农民工讨要劳务费纠纷', '务工受伤赔偿纠纷'], '雇主分期付清所欠劳务费', 10],
  ['expropriation', ['道路拓宽占地补偿纠纷'], '复核占地面积后按标准补足补偿款', 4],
  ['other', ['灌溉用水轮次安排争议'], '村委会重新排定浇水轮次，双方认可', 6],
];

const CONFIRMABLE = new Set(['landTransfer', 'labour', 'contract']);

type DisputeStatus = 'resolved' | 'mediating' | 'unresolved' | 'transferred' | 'registered';
const DISPUTE_STATES: ReadonlyArray<readonly [DisputeStatus, number]> = [
  ['resolved', 80],
  ['mediating', 7],
  ['unresolved', 5],
  ['transferred', 5],
  ['registered', 3],
];

const CLOSING: Record<'unresolved' | 'transferred', string> = {
  unresolved: '双方分歧较大，调解未成，已告知当事人可依法向人民法院起诉。',
  transferred: '涉及权属认定，已移交县级主管部门依法处理。',
};

const DISPUTES_FOUND: ReadonlyArray<readonly [number, number]> = [
  [0, 70],
  [1, 20],
  [2, 8],
  [3, 2],
];

export const screeningRound: KindGenerator = {
  kind: 'screeningRound',
  weight: 12,
  make(w, i, n, id) {
    // Rounds spread over village-months in order: every village every month when there are enough.
    const villages = w.town.villages.length;
    const slots = villages * w.years.length * 12;
    const slot = n <= slots ? Math.floor((i * slots) / n) : i % slots;
    const village = w.town.villages[slot % villages] as VillageNode;
    const monthIndex = Math.floor(slot / villages);
    const year = w.cal.firstYear + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    // A second round in the same village-month is a grid's own.
    const unit: SynthUnit = i >= slots ? w.rng.pick(village.grids) : village.unit;
    const day = w.cal.workdayIn(w.rng, w.cal.dayOf(year, month, 18), w.cal.dayOf(year, month, 28));
    const rounds = w.roundsByVillage.get(village.unit.id) ?? [];
    rounds.push({ id, day });
    w.roundsByVillage.set(village.unit.id, rounds);
    return {
      unit,
      values: {
        date: w.date(day),
        title: `${village.unit.name}${unit === village.unit ? '' : unit.name}${year}年${month}月矛盾纠纷排查`,
        month: `${year}-${String(month).padStart(2, '0')}`,
        leadBy: villageMediator(w, village).id,
        participants: '村“两委”成员、驻村干部、网格员',
        disputesFound: w.weighted(DISPUTES_FOUND),
        reportedOn: w.date(w.cal.addWorkdays(day, w.rng.int(1, 3))),
      },
    };
  },
};

export const dispute: KindGenerator = {
  kind: 'dispute',
  weight: 10,
  make(w, i, n) {
    const status = w.state(i, n, DISPUTE_STATES);
    const village = w.villageAt(i);
    const unit: SynthUnit = w.rng.chance(0.2) ? w.rng.pick(village.grids) : village.unit;
    const [category, about, settled] = w.weighted(DISPUTES.map((d) => [d, d[3]] as const));
    const open = status === 'mediating' || status === 'registered';
    const rounds = w.roundsByVillage.get(village.unit.id) ?? [];
    const last = w.cal.lastDay;
    // Most disputes are found by the monthly screening and registered on the round's day.
    const candidates = open ? rounds.filter((r) => r.day >= last - 25) : rounds.filter((r) => r.day <= last - 30);
    const round = w.rng.chance(0.55) && candidates.length ? w.rng.pick(candidates) : undefined;
    const day = round?.day ?? (open ? w.recentDay(25) : w.anyDay(30));
    const concluded = open ? null : Math.min(w.after(day, status === 'transferred' ? 3 : 2, status === 'resolved' ? 25 : 30), w.cal.workdayBefore(last));
    const resolved = status === 'resolved';
    const confirm = resolved && CONFIRMABLE.has(category) && w.rng.chance(0.4);
    const confirmedOn = confirm && concluded !== null ? w.after(concluded, 3, 20) : null;
    return {
      unit,
      values: {
        date: w.date(day),
        title: `${village.unit.name}${w.rng.pick(about)}`,
        source: round ? 'monthlyScreening' : w.weighted([['gridReport', 45], ['visit', 45], ['referral', 10]] as const),
        village: unit.id,
        category,
        mediator: (w.rng.chance(0.7) ? villageMediator(w, village) : w.cast.justiceHead).id,
        method:
          status === 'transferred'
            ? 'administrativeMediation'
            : w.weighted([['peopleMediation', 60], ['justiceOfficeMediation', 15], ['advisorMediation', 10], ['courtLinked', 5], ['administrativeMediation', 10]] as const),
        status,
        resolvedOn: concluded === null ? null : w.date(concluded),
        agreement: resolved ? `经调解，${settled}，已签订人民调解协议书。` : status === 'unresolved' || status === 'transferred' ? CLOSING[status] : null,
        seekJudicialConfirmation: confirm,
        judicialConfirmationOn: confirmedOn !== null && confirmedOn <= last ? w.date(confirmedOn) : null,
        screeningRound: round?.id ?? null,
      },
    };
  },
};

const MATTERS: readonly string[] = [
  '反映土地确权面积与实际耕种面积不符',
  '反映拖欠劳务费问题',
  '咨询城乡低保申请条件和办理程序',
  '反映村道硬化工程质量问题',
  '反映灌溉渠道失修影响浇地',
  '反映邻居违规建房影响采光',
  '反映征地补偿款发放问题',
  '反映村务公开不及时',
  '反映养殖场异味扰民',
  '请求解决子女入学问题',
];

type PetitionStatus = 'handled' | 'reviewed' | 'reviewing' | 'declined' | 'handling' | 'accepted' | 'registered';
const PETITION_STATES: ReadonlyArray<readonly [PetitionStatus, number]> = [
  ['handled', 70],
  ['declined', 8],
  ['handling', 8],
  ['reviewed', 5],
  ['accepted', 4],
  ['registered', 3],
  ['reviewing', 2],
];

export const petition: KindGenerator = {
  kind: 'petition',
  weight: 3,
  make(w, i, n) {
    const status = w.state(i, n, PETITION_STATES);
    const atVillage = w.rng.chance(0.3);
    const village = w.village();
    const unit = atVillage ? village.unit : w.town.unit;
    // Offsets from the day it was registered: accepted within 15 days, handled within 60 of that, review asked within 30.
    const accepted = w.rng.int(1, 12);
    const handled = accepted + w.rng.int(10, 55);
    const requested = handled + w.rng.int(5, 28);
    const answered = requested + w.rng.int(10, 28);
    const spans: Record<PetitionStatus, number> = { registered: 0, accepted, handling: accepted, declined: accepted, handled, reviewing: requested, reviewed: answered };
    const stillOpen = status === 'registered' || status === 'accepted' || status === 'handling' || status === 'reviewing';
    // Open matters are recent: registered within the acceptance period, accepted within the handling period.
    const windows: Partial<Record<PetitionStatus, number>> = { registered: 12, accepted: 50 - accepted, handling: 55 - accepted, reviewing: 25 };
    const day = stillOpen ? w.recentDay(Math.max(1, windows[status] ?? 10), spans[status]) : w.anyDay(spans[status]);
    const on = (offset: number, from: readonly PetitionStatus[]) => (from.includes(status) ? w.date(day + offset) : null);
    const skipLevel = w.rng.chance(0.03);
    const keyPerson = w.rng.chance(0.03);
    const matter = w.rng.pick(MATTERS);
    const done = status === 'handled' || status === 'reviewed' || status === 'reviewing';
    return {
      unit,
      values: {
        date: w.date(day),
        title: `${village.unit.name}群众${matter}`,
        petitioner: maskedName(w.rng),
        village: atVillage ? village.unit.id : w.rng.pick([village.unit, ...village.grids]).id,
        form: w.weighted([['visit', 40], ['online', 30], ['letter', 15], ['phone', 15]] as const),
        skipLevel,
        beijingVisit: skipLevel && w.rng.chance(0.15),
        collective: w.rng.chance(0.05),
        repeated: w.rng.chance(0.1),
        keyPerson,
        acceptedOn: on(accepted, ['accepted', 'handling', 'handled', 'reviewing', 'reviewed']),
        declinedOn: on(accepted, ['declined']),
        handledOn: on(handled, ['handled', 'reviewing', 'reviewed']),
        reviewRequestedOn: on(requested, ['reviewing', 'reviewed']),
        reviewAnsweredOn: on(answered, ['reviewed']),
        pairedLeader: (keyPerson || skipLevel ? w.leader() : w.rng.chance(0.5) ? w.cast.deputyMayor : w.cast.petitionHead).id,
        stabilisationResponsible: keyPerson ? villageSecretary(w, village).id : null,
        returnPersuasion: skipLevel ? '镇村干部赴上级信访接待场所接返，做好思想疏导。' : null,
        helpGiven: w.rng.chance(0.2) ? '协助信访人准备材料，落实临时救助。' : null,
        status,
        outcome:
          status === 'declined'
            ? '不属于本级职责范围，已书面告知信访人向有权机关提出。'
            : done
              ? `经调查核实，已书面答复处理意见${status === 'reviewed' ? '；信访人请求复查，复查维持原处理意见' : ''}。`
              : null,
      },
    };
  },
};

const TERM_YEARS = 3;
const SPECIALISED = ['交通事故', '劳动争议', '婚姻家庭', '物业纠纷', '医疗纠纷'];

export const mediationCommittee: KindGenerator = {
  kind: 'mediationCommittee',
  weight: 1,
  make(w, i) {
    // Committees are elected for three years: the town's and every village's, term after term; any
    // more are the town's specialised committees (行业性专业性调委会).
    const committees = 1 + w.town.villages.length;
    const terms = Math.ceil(w.years.length / TERM_YEARS);
    const slots = committees * terms;
    const specialised = i >= slots ? i - slots : -1;
    const slot = specialised >= 0 ? (specialised % terms) * committees : i;
    const termStart = w.cal.firstYear + Math.floor(slot / committees) * TERM_YEARS;
    const village = specialised >= 0 || slot % committees === 0 ? null : (w.town.villages[(slot % committees) - 1] as VillageNode);
    const start = w.date(w.dayIn(termStart, 1, 2));
    const members = village ? w.rng.int(3, 5) : w.rng.int(5, 9);
    const name = village
      ? `${village.unit.name}人民调解委员会`
      : specialised >= 0
        ? `${w.name}${nth(SPECIALISED, specialised)}人民调解委员会`
        : `${w.name}人民调解委员会`;
    return {
      unit: village?.unit ?? w.town.unit,
      values: {
        date: start,
        endDate: `${termStart + TERM_YEARS - 1}-12-31`,
        title: name,
        director: (village ? villageMediator(w, village) : w.cast.justiceHead).id,
        memberCount: members,
        femaleMemberCount: w.rng.int(1, 2),
        mediatorCount: members + w.rng.int(0, 6),
        office: `${village?.unit.name ?? w.name}调解室`,
      },
    };
  },
};
