/** 第一责任人, 工作计划 and 网格化管理: leaders' duties, plan items, grid posts and grid party groups. */
import type { KindGenerator, PersonRef } from '../world.js';
import { nth } from '../world.js';

const ACTIONS: ReadonlyArray<readonly [string, string, number]> = [
  ['deploy', '亲自部署', 25],
  ['supervise', '亲自督办', 25],
  ['inquire', '亲自过问', 20],
  ['coordinate', '亲自协调', 20],
  ['annualLawReport', '年度述法', 10],
];

const SUBJECTS = ['年度法治政府建设重点任务', '重大行政决策合法性审查', '信访积案化解', '行政执法规范化建设', '矛盾纠纷排查化解', '法治宣传教育'];

export const principalLeaderDuty: KindGenerator = {
  kind: 'principalLeaderDuty',
  weight: 1.5,
  make(w) {
    const [action, label] = w.weighted(ACTIONS.map((a) => [a, a[2]] as const));
    const secretary = w.rng.chance(0.5);
    const leader = secretary ? w.cast.secretary : w.cast.mayor;
    const report = action === 'annualLawReport';
    const year = w.rng.pick(w.years);
    const day = report ? w.dayIn(year, 1, 3) : w.anyDay();
    const subject = w.rng.pick(SUBJECTS);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: report ? `${leader.name}在${year - 1 >= w.cal.firstYear ? year - 1 : year}年度述法会上述法` : `${leader.name}${label}${subject}`,
        leader: leader.id,
        leaderPost: secretary ? '党委书记' : w.name.endsWith('街道') ? '办事处主任' : '镇（乡）长',
        action,
        subject: report ? '履行推进法治建设第一责任人职责情况' : subject,
        requirements: report ? null : '明确责任分工和完成时限，定期听取进展汇报',
        result: report ? '述法报告经评议为好' : '按期完成',
        meeting: action === 'deploy' ? w.link('meeting') : null,
        majorDecision: action === 'coordinate' && w.rng.chance(0.5) ? w.link('majorDecision') : null,
      },
    };
  },
};

/** [area, goal, indicator, target] */
const GOALS: ReadonlyArray<readonly [string, string, string, number]> = [
  ['leadership', '召开法治政府建设专题部署会', 'meeting.deployment', 4],
  ['study', '开展理论学习中心组集体学法', 'study.central_group', 12],
  ['decision', '主动公开政府信息', 'disclosure.items', 60],
  ['enforcement', '开展专项执法检查', 'enforcement.inspections', 18],
  ['governance', '矛盾纠纷化解率保持在95%以上', 'dispute.resolution_rate', 95],
  ['publicity', '开展线下主题普法活动', 'publicity.offline_events', 12],
];

export const planItem: KindGenerator = {
  kind: 'planItem',
  weight: 1.5,
  make(w, i) {
    const year = w.years[i % w.years.length] as number;
    const [area, goal, indicator, target] = GOALS[Math.floor(i / w.years.length) % GOALS.length] as (typeof GOALS)[number];
    const current = year === w.cal.lastYear;
    return {
      unit: w.town.unit,
      values: {
        date: w.date(w.dayIn(year, 1, 2)),
        title: nth([`${year}年${goal}`], Math.floor(i / (w.years.length * GOALS.length))),
        year,
        planArea: area,
        goal: `全年${goal}，目标值${target}。`,
        indicatorCode: indicator,
        targetValue: target,
        responsibleUnit: area === 'enforcement' ? `${w.name}综合行政执法队` : `${w.name}法治办`,
        dueOn: `${year}-12-20`,
        status: current ? w.weighted([['inProgress', 60], ['done', 30], ['notStarted', 10]] as const) : w.weighted([['done', 85], ['deferred', 15]] as const),
        progress: current ? '按计划推进' : '已完成年度目标',
      },
    };
  },
};

const POSTS: ReadonlyArray<readonly [string, string, string]> = [
  ['gridLeader', '网格长', '统筹本网格矛盾纠纷排查、政策宣传和隐患上报'],
  ['gridWorkerFullTime', '专职网格员', '入户走访、信息采集，发现并上报矛盾纠纷'],
  ['liaisonHead', '联户长', '联系所包农户，传达政策、收集诉求'],
  ['gridWorkerFullTime', '专职网格员', '入户走访、信息采集，发现并上报矛盾纠纷'],
  ['gridWorkerPartTime', '兼职网格员', '协助入户走访和政策宣传'],
  ['liaisonHead', '联户长', '联系所包农户，传达政策、收集诉求'],
];

export const gridPost: KindGenerator = {
  kind: 'gridPost',
  weight: 8,
  make(w, i) {
    // Every grid gets its leader first, then its workers and liaison heads, round after round.
    const grid = w.grids[i % w.grids.length];
    if (!grid) throw new Error(`${w.name} has no grids`);
    const round = Math.floor(i / w.grids.length);
    const [post, label, duties] = POSTS[round % POSTS.length] as (typeof POSTS)[number];
    const village = w.villageOfGrid(grid);
    const workers = w.cast.gridWorkers.get(grid.id) ?? [];
    const held: PersonRef =
      post === 'gridLeader' && round === 0
        ? (w.cast.gridLeader.get(grid.id) as PersonRef)
        : post === 'gridWorkerFullTime' && workers[round === 1 ? 0 : 1]
          ? (workers[round === 1 ? 0 : 1] as PersonRef)
          : w.addPerson(post === 'liaisonHead' ? village.unit : grid, `${village.unit.name}${grid.name}${label}`, 0.45);
    const day = w.anyDay(60);
    const ended = w.rng.chance(0.08);
    return {
      unit: post === 'liaisonHead' ? village.unit : grid,
      values: {
        date: w.date(day),
        endDate: ended ? w.date(w.after(day, 60, 700)) : null,
        title: `${village.unit.name}${grid.name}${label}`,
        notes: ended ? '已离任' : null,
        person: held.id,
        post,
        households: post === 'liaisonHead' ? w.rng.int(10, 20) : w.rng.int(60, 200),
        duties,
      },
    };
  },
};

export const gridPartyGroup: KindGenerator = {
  kind: 'gridPartyGroup',
  weight: 1.5,
  make(w, i) {
    const grid = w.grids[i % w.grids.length];
    if (!grid) throw new Error(`${w.name} has no grids`);
    const village = w.villageOfGrid(grid);
    // Half the groups are led by the grid leader (交叉任职).
    const fromLeader = w.rng.chance(0.5);
    const leader = fromLeader ? (w.cast.gridLeader.get(grid.id) as PersonRef) : w.addPerson(grid, `${village.unit.name}${grid.name}网格党小组组长`, 0.3);
    return {
      unit: grid,
      values: {
        date: w.date(w.anyDay()),
        title: nth([`${village.unit.name}${grid.name}网格党小组`], Math.floor(i / w.grids.length)),
        notes: fromLeader ? '组长由网格长兼任' : null,
        leader: leader.id,
        memberCount: w.rng.int(3, 12),
        partyBranch: `${village.unit.name}党支部`,
        households: w.rng.int(80, 240),
      },
    };
  },
};
