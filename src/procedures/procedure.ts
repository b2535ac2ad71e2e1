/**
 * Statutory procedures as data. A procedural ledger kind declares its steps, in order; each step
 * is taken on the date held in one of the record's date fields, so the record itself is the
 * procedure's state and every path that writes a record (form, step button, Excel, demo) passes
 * the same checks. Deadlines run from one step to another, counted in working or calendar days
 * (docs/DESIGN.md §4).
 *
 * Everything here is pure: no database, no clock. `src/procedures/service.ts` adapts it.
 */
import type { FieldProblem } from '../core/errors.js';
import type { RecordValues } from '../ledger/fields.js';
import { addPeriod, coverageWarning, daysBetween, type DayCount } from './calendar.js';
import { stepDateInFuture, stepDateTooEarly } from '../shared/step-dates.js';
import type { StepStatus, StepState, DeadlineStatus, DeadlineState, ProcedureState, Extension } from '../shared/procedures.js';
export type { StepStatus, StepState, DeadlineStatus, DeadlineState, ProcedureState, Extension };

/** A condition on the record: a boolean field that must be true, or a field with one of some values. */
export type Condition = string | { field: string; in: readonly string[] };

export interface StepDefinition {
  code: string;
  label: string;
  /** The record's date field holding the day the step was taken ('date' is the record's own date). */
  field: string;
  /** The step applies only when this holds (e.g. a case flagged for legal review). */
  when?: Condition;
  /** The step may be left out even when it applies (e.g. 陈述申辩, which the party may waive). */
  optional?: boolean;
  /** Steps that must already be taken, on or before this step's date, when they apply. */
  after?: readonly string[];
  /** Record statuses that say this step has been taken; the first is the status the step sets. */
  statuses?: readonly string[];
  /** Where the duty comes from. */
  basis?: string;
  /** Further conditions for taking the step, as Chinese messages naming what is missing. */
  check?: (values: RecordValues) => FieldProblem[];
}

export interface DeadlineRule {
  code: string;
  label: string;
  /** The step the period runs from. */
  from: string;
  /** Taking any of these steps meets the deadline. */
  until: readonly string[];
  days: number;
  count: DayCount;
  basis: string;
  when?: Condition;
  /** An approver may extend the period, by at most this many days in all (of the same count). */
  extension?: { maxDays: number; basis: string };
  /** No deadline runs once the record has one of these statuses (e.g. a petition not accepted). */
  endedBy?: readonly string[];
}

export interface ProcedureDefinition {
  steps: readonly StepDefinition[];
  deadlines?: readonly DeadlineRule[];
  /** The field holding the record's status, when steps set it. */
  statusField?: string;
}

export interface EvaluateOptions {
  /** The day to see the procedure as of: steps dated later count as not yet taken. */
  on?: string;
  extensions?: readonly Extension[];
  /** Configured lengths of periods, by deadline code, replacing the declared days. */
  periods?: Readonly<Record<string, number>>;
}

export function holds(condition: Condition | undefined, values: RecordValues): boolean {
  if (condition === undefined) return true;
  if (typeof condition === 'string') return values[condition] === true;
  const value = values[condition.field];
  return typeof value === 'string' && condition.in.includes(value);
}

