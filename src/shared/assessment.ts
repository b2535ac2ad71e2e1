/**
 * The county's assessment of its towns (法治政府建设考核) as the API gives and takes it: a scheme
 * of sections and items, each item's scoring rule, a town's live self-assessment and the
 * reviewer's side-by-side view. Imports only zod.
 */
import { z } from 'zod';
import { REPORT_AREAS } from './areas.js';

/** The areas an item belongs to: the report's six, as the county's scheme groups them. */
export const ASSESSMENT_AREAS = REPORT_AREAS;
export type AssessmentArea = keyof typeof ASSESSMENT_AREAS;
const areaCodes = Object.keys(ASSESSMENT_AREAS) as [AssessmentArea, ...AssessmentArea[]];

export const RULE_LABELS = {
  threshold: '达到即得分',
  proportional: '按比例得分',
  deduction: '按差距扣分',
  manual: '人工评分',
} as const;
export type RuleType = keyof typeof RULE_LABELS;

const figure = (label: string) => z.number({ error: `「${label}」应为数字` });
const indicatorCode = z.string({ error: '请选择「指标」' }).trim().min(1, { error: '请选择「指标」' }).max(80, { error: '「指标」编码不能超过80个字符' });

/**
 * How an item is scored. Automatic rules read one indicator of the town for the year:
 * threshold — full points when the figure reaches `min` (专题部署会 ≥ 2 次得 4 分);
 * proportional — nothing at `from`, full points at `to`, in between by proportion;
 * deduction — full points at `target`, `deduct` points off for every `step` short of it, never
 * below zero (化解率 ≥ 95% 得满分，每低 1 个百分点扣 0.5 分，扣完为止); manual — the reviewer scores.
 */
export const scoringRuleSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('threshold'), indicator: indicatorCode, min: figure('达标值') }),
    z.object({ type: z.literal('proportional'), indicator: indicatorCode, from: figure('起始值'), to: figure('满分值') }),
    z.object({
      type: z.literal('deduction'),
      indicator: indicatorCode,
      target: figure('目标值'),
      step: figure('差距单位').positive({ error: '「差距单位」应大于0' }),
      deduct: figure('每次扣分').positive({ error: '「每次扣分」应大于0' }),
    }),
    z.object({ type: z.literal('manual') }),
  ],
  { error: '「评分规则」应为达到即得分、按比例得分、按差距扣分或人工评分之一' },
);
export type ScoringRule = z.infer<typeof scoringRuleSchema>;

export const assessmentItemSchema = z
  .object({
    code: z
      .string({ error: '请填写「序号」' })
      .trim()
      .regex(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { error: '「序号」应为数字和点，如 2.3' })
      .max(20, { error: '「序号」不能超过20个字符' }),
    title: z.string({ error: '请填写「考核内容」' }).trim().min(2, { error: '「考核内容」至少2个字' }).max(200, { error: '「考核内容」不能超过200个字' }),
    points: figure('分值').positive({ error: '「分值」应大于0' }).max(100, { error: '「分值」不能超过100' }),
    /** The ledgers whose records are the evidence, and whether each record needs an attachment (签到表、纪要、照片). */
    evidenceKinds: z.array(z.string().max(60)).max(10, { error: '「佐证台账」不能超过10个' }).default([]),
    attachmentsRequired: z.boolean().default(false),
    rule: scoringRuleSchema,
    /** How the points are earned, in the county's words (评分标准). */
    standard: z.string().trim().max(500, { error: '「评分标准」不能超过500个字' }).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.rule.type === 'proportional' && item.rule.to === item.rule.from) ctx.addIssue({ code: 'custom', path: ['rule', 'to'], message: '「满分值」不能等于「起始值」' });
  });
export type AssessmentItem = z.infer<typeof assessmentItemSchema>;

export const assessmentSectionSchema = z.object({
  title: z.string({ error: '请填写「部分名称」' }).trim().min(2, { error: '「部分名称」至少2个字' }).max(60, { error: '「部分名称」不能超过60个字' }),
  area: z.enum(areaCodes, { error: '「领域」应为第一责任人、学法用法、依法决策、执法规范、基层治理或普法' }),
  items: z.array(assessmentItemSchema).min(1, { error: '每个部分至少有一个考核项目' }).max(60, { error: '每个部分不能超过60个考核项目' }),
});
export type AssessmentSection = z.infer<typeof assessmentSectionSchema>;

const schemeFields = z.object({
    orgId: z.string({ error: '请选择「制定单位」' }).max(60),
    year: z.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }).min(2000, { error: '「年度」应在2000到2100之间' }).max(2100, { error: '「年度」应在2000到2100之间' }),
    title: z.string({ error: '请填写「方案名称」' }).trim().min(4, { error: '「方案名称」至少4个字' }).max(80, { error: '「方案名称」不能超过80个字' }),
    /** The day self-assessments are due (YYYY-MM-DD). */
    deadline: z.string({ error: '请填写「自评截止日期」' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '「自评截止日期」格式应为 YYYY-MM-DD' }),
    sections: z.array(assessmentSectionSchema).min(1, { error: '方案至少有一个部分' }).max(20, { error: '方案不能超过20个部分' }),
  });
