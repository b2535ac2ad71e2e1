/**
 * The demo county's 2025 assessment of its towns (法治政府建设考核): a scheme of 31 items over the
 * six parts of the report, automatic and manual, published; 双庙镇 is still assessing itself,
 * 蛮会镇 has submitted, 团结镇's result has been reviewed and confirmed.
 */
import type { AppContext } from '../context.js';
import { systemScope, type Scope } from '../org/scope.js';
import type { AssessmentSection, SchemeInput } from '../shared/assessment.js';
import type { DemoTree } from './org-tree.js';

type ItemSpec = AssessmentSection['items'][number];
const item = (code: string, title: string, points: number, rule: ItemSpec['rule'], evidence: { kinds?: string[]; attachments?: boolean; standard?: string } = {}): ItemSpec => ({
  code,
  title,
  points,
  rule,
  evidenceKinds: evidence.kinds ?? [],
  attachmentsRequired: evidence.attachments ?? false,
  ...(evidence.standard ? { standard: evidence.standard } : {}),
});
const atLeast = (indicator: string, min: number) => ({ type: 'threshold' as const, indicator, min });
const scaled = (indicator: string, from: number, to: number) => ({ type: 'proportional' as const, indicator, from, to });
const shortBy = (indicator: string, target: number, step: number, deduct: number) => ({ type: 'deduction' as const, indicator, target, step, deduct });
const manual = { type: 'manual' as const };

