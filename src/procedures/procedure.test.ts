/**
 * Properties of the procedure engine over the real procedural kinds. The invariants are checked
 * with small oracles written here (what "taken", "applies" and "in order" mean), not with the
 * engine's own helpers, so a bug in the engine cannot hide behind itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disclosure } from '../areas/decision/disclosure.js';
import { majorDecision } from '../areas/decision/major-decision.js';
import { normativeDocument } from '../areas/decision/normative-document.js';
import { reconsideration } from '../areas/decision/reconsideration.js';
import { penaltyCase } from '../areas/enforcement/penalty-case.js';
import { dispute } from '../areas/governance/dispute.js';
import { petition } from '../areas/governance/petition.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { FieldValue, RecordValues } from '../ledger/validation.js';
import { evaluate, extensionProblems, procedureProblems, type Condition, type Extension, type ProcedureDefinition } from './procedure.js';

const DAY_MS = 86_400_000;
const ORIGIN = Date.parse('2025-01-01T00:00:00Z');
/** The date `offset` days from 2025-01-01, as 'YYYY-MM-DD'. */
const dayAt = (offset: number) => new Date(ORIGIN + offset * DAY_MS).toISOString().slice(0, 10);
const calendarDaysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Offsets keeping every generated date inside 2024–2026, the years the holiday calendar covers. */
const anyDay = fc.integer({ min: -365, max: 540 }).map(dayAt);

const procedureOf = (kind: KindDefinition): ProcedureDefinition => {
  if (!kind.procedure) throw new Error(`${kind.code} declares no procedure`);
  return kind.procedure;
};

const statusesOf = (kind: KindDefinition): string[] => {
  const field = kind.fields.find((f) => f.name === kind.procedure?.statusField);
  return kind.lists?.find((l) => l.code === field?.list)?.items.map(([code]) => code) ?? [];
};

const flagsOf = (kind: KindDefinition): string[] => kind.fields.filter((f) => f.type === 'boolean').map((f) => f.name);

/** Oracle: does a step's condition hold? */
const applies = (condition: Condition | undefined, values: RecordValues) => {
  if (condition === undefined) return true;
  if (typeof condition === 'string') return values[condition] === true;
  const value = values[condition.field];
  return typeof value === 'string' && condition.in.includes(value);
};