/** Item codes are unique across the scheme: scores, notes and adjustments are kept by code. */
const uniqueCodes = (scheme: { sections: AssessmentSection[] }, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    scheme.sections.forEach((s, si) =>
      s.items.forEach((item, ii) => {
        if (seen.has(item.code)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'items', ii, 'code'], message: `「序号」${item.code} 重复` });
        seen.add(item.code);
      }),
    );
};
/** What a scheme's owner writes: its year, title, deadline and items. */
export const schemeInputSchema = schemeFields.superRefine(uniqueCodes);
export type SchemeInput = z.infer<typeof schemeInputSchema>;
export const schemeUpdateSchema = schemeFields.omit({ orgId: true }).extend({ version: z.number({ error: '请提供「版本」' }).int() }).superRefine(uniqueCodes);
export type SchemeUpdate = z.infer<typeof schemeUpdateSchema>;

export const SCHEME_STATUS = { draft: '草稿', open: '已发布', frozen: '已冻结' } as const;
export type SchemeStatus = keyof typeof SCHEME_STATUS;

export const schemeSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number(),
  title: z.string(),
  deadline: z.string(),
  version: z.number(),
  /** draft: only its owner sees it; open: the towns below assess against it; frozen: a town has submitted, the items no longer change. */
  status: z.enum(['draft', 'open', 'frozen']),
  totalPoints: z.number(),
  sections: z.array(assessmentSectionSchema),
  copiedFrom: z.string().nullable(),
});
export type Scheme = z.infer<typeof schemeSchema>;
export const schemeListSchema = z.object({ items: z.array(schemeSchema.omit({ sections: true }).extend({ items: z.number() })) });

export const ASSESSMENT_STATUS = { draft: '自评中', submitted: '已提交', returned: '退回修改', confirmed: '已确认' } as const;
export type AssessmentStatus = keyof typeof ASSESSMENT_STATUS;

/** What keeps an item from its points: the figure short of its mark, records lacking attachments, due items overdue. */
export const shortfallSchema = z.object({
  figure: z.object({ indicator: z.string(), label: z.string(), value: z.number(), needed: z.number(), unit: z.string() }).optional(),
  withoutAttachments: z.object({ kind: z.string(), ids: z.array(z.string()) }).array(),
  overdue: z.array(z.object({ kind: z.string().optional(), recordId: z.string().optional(), title: z.string(), due: z.string(), step: z.string() })),
});
export type Shortfall = z.infer<typeof shortfallSchema>;

export const itemResultSchema = z.object({
  code: z.string(),
  title: z.string(),
  area: z.enum(areaCodes),
  points: z.number(),
  rule: scoringRuleSchema,
  /** The figure the rule read (absent for a manual item). */
  value: z.number().nullable(),
  unit: z.string().nullable(),
  /** What the rule gives (null for a manual item not yet scored). */
  computed: z.number().nullable(),
  /** The reviewer's score and why, when it replaces the computed one. */
  adjusted: z.object({ score: z.number(), reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  score: z.number(),
  records: z.number(),
  shortfall: shortfallSchema,
  note: z.string(),
  /** Sent back by the reviewer for correction, and why. */
  returned: z.object({ reason: z.string(), at: z.string() }).nullable(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

export const assessmentSchema = z.object({
  schemeId: z.string(),
  schemeTitle: z.string(),
  year: z.number(),
  deadline: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(['draft', 'submitted', 'returned', 'confirmed']),
  version: z.number(),
  /** True once confirmed: the scores are the ones kept then, whatever the records say now. */
  frozen: z.boolean(),
  submittedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  total: z.number(),
  totalPoints: z.number(),
  items: z.array(itemResultSchema),
});
export type Assessment = z.infer<typeof assessmentSchema>;

/** The reviewer's view: every town of the scheme's unit side by side, ranked, and how the totals spread. */
export const assessmentOverviewSchema = z.object({
  scheme: schemeSchema.omit({ sections: true }),
  items: z.array(z.object({ code: z.string(), title: z.string(), points: z.number(), area: z.enum(areaCodes) })),
  towns: z.array(
    z.object({
      org: z.object({ id: z.string(), name: z.string() }),
      status: z.enum(['draft', 'submitted', 'returned', 'confirmed']),
      total: z.number(),
      rank: z.number(),
      scores: z.record(z.string(), z.number()),
    }),
  ),
  /** How many towns' totals fall in each band of ten percent of the scheme's points. */
  distribution: z.array(z.object({ band: z.string(), towns: z.number() })),
});
export type AssessmentOverview = z.infer<typeof assessmentOverviewSchema>;

/** The records behind an item, with their attachments. */
export const itemEvidenceSchema = z.object({
  code: z.string(),
  title: z.string(),
  records: z.array(
    z.object({
      kind: z.string(),
      kindLabel: z.string(),
      id: z.string(),
      title: z.string(),
      date: z.string().nullable(),
      attachments: z.array(z.object({ id: z.string(), filename: z.string(), mime: z.string(), size: z.number() })),
    }),
  ),
});
export type ItemEvidence = z.infer<typeof itemEvidenceSchema>;

export const noteInputSchema = z.object({ note: z.string({ error: '请填写「自评说明」' }).trim().max(2000, { error: '「自评说明」不能超过2000个字' }) });
export const adjustInputSchema = z.object({
  score: z.number({ error: '「调整后得分」应为数字' }).min(0, { error: '「调整后得分」不能小于0' }),
  reason: z.string({ error: '请填写「调整理由」' }).trim().min(4, { error: '「调整理由」至少4个字' }).max(500, { error: '「调整理由」不能超过500个字' }),
});
export const returnInputSchema = z.object({
  reason: z.string({ error: '请填写「退回理由」' }).trim().min(4, { error: '「退回理由」至少4个字' }).max(500, { error: '「退回理由」不能超过500个字' }),
});