/** The county's items for 2025 (100 points); the wording of each standard is the county's own. */
export const DEMO_SCHEME_SECTIONS: AssessmentSection[] = [
  {
    title: '一、党政主要负责人履行推进法治建设第一责任人职责',
    area: 'leadership',
    items: [
      item('1.1', '主要负责人亲自部署法治建设重要工作', 3, atLeast('leader_duty.deployed', 4), { kinds: ['principalLeaderDuty'], standard: '全年亲自部署不少于4次得3分，不足不得分' }),
      item('1.2', '召开法治政府建设专题部署会', 4, atLeast('meeting.deployment', 2), { kinds: ['meeting'], attachments: true, standard: '专题部署会不少于2次得4分；会议须附签到表和会议纪要' }),
      item('1.3', '主要负责人年度述法', 3, atLeast('leader_duty.reported', 1), { kinds: ['principalLeaderDuty'], standard: '年内完成述法得3分' }),
      item('1.4', '主要负责人亲自协调解决法治建设难题', 3, scaled('leader_duty.coordinated', 0, 6), { kinds: ['principalLeaderDuty'], standard: '协调6次及以上得满分，不足按比例计分' }),
      item('1.5', '第一责任人职责落实的整体成效', 2, manual, { standard: '由考核组结合述法和走访情况评定' }),
    ],
  },
  {
    title: '二、学法用法',
    area: 'study',
    items: [
      item('2.1', '党委理论学习中心组专题学法', 4, atLeast('study.central_group', 4), { kinds: ['studySession'], attachments: true, standard: '全年不少于4次得4分；须附学习记录和照片' }),
      item('2.2', '领导干部学法学时', 4, scaled('study.hours', 0, 40), { kinds: ['studySession'], standard: '人均40学时得满分，不足按比例计分' }),
      item('2.3', '领导干部学法考试合格率', 4, shortBy('law_exam.pass_rate', 95, 1, 0.5), { kinds: ['lawExam'], standard: '合格率不低于95%得满分，每低1个百分点扣0.5分，扣完为止' }),
      item('2.4', '举办法治讲座', 3, atLeast('study.lecture', 2), { kinds: ['studySession'], standard: '全年不少于2次得3分' }),
      item('2.5', '开展警示教育', 2, atLeast('study.warning', 1), { kinds: ['studySession'], standard: '全年至少1次得2分' }),
      item('2.6', '学法制度建立与执行', 3, manual, { standard: '查阅会前学法、年度学法计划等制度的执行情况' }),
    ],
  },
  {
    title: '三、依法科学民主决策',
    area: 'decision',
    items: [
      item('3.1', '重大行政决策合法性审查', 5, shortBy('major_decision.legality_review_rate', 100, 1, 1), { kinds: ['majorDecision'], standard: '审查率100%得满分，每低1个百分点扣1分' }),
      item('3.2', '规范性文件合法性审核', 4, shortBy('normative_document.legality_review_rate', 100, 5, 1), { kinds: ['normativeDocument'], standard: '审核率100%得满分，每低5个百分点扣1分' }),
      item('3.3', '一村（社区）一法律顾问覆盖', 4, scaled('advisor.village_coverage', 50, 100), { kinds: ['legalAdvisor'], standard: '覆盖率50%不得分，100%得满分，其间按比例计分' }),
      item('3.4', '行政机关负责人出庭应诉', 3, shortBy('reconsideration.appearance_rate', 100, 10, 1), { kinds: ['reconsideration'], standard: '出庭率100%得满分，每低10个百分点扣1分' }),
      item('3.5', '主动公开政务信息', 2, atLeast('disclosure.items', 20), { kinds: ['disclosure'], standard: '全年主动公开不少于20条得2分' }),
      item('3.6', '政务公开的及时性和规范性', 2, manual, { standard: '抽查公开栏和网站，按及时、规范程度评定' }),
    ],
  },
  {
    title: '四、严格规范公正文明执法',
    area: 'enforcement',
    items: [
      item('4.1', '执法人员持证上岗', 4, shortBy('enforcement.certification_rate', 100, 5, 1), { kinds: ['enforcementCertificate'], standard: '持证率100%得满分，每低5个百分点扣1分' }),
      item('4.2', '执法人员业务培训', 4, scaled('enforcement.training.attendance', 0, 30), { kinds: ['enforcementTraining'], standard: '参训30人次及以上得满分，不足按比例计分' }),
      item('4.3', '重大执法决定法制审核', 3, atLeast('enforcement.legal_review', 1), { kinds: ['penaltyCase'], standard: '重大执法决定均经法制审核得3分' }),
      item('4.4', '专项执法检查发现问题整改', 4, shortBy('enforcement.rectification_rate', 90, 1, 0.2), { kinds: ['inspection'], standard: '整改率不低于90%得满分，每低1个百分点扣0.2分' }),
      item('4.5', '行政执法案卷评查', 3, atLeast('case_review.count', 1), { kinds: ['caseReview'], standard: '年内开展案卷评查得3分' }),
      item('4.6', '执法行为规范文明', 2, manual, { standard: '结合投诉举报和执法监督情况评定' }),
    ],
  },
  {
    title: '五、基层社会治理法治化',
    area: 'governance',
    items: [
      item('5.1', '矛盾纠纷化解', 5, shortBy('dispute.resolution_rate', 95, 1, 0.5), { kinds: ['dispute'], standard: '化解率不低于95%得满分，每低1个百分点扣0.5分，扣完为止' }),
      item('5.2', '月度矛盾纠纷排查', 4, atLeast('screening.rounds', 12), { kinds: ['screeningRound'], standard: '每月排查一次，全年不少于12次得4分' }),
      item('5.3', '人民调解员队伍建设', 3, scaled('mediation.mediators', 0, 20), { kinds: ['mediationCommittee'], standard: '调解员20人及以上得满分，不足按比例计分' }),
      item('5.4', '信访事项依法办理', 3, manual, { kinds: ['petition'], standard: '按信访事项办理的及时性和群众满意度评定' }),
    ],
  },
  {
    title: '六、法治宣传教育',
    area: 'publicity',
    items: [
      item('6.1', '线下专题普法活动', 3, scaled('publicity.offline_events', 0, 12), { kinds: ['publicityItem'], attachments: true, standard: '全年12次及以上得满分，不足按比例计分；须附活动照片' }),
      item('6.2', '培养法律明白人', 3, scaled('legal_literate.residents', 0, 30), { kinds: ['legalLiterate'], standard: '认定30名及以上得满分，不足按比例计分' }),
      item('6.3', '宪法宣誓等法治仪式', 2, atLeast('ceremony.count', 1), { kinds: ['ceremony'], standard: '年内至少举办1场得2分' }),
      item('6.4', '普法工作特色亮点', 2, manual, { standard: '有创新做法并被上级推广的酌情加分，满分2分' }),
    ],
  },
];

