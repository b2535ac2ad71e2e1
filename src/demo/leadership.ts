/** 第一责任人 and 工作计划: what the principal leaders did in person, and next year's plan. */
import { spreadOverYear, workdayIn, ymd } from './calendar.js';
import type { PersonRef } from './people.js';
import { rngFor, shortName, townId, type TownYear } from './town-year.js';
import type { RecordBody } from './writer.js';

interface Duty {
  action: string;
  leader: 'secretary' | 'mayor';
  title: string;
  subject: string;
  requirements: string;
  result: string;
  link?: 'meeting' | 'majorDecision';
}

const DUTIES: readonly Duty[] = [
  {
    action: 'deploy',
    leader: 'secretary',
    title: '主持召开法治政府建设专题部署会，分解年度任务',
    subject: '法治政府建设年度任务',
    requirements: '各责任科室按季度报送进展，年底逐项对账销号。',
    result: '年度任务分解到科室和村，按计划推进。',
    link: 'meeting',
  },
  {
    action: 'coordinate',
    leader: 'mayor',
    title: '协调解决重大行政决策征求意见中的分歧',
    subject: '重大行政决策',
    requirements: '对群众意见逐条回应，采纳情况在决策公布时一并说明。',
    result: '修改方案两处，决策按程序通过并公布。',
    link: 'majorDecision',
  },
  {
    action: 'annualLawReport',
    leader: 'secretary',
    title: '年度述法：报告履行推进法治建设第一责任人职责情况',
    subject: '年度述法',
    requirements: '对照述法清单逐项说明，查摆不足并提出整改措施。',
    result: '述法报告经会议评议，整改事项列入下一年度计划。',
  },
  {
    action: 'inquire',
    leader: 'secretary',
    title: '过问行政处罚案件办理和执法公示情况',
    subject: '行政执法监督',
    requirements: '严格执行执法公示、全过程记录和法制审核制度，决定作出后按时公示。',
    result: '全年处罚案件按期办结并公示。',
  },
  {
    action: 'supervise',
    leader: 'mayor',
    title: '督办信访事项按期办结',
    subject: '信访事项办理',
    requirements: '受理的信访事项逐件明确责任领导和办结时限。',
    result: '信访事项均在法定期限内办结答复。',
  },
];

/** Next year's plan: the seed report's three directions, in our own words. */
const NEXT_YEAR: ReadonlyArray<{ area: string; title: string; goal: string; indicatorCode: string; targetValue: number; responsibleUnit: string }> = [
  {
    area: 'publicity',
    title: '提高普法宣传的针对性',
    goal: '围绕土地流转、农业生产和家庭生活中群众最常遇到的法律问题，按村分类编排普法内容；多用身边案例讲法，把宣讲搬到地头和农家院落，让群众愿意听、听得懂、用得上。',
    indicatorCode: 'publicity.offline_events',
    targetValue: 15,
    responsibleUnit: '司法所',
  },
  {
    area: 'enforcement',
    title: '加强执法队伍专业化建设',
    goal: '制定全年执法人员培训计划，专业法律知识培训每季度至少一次；请法律顾问参与重大执法决定审核和执法监督，提高依法办案水平。',
    indicatorCode: 'enforcement.trainings',
    targetValue: 4,
    responsibleUnit: '综合行政执法队',
  },
  {
    area: 'governance',
    title: '推动法治与基层治理深度融合',
    goal: '化解矛盾纠纷时把法治、自治、德治结合起来；指导各村依法修订村规民约，民主协商议事请法律顾问把关。',
    indicatorCode: 'dispute.resolution_rate',
    targetValue: 100,
    responsibleUnit: '司法所、各村民委员会',
  },
];

export async function loadLeadership(ty: TownYear): Promise<void> {
  const { plan, year, cast } = ty;
  const rng = rngFor(ty, 'leadership');
  const duties = DUTIES.slice(0, plan.principalDuties);
  const dates = spreadOverYear(rng, year, duties.length, 2, 11);
  const leaderOf = (d: Duty): PersonRef => (d.leader === 'secretary' ? cast.secretary : cast.mayor);
  const bodies: RecordBody[] = duties.map((d, i) => ({
    orgId: townId(ty),
    // 述法 comes at the end of the year.
    date: d.action === 'annualLawReport' ? workdayIn(rng, year, 12, 10, 26) : dates[i],
    title: d.title,
    leader: leaderOf(d).id,
    leaderPost: d.leader === 'secretary' ? '镇党委书记' : '镇党委副书记、镇长',
    action: d.action,
    subject: d.subject,
    requirements: d.requirements,
    result: d.result,
    meeting: d.link === 'meeting' ? (ty.links.deploymentMeetings[0] ?? null) : null,
    majorDecision: d.link === 'majorDecision' ? (ty.links.majorDecisions[0] ?? null) : null,
  }));
  await ty.w.createAll('principalLeaderDuty', bodies);

  if (plan.nextYearPlan) {
    const date = workdayIn(rng, year, 12, 15, 26);
    await ty.w.createAll(
      'planItem',
      NEXT_YEAR.map((p) => ({
        orgId: townId(ty),
        date,
        title: `${year + 1}年${shortName(ty)}镇法治政府建设：${p.title}`,
        year: year + 1,
        planArea: p.area,
        goal: p.goal,
        indicatorCode: p.indicatorCode,
        targetValue: p.targetValue,
        responsibleUnit: p.responsibleUnit,
        dueOn: ymd(year + 1, 12, 31),
        status: 'notStarted',
      })),
    );
  }
}
