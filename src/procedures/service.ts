/**
 * Procedure use cases: a record's procedure as of a day, taking a step, undoing the last one,
 * and granting an extension. Steps are written through the ledger service, so the same
 * permission, scope, version and procedure checks apply as to any edit of the record.
 */
import { z } from 'zod';
import { writeAudit } from '../audit/audit.js';
import { AppError, NotFound, ProcedureRefused, ValidationError, fieldError, type FieldProblem } from '../core/errors.js';
import { isValidDate, nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import type { Db } from '../db/connect.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { LedgerService, PresentedRecord } from '../ledger/service.js';
import type { Scope } from '../org/scope.js';
import { evaluate, extensionProblems, type Extension, type ProcedureDefinition } from './procedure.js';
import { loadPeriods, today } from './settings.js';
import type { RecordProcedure } from '../shared/procedures.js';
export type { RecordProcedure };

const dateString = (label: string) =>
  z
    .string({ error: `请填写「${label}」` })
    .refine(isValidDate, { error: `「${label}」不是有效日期（格式 YYYY-MM-DD）` });

export const stepInput = z.object({
  step: z.string({ error: '请指明要登记的步骤' }).max(60),
  date: dateString('步骤日期'),
  version: z.number({ error: '请提供记录的版本号（version）' }).int().min(1),
  /** Other fields written with the step: an opinion, a reason, the outcome. */
  values: z.record(z.string().max(60), z.unknown()).optional(),
});

export const extensionInput = z.object({
  deadline: z.string({ error: '请指明要延长的期限' }).max(60),
  days: z.number({ error: '请填写「延长天数」' }).int({ error: '「延长天数」应为正整数' }).min(1, { error: '「延长天数」应为正整数' }).max(365),
  approver: z.string({ error: '请填写「批准人」' }).trim().min(2, { error: '请填写「批准人」' }).max(60, { error: '「批准人」不能超过60个字' }),
  reason: z.string({ error: '请填写「延期理由」' }).trim().min(4, { error: '「延期理由」至少4个字' }).max(500, { error: '「延期理由」不能超过500个字' }),
  approvedOn: dateString('批准日期'),
});

export class ProcedureService {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
  ) {}

  /** The record's steps and deadlines as of `on` (today in China by default). */
  async state(scope: Scope, kindCode: string, id: string, on?: string): Promise<RecordProcedure> {
    if (on !== undefined && !isValidDate(on)) throw fieldError('on', '「日期」不是有效日期（格式 YYYY-MM-DD）');
    const kind = await this.procedural(scope, kindCode, 'read');
    const record = await this.ledger.get(scope, kind.code, id);
    return this.stateOf(kind, record, on ?? (await today(this.db)));
  }

  private async stateOf(kind: KindDefinition & { procedure: ProcedureDefinition }, record: PresentedRecord, on: string): Promise<RecordProcedure> {
    const extensions = await this.extensionsOf(kind.code, [record.id]);
    const mine = extensions.get(record.id) ?? [];
    const periods = await loadPeriods(this.db, kind.code);
    return { on, ...evaluate(kind.procedure, record, { on, extensions: mine, periods }), extensions: mine };
  }

  /**
   * Takes a step on a date: writes the step's date field (and the status the step sets, and any
   * other values sent with it) through the ledger, which refuses a step out of order with 422.
   */
  async takeStep(scope: Scope, kindCode: string, id: string, body: unknown): Promise<RecordProcedure> {
    const input = parse(stepInput, body);
    const kind = await this.procedural(scope, kindCode, 'update');
    const procedure = kind.procedure;
    const step = procedure.steps.find((s) => s.code === input.step);
    if (!step) throw fieldError('step', `「${kind.label}」没有名为“${input.step}”的步骤`);
    const current = await this.ledger.get(scope, kind.code, id);
    const patch: Record<string, unknown> = { ...(input.values ?? {}), [step.field]: input.date, version: input.version };
    // A step with several outcomes (办结: 已化解/未化解/移交) takes the one sent with it, else its first.
    const chosen = procedure.statusField ? input.values?.[procedure.statusField] : undefined;
    const status = typeof chosen === 'string' && step.statuses?.includes(chosen) ? chosen : this.statusAfter(procedure, step.code, current);
    if (status !== undefined && procedure.statusField) patch[procedure.statusField] = status;
    const updated = await this.ledger.update(scope, kind.code, id, patch);
    return this.stateOf(kind, updated, await today(this.db));
  }

  /** Undoes a step taken in error: clears its date, and the status falls back to the last step still taken. */
  async undoStep(scope: Scope, kindCode: string, id: string, stepCode: string, version: unknown): Promise<RecordProcedure> {
    const kind = await this.procedural(scope, kindCode, 'update');
    const procedure = kind.procedure;
    const step = procedure.steps.find((s) => s.code === stepCode);
    if (!step) throw fieldError('step', `「${kind.label}」没有名为“${stepCode}”的步骤`);
    if (step.field === 'date') throw ProcedureRefused([{ field: 'step', message: `「${step.label}」是记录的起点，不能撤销；如登记有误请删除记录` }]);
    const current = await this.ledger.get(scope, kind.code, id);
    if (!current[step.field]) throw ProcedureRefused([{ field: 'step', message: `尚未登记「${step.label}」，无需撤销` }]);
    const patch: Record<string, unknown> = { [step.field]: null, version };
    const statusField = procedure.statusField;
    if (statusField && step.statuses?.includes(String(current[statusField]))) {
      const earlier = [...procedure.steps.slice(0, procedure.steps.indexOf(step))].reverse().find((s) => s.statuses?.length && current[s.field]);
      patch[statusField] = earlier?.statuses?.[0] ?? null;
    }
    const updated = await this.ledger.update(scope, kind.code, id, patch);
    return this.stateOf(kind, updated, await today(this.db));
  }

  /** Records an approved extension of a deadline, within what the law allows. */
  async extend(scope: Scope, kindCode: string, id: string, body: unknown): Promise<RecordProcedure> {
    const input = parse(extensionInput, body);
    const kind = await this.procedural(scope, kindCode, 'update');
    const record = await this.ledger.get(scope, kind.code, id);
    const granted = (await this.extensionsOf(kind.code, [id])).get(id) ?? [];
    const problems = extensionProblems(kind.procedure, input.deadline, input.days, granted);
    if (problems.length) throw ProcedureRefused(problems);
    const before = await this.stateOf(kind, record, input.approvedOn);
    const deadline = before.deadlines.find((d) => d.code === input.deadline);
    if (!deadline) throw ProcedureRefused([{ field: 'deadline', message: '该期限尚未开始计算，不能延长' }]);
    if (deadline.status !== 'open') throw ProcedureRefused([{ field: 'deadline', message: `「${deadline.label}」已于 ${deadline.metOn} 完成，不能延长` }]);
    if (input.approvedOn > deadline.due) {
      throw ProcedureRefused([{ field: 'approvedOn', message: `延期应在期限届满（${deadline.due}）前批准` }]);
    }
    if (input.approvedOn < deadline.start) {
      throw ProcedureRefused([{ field: 'approvedOn', message: `「批准日期」不能早于期限起算日（${deadline.start}）` }]);
    }

    const row = {
      id: newId(),
      kind: kind.code,
      record_id: id,
      org_path: await this.orgPathOf(record),
      deadline: input.deadline,
      days: input.days,
      approver: input.approver,
      reason: input.reason,
      approved_on: input.approvedOn,
      created_by: scope.actor.userId ?? 'system',
      created_at: nowIso(),
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('deadline_extension').values(row).execute();
      await writeAudit(trx, scope.actor, {
        action: 'extend_deadline',
        kind: kind.code,
        recordId: id,
        orgId: record.orgId,
        after: { deadline: input.deadline, days: input.days, approver: input.approver, reason: input.reason, approvedOn: input.approvedOn },
      });
    });
    return this.stateOf(kind, record, await today(this.db));
  }

  /** Extensions granted, by record id. */
  async extensionsOf(kind: string, recordIds: readonly string[]): Promise<Map<string, Array<Extension & { id: string; createdAt: string }>>> {
    const result = new Map<string, Array<Extension & { id: string; createdAt: string }>>();
    if (!recordIds.length) return result;
    for (let i = 0; i < recordIds.length; i += 500) {
      const rows = await this.db.kysely
        .selectFrom('deadline_extension')
        .selectAll()
        .where('kind', '=', kind)
        .where('record_id', 'in', recordIds.slice(i, i + 500))
        .orderBy('approved_on')
        .orderBy('created_at')
        .execute();
      for (const r of rows) {
        const list = result.get(r.record_id) ?? [];
        list.push({ id: r.id, deadline: r.deadline, days: Number(r.days), approver: r.approver, reason: r.reason, approvedOn: r.approved_on, createdAt: r.created_at });
        result.set(r.record_id, list);
      }
    }
    return result;
  }

  /** The status a record takes when the step is taken, unless it already says a later step was. */
  private statusAfter(procedure: ProcedureDefinition, stepCode: string, current: PresentedRecord): string | undefined {
    const statusField = procedure.statusField;
    const index = procedure.steps.findIndex((s) => s.code === stepCode);
    const step = procedure.steps[index];
    if (!statusField || !step?.statuses?.length) return undefined;
    const now = current[statusField];
    if (typeof now === 'string' && procedure.steps.slice(index).some((s) => s.statuses?.includes(now))) return undefined;
    return step.statuses[0];
  }

  private async procedural(scope: Scope, kindCode: string, action: 'read' | 'update') {
    const kind = await this.ledger.requireAction(scope, kindCode, action);
    if (!kind.procedure) throw new AppError(404, 'no_procedure', `「${kind.label}」没有法定程序步骤`);
    return kind as KindDefinition & { procedure: ProcedureDefinition };
  }

  private async orgPathOf(record: PresentedRecord): Promise<string> {
    const unit = await this.db.kysely.selectFrom('org_unit').select('path').where('id', '=', record.orgId).executeTakeFirst();
    if (!unit) throw NotFound('所属单位');
    return unit.path;
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems: FieldProblem[] = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
  throw ValidationError(problems);
}
