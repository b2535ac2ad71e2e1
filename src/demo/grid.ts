/**
 * 网格化管理: grid leaders, full-time and part-time grid workers, liaison heads (gridPost) and
 * grid party groups. Posts and people differ because of 交叉任职: some liaison heads are also
 * full-time grid workers, some party groups are led by a grid leader. Within one post type every
 * post is held by a different person.
 */
import { workdayIn } from './calendar.js';
import { gridsOf, groupsOf, villageOf, type GroupNode, type TownNode } from './org-tree.js';
import type { PeopleBook, PersonRef } from './people.js';
import type { GridPlan } from './plans.js';
import { Rng } from './random.js';
import type { RecordBody, RecordWriter } from './writer.js';
import type { OrgUnit } from '../org/repository.js';
import type { AppContext } from '../context.js';

const DUTIES = {
  gridLeader: '统筹本网格矛盾纠纷排查、政策宣传和安全隐患上报',
  gridWorkerFullTime: '入户走访、基础信息采集，发现并上报矛盾纠纷和安全隐患',
  gridWorkerPartTime: '协助入户走访和政策宣传',
  liaisonHead: '联系所包农户，传达政策、收集诉求',
} as const;
type Post = keyof typeof DUTIES;

const POST_LABEL: Record<Post, string> = {
  gridLeader: '网格长',
  gridWorkerFullTime: '专职网格员',
  gridWorkerPartTime: '兼职网格员',
  liaisonHead: '联户长',
};

export async function loadGrid(ctx: AppContext, w: RecordWriter, book: PeopleBook, town: TownNode, plan: GridPlan): Promise<number> {
  const rng = new Rng(`${town.unit.name}:grid`);
  const grids = gridsOf(town);
  const groups = groupsOf(town);
  const posts: RecordBody[] = [];
  const place = (unit: OrgUnit) => `${villageOf(town, unit).unit.name}${unit.name}`;
  // Posts began in 2023 or 2024 and are current: no end date.
  const since = () => workdayIn(rng, rng.pick([2023, 2023, 2024]), rng.int(1, 11), 1, 28);
  const post = (unit: OrgUnit, person: PersonRef, kind: Post, extra: RecordBody = {}) =>
    posts.push({
      orgId: unit.id,
      date: since(),
      title: `${place(unit)}${POST_LABEL[kind]}`,
      person: person.id,
      post: kind,
      households: kind === 'liaisonHead' ? rng.int(10, 20) : rng.int(60, 160),
      duties: DUTIES[kind],
      ...extra,
    });

  const leaderOf = new Map<string, PersonRef>();
  for (const grid of grids) {
    const leader = book.add(grid, `${place(grid)}网格长`, 0.3);
    leaderOf.set(grid.id, leader);
    post(grid, leader, 'gridLeader');
  }

  const workersOf = new Map<string, PersonRef[]>();
  rng.split(plan.fullTime, grids.length).forEach((n, i) => {
    const grid = grids[i] as OrgUnit;
    const workers = Array.from({ length: n }, () => book.add(grid, `${place(grid)}专职网格员`, 0.55));
    workersOf.set(grid.id, workers);
    for (const worker of workers) post(grid, worker, 'gridWorkerFullTime');
  });

  for (const grid of rng.sample(grids, plan.partTime)) post(grid, book.add(grid, `${place(grid)}兼职网格员`, 0.5), 'gridWorkerPartTime');

  // Liaison heads: per group; the first `liaisonAlsoWorker` seats go to a full-time worker of the group (交叉任职).
  const seats: GroupNode[] = rng.split(plan.liaison, groups.length).flatMap((n, i) => Array<GroupNode>(n).fill(groups[i] as GroupNode));
  const alreadyLiaison = new Set<string>();
  let shared = 0;
  for (const group of rng.shuffle(seats)) {
    const candidate =
      shared < plan.liaisonAlsoWorker
        ? group.grids.flatMap((g) => workersOf.get(g.id) ?? []).find((p) => !alreadyLiaison.has(p.id))
        : undefined;
    const person = candidate ?? book.add(group.unit, `${place(group.unit)}联户长`, 0.4);
    if (candidate) shared++;
    alreadyLiaison.add(person.id);
    post(group.unit, person, 'liaisonHead', candidate ? { notes: '交叉任职：同时担任专职网格员' } : {});
  }

  // People who held a full-time post and left (the post has an end date).
  for (const grid of rng.sample(grids, plan.endedPosts)) {
    const person = book.add(grid, `${place(grid)}原专职网格员`, 0.5);
    const date = workdayIn(rng, 2023, rng.int(2, 10), 1, 28);
    post(grid, person, 'gridWorkerFullTime', { date, endDate: workdayIn(rng, 2024, rng.int(3, 9), 1, 28), notes: '已离任' });
  }

  // Grid party groups: a few per village, each based in one group (社).
  const partyGroups: RecordBody[] = [];
  const perVillage = rng.split(plan.partyGroups, town.villages.length);
  let fromLeaders = 0;
  town.villages.forEach((village, vi) => {
    for (const group of rng.sample(village.groups, perVillage[vi] ?? 0)) {
      const gridLeader = fromLeaders < plan.partyLeadersFromGridLeaders ? leaderOf.get(group.grids[0]?.id ?? '') : undefined;
      if (gridLeader) fromLeaders++;
      const leader = gridLeader ?? book.add(group.unit, `${place(group.unit)}网格党小组组长`, 0.3);
      partyGroups.push({
        orgId: group.unit.id,
        date: workdayIn(rng, 2023, rng.int(3, 9), 1, 28),
        title: `${place(group.unit)}网格党小组`,
        leader: leader.id,
        memberCount: rng.int(4, 12),
        partyBranch: `${village.unit.name}党支部`,
        households: rng.int(80, 240),
        notes: gridLeader ? '组长由网格长兼任' : null,
      });
    }
  });
  if (perVillage.length && partyGroups.length !== plan.partyGroups) {
    throw new Error(`${town.unit.name}: ${partyGroups.length} party groups planned ${plan.partyGroups} (a village has too few groups)`);
  }

  await book.flush(ctx);
  await w.createAll('gridPost', posts);
  await w.createAll('gridPartyGroup', partyGroups);
  return posts.length + partyGroups.length;
}
