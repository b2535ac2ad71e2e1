/**
 * Report templates and reports: a town copies the default template and edits its copy
 * (every version kept); a report goes draft → approved (by a leader, which freezes its figures
 * and their record ids) → published (then it is on the public page). See docs/DESIGN.md §6.
 */
import { today } from '../procedures/settings.js';
import { AppError, Conflict, Forbidden, NotFound, ValidationError, fieldError } from '../core/errors.js';
import { nowIso, todayInChina } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import { ANNUAL_REPORT } from '../accounts/permissions.js';
import type { AppContext } from '../context.js';
import { resolvePeriod } from '../indicators/period.js';
import { TownIndicatorService, ownDefinitionsBehind } from '../indicators/town-defined.js';
import type { OrgUnit } from '../org/repository.js';
import { branchPaths, covers, type Scope } from '../org/scope.js';
import { buildReport } from './builder.js';
import { kindLabeller, snapshotOf, toStored, type StoredFigure } from './frozen.js';
import { missingItems } from './compose.js';
import { defaultTownTemplate } from './default-template.js';
import { defaultCountyTemplate } from './county-template.js';
import { levelRank } from '../org/levels.js';
import { isFigure, REQUIRED_ITEMS, type ComposedReport, type ReportTemplate } from './model.js';
import { templateSchema } from './template-schema.js';
import { templateFromText, type TemplateFromResult } from './template-from.js';
import { ledgerWords } from './draft-check.js';
import { checkReportDate } from './report-date.js';
import { leadersOf } from './unit-wording.js';
import type { ReportStatus, StoredTemplate, ReportState } from '../shared/report.js';
import { STATUS_LABELS } from '../shared/report.js';
export type { ReportStatus, StoredTemplate, ReportState };
export { STATUS_LABELS };

export const DEFAULT_TEMPLATE_ID = 'default';
export const DEFAULT_COUNTY_TEMPLATE_ID = 'default-county';

export interface Frozen {
  report: ComposedReport;
  /** code → the record ids behind the figure when the report was approved. */
  provenance: Record<string, string[]>;
  /**
   * The town- and county-defined indicators the figures rest on, as they were defined when the
   * report was approved: editing one later saves a new version and leaves this report as it was.
   */
  definitions?: Record<string, { version: number; ownerOrgId: string; indicator: unknown }>;
  /**
   * code → each printed figure's records with their kinds and labels, and for a ratio or a change
   * each side's (numerator and denominator, this year and last): what the report page lists behind
   * the figure. Absent in reports approved before they were kept.
   */
  figures?: Record<string, StoredFigure>;
}

const REPORT = { ...ANNUAL_REPORT, label: '年度报告' };

export class ReportService {
  constructor(private readonly ctx: AppContext) {}

  private get db() {
    return this.ctx.db;
  }

  // ---- templates -------------------------------------------------------------------------

  /** Templates and reports are the annual report's content: reading them needs its 'read' grant. */
  private requireRead(scope: Scope) {
    this.ctx.permissions.require(scope.actor.role, 'read', REPORT);
  }

  /** The built-in defaults, then the templates of units on the scope's branch (its subtree and the units above it), oldest first. */
  async templates(scope: Scope): Promise<StoredTemplate[]> {
    this.requireRead(scope);
    return [...DEFAULT_TEMPLATES, ...(await this.storedTemplates(scope))];
  }

  async template(scope: Scope, id: string): Promise<StoredTemplate> {
    this.requireRead(scope);
    const found = DEFAULT_TEMPLATES.find((t) => t.id === id) ?? (await this.storedTemplates(scope, id))[0];
    if (!found) throw NotFound('报告模板');
    return found;
  }

