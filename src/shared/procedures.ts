/**
 * Statutory procedures as the API shows them: a kind's steps and deadlines, a record's state
 * along them, and the due list. Shared by the server and the UI: imports only zod.
 */
import { z } from 'zod';

export const DAY_COUNTS = ['working', 'calendar'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/** A condition on the record: a boolean field that must be true, or a field with one of some values. */
export const conditionSchema = z.union([z.string(), z.object({ field: z.string(), in: z.array(z.string()).readonly() })]);

/** A step of a kind's procedure (without the server's own further checks). */
export const stepSchema = z.object({
  code: z.string(),
  label: z.string(),
  /** The record's date field holding the day the step was taken ('date' is the record's own date). */
  field: z.string(),
  /** The step applies only when this holds (e.g. a case flagged for legal review). */
  when: conditionSchema.optional(),
  /** The step may be left out even when it applies (e.g. 陈述申辩, which the party may waive). */
  optional: z.boolean().optional(),
  /** Steps that must already be taken, on or before this step's date, when they apply. */
  after: z.array(z.string()).readonly().optional(),
  /** Record statuses that say this step has been taken; the first is the status the step sets. */
  statuses: z.array(z.string()).readonly().optional(),
  /** Where the duty comes from. */
  basis: z.string().optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const deadlineSchema = z.object({
  code: z.string(),
  label: z.string(),
  /** The step the period runs from. */
  from: z.string(),
  /** Taking any of these steps meets the deadline. */
  until: z.array(z.string()).readonly(),
  days: z.number(),
  count: z.enum(DAY_COUNTS),
  basis: z.string(),
  when: conditionSchema.optional(),
  /** An approver may extend the period, by at most this many days in all (of the same count). */
  extension: z.object({ maxDays: z.number(), basis: z.string() }).optional(),
  /** No deadline runs once the record has one of these statuses (e.g. a petition not accepted). */
  endedBy: z.array(z.string()).readonly().optional(),
});
export type Deadline = z.infer<typeof deadlineSchema>;

export const STEP_STATUSES = ['done', 'ready', 'waiting', 'notApplicable'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const stepStateSchema = z.object({
  code: z.string(),
  label: z.string(),
  field: z.string(),
  basis: z.string().optional(),
  optional: z.boolean(),
  status: z.enum(STEP_STATUSES),
  date: z.string().optional(),
  /** For a step not yet taken: the steps it still waits for. */
  waitingFor: z.array(z.string()),
});
export type StepState = z.infer<typeof stepStateSchema>;

export const DEADLINE_STATUSES = ['open', 'met', 'metLate'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const deadlineStateSchema = z.object({
  code: z.string(),
  label: z.string(),
  basis: z.string(),
  count: z.enum(DAY_COUNTS),
  /** The step the period runs from, and its date. */
  from: z.string(),
  start: z.string(),
  /** The date the law sets, before any extension. */
  statutoryDue: z.string(),
  due: z.string(),
  extendedDays: z.number(),
  status: z.enum(DEADLINE_STATUSES),
  /** The date the deadline was met, when it was. */
  metOn: z.string().optional(),
  /** Calendar days from `on` to the due date (negative when overdue), for an open deadline. */
  daysLeft: z.number().optional(),
  /** The steps that would meet it. */
  until: z.array(z.string()),
  /** When the holiday calendar does not cover the due date. */
  warning: z.string().optional(),
  /** How much more an approver may extend it, in days; absent when the law allows no extension. */
  extendable: z.number().optional(),
});
export type DeadlineState = z.infer<typeof deadlineStateSchema>;

export const procedureStateSchema = z.object({
  steps: z.array(stepStateSchema),
  deadlines: z.array(deadlineStateSchema),
  /** Steps that may be taken now. */
  next: z.array(z.string()),
});
export type ProcedureState = z.infer<typeof procedureStateSchema>;

/** An approved extension of one deadline of one record. */
export const extensionSchema = z.object({ deadline: z.string(), days: z.number(), approver: z.string(), reason: z.string(), approvedOn: z.string() });
export type Extension = z.infer<typeof extensionSchema>;

/** GET /api/ledgers/:kind/:id/procedure, and the answer to taking, undoing or extending a step. */
export const recordProcedureSchema = procedureStateSchema.extend({
  on: z.string(),
  extensions: z.array(extensionSchema.extend({ id: z.string(), createdAt: z.string() })),
});
export type RecordProcedure = z.infer<typeof recordProcedureSchema>;

export const DUE_SOURCES = ['procedure', 'screening', 'certificate', 'advisorContract', 'annualReport'] as const;

export const dueItemSchema = z.object({
  /** 'procedure' for a record's statutory deadline, otherwise the compliance check's code. */
  source: z.enum(DUE_SOURCES),
  /** The deadline rule's code (procedure) or a code naming the duty (compliance). */
  check: z.string(),
  kind: z.string().optional(),
  kindLabel: z.string().optional(),
  recordId: z.string().optional(),
  title: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  /** The unit by its path below its town (新华村/一社); given in GET /api/due, not to the reminders' walk. */
  orgPathName: z.string().optional(),
  /** The unit's town (null for a unit above towns); given in GET /api/due, not to the reminders' walk. */
  townName: z.string().nullable().optional(),
  /** What has to be done by the due date. */
  step: z.string(),
  /** The day the period runs from, when there is one. */
  start: z.string().optional(),
  due: z.string(),
  /** Calendar days from the day asked about to the due date; negative when overdue. */
  daysLeft: z.number(),
  overdue: z.boolean(),
  /** The rule behind the deadline, with its source. */
  rule: z.string(),
  extendedDays: z.number().optional(),
  warning: z.string().optional(),
});
export type DueItem = z.infer<typeof dueItemSchema>;

/** GET /api/due. */
export const dueListSchema = z.object({
  on: z.string(),
  within: z.number(),
  unit: z.object({ id: z.string(), name: z.string() }),
  items: z.array(dueItemSchema),
  overdue: z.number(),
  dueSoon: z.number(),
  /** When the holiday calendar does not reach the window asked about. */
  calendarWarning: z.string().optional(),
});
export type DueList = z.infer<typeof dueListSchema>;
