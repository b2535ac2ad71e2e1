/**
 * What the report page shows beside the report itself: who approved and published it and what
 * the caller may do next, and the records behind one figure — the frozen ones once the report
 * is approved (审定 freezes the figures and their source records), the live ones while a draft.
 */
import { ANNUAL_REPORT } from '../accounts/permissions.js';
import type { AppContext } from '../context.js';
import { AppError, NotFound, fieldError } from '../core/errors.js';
import { isRatio, type Indicator } from '../indicators/definition.js';
import { resolvePeriod } from '../indicators/period.js';
import { findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { covers, type Scope } from '../org/scope.js';
import { FIGURE_SIDES, fromStored, kindLabeller, kindOfIndicator, snapshotOf, type FigureSide, type FigureSnapshot, type KindLabeller, type RecordSet } from './frozen.js';
import { isFigure, type ComposedReport, type Figure } from './model.js';
import type { Frozen, ReportStatus } from './service.js';
import type { Workflow, FigureRecord, FigureSideSummary, FigureRecords } from '../shared/report.js';
export type { Workflow, FigureRecord, FigureSideSummary, FigureRecords };

const REPORT = { ...ANNUAL_REPORT, label: '年度报告' };

interface Row { status: string; frozen: string | null; approved_by: string | null; approved_at: string | null; published_by: string | null; published_at: string | null }

export class ReportView {
  constructor(private readonly ctx: AppContext) {}

  private async row(unit: OrgUnit, year: number): Promise<Row | undefined> {
    return this.ctx.db.kysely
      .selectFrom('annual_report')
      .select(['status', 'frozen', 'approved_by', 'approved_at', 'published_by', 'published_at'])
      .where('org_id', '=', unit.id)
      .where('year', '=', year)
      .executeTakeFirst();
  }

  private requireRead(scope: Scope, unit: OrgUnit) {
    this.ctx.permissions.require(scope.actor.role, 'read', REPORT);
    if (!covers(scope, unit.path)) throw NotFound('单位');
  }

  async workflow(scope: Scope, unit: OrgUnit, year: number): Promise<Workflow> {
    this.requireRead(scope, unit);
    const row = await this.row(unit, year);
    const status = (row?.status ?? 'draft') as ReportStatus;
    const userIds = [row?.approved_by, row?.published_by].filter((id): id is string => !!id);
    const users = userIds.length ? await this.ctx.db.kysely.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
    const nameOf = (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.display_name ?? null) : null);
    const may = (action: 'update' | 'approve' | 'publish') => this.ctx.permissions.may(scope.actor.role, action, REPORT);
    return {
      orgId: unit.id,
      year,
      status,
      approvedBy: nameOf(row?.approved_by),
      approvedAt: row?.approved_at ?? null,
      publishedBy: nameOf(row?.published_by),
      publishedAt: row?.published_at ?? null,
      dueToSuperior: `${year + 1}-03-01`,
      dueToPublic: `${year + 1}-04-01`,
      publicUrl: await this.ctx.publicSite.addressOf(unit.id),
      may: {
        chooseTemplate: status === 'draft' && may('update'),
        editTemplate: may('update'),
        approve: status === 'draft' && may('approve'),
        reopen: status === 'approved' && may('approve'),
        publish: status === 'approved' && may('publish'),
      },
    };
  }

  /**
   * The records behind one figure of the unit's report, a page at a time; for a ratio or a change,
   * those of one side when asked. An approved report answers from what it froze alone — its
   * figures' ids, kinds, labels and definition versions — never from today's definitions.
   */
  async figureRecords(scope: Scope, unit: OrgUnit, year: number, code: string, paging: { page: number; pageSize: number }, side?: FigureSide): Promise<FigureRecords> {
    this.requireRead(scope, unit);
    const row = await this.row(unit, year);
    const frozen = row?.frozen ? (JSON.parse(row.frozen) as Frozen) : undefined;
    const { kinds, indicators } = await this.ctx.indicators.applicableTo(scope, unit);
    const kindLabel = kindLabeller(kinds);
    // Frozen: the figures the approved report printed. Any other code is answered from the ledger as it is now.
    const isFrozen = !!frozen && !!frozen.provenance[code];
    const stored = frozen?.figures?.[code];
    const figure =
      frozen && isFrozen
        ? stored
          ? fromStored(stored, frozen.provenance[code] ?? [])
          : await this.frozenBeforeSnapshots(scope, unit, year, frozen, code, indicators, kindLabel)
        : snapshotOf(await this.ctx.indicators.provenance(scope, unit, resolvePeriod({ year }), code), kindLabel);
    const printed = frozen && isFrozen ? printedFigure(frozen.report, code) : undefined;
    const definitionVersion = frozen && isFrozen ? frozen.definitions?.[code]?.version : indicators.find((i) => i.code === code)?.version;

    if (side && !figure.sides?.[side]) throw fieldError('side', `“${figure.label}”没有${SIDE_NAMES[side]}可列出`);
    const listedSide = side ?? (figure.sides?.denominator ? 'denominator' : figure.sides?.current ? 'current' : undefined);
    const listed = (side ? figure.sides?.[side] : undefined) ?? figure;
    const start = (paging.page - 1) * paging.pageSize;
    const pageIds = listed.ids.slice(start, start + paging.pageSize);
    const records =
      listed.kind === 'orgUnit'
        ? await this.units(pageIds)
        : listed.kind === 'mixed'
          ? (await Promise.all(pageIds.map((id) => this.ledgerRecords(scope, listed.kindOf?.[id] ?? '', [id])))).flat()
          : await this.ledgerRecords(scope, listed.kind, pageIds);
    // The denominator's records marked with those in the numerator, when both count the same
    // ledger (villages with an advisor count advisors, not villages).
    const numerator = figure.sides?.numerator;
    if (listedSide === 'denominator' && numerator?.kind === listed.kind && listed.kind !== 'mixed') {
      const inNumerator = new Set(numerator.ids);
      for (const r of records) r.inNumerator = inNumerator.has(r.id);
    }
    const sides = FIGURE_SIDES.flatMap((s): FigureSideSummary[] => {
      const set = figure.sides?.[s];
      return set ? [{ side: s, code: set.code, label: set.label, value: set.value, kindLabel: set.kindLabel, total: set.ids.length }] : [];
    });
    const numeratorValue = printed ? printed.numerator : figure.numerator;
    const denominatorValue = printed ? printed.denominator : figure.denominator;

    return {
      code,
      label: printed?.label ?? figure.label,
      unit: figure.unit,
      value: printed?.value ?? figure.value,
      ...(numeratorValue !== undefined ? { numerator: numeratorValue } : {}),
      ...(denominatorValue !== undefined ? { denominator: denominatorValue } : {}),
      frozen: isFrozen,
      ...(definitionVersion !== undefined ? { definitionVersion } : {}),
      ...(listedSide ? { side: listedSide } : {}),
      ...(sides.length ? { sides } : {}),
      kind: listed.kind,
      kindLabel: listed.kindLabel,
      ...(figure.sides?.numerator ? { numeratorLabel: figure.sides.numerator.label } : {}),
      ...(figure.sides?.denominator ? { denominatorLabel: figure.sides.denominator.label } : {}),
      total: listed.ids.length,
      page: paging.page,
      pageSize: paging.pageSize,
      records,
    };
  }

  /**
   * A figure of a report approved before figures' kinds and sides were frozen: its ids as frozen,
   * its kind from the definitions frozen with it (else today's), and a ratio's numerator only when
   * the report printed that figure too.
   */
  private async frozenBeforeSnapshots(scope: Scope, unit: OrgUnit, year: number, frozen: Frozen, code: string, indicators: Indicator[], kindLabel: KindLabeller): Promise<FigureSnapshot> {
    const byCode = new Map(indicators.map((i) => [i.code, i]));
    for (const [c, d] of Object.entries(frozen.definitions ?? {})) byCode.set(c, d.indicator as Indicator);
    const setOf = (c: string, ids: string[], kindOf?: Record<string, string>): RecordSet => {
      const kind = kindOfIndicator(c, byCode) ?? '';
      const printed = printedFigure(frozen.report, c);
      return { code: c, label: printed?.label ?? byCode.get(c)?.label ?? c, unit: byCode.get(c)?.unit ?? '', value: printed?.value ?? 0, kind, kindLabel: kindLabel(kind, kindOf), ids, ...(kindOf ? { kindOf } : {}) };
    };
    // A total over several kinds kept no id's kind: today's records of its parts tell most of them.
    let kindOf: Record<string, string> | undefined;
    if (kindOfIndicator(code, byCode) === 'mixed') {
      const live = await this.ctx.indicators.provenance(scope, unit, resolvePeriod({ year }), code).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) return undefined;
        throw error;
      });
      kindOf = live ? snapshotOf(live, kindLabel).kindOf : {};
    }
    const own = setOf(code, frozen.provenance[code] ?? [], kindOf);
    const indicator = byCode.get(code);
    const numeratorCode = indicator && isRatio(indicator) ? indicator.ratio.numerator : undefined;
    const numeratorIds = numeratorCode ? frozen.provenance[numeratorCode] : undefined;
    const printed = printedFigure(frozen.report, code);
    return {
      ...own,
      ...(printed?.numerator !== undefined ? { numerator: printed.numerator } : {}),
      ...(printed?.denominator !== undefined ? { denominator: printed.denominator } : {}),
      ...(numeratorCode && numeratorIds && indicator && isRatio(indicator)
        ? {
            sides: {
              numerator: { ...setOf(numeratorCode, numeratorIds), value: printed?.numerator ?? numeratorIds.length },
              denominator: { ...setOf(indicator.ratio.denominator, own.ids), value: printed?.denominator ?? own.ids.length, kind: own.kind, kindLabel: own.kindLabel },
            },
          }
        : {}),
    };
  }

  private async units(ids: string[]): Promise<FigureRecord[]> {
    const found = await findOrgsByIds(this.ctx.db, ids);
    return ids.map((id) => {
      const unit = found.get(id);
      return unit ? { id, kind: 'orgUnit', title: unit.name, date: null, orgName: null } : { id, kind: 'orgUnit', title: '（单位已撤销）', date: null, orgName: null, missing: true };
    });
  }

  private async ledgerRecords(scope: Scope, kind: string, ids: string[]): Promise<FigureRecord[]> {
    return Promise.all(
      ids.map(async (id): Promise<FigureRecord> => {
        try {
          const record = await this.ctx.ledger.get(scope, kind, id);
          return { id, kind, title: record.title, date: record.date, orgName: record.orgName };
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return { id, kind, title: '（记录已删除或不在您的管辖范围内）', date: null, orgName: null, missing: true };
          // A frozen figure can outlive the caller's grant on its ledger: the record is there, not theirs to open.
          if (error instanceof AppError && error.status === 403) return { id, kind, title: '（您无权查看该台账的记录）', date: null, orgName: null, missing: true };
          throw error;
        }
      }),
    );
  }
}

/** The figure as the approved report printed it. */
function printedFigure(report: ComposedReport, code: string): Figure | undefined {
  for (const block of report.blocks) {
    if (block.type !== 'paragraph') continue;
    for (const run of block.runs) if (isFigure(run) && run.figure.code === code) return run.figure;
  }
  return undefined;
}

const SIDE_NAMES: Record<FigureSide, string> = { numerator: '分子', denominator: '分母', current: '本期', previous: '上年同期' };