/** Oracle: the date a field holds, if any. */
const dated = (values: RecordValues, field: string) => {
  const value = values[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const PROCEDURAL_KINDS = [penaltyCase, majorDecision, disclosure, reconsideration, normativeDocument, petition, dispute];

describe('no sequence of step operations reaches a decided or closed state with a required step missing', () => {
  interface Model {
    kind: KindDefinition;
    /** Statuses that claim the decision was made, and the step that makes it. */
    closedStatuses: string[];
    decisionStep: string;
    /** Non-date fields the steps' checks read, with values worth trying. */
    extras: Record<string, readonly FieldValue[]>;
    /** The record as first saved, besides its date and status: a form filled in as usual. */
    initial?: RecordValues;
  }

  const models: Model[] = [
    { kind: penaltyCase, closedStatuses: ['decided', 'served', 'executed', 'closed'], decisionStep: 'decided', extras: {} },
    {
      kind: majorDecision,
      closedStatuses: ['decided', 'published'],
      decisionStep: 'collectiveDecision',
      extras: {
        commentDays: [null, 10, 30, 45],
        shortCommentReason: ['', '情况紧急'],
        legalityReviewOpinion: ['', '合法'],
        shortReviewReason: ['', '上级督办'],
      },
      initial: { commentDays: 30, legalityReviewOpinion: '合法' },
    },
    { kind: petition, closedStatuses: ['handled', 'reviewing'], decisionStep: 'handled', extras: {} },
  ];

  type Operation =
    | { op: 'set'; step: number; offset: number; relative: boolean }
    | { op: 'clear'; step: number }
    | { op: 'toggle'; flag: number }
    | { op: 'status'; status: number }
    | { op: 'extra'; field: number; value: number }
    | { op: 'advance'; pick: number; offset: number };

  const index = fc.nat({ max: 50 });
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), step: index, offset: fc.integer({ min: 0, max: 120 }), relative: fc.boolean() }),
    fc.record({ op: fc.constant('clear' as const), step: index }),
    fc.record({ op: fc.constant('toggle' as const), flag: index }),
    fc.record({ op: fc.constant('status' as const), status: index }),
    fc.record({ op: fc.constant('extra' as const), field: index, value: index }),
    // The step button: take a step the engine says may be taken next, on or after the latest date so far.
    { arbitrary: fc.record({ op: fc.constant('advance' as const), pick: index, offset: fc.integer({ min: 0, max: 15 }) }), weight: 6 },
  );

  const pickOf = <T,>(items: readonly T[], i: number): T | undefined => (items.length ? items[i % items.length] : undefined);

  function applyOperation(model: Model, values: RecordValues, op: Operation): RecordValues {
    const procedure = procedureOf(model.kind);
    const latest = procedure.steps
      .map((s) => dated(values, s.field))
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    const later = (offset: number) => (latest ? dayAt(calendarDaysBetween('2025-01-01', latest) + offset) : dayAt(offset));
    switch (op.op) {
      case 'set': {
        const step = pickOf(procedure.steps, op.step);
        return step ? { ...values, [step.field]: op.relative ? later(op.offset % 16) : dayAt(op.offset) } : values;
      }
      case 'clear': {
        const step = pickOf(procedure.steps, op.step);
        return step ? { ...values, [step.field]: null } : values;
      }
      case 'toggle': {
        const flag = pickOf(flagsOf(model.kind), op.flag);
        return flag ? { ...values, [flag]: values[flag] !== true } : values;
      }
      case 'status': {
        const status = pickOf(statusesOf(model.kind), op.status);
        return status ? { ...values, status } : values;
      }
      case 'extra': {
        const field = pickOf(Object.keys(model.extras), op.field);
        return field ? { ...values, [field]: pickOf(model.extras[field] ?? [], op.value) ?? null } : values;
      }
      case 'advance': {
        const code = pickOf(evaluate(procedure, values).next, op.pick);
        const step = procedure.steps.find((s) => s.code === code);
        if (!step) return values;
        const next = { ...values, [step.field]: later(op.offset) };
        return step.statuses?.[0] ? { ...next, status: step.statuses[0] } : next;
      }
    }
  }

  /**
   * Oracle: when the status says the decision was made, every applicable non-optional step declared
   * up to the decision step (and up to the step the status names) has a date, and dated steps are in
   * order along every `after` edge that applies.
   */
  function violations(model: Model, values: RecordValues): string[] {
    const procedure = procedureOf(model.kind);
    const status = values.status;
    if (typeof status !== 'string' || !model.closedStatuses.includes(status)) return [];
    const found: string[] = [];
    const position = (code: string) => procedure.steps.findIndex((s) => s.code === code);
    const statusStep = procedure.steps.findIndex((s) => s.statuses?.includes(status));
    const last = Math.max(position(model.decisionStep), statusStep);
    procedure.steps.forEach((step, i) => {
      if (i > last || !applies(step.when, values)) return;
      const date = dated(values, step.field);
      if (!date && (!step.optional || i === statusStep)) found.push(`status ${status} but ${step.code} has no date`);
      if (!date) return;
      for (const code of step.after ?? []) {
        const before = procedure.steps.find((s) => s.code === code);
        if (!before || !applies(before.when, values)) continue;
        const beforeDate = dated(values, before.field);
        if (beforeDate && beforeDate > date) found.push(`${step.code} (${date}) before ${code} (${beforeDate})`);
      }
    });
    return found;
  }

  for (const model of models) {
    it(`${model.kind.code}: the ledger's refusals keep every ${model.closedStatuses.join('/')} record complete and in order`, () => {
      const procedure = procedureOf(model.kind);
      const initial: RecordValues = { date: dayAt(0), status: statusesOf(model.kind)[0] ?? null, ...model.initial };
      for (const flag of flagsOf(model.kind)) initial[flag] = false;
      expect(procedureProblems(procedure, initial)).toEqual([]);

      let reached = 0;
      fc.assert(
        fc.property(fc.array(operation, { minLength: 1, maxLength: 80 }), (operations) => {
          let values = initial;
          let closed = false;
          for (const op of operations) {
            const candidate = applyOperation(model, values, op);
            // What the ledger does: refuse a change that leaves the procedure impossible.
            if (procedureProblems(procedure, candidate).length) continue;
            values = candidate;
            expect(violations(model, values)).toEqual([]);
            closed ||= model.closedStatuses.includes(String(values.status));
          }
          if (closed) reached += 1;
          return true;
        }),
        { numRuns: 300 },
      );
      // The property is not vacuous: sequences do reach a decided state (typically dozens of the 300).
      expect(reached).toBeGreaterThanOrEqual(5);
    });
  }
});