  /** Stored templates on the scope's branch (one, when `id` is given): the branch is a condition of the query, not a filter applied afterwards. */
  private async storedTemplates(scope: Scope, id?: string): Promise<StoredTemplate[]> {
    const rows = await this.db.kysely
      .selectFrom('report_template')
      .selectAll()
      .where((eb) => eb.or([eb('org_path', 'like', `${scope.orgPath}%`), eb('org_path', 'in', branchPaths(scope))]))
      .$if(id !== undefined, (qb) => qb.where('id', '=', id as string))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r): StoredTemplate => ({ id: r.id, orgId: r.org_id, name: r.name, version: r.version, body: JSON.parse(r.body) as ReportTemplate, updatedAt: r.updated_at }));
  }

  /** A town's own copy of a template (the default one unless another is named), to edit. */
  async copyTemplate(scope: Scope, input: { orgId: string; fromId?: string; name?: string }): Promise<StoredTemplate> {
    this.ctx.permissions.require(scope.actor.role, 'update', REPORT);
    const unit = await this.ctx.indicators.unitFor(scope, input.orgId);
    const from = await this.template(scope, input.fromId ?? defaultTemplateId(unit));
    const body: ReportTemplate = { ...from.body, name: input.name?.trim() || `${unit.name}年度报告模板` };
    return this.template(scope, await this.insertTemplate(scope, unit, body, body));
  }

  /** Stores a unit's new template as its version 1, audited with `audited` as what was created; returns its id. */
  private async insertTemplate(scope: Scope, unit: OrgUnit, body: ReportTemplate, audited: unknown): Promise<string> {
    const now = nowIso();
    const id = newId();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('report_template')
        .values({ id, org_id: unit.id, org_path: unit.path, name: body.name, body: JSON.stringify(body), version: 1, updated_by: scope.actor.userId, created_at: now, updated_at: now })
        .execute();
      await trx.insertInto('report_template_version').values({ template_id: id, version: 1, body: JSON.stringify(body), saved_by: scope.actor.userId, saved_at: now }).execute();
      await writeAudit(trx, scope.actor, { action: 'create', kind: 'reportTemplate', recordId: id, orgId: unit.id, after: audited });
    });
    return id;
  }

  async saveTemplate(scope: Scope, id: string, input: { version: unknown; body: unknown }): Promise<StoredTemplate> {
    this.ctx.permissions.require(scope.actor.role, 'update', REPORT);
    if (id === DEFAULT_TEMPLATE_ID || id === DEFAULT_COUNTY_TEMPLATE_ID) throw Forbidden('默认模板不能直接修改，请先复制为本单位模板');
    const current = await this.template(scope, id);
    if (!current.orgId || !(await this.ctx.indicators.unitFor(scope, current.orgId).then(() => true, () => false))) throw NotFound('报告模板');
    if (input.version !== current.version) throw Conflict(`模板已被他人修改（当前版本 ${current.version}），请刷新后重新编辑`, { currentVersion: current.version });
    const parsed = templateSchema.safeParse(input.body);
    if (!parsed.success) throw ValidationError(parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
    const body = parsed.data;
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('report_template')
        .set({ name: body.name, body: JSON.stringify(body), version: current.version + 1, updated_by: scope.actor.userId, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw Conflict('模板已被他人修改，请刷新后重新编辑');
      await trx.insertInto('report_template_version').values({ template_id: id, version: current.version + 1, body: JSON.stringify(body), saved_by: scope.actor.userId, saved_at: now }).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'reportTemplate', recordId: id, orgId: current.orgId, before: current.body, after: body });
    });
    return this.template(scope, id);
  }

  /** Who may turn a report into a template of a unit: checked before an upload is read. */
  mayTemplateFrom(scope: Scope, save: boolean, unit?: OrgUnit): void {
    this.ctx.permissions.require(scope.actor.role, save ? 'update' : 'read', REPORT);
    if (unit && !covers(scope, unit.path)) throw NotFound('单位');
  }

  /**
   * Last year's report as a template: its figures found and bound by the draft check's matcher
   * (the user's mapping overrides), unbound ones given a proposed town indicator; saved as the
   * unit's own template (version 1, audited) only when asked, so the proposal can be reviewed first.
   */
  async templateFrom(
    scope: Scope,
    unit: OrgUnit,
    year: number,
    text: string,
    options: { mapping?: Record<string, string | null>; save?: boolean; name?: string } = {},
  ): Promise<TemplateFromResult & { saved?: StoredTemplate }> {
    this.mayTemplateFrom(scope, options.save === true, unit);
    if (!text.trim()) throw fieldError('text', '请上传或粘贴上一年度的报告正文');
    if (text.includes('\u0000')) throw fieldError('text', '正文含有无效字符');
    const { kinds, values, vocabulary } = await ledgerWords(this.ctx, scope, unit, year);
    // A proposal counts only a kind the user may read, in the unit's own unit words.
    const readable = kinds.filter((k) => this.ctx.permissions.may(scope.actor.role, 'read', k));
    const unitWords = await new TownIndicatorService(this.ctx).unitWords(unit.path);
    const result = templateFromText({ text, year, orgName: unit.name, indicators: values, vocabulary, kinds: readable, unitWords, ...(options.mapping ? { mapping: options.mapping } : {}), ...(options.name ? { name: options.name } : {}) });
    if (!options.save) return result;
    const parsed = templateSchema.safeParse(result.template);
    if (!parsed.success) throw ValidationError(parsed.error.issues.map((i) => ({ field: `template.${i.path.join('.')}`, message: i.message })));
    const body = parsed.data;
    // The audit keeps which sentences print last year's number until edited.
    const id = await this.insertTemplate(scope, unit, body, { ...body, fromReportYear: year, figures: result.figures.length, matched: result.matched, literals: result.literals });
    return { ...result, saved: await this.template(scope, id) };
  }

  // ---- reports ---------------------------------------------------------------------------

  private async row(unit: OrgUnit, year: number) {
    return this.db.kysely.selectFrom('annual_report').selectAll().where('org_id', '=', unit.id).where('year', '=', year).executeTakeFirst();
  }

  async state(scope: Scope, unit: OrgUnit, year: number): Promise<ReportState> {
    this.requireRead(scope);
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const row = await this.row(unit, year);
    const templateId = row?.template_id ?? defaultTemplateId(unit);
    const template = await this.template(scope, templateId).catch(() => this.template(scope, defaultTemplateId(unit)));
    const status = (row?.status ?? 'draft') as ReportStatus;
    return {
      id: row?.id ?? null,
      orgId: unit.id,
      year,
      templateId: template.id,
      status,
      statusLabel: STATUS_LABELS[status],
      approver: leadersOf(unit),
      approvedAt: row?.approved_at ?? null,
      publishedAt: row?.published_at ?? null,
      version: row?.version ?? 0,
      reportDate: row?.report_date ?? null,
      date: (row?.frozen ? (JSON.parse(row.frozen) as Frozen).report.date : undefined) ?? row?.report_date ?? (await this.composeDay(year)),
      missing: missingItems(template.body).map((item) => ({ item, label: REQUIRED_ITEMS[item as keyof typeof REQUIRED_ITEMS] })),
    };
  }

  /** The report as it reads now: composed live while a draft, the frozen copy once approved. */
  async composed(scope: Scope, unit: OrgUnit, year: number, options: { templateId?: string; date?: string } = {}): Promise<ComposedReport> {
    // An approved report's figures are frozen in it: without this check any role could read them.
    this.requireRead(scope);
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const row = await this.row(unit, year);
    if (row?.frozen && !options.templateId) return (JSON.parse(row.frozen) as Frozen).report;
    const template = await this.template(scope, options.templateId ?? row?.template_id ?? defaultTemplateId(unit));
    const date = options.date ?? row?.report_date ?? (await this.composeDay(year));
    return buildReport(this.ctx, scope, unit, year, { template: template.body, date });
  }

  /** The day a report is composed: the product's today, but the demo's reference day only for a report of its own time. */
  private async composeDay(year: number): Promise<string> {
    return reportDayFor(year, await today(this.db), todayInChina());
  }

  /** Sets the report's 成文日期 (null: the day it is composed), while it is a draft. */
  async setReportDate(scope: Scope, unit: OrgUnit, year: number, date: string | null): Promise<ReportState> {
    this.ctx.permissions.require(scope.actor.role, 'update', REPORT);
    if (!covers(scope, unit.path)) throw NotFound('单位');
    if (date !== null) {
      // The later of the demo's reference day and the real one: a demo seen as of last December still takes this month's date.
      const productToday = await today(this.db);
      const realToday = todayInChina();
      checkReportDate(year, date, productToday > realToday ? productToday : realToday);
    }
    const row = await this.row(unit, year);
    if (row && row.status !== 'draft') throw new AppError(409, 'report_frozen', '报告已审定或公开，不能修改成文日期');
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      const id = row?.id ?? newId();
      if (row) await trx.updateTable('annual_report').set({ report_date: date, updated_at: now, version: row.version + 1 }).where('id', '=', row.id).execute();
      else
        await trx
          .insertInto('annual_report')
          .values({ id, org_id: unit.id, org_path: unit.path, year, template_id: null, status: 'draft', frozen: null, approved_by: null, approved_at: null, published_by: null, published_at: null, created_at: now, updated_at: now, version: 1, report_date: date })
          .execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'annualReport', recordId: id, orgId: unit.id, before: { reportDate: row?.report_date ?? null }, after: { reportDate: date, year } });
    });
    return this.state(scope, unit, year);
  }

  /** Which template a town's draft uses. */
  async chooseTemplate(scope: Scope, unit: OrgUnit, year: number, templateId: string): Promise<ReportState> {
    this.ctx.permissions.require(scope.actor.role, 'update', REPORT);
    if (!covers(scope, unit.path)) throw NotFound('单位');
    await this.template(scope, templateId);
    const row = await this.row(unit, year);
    if (row && row.status !== 'draft') throw new AppError(409, 'report_frozen', '报告已审定或公开，不能更换模板');
    const now = nowIso();
    const stored = storedTemplateId(templateId);
    await this.db.kysely.transaction().execute(async (trx) => {
      const id = row?.id ?? newId();
      if (row) await trx.updateTable('annual_report').set({ template_id: stored, updated_at: now, version: row.version + 1 }).where('id', '=', row.id).execute();
      else
        await trx
          .insertInto('annual_report')
          .values({ id, org_id: unit.id, org_path: unit.path, year, template_id: stored, status: 'draft', frozen: null, approved_by: null, approved_at: null, published_by: null, published_at: null, created_at: now, updated_at: now, version: 1, report_date: null })
          .execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'annualReport', recordId: id, orgId: unit.id, before: { templateId: row?.template_id ?? null }, after: { templateId, year } });
    });
    return this.state(scope, unit, year);
  }

  /** A leader approves: refused while a required item is missing; freezes figures and their records. */
  async approve(scope: Scope, unit: OrgUnit, year: number, date?: string): Promise<ReportState> {
    this.ctx.permissions.require(scope.actor.role, 'approve', REPORT);
    const state = await this.state(scope, unit, year);
    if (state.status !== 'draft') throw new AppError(409, 'report_status', `报告当前为“${state.statusLabel}”，不能再次审定`);
    if (state.missing.length) {
      throw new AppError(422, 'report_incomplete', `报告缺少规定内容：${state.missing.map((m) => m.label).join('、')}，不能审定`, 'template', undefined, { missing: state.missing });
    }
    const report = await this.composed(scope, unit, year, { templateId: state.templateId, date });
    if (report.problems.length) throw new AppError(422, 'report_problems', `报告模板有误：${report.problems.join('；')}`, 'template');
    const provenance: Record<string, string[]> = {};
    const figures: Record<string, StoredFigure> = {};
    const period = resolvePeriod({ year });
    const { kinds, indicators } = await this.ctx.indicators.applicableTo(scope, unit);
    const kindLabel = kindLabeller(kinds);
    for (const block of report.blocks) {
      if (block.type !== 'paragraph') continue;
      for (const run of block.runs) {
        if (!isFigure(run) || provenance[run.figure.code]) continue;
        const behind = await this.ctx.indicators.provenance(scope, unit, period, run.figure.code);
        // The records and the printed figure are read one after the other: a record or a definition
        // saved in between would freeze records that do not make the printed value.
        if (behind.indicator.value !== run.figure.value) throw new AppError(409, 'report_changed', '审定过程中台账数据或指标定义发生了变化，请刷新报告后重新审定');
        provenance[run.figure.code] = behind.ids;
        figures[run.figure.code] = toStored(snapshotOf(behind, kindLabel));
      }
    }
    const definitions = ownDefinitionsBehind(indicators, Object.keys(provenance));
    const frozen: Frozen = { report, provenance, figures, ...(Object.keys(definitions).length ? { definitions } : {}) };
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('annual_report').select(['id', 'version']).where('org_id', '=', unit.id).where('year', '=', year).executeTakeFirst();
      const values = { status: 'approved', frozen: JSON.stringify(frozen), approved_by: scope.actor.userId, approved_at: now, updated_at: now };
      let id = existing?.id;
      if (existing) await trx.updateTable('annual_report').set({ ...values, version: existing.version + 1 }).where('id', '=', existing.id).execute();
      else {
        id = newId();
        await trx
          .insertInto('annual_report')
          .values({ id, org_id: unit.id, org_path: unit.path, year, template_id: storedTemplateId(state.templateId), published_by: null, published_at: null, created_at: now, version: 1, report_date: null, ...values })
          .execute();
      }
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'annualReport', recordId: id, orgId: unit.id, after: { status: 'approved', year } });
    });
    return this.state(scope, unit, year);
  }

  async publish(scope: Scope, unit: OrgUnit, year: number): Promise<ReportState> {
    this.ctx.permissions.require(scope.actor.role, 'publish', REPORT);
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const row = await this.row(unit, year);
    if (row?.status !== 'approved') throw new AppError(409, 'report_status', `报告须先经${leadersOf(unit)}审定，才能公开`);
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('annual_report').set({ status: 'published', published_by: scope.actor.userId, published_at: now, updated_at: now, version: row.version + 1 }).where('id', '=', row.id).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'annualReport', recordId: row.id, orgId: unit.id, after: { status: 'published', year } });
    });
    return this.state(scope, unit, year);
  }

  /** Sends an approved (not yet published) report back to draft, so it can be corrected. */
  async reopen(scope: Scope, unit: OrgUnit, year: number): Promise<ReportState> {
    this.ctx.permissions.require(scope.actor.role, 'approve', REPORT);
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const row = await this.row(unit, year);
    if (row?.status !== 'approved') throw new AppError(409, 'report_status', '只有已审定、未公开的报告可以退回修改');
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('annual_report').set({ status: 'draft', frozen: null, approved_by: null, approved_at: null, updated_at: nowIso(), version: row.version + 1 }).where('id', '=', row.id).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'annualReport', recordId: row.id, orgId: unit.id, after: { status: 'draft', year } });
    });
    return this.state(scope, unit, year);
  }

  /** Published reports of a unit, frozen, for the public page (no login, no scope). */
  async published(unit: OrgUnit): Promise<Array<{ year: number; publishedAt: string; report: ComposedReport }>> {
    const rows = await this.db.kysely
      .selectFrom('annual_report')
      .select(['year', 'published_at', 'frozen'])
      .where('org_id', '=', unit.id)
      .where('status', '=', 'published')
      .orderBy('year', 'desc')
      .execute();
    return rows.map((r) => ({ year: r.year, publishedAt: r.published_at ?? '', report: (JSON.parse(r.frozen ?? '{}') as Frozen).report }));
  }

  async frozenProvenance(unit: OrgUnit, year: number): Promise<Frozen['provenance'] | undefined> {
    const row = await this.row(unit, year);
    return row?.frozen ? (JSON.parse(row.frozen) as Frozen).provenance : undefined;
  }
}