/** Who the reviewer's steps are recorded as: the demo reviewer when the account is there, else the system. */
async function reviewerScope(ctx: AppContext, tree: DemoTree, password: string): Promise<{ scope: Scope; done: () => Promise<void> }> {
  const fallback = { scope: systemScope(tree.county), done: async () => undefined };
  try {
    const { session } = await ctx.accounts.login('hjhq_review', password, null);
    return { scope: session.scope, done: () => ctx.accounts.logout(session) };
  } catch {
    return fallback;
  }
}

/**
 * Loads the scheme and the three towns' self-assessments; call after the demo's day (demo.asOf)
 * is set and the accounts exist (`password`: the demo reviewer's, whose name the review carries).
 */
export async function loadAssessmentDemo(ctx: AppContext, tree: DemoTree, password: string): Promise<void> {
  const county = systemScope(tree.county);
  const input: SchemeInput = { orgId: tree.county.id, year: 2025, title: '杭锦后旗2025年度镇级法治政府建设考核评价方案', deadline: '2026-01-15', sections: DEMO_SCHEME_SECTIONS };
  const scheme = await ctx.assessments.schemes.define(county, input);
  await ctx.assessments.schemes.publish(county, scheme.id);
  const town = (name: string) => {
    const found = tree.towns.find((t) => t.unit.name === name);
    if (!found) throw new Error(`no demo town ${name}`);
    return { unit: found.unit, scope: systemScope(found.unit) };
  };
  const [shuangmiao, manhui, tuanjie] = [town('双庙镇'), town('蛮会镇'), town('团结镇')];

  // 双庙镇 is still writing its notes.
  await ctx.assessments.note(shuangmiao.scope, scheme.id, shuangmiao.unit.id, '1.2', { note: '全年召开专题部署会，会议纪要和签到表已上传，个别会议的照片仍在整理。' });
  await ctx.assessments.note(shuangmiao.scope, scheme.id, shuangmiao.unit.id, '5.4', { note: '信访事项均在法定期限内答复，群众回访满意。' });

  // 蛮会镇 has submitted and waits for the county.
  await ctx.assessments.note(manhui.scope, scheme.id, manhui.unit.id, '2.6', { note: '已建立党委会会前学法制度，全年按计划执行。' });
  await ctx.assessments.note(manhui.scope, scheme.id, manhui.unit.id, '6.4', { note: '开展“法律明白人”进牧区宣讲，做法被旗司法局转发。' });
  await ctx.assessments.submit(manhui.scope, scheme.id, manhui.unit.id);

  // 团结镇 has been reviewed: the manual items scored, one sent back and corrected, the result confirmed.
  await ctx.assessments.note(tuanjie.scope, scheme.id, tuanjie.unit.id, '4.6', { note: '全年无执法投诉，执法全过程记录。' });
  await ctx.assessments.submit(tuanjie.scope, scheme.id, tuanjie.unit.id);
  const reviewer = await reviewerScope(ctx, tree, password);
  try {
    await ctx.assessments.returnItem(reviewer.scope, scheme.id, tuanjie.unit.id, '4.6', { reason: '请补充执法记录仪使用台账的说明' });
    await ctx.assessments.note(tuanjie.scope, scheme.id, tuanjie.unit.id, '4.6', { note: '全年无执法投诉；执法记录仪按规定全程使用，使用登记已补录。' });
    await ctx.assessments.submit(tuanjie.scope, scheme.id, tuanjie.unit.id);
    const scores: Array<[string, number, string]> = [
      ['1.5', 1.5, '述法报告内容较全面，走访中群众知晓度一般'],
      ['2.6', 2.5, '学法制度健全，个别月份会前学法记录缺失'],
      ['3.6', 2, '公开及时、规范'],
      ['4.6', 2, '补充材料后核实，执法行为规范'],
      ['5.4', 2.5, '信访办理及时，一件重复访扣0.5分'],
      ['6.4', 1, '特色做法尚未形成经验推广'],
    ];
    for (const [code, score, reason] of scores) await ctx.assessments.adjust(reviewer.scope, scheme.id, tuanjie.unit.id, code, { score, reason });
    await ctx.assessments.confirm(reviewer.scope, scheme.id, tuanjie.unit.id);
    // One manual item of 蛮会镇 already looked at.
    await ctx.assessments.adjust(reviewer.scope, scheme.id, manhui.unit.id, '2.6', { score: 3, reason: '会前学法制度执行到位，记录完整' });
  } finally {
    await reviewer.done();
  }
}
