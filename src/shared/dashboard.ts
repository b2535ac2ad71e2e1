/** The dashboard, the indicators page, the county comparison and the notifications, as the API gives them. Imports only zod. */
import { z } from 'zod';
import { indicatorValueSchema } from './indicators.js';
import { orgRefSchema } from './org.js';

export const periodSchema = z.object({ from: z.string(), to: z.string() });
export type Period = z.infer<typeof periodSchema>;

export const monthlyActivitySchema = z.object({
  area: z.string(),
  areaLabel: z.string(),
  /** 'YYYY-MM' */
  month: z.string(),
  count: z.number(),
  /** The same count by ledger, so a bar can lead to the lists behind it. */
  kinds: z.array(z.object({ kind: z.string(), kindLabel: z.string(), count: z.number() })),
});
export type MonthlyActivity = z.infer<typeof monthlyActivitySchema>;

export const categoryCountSchema = z.object({ code: z.string(), label: z.string(), count: z.number(), resolved: z.number() });
export type CategoryCount = z.infer<typeof categoryCountSchema>;

export const villageCountSchema = z.object({
  /** null: disputes whose village is not filled in. */
  orgId: z.string().nullable(),
  name: z.string(),
  count: z.number(),
  resolved: z.number(),
});
export type VillageCount = z.infer<typeof villageCountSchema>;

export const monthlyResolutionSchema = z.object({
  month: z.string(),
  /** Disputes registered in the month. */
  registered: z.number(),
  /** Of those, how many are resolved (化解) now. */
  resolved: z.number(),
});
export type MonthlyResolution = z.infer<typeof monthlyResolutionSchema>;

export const domainCountSchema = z.object({ code: z.string(), label: z.string(), count: z.number(), problemsFound: z.number(), problemsRectified: z.number() });
export type DomainCount = z.infer<typeof domainCountSchema>;

export const publicityReachSchema = z.object({
  online: z.object({ posts: z.number(), reads: z.number() }),
  offline: z.object({ events: z.number(), audience: z.number() }),
});
export type PublicityReach = z.infer<typeof publicityReachSchema>;

/** GET /api/dashboard. */
export const dashboardSchema = z.object({
  org: orgRefSchema,
  year: z.number(),
  period: periodSchema,
  activityByMonth: z.array(monthlyActivitySchema),
  disputesByCategory: z.array(categoryCountSchema),
  disputesByVillage: z.array(villageCountSchema),
  resolutionByMonth: z.array(monthlyResolutionSchema),
  inspectionsByDomain: z.array(domainCountSchema),
  publicityReach: publicityReachSchema,
  /** The annual report of `year`: submitted to the county by, and made public by (configurable). */
  reportDueDates: z.object({ submitBy: z.string(), publishBy: z.string() }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** One record behind a figure, enough to name it and link to it. */
export const recordRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  orgId: z.string(),
  orgName: z.string().nullable(),
  /** The unit by its path below its town (新华村/一社). */
  orgPathName: z.string().nullable(),
  /** The unit's town; null for a unit above towns. */
  townName: z.string().nullable(),
});
export type RecordRef = z.infer<typeof recordRefSchema>;

export const recordGroupSchema = z.object({
  /** 'value' for a count or sum; 'numerator' and 'denominator' for the two sides of a rate. */
  part: z.enum(['value', 'numerator', 'denominator']),
  label: z.string(),
  /** The ledger the records are of ('orgUnit' for counts of org units). */
  kind: z.string(),
  kindLabel: z.string(),
  total: z.number(),
  records: z.array(recordRefSchema),
});
export type RecordGroup = z.infer<typeof recordGroupSchema>;

/** GET /api/dashboard/records: the records behind an indicator's value, with the unit and year asked about. */
export const indicatorRecordsSchema = z.object({
  org: orgRefSchema,
  year: z.number(),
  indicator: indicatorValueSchema,
  groups: z.array(recordGroupSchema),
});
export type IndicatorRecords = z.infer<typeof indicatorRecordsSchema>;

/**
 * GET /api/dashboard/figures: what the dashboard's first screen shows, in one answer — the unit's
 * figures for the year and for the year before (each card's comparison).
 */
export const dashboardFiguresSchema = z.object({
  org: orgRefSchema,
  year: z.number(),
  items: z.array(indicatorValueSchema),
  /** The same figures for the year before; a figure new this year is missing here. */
  previous: z.array(indicatorValueSchema),
});
export type DashboardFigures = z.infer<typeof dashboardFiguresSchema>;

/** GET /api/indicators. */
export const indicatorsResponseSchema = z.object({ org: orgRefSchema, period: periodSchema, items: z.array(indicatorValueSchema) });
export type IndicatorsResponse = z.infer<typeof indicatorsResponseSchema>;

/** A unit beside its peers (a county's towns), each over its own subtree. */
export const unitRowSchema = z.object({ org: orgRefSchema, values: z.array(indicatorValueSchema) });
export type UnitRow = z.infer<typeof unitRowSchema>;

/** GET /api/indicators/compare. */
export const compareResponseSchema = z.object({ org: orgRefSchema, period: periodSchema, rows: z.array(unitRowSchema) });
export type CompareResponse = z.infer<typeof compareResponseSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  /** The day the reminder was made for. */
  on: z.string(),
  title: z.string(),
  body: z.string(),
  kind: z.string().nullable(),
  recordId: z.string().nullable(),
  due: z.string().nullable(),
  severity: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** GET /api/notifications. */
export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  /** The caller's unread notifications in all, whatever the filter. */
  unread: z.number(),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

/**
 * The records behind an indicator's value (GET /api/indicators/:code/records): the ids, and for a
 * ratio, total or change the same for each of its parts.
 */
export const provenanceSchema = z.object({
  indicator: indicatorValueSchema,
  /** Which ledger the ids are of ('orgUnit' for counts of org units, 'mixed' for a total over several ledgers). */
  kind: z.string(),
  ids: z.array(z.string()),
  get numerator() {
    return provenanceSchema.optional();
  },
  get denominator() {
    return provenanceSchema.optional();
  },
  /** A total's parts, each with its own ledger. */
  get parts() {
    return z.array(provenanceSchema).optional();
  },
  /** A change against the year before: the records behind the value now and then. */
  get current() {
    return provenanceSchema.optional();
  },
  get previous() {
    return provenanceSchema.optional();
  },
});
export type Provenance = z.infer<typeof provenanceSchema>;

/** GET /api/indicators/:code/records: the unit and period asked about, and the records behind the value. */
export const indicatorProvenanceSchema = provenanceSchema.extend({ org: orgRefSchema, period: periodSchema });

/** GET /api/notifications/digest: the day's digest as plain text. */
export const digestSchema = z.object({ text: z.string() });
export type Digest = z.infer<typeof digestSchema>;
