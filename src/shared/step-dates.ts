/**
 * The rules on a procedure step's date that a form can check before it sends anything, in the
 * words the server answers with: which step dates a status needs, a step dated after today, a
 * step dated before the steps it follows, a status whose step has no date. The server applies
 * them (src/ledger/service.ts, src/procedures/procedure.ts) and stays the authority; the record
 * form (web/src/pages/RecordFormPage.tsx) uses them to ask for the dates up front. Shared by the
 * server and the UI: imports nothing.
 */

/** A condition on the record: a boolean field that must be true, or a field with one of some values. */
export type StepCondition = string | { field: string; in: readonly string[] };

/** What these rules read of a step (the server's StepDefinition and the API's Step both fit). */
export interface StepRef {
  code: string;
  label: string;
  /** The record's date field holding the day the step was taken ('date' is the record's own date). */
  field: string;
  when?: StepCondition;
  optional?: boolean;
  after?: readonly string[];
  statuses?: readonly string[];
}

export function conditionHolds(condition: StepCondition | undefined, values: Readonly<Record<string, unknown>>): boolean {
  if (condition === undefined) return true;
  if (typeof condition === 'string') return values[condition] === true;
  const value = values[condition.field];
  return typeof value === 'string' && condition.in.includes(value);
}

/**
 * The steps whose dates a record in `status` must carry, in the procedure's order: the steps that
 * set the status and, before them, every step they follow that applies to the record and may not
 * be left out. The record's own date (a step's field 'date') is not among them.
 */
export function stepsNeededFor<S extends StepRef>(steps: readonly S[], status: unknown, values: Readonly<Record<string, unknown>>): S[] {
  if (typeof status !== 'string' || !status) return [];
  const byCode = new Map(steps.map((s) => [s.code, s]));
  const needed = new Set<string>();
  const visit = (step: S) => {
    if (needed.has(step.code)) return;
    needed.add(step.code);
    for (const code of step.after ?? []) {
      const before = byCode.get(code);
      if (before && !before.optional && conditionHolds(before.when, values)) visit(before);
    }
  };
  for (const step of steps) if (step.statuses?.includes(status)) visit(step);
  return steps.filter((s) => needed.has(s.code) && s.field !== 'date');
}

/** A step is recorded once it has been taken: its date cannot lie after today. */
export const stepDateInFuture = (fieldLabel: string, date: string, today: string) => `「${fieldLabel}」（${date}）不能晚于今天（${today}）：步骤办理后才能登记`;

/** A step taken before a step it follows. */
export const stepDateTooEarly = (step: Pick<StepRef, 'label'>, date: string, before: Pick<StepRef, 'label'>, beforeDate: string) =>
  `「${step.label}」的日期（${date}）不能早于「${before.label}」（${beforeDate}）`;

/** A status saying a step was taken, without the step's date: said on the date's own field. */
export const stepDateMissing = (fieldLabel: string, statusLabel: string, step: Pick<StepRef, 'label'>) =>
  `请填写「${fieldLabel}」：状态为「${statusLabel}」须登记「${step.label}」的日期`;