/** Arbitrary (not necessarily consistent) values for a kind: any step date, flag, status or case type. */
function anyValues(kind: KindDefinition): fc.Arbitrary<RecordValues> {
  const procedure = procedureOf(kind);
  const parts: Record<string, fc.Arbitrary<FieldValue>> = {};
  for (const step of procedure.steps) parts[step.field] = fc.option(anyDay, { nil: null });
  for (const flag of flagsOf(kind)) parts[flag] = fc.boolean();
  const statuses = statusesOf(kind);
  if (procedure.statusField && statuses.length) parts[procedure.statusField] = fc.constantFrom(...statuses);
  for (const field of kind.fields) {
    if (field.type !== 'choice' || field.name === procedure.statusField) continue;
    const items = kind.lists?.find((l) => l.code === field.list)?.items.map(([code]) => code) ?? [];
    if (items.length) parts[field.name] = fc.constantFrom(...items);
  }
  return fc.record(parts);
}

const anyExtensions = (procedure: ProcedureDefinition): fc.Arbitrary<Extension[]> => {
  const codes = (procedure.deadlines ?? []).map((d) => d.code);
  if (!codes.length) return fc.constant([]);
  return fc.array(
    fc.record({
      deadline: fc.constantFrom(...codes),
      days: fc.integer({ min: 1, max: 30 }),
      approver: fc.constant('镇长'),
      reason: fc.constant('情况复杂'),
      approvedOn: anyDay,
    }),
    { maxLength: 3 },
  );
};

const anyPeriods = (procedure: ProcedureDefinition) =>
  fc.dictionary(fc.constantFrom('__none__', ...(procedure.deadlines ?? []).map((d) => d.code)), fc.integer({ min: 1, max: 120 }), { maxKeys: 3 });

describe('deadlines never precede their start', () => {
  for (const kind of PROCEDURAL_KINDS) {
    it(`${kind.code}: due ≥ statutoryDue ≥ start for any record, period, extension and day`, () => {
      const procedure = procedureOf(kind);
      fc.assert(
        fc.property(anyValues(kind), anyExtensions(procedure), anyPeriods(procedure), fc.option(anyDay, { nil: undefined }), (values, extensions, periods, on) => {
          for (const deadline of evaluate(procedure, values, { on, extensions, periods }).deadlines) {
            expect(deadline.statutoryDue >= deadline.start, `${deadline.code} statutoryDue ${deadline.statutoryDue} < start ${deadline.start}`).toBe(true);
            expect(deadline.due >= deadline.statutoryDue, `${deadline.code} due ${deadline.due} < statutoryDue ${deadline.statutoryDue}`).toBe(true);
            expect(deadline.due >= deadline.start).toBe(true);
          }
        }),
        { numRuns: 120 },
      );
    });
  }
});

