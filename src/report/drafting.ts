/**
 * 存在的不足 and 下一年度安排 start from what the ledger says; staff then edit the text.
 * Each rule looks at the year's figures and, when it finds something, drafts a shortcoming
 * and the matching plan. Pure: figures in, sentences out.
 */
import type { IndicatorValue } from '../indicators/definition.js';
import { formatPercent } from './format.js';

export interface PlanTarget {
  title: string;
  indicatorCode: string | null;
  targetValue: number | null;
}

export interface DraftingFacts {
  year: number;
  values: ReadonlyMap<string, IndicatorValue>;
  lastYear: ReadonlyMap<string, IndicatorValue>;
  /** Plan items set for this year (last year's plan), to check whether they were met. */
  plans: PlanTarget[];
  /** Months of the year already over (12 for a past year). */
  monthsElapsed: number;
}

export interface Finding {
  rule: string;
  shortcoming: string;
  plan: string;
}

type Rule = (facts: DraftingFacts) => Finding | undefined;

const v = (facts: DraftingFacts, code: string) => facts.values.get(code)?.value ?? 0;

export const RULES: Record<string, Rule> = {
  /** Land disputes are a large share, yet publicity never touches land transfer or contracting. */
  landPublicity: (facts) => {
    const land = v(facts, 'dispute.land_transfer');
    const all = v(facts, 'dispute.screened');
    const posts = v(facts, 'publicity.online_posts') + v(facts, 'publicity.offline_events');
    const landTopics = v(facts, 'publicity.land_topics');
    if (all === 0 || land / all < 0.2 || posts === 0 || landTopics / posts >= 0.1) return undefined;
    return {
      rule: 'landPublicity',
      shortcoming: `普法内容与群众关切结合不够紧密。全年排查的矛盾纠纷中土地流转类占${formatPercent(land, all)}，但涉及土地流转和承包的普法内容仅${landTopics}条，宣传的针对性有待增强。`,
      plan: '围绕土地流转、土地承包等群众关心的问题编写普法材料，采用以案释法、现场宣讲等方式开展有针对性的宣传。',
    };
  },
  /** Fewer than three trainings for enforcement staff in a year. */
  enforcementTraining: (facts) => {
    const trainings = v(facts, 'enforcement.trainings');
    if (trainings >= 3) return undefined;
    return {
      rule: 'enforcementTraining',
      // No "0次" in a report: a year without training is said in words.
      shortcoming: `执法人员业务培训偏少，${trainings ? `全年仅参加培训${trainings}次` : '全年未参加执法业务培训'}，面对复杂执法情形时准确适用法律的能力仍需提高。`,
      plan: '制定执法人员年度培训计划，每季度至少组织一次业务培训，并安排案卷评查和以考促学。',
    };
  },
  /** Villages that missed their monthly screening. */
  screeningGaps: (facts) => {
    const villages = v(facts, 'org.villages');
    const expected = villages * facts.monthsElapsed;
    const rounds = v(facts, 'screening.rounds');
    if (villages === 0 || rounds >= expected) return undefined;
    return {
      rule: 'screeningGaps',
      shortcoming: `矛盾纠纷排查还不够经常。按每村每月一次计应开展排查${expected}次，台账记录${rounds}次，部分村存在漏排的月份。`,
      plan: '落实每村每月排查一次的要求，由镇司法所按月核对各村排查台账，对漏排的村及时督促补排。',
    };
  },
  /** Disputes left unresolved. */
  unresolvedDisputes: (facts) => {
    const all = v(facts, 'dispute.screened');
    const resolved = v(facts, 'dispute.resolved');
    if (all === 0 || resolved / all >= 0.95) return undefined;
    return {
      rule: 'unresolvedDisputes',
      shortcoming: `部分矛盾纠纷未能及时化解。全年排查${all}件，化解${resolved}件，化解率${formatPercent(resolved, all)}，法治方式与自治、德治结合还不够。`,
      plan: '对未化解的纠纷逐件落实包案领导和化解时限，发挥法律顾问、人民调解员作用，推动诉调对接。',
    };
  },
  /** Villages without a legal advisor. */
  advisorCoverage: (facts) => {
    const villages = v(facts, 'org.villages');
    const covered = v(facts, 'advisor.villages_covered');
    if (villages === 0 || covered >= villages) return undefined;
    return {
      rule: 'advisorCoverage',
      shortcoming: `一村一法律顾问尚未全覆盖，${villages}个村（社区）中有${villages - covered}个还没有法律顾问。`,
      plan: '通过购买服务等方式为尚未配备法律顾问的村（社区）选聘法律顾问，实现全覆盖。',
    };
  },
  /** Information formed but not yet disclosed. */
  pendingDisclosure: (facts) => {
    const pending = v(facts, 'disclosure.unpublished');
    if (pending === 0) return undefined;
    return {
      rule: 'pendingDisclosure',
      shortcoming: `政务公开的及时性有待提高，仍有${pending}条已形成的政府信息尚未公开。`,
      plan: '建立政务信息公开台账，信息形成或变更后在规定时限内公开，并定期检查公开情况。',
    };
  },
  /** Last year's plan items with a target that the year's figure did not reach. */
  unmetPlans: (facts) => {
    const unmet = facts.plans.filter(
      (p) => p.indicatorCode && p.targetValue !== null && facts.values.has(p.indicatorCode) && v(facts, p.indicatorCode) < p.targetValue,
    );
    if (!unmet.length) return undefined;
    const list = unmet.map((p) => `“${p.title}”（目标${p.targetValue}，实际${v(facts, p.indicatorCode ?? '')}）`).join('、');
    return {
      rule: 'unmetPlans',
      shortcoming: `年初确定的部分工作目标没有完成：${list}。`,
      plan: '对未完成的年度目标分析原因，调整措施后列入新一年计划，按季度跟踪进度。',
    };
  },
  /** Publicity reach fell against last year. */
  publicityDecline: (facts) => {
    const now = v(facts, 'publicity.offline_events');
    const before = facts.lastYear.get('publicity.offline_events')?.value ?? 0;
    if (before === 0 || now >= before) return undefined;
    return {
      rule: 'publicityDecline',
      shortcoming: `线下普法活动比上年减少，由${before}次降至${now}次。`,
      plan: '结合重要时间节点和农闲时段安排线下普法活动，活动次数不少于上年。',
    };
  },
};

export function draftFindings(facts: DraftingFacts): Finding[] {
  return Object.values(RULES)
    .map((rule) => rule(facts))
    .filter((f): f is Finding => f !== undefined);
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Paragraphs for the two sections; a general paragraph for staff to rewrite when no rule fires. */
export function draftSections(findings: Finding[]): { shortcomings: string[]; plan: string[] } {
  if (!findings.length) {
    return {
      shortcomings: ['（台账数据未反映出明显问题。请结合日常工作补充本年度存在的不足及其原因。）'],
      plan: ['（请结合本年度工作情况填写下一年度法治政府建设的主要安排。）'],
    };
  }
  return {
    shortcomings: findings.map((f, i) => `${ORDINALS[i] ?? i + 1}是${f.shortcoming}`),
    plan: findings.map((f, i) => `${ORDINALS[i] ?? i + 1}是${f.plan}`),
  };
}
