/** A ledger kind as GET /api/kinds gives it to the UI, which renders forms and tables from it. Imports only zod. */
import { z } from 'zod';
import { fieldSchema, optionSchema } from './fields.js';
import { deadlineSchema, stepSchema } from './procedures.js';

export const kindSchema = z.object({
  code: z.string(),
  label: z.string(),
  area: z.string(),
  areaLabel: z.string(),
  description: z.string(),
  /** Defined by a town office rather than built in. */
  custom: z.boolean(),
  orgLevels: z.array(z.object({ level: z.string(), label: z.string() })),
  titleLabel: z.string(),
  dateLabel: z.string(),
  dateRange: z.boolean(),
  endDateLabel: z.string().optional(),
  /** The editable list the record's tags come from, with its items. */
  tags: z.object({ list: z.string(), options: z.array(optionSchema) }).optional(),
  fields: z.array(fieldSchema),
  procedure: z.object({ statusField: z.string().optional(), steps: z.array(stepSchema).readonly(), deadlines: z.array(deadlineSchema).readonly() }).optional(),
  indicators: z.array(z.object({ code: z.string(), label: z.string(), unit: z.string() })),
  /** What the caller's role may do with the kind's records. */
  permissions: z.object({ read: z.boolean(), create: z.boolean(), update: z.boolean(), delete: z.boolean(), reveal: z.boolean() }),
});
export type Kind = z.infer<typeof kindSchema>;

/** GET /api/kinds. */
export const kindsResponseSchema = z.object({
  areas: z.array(z.object({ code: z.string(), label: z.string() })),
  items: z.array(kindSchema),
});
export type KindsResponse = z.infer<typeof kindsResponseSchema>;

/** An item of an editable list (选项列表) with its owner: null for the items everyone sees, a unit's id for its own. */
export const listItemSchema = z.object({ id: z.string(), code: z.string(), label: z.string(), orgId: z.string().nullable(), sort: z.number(), active: z.boolean() });
export type ListItem = z.infer<typeof listItemSchema>;

/** GET /api/lists: the editable lists the caller sees, each with its items. */
export const optionListSchema = z.object({ code: z.string(), label: z.string(), items: z.array(listItemSchema) });
export type OptionList = z.infer<typeof optionListSchema>;

/** A town's count or sum over one of its custom kinds, as added (POST /api/kinds/:kind/indicators). */
export const customKindIndicatorSchema = z.object({
  code: z.string(),
  label: z.string(),
  unit: z.string(),
  measure: z.union([z.object({ op: z.literal('count') }), z.object({ op: z.literal('sum'), field: z.string() })]),
  /** Only records whose choice (or yes/no) field has this value count. */
  where: z.array(z.object({ field: z.string(), equals: z.union([z.string(), z.boolean()]) })).optional(),
});
export type CustomKindIndicator = z.infer<typeof customKindIndicatorSchema>;

/** GET /api/lists. */
export const optionListsSchema = z.object({ items: z.array(optionListSchema) });
export type OptionLists = z.infer<typeof optionListsSchema>;
