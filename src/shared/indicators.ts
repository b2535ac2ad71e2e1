/** Indicator values and the words they are counted in, as the API gives them. Imports only zod. */
import { z } from 'zod';

/** The unit words reports count in; '%' for ratios, 万元 for money sums reported in ten thousands of yuan. */
export const UNITS = ['次', '场', '件', '件次', '项', '类', '批次', '家', '个', '条', '起', '台', '户', '人', '人次', '名', '元', '万元', '小时', '%'] as const;
export type Unit = (typeof UNITS)[number];

/** Decimals a percentage is written with: "97%", "95.9%", "98.26%". */
export const PERCENT_PRECISIONS = [0, 1, 2] as const;
export type PercentPrecision = (typeof PERCENT_PRECISIONS)[number];
export const percentPrecisionSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const indicatorValueSchema = z.object({
  code: z.string(),
  label: z.string(),
  /** One of UNITS, or a word of the town's own unit list (份, 篇 …). */
  unit: z.string(),
  value: z.number(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  /** A percentage's decimals, when not the default 1. */
  precision: percentPrecisionSchema.optional(),
  /** For a change against the previous period: the value then (the current one is value + previous for 'absolute'). */
  previous: z.number().optional(),
  /** How many records stand behind the value. */
  records: z.number(),
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

/** One filter of a town's own indicator as the editor sends it; each maps to a condition of the engine. */
export const filterInputSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ field: z.string().max(40), op: z.literal('in'), values: z.array(z.string().max(60)).min(1, { error: '「选项」至少选一个' }).max(50) }),
    z.object({ field: z.string().max(40), op: z.literal('is'), value: z.boolean({ error: '「是否」应为是或否' }) }),
    z.object({
      field: z.string().max(40),
      op: z.literal('between'),
      from: z.union([z.string().max(10), z.number()]).optional(),
      to: z.union([z.string().max(10), z.number()]).optional(),
    }),
    z.object({ field: z.string().max(40), op: z.literal('contains'), words: z.array(z.string().trim().min(1).max(30)).min(1, { error: '「包含文字」至少填一个词' }).max(10) }),
  ],
  { error: '筛选条件的「方式」应为选项（in）、是否（is）、范围（between）或包含文字（contains）' },
);
export type FilterInput = z.infer<typeof filterInputSchema>;

/** How a town's own indicator is computed: over a ledger (count, sum, distinct count), or from other indicators (ratio, change). */
export const OWN_MEASURES = ['count', 'sum', 'distinct', 'ratio', 'change'] as const;
export type OwnMeasure = (typeof OWN_MEASURES)[number];

/**
 * A town's (county's) own indicator as stored and answered: the editor's input without its owner
 * and version, so the form reopens as it was saved. The service checks the input with its own
 * messages (src/indicators/town-defined.ts); this is the shape that comes out.
 */
export const ownDefinitionSchema = z.object({
  code: z.string(),
  label: z.string(),
  unit: z.string().optional(),
  precision: percentPrecisionSchema.optional(),
  aliases: z.array(z.string()).optional(),
  description: z.string().optional(),
  measure: z.enum(OWN_MEASURES),
  kind: z.string().optional(),
  field: z.string().optional(),
  filters: z.array(filterInputSchema).optional(),
  period: z.enum(['dated', 'active']).optional(),
  dateField: z.string().optional(),
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  /** ratio: a percentage (default) or the plain quotient. */
  percent: z.boolean().optional(),
  of: z.string().optional(),
  as: z.enum(['absolute', 'percent']).optional(),
});
export type OwnDefinition = z.infer<typeof ownDefinitionSchema>;

/** One current definition and its owner (POST and PUT /api/indicator-definitions answer one). */
export const ownIndicatorRowSchema = z.object({
  code: z.string(),
  orgId: z.string(),
  orgPath: z.string(),
  orgName: z.string().optional(),
  version: z.number(),
  definition: ownDefinitionSchema,
  updatedAt: z.string(),
});
export type OwnIndicatorRow = z.infer<typeof ownIndicatorRowSchema>;

/** GET /api/indicator-definitions: the definitions in view, every indicator a ratio or change may name, and the unit words. */
export const ownIndicatorsResponseSchema = z.object({
  items: z.array(ownIndicatorRowSchema),
  indicators: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      unit: z.string(),
      /** The ledger kind counted (null for a figure spanning kinds or counting units). */
      kind: z.string().nullable(),
      measure: z.string(),
      /** Set for a unit's own indicator: the unit that defined it. */
      ownerOrgId: z.string().optional(),
    }),
  ),
  units: z.array(z.string()),
});
export type OwnIndicatorsResponse = z.infer<typeof ownIndicatorsResponseSchema>;

/** GET /api/indicator-definitions/:code/versions: every saved version, newest first, with the approved reports using each. */
export const ownIndicatorVersionsSchema = z.object({
  code: z.string(),
  orgId: z.string(),
  current: z.number(),
  retired: z.boolean(),
  versions: z.array(
    z.object({
      version: z.number(),
      definition: ownDefinitionSchema,
      createdAt: z.string(),
      usedBy: z.array(z.object({ orgId: z.string(), year: z.number(), status: z.string() })),
    }),
  ),
});
export type OwnIndicatorVersions = z.infer<typeof ownIndicatorVersionsSchema>;