const dateOf = (values: RecordValues, field: string): string | undefined => {
  const v = values[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const stepIndex = (procedure: ProcedureDefinition) => new Map(procedure.steps.map((s) => [s.code, s]));

/**
 * Why these values are not a possible state of the procedure: steps taken before the steps
 * they need, or dated before them; a status saying a step was taken when it was not; a step's
 * own conditions. Empty when the record is consistent.
 */
export function procedureProblems(procedure: ProcedureDefinition, values: RecordValues, statusLabel: (code: string) => string = (c) => c): FieldProblem[] {
  const steps = stepIndex(procedure);
  const problems: FieldProblem[] = [];
  const taken = (code: string) => {
    const step = steps.get(code);
    return step ? dateOf(values, step.field) : undefined;
  };

  for (const step of procedure.steps) {
    const date = dateOf(values, step.field);
    if (!date) continue;
    if (!holds(step.when, values)) continue;
    for (const code of step.after ?? []) {
      const before = steps.get(code);
      if (!before || !holds(before.when, values)) continue;
      const beforeDate = taken(code);
      if (!beforeDate) {
        if (before.optional) continue;
        problems.push({ field: step.field, message: `不能登记「${step.label}」：尚未登记「${before.label}」${basisNote(step)}` });
      } else if (beforeDate > date) {
        problems.push({ field: step.field, message: stepDateTooEarly(step, date, before, beforeDate) });
      }
    }
    problems.push(...(step.check?.(values) ?? []));
  }

  const statusField = procedure.statusField;
  const status = statusField ? values[statusField] : undefined;
  if (statusField && typeof status === 'string') {
    for (const step of procedure.steps) {
      if (!step.statuses?.includes(status) || dateOf(values, step.field)) continue;
      problems.push({
        field: statusField,
        message: `状态不能为「${statusLabel(status)}」：尚未登记「${step.label}」${basisNote(step)}`,
      });
    }
  }
  return dedupe(problems);
}

/**
 * Step dates after `today` among `written`, the values a write sets (a step date already stored is
 * not judged again): a step is recorded once it has been taken. The record's own date is no step
 * of this kind, and a date field marked `ahead` (a term's end, a time limit) may lie ahead. Every
 * path that writes records (the form, step buttons, create and edit, the Excel import) applies it.
 */
export function futureStepProblems(
  procedure: ProcedureDefinition,
  fields: ReadonlyArray<{ name: string; label: string; ahead?: boolean }>,
  written: RecordValues,
  today: string,
): FieldProblem[] {
  const fieldOf = (name: string) => fields.find((f) => f.name === name);
  const problems: FieldProblem[] = [];
  for (const step of procedure.steps) {
    const date = written[step.field];
    if (step.field === 'date' || typeof date !== 'string' || fieldOf(step.field)?.ahead) continue;
    if (date > today) problems.push({ field: step.field, message: stepDateInFuture(fieldOf(step.field)?.label ?? step.field, date, today) });
  }
  return problems;
}

const basisNote = (step: StepDefinition) => (step.basis ? `（${step.basis}）` : '');

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The values as they stood on `on`: step dates after it are cleared. */
export function asOf(procedure: ProcedureDefinition, values: RecordValues, on: string | undefined): RecordValues {
  if (!on) return values;
  const seen: RecordValues = { ...values };
  for (const step of procedure.steps) {
    const date = dateOf(values, step.field);
    if (date && date > on) seen[step.field] = null;
  }
  return seen;
}

/** Every step's state, every deadline's, and what may be done next. */
export function evaluate(procedure: ProcedureDefinition, record: RecordValues, options: EvaluateOptions = {}): ProcedureState {
  const values = asOf(procedure, record, options.on);
  const steps = stepIndex(procedure);

  const stepStates: StepState[] = procedure.steps.map((step) => {
    const base = { code: step.code, label: step.label, field: step.field, basis: step.basis, optional: !!step.optional };
    if (!holds(step.when, values)) return { ...base, status: 'notApplicable', waitingFor: [] };
    const date = dateOf(values, step.field);
    if (date) return { ...base, status: 'done', date, waitingFor: [] };
    const waitingFor = (step.after ?? []).filter((code) => {
      const before = steps.get(code);
      return before && holds(before.when, values) && !before.optional && !dateOf(values, before.field);
    });
    return { ...base, status: waitingFor.length ? 'waiting' : 'ready', waitingFor };
  });

  const statusField = procedure.statusField;
  const status = statusField ? values[statusField] : undefined;
  const deadlines: DeadlineState[] = [];
  for (const rule of procedure.deadlines ?? []) {
    if (!holds(rule.when, values)) continue;
    if (typeof status === 'string' && rule.endedBy?.includes(status)) continue;
    const fromStep = steps.get(rule.from);
    const start = fromStep && holds(fromStep.when, values) ? dateOf(values, fromStep.field) : undefined;
    if (!start) continue;
    const days = options.periods?.[rule.code] ?? rule.days;
    const extendedDays = (options.extensions ?? [])
      .filter((e) => e.deadline === rule.code && (!options.on || e.approvedOn <= options.on))
      .reduce((sum, e) => sum + e.days, 0);
    const statutoryDue = addPeriod(start, days, rule.count);
    const due = extendedDays ? addPeriod(start, days + extendedDays, rule.count) : statutoryDue;
    const metOn = rule.until
      .map((code) => steps.get(code))
      .map((step) => (step ? dateOf(values, step.field) : undefined))
      .filter((d): d is string => !!d)
      .sort()[0];
    const state: DeadlineState = {
      code: rule.code,
      label: rule.label,
      basis: rule.basis,
      count: rule.count,
      from: rule.from,
      start,
      statutoryDue,
      due,
      extendedDays,
      status: metOn ? (metOn > due ? 'metLate' : 'met') : 'open',
      until: [...rule.until],
      warning: coverageWarning(due),
      extendable: rule.extension ? Math.max(0, rule.extension.maxDays - extendedDays) : undefined,
    };
    if (metOn) state.metOn = metOn;
    if (!metOn && options.on) state.daysLeft = daysBetween(options.on, due);
    deadlines.push(state);
  }

  const next = stepStates.filter((s) => s.status === 'ready').map((s) => s.code);
  return { steps: stepStates, deadlines, next };
}

/** Checks an extension against the rule it extends; Chinese messages naming the field. */
export function extensionProblems(procedure: ProcedureDefinition, deadline: string, days: number, granted: readonly Extension[]): FieldProblem[] {
  const rule = procedure.deadlines?.find((d) => d.code === deadline);
  if (!rule) return [{ field: 'deadline', message: `没有名为“${deadline}”的期限` }];
  if (!rule.extension) return [{ field: 'deadline', message: `「${rule.label}」依法不能延长` }];
  if (!Number.isInteger(days) || days < 1) return [{ field: 'days', message: '「延长天数」应为正整数' }];
  const used = granted.filter((e) => e.deadline === deadline).reduce((sum, e) => sum + e.days, 0);
  const left = rule.extension.maxDays - used;
  if (days > left) {
    return [
      {
        field: 'days',
        message: left > 0 ? `「${rule.label}」最多还能延长 ${left} 日（${rule.extension.basis}）` : `「${rule.label}」已延长到法定上限（${rule.extension.basis}）`,
      },
    ];
  }
  return [];
}