const DEFAULT_TEMPLATES: readonly StoredTemplate[] = [
  { id: DEFAULT_TEMPLATE_ID, orgId: null, name: defaultTownTemplate.name, version: 1, body: defaultTownTemplate, updatedAt: null },
  { id: DEFAULT_COUNTY_TEMPLATE_ID, orgId: null, name: defaultCountyTemplate.name, version: 1, body: defaultCountyTemplate, updatedAt: null },
];

/** The built-in default templates have no row; reports using them store no template id. */
const storedTemplateId = (id: string) => (id === DEFAULT_TEMPLATE_ID || id === DEFAULT_COUNTY_TEMPLATE_ID ? null : id);

export const defaultTemplateId = (unit: Pick<OrgUnit, 'level'>) => (levelRank(unit.level) < levelRank('town') ? DEFAULT_COUNTY_TEMPLATE_ID : DEFAULT_TEMPLATE_ID);

/**
 * A report composed on `productToday` (the demo's reference day on a demo database) carries that
 * day when it falls in the report's year or the next one; otherwise, e.g. a 2023 report on the 2025
 * demo, the real day it is composed.
 */
export function reportDayFor(year: number, productToday: string, realToday: string): string {
  const y = Number(productToday.slice(0, 4));
  return y === year || y === year + 1 ? productToday : realToday;
}

export const yearOf = (value: unknown): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw fieldError('year', '「年度」应为 2000–2100 之间的整数');
  return n;
};
