/**
 * What the report page shows beside the report itself: who approved and published it and what
 * the caller may do next, and the records behind one figure — the frozen ones once the report
 * is approved (审定 freezes the figures and their source records), the live ones while a draft.
 */
import { ANNUAL_REPORT } from '../accounts/permissions.js';
import type { AppContext } from '../context.js';
import { AppError, NotFound } from '../core/errors.js';
import { resolvePeriod } from '../indicators/period.js';
import type { Provenance } from '../indicators/service.js';
import { findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { covers, type Scope } from '../org/scope.js';
import type { Frozen, ReportStatus } from './service.js';

const REPORT = { ...ANNUAL_REPORT, label: '年度报告' };

export interface Workflow {
  orgId: string;
  year: number;
  status: ReportStatus;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  /** 报送上级: by 1 March of the next year; 向社会公开: by 1 April (SPEC §6). */
  dueToSuperior: string;
  dueToPublic: string;
  /** What the caller's role may do with the report as it stands now. */
  may: { chooseTemplate: boolean; editTemplate: boolean; approve: boolean; reopen: boolean; publish: boolean };
}

export interface FigureRecord {
  id: string;
  kind: string;
  title: string;
  date: string | null;
  orgName: string | null;
  /** For a ratio: whether the record counts in the numerator (a resolved dispute of all disputes). */
  inNumerator?: boolean;
  /** A frozen record that has since been deleted or left the caller's reach. */
  missing?: boolean;
}

export interface FigureRecords {
  code: string;
  label: string;
  unit: string;
  value: number;
  numerator?: number;
  denominator?: number;
  /** Whether the ids are the ones frozen when the report was approved. */
  frozen: boolean;
  kind: string;
  kindLabel: string;
  numeratorLabel?: string;
  denominatorLabel?: string;
  total: number;
  page: number;
  pageSize: number;
  records: FigureRecord[];
}

type Row = { status: string; frozen: string | null; approved_by: string | null; approved_at: string | null; published_by: string | null; published_at: string | null };

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
      may: {
        chooseTemplate: status === 'draft' && may('update'),
        editTemplate: may('update'),
        approve: status === 'draft' && may('approve'),
        reopen: status === 'approved' && may('approve'),
        publish: status === 'approved' && may('publish'),
      },
    };
  }

  /** The records behind one figure of the unit's report, a page at a time. */
  async figureRecords(scope: Scope, unit: OrgUnit, year: number, code: string, paging: { page: number; pageSize: number }): Promise<FigureRecords> {
    this.requireRead(scope, unit);
    const live: Provenance = await this.ctx.indicators.provenance(scope, unit, resolvePeriod({ year }), code);
    const row = await this.row(unit, year);
    const provenance = row?.frozen ? (JSON.parse(row.frozen) as Frozen).provenance : undefined;
    const frozenIds = provenance?.[code];
    const ids = frozenIds ?? live.ids;
    const frozenFigure = frozenIds ? frozenFigureOf(row?.frozen ?? null, code) : undefined;
    const figure = frozenFigure ?? live.indicator;

    // A ratio lists the denominator's records and marks those in the numerator, when both count
    // the same ledger (villages with an advisor count advisors, not villages). Frozen, the
    // numerator's ids are known only if the report printed that figure too.
    let numeratorIds: Set<string> | undefined;
    if (live.numerator && live.numerator.kind === live.kind) {
      const frozenNumerator = provenance?.[live.numerator.indicator.code];
      numeratorIds = frozenIds ? (frozenNumerator ? new Set(frozenNumerator) : undefined) : new Set(live.numerator.ids);
    }

    const { kinds } = await this.ctx.indicators.definitions(scope);
    const kind = kinds.find((k) => k.code === live.kind);
    const start = (paging.page - 1) * paging.pageSize;
    const pageIds = ids.slice(start, start + paging.pageSize);
    // A total over several kinds (集体学法: meetings and study sessions) names each record's kind through its parts.
    const kindOfId = new Map((live.parts ?? []).flatMap((part) => part.ids.map((id) => [id, part.kind] as const)));
    const records =
      live.kind === 'orgUnit'
        ? await this.units(pageIds)
        : live.kind === 'mixed'
          ? (await Promise.all(pageIds.map((id) => this.ledgerRecords(scope, kindOfId.get(id) ?? '', [id])))).flat()
          : await this.ledgerRecords(scope, live.kind, pageIds);
    if (numeratorIds) for (const r of records) r.inNumerator = numeratorIds.has(r.id);

    return {
      code,
      label: figure.label,
      unit: live.indicator.unit,
      value: figure.value,
      numerator: figure.numerator,
      denominator: figure.denominator,
      frozen: !!frozenIds,
      kind: live.kind,
      kindLabel:
        live.kind === 'orgUnit'
          ? '组织机构'
          : live.kind === 'mixed'
            ? [...new Set((live.parts ?? []).map((part) => kinds.find((k) => k.code === part.kind)?.label ?? part.kind))].join('、')
            : (kind?.label ?? live.kind),
      numeratorLabel: live.numerator?.indicator.label,
      denominatorLabel: live.denominator?.indicator.label,
      total: ids.length,
      page: paging.page,
      pageSize: paging.pageSize,
      records,
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
          throw error;
        }
      }),
    );
  }
}

/** The figure as the approved report printed it. */
function frozenFigureOf(frozen: string | null, code: string) {
  if (!frozen) return undefined;
  const report = (JSON.parse(frozen) as Frozen).report;
  for (const block of report.blocks) {
    if (block.type !== 'paragraph') continue;
    for (const run of block.runs) if ('figure' in run && run.figure.code === code) return run.figure;
  }
  return undefined;
}