describe('extending never shortens a deadline', () => {
  const extendable = [
    { kind: penaltyCase, deadline: 'decision', values: (start: string): RecordValues => ({ date: start, status: 'filed' }) },
    { kind: petition, deadline: 'handling', values: (start: string): RecordValues => ({ date: start, acceptedOn: start, status: 'accepted' }) },
  ];

  for (const { kind, deadline, values } of extendable) {
    it(`${kind.code}.${deadline}: accepted extensions only move the due date later, and never beyond the maximum`, () => {
      const procedure = procedureOf(kind);
      const rule = procedure.deadlines?.find((d) => d.code === deadline);
      const maxDays = rule?.extension?.maxDays ?? 0;
      expect(maxDays).toBeGreaterThan(0);
      const request = fc.oneof(fc.integer({ min: -5, max: maxDays + 10 }), fc.double({ min: -5, max: maxDays + 10 }));

      fc.assert(
        fc.property(fc.integer({ min: -365, max: 400 }).map(dayAt), fc.array(request, { maxLength: 8 }), (start, requests) => {
          const record = values(start);
          const granted: Extension[] = [];
          let previousDue = evaluate(procedure, record).deadlines.find((d) => d.code === deadline)?.due ?? '';
          expect(previousDue).not.toBe('');
          for (const days of requests) {
            const used = granted.reduce((sum, e) => sum + e.days, 0);
            const allowed = Number.isInteger(days) && days >= 1 && used + days <= maxDays;
            const problems = extensionProblems(procedure, deadline, days, granted);
            expect(problems.length === 0, `request of ${days} days after ${used}`).toBe(allowed);
            if (problems.length) continue;
            granted.push({ deadline, days, approver: '镇长', reason: '情况复杂', approvedOn: start });
            const state = evaluate(procedure, record, { extensions: granted }).deadlines.find((d) => d.code === deadline);
            const total = used + days;
            expect(state?.due !== undefined && state.due >= previousDue).toBe(true);
            expect(state?.extendedDays).toBe(total);
            expect(total).toBeLessThanOrEqual(maxDays);
            expect(state?.extendable).toBe(maxDays - total);
            previousDue = state?.due ?? previousDue;
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('a deadline the law does not let anyone extend refuses every extension', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (days) => {
        expect(extensionProblems(procedureOf(penaltyCase), 'service', days, [])).toHaveLength(1);
        expect(extensionProblems(procedureOf(petition), 'acceptance', days, [])).toHaveLength(1);
        expect(extensionProblems(procedureOf(dispute), 'mediation', days, [])).toHaveLength(1);
      }),
      { numRuns: 20 },
    );
  });
});

describe('evaluating as of a day ignores what happened after it', () => {
  for (const kind of PROCEDURAL_KINDS) {
    it(`${kind.code}: steps dated after the day are not taken, and a deadline met after it is open on it`, () => {
      const procedure = procedureOf(kind);
      fc.assert(
        fc.property(anyValues(kind), anyExtensions(procedure), anyDay, (values, extensions, on) => {
          const then = evaluate(procedure, values, { on, extensions });
          const now = evaluate(procedure, values, { extensions });

          for (const step of then.steps) {
            const definition = procedure.steps.find((s) => s.code === step.code);
            if (!definition || !applies(definition.when, values)) continue;
            const date = dated(values, definition.field);
            expect(step.status === 'done', `${step.code} dated ${date} seen on ${on}`).toBe(!!date && date <= on);
          }

          for (const deadline of then.deadlines) {
            expect(deadline.start <= on).toBe(true);
            if (deadline.metOn) expect(deadline.metOn <= on).toBe(true);
            if (deadline.status === 'open') expect(deadline.daysLeft).toBe(calendarDaysBetween(on, deadline.due));
            const approved = extensions.filter((e) => e.deadline === deadline.code && e.approvedOn <= on).reduce((sum, e) => sum + e.days, 0);
            expect(deadline.extendedDays).toBe(approved);
          }

          for (const deadline of now.deadlines) {
            if (deadline.start > on) {
              expect(then.deadlines.some((d) => d.code === deadline.code)).toBe(false);
              continue;
            }
            const seen = then.deadlines.find((d) => d.code === deadline.code);
            expect(seen, `${deadline.code} started ${deadline.start}, missing on ${on}`).toBeDefined();
            if (deadline.metOn && deadline.metOn > on) expect(seen?.status).toBe('open');
            if (deadline.metOn && deadline.metOn <= on) expect(seen?.metOn).toBe(deadline.metOn);
          }
        }),
        { numRuns: 120 },
      );
    });
  }
});
