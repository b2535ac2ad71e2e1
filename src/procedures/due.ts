/**
 * The due list (待办): every deadline in the caller's scope that is overdue on a day or falls
 * within the next N days — statutory deadlines of procedural records, and the compliance checks
 * (screening rounds, certificates, advisor contracts, the annual report) in the same shape.
 */
import { fieldError } from '../core/errors.js';
import { isValidDate } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import { withoutSensitive } from '../ledger/codec.js';
import { rowsUpTo } from '../ledger/repository.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { KindRegistry } from '../ledger/registry.js';
import type { Permissions } from '../accounts/permissions.js';
import { findOrg, findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { unitNamesOf } from '../org/unit-names.js';
import { narrow, type Scope } from '../org/scope.js';
import { coverageWarning, LAST_KNOWN_YEAR } from './calendar.js';
import { complianceItems } from './compliance.js';
import { evaluate, type ProcedureDefinition } from './procedure.js';
import type { ProcedureService } from './service.js';
import { loadPeriods, today } from './settings.js';
import type { DueItem, DueList } from '../shared/procedures.js';
export type { DueItem, DueList };

export interface DueQuery {
  org?: string;
  on?: string;
  /** How many days ahead count as due soon (default 14). */
  within?: number;
}

export const DEFAULT_WITHIN = 14;
export const MAX_WITHIN = 366;
/** Records read at a time: a county's 100,000 disputes are walked through, never held at once. */
const PAGE_SIZE = 1000;

/** What the items were counted for. */
export interface DueWalk {
  on: string;
  within: number;
  unit: OrgUnit;
}

type ProceduralKind = KindDefinition & { procedure: ProcedureDefinition };
type LedgerRows = Awaited<ReturnType<typeof rowsUpTo>>;

export class DueService {
  constructor(
    private readonly db: Db,
    private readonly kinds: KindRegistry,
    private readonly permissions: Permissions,
    private readonly procedures: ProcedureService,
  ) {}

  async list(scope: Scope, query: DueQuery): Promise<DueList> {
    const items: DueItem[] = [];
    const { on, within, unit } = await this.walk(scope, query, (item) => items.push(item));
    await this.nameUnits(items);
    const unitOf = (i: DueItem) => `${i.townName ?? ''}/${i.orgPathName ?? i.orgName}`;
    items.sort((a, b) => a.due.localeCompare(b.due) || unitOf(a).localeCompare(unitOf(b), 'zh-CN') || a.title.localeCompare(b.title, 'zh-CN'));
    const overdue = items.filter((i) => i.overdue).length;
    const horizon = items.reduce((last, i) => (i.due > last ? i.due : last), on);
    return {
      on,
      within,
      unit: { id: unit.id, name: unit.name },
      items,
      overdue,
      dueSoon: items.length - overdue,
      calendarWarning: coverageWarning(horizon) ?? (Number(on.slice(0, 4)) > LAST_KNOWN_YEAR ? coverageWarning(on) : undefined),
    };
  }

  /**
   * Hands every item of the due list to `visit`, one at a time, without gathering them: the
   * records are read a page at a time, so a caller that only counts (the daily reminders) needs
   * memory for a page, not for every record of the scope.
   */
  async walk(scope: Scope, query: DueQuery, visit: (item: DueItem) => void): Promise<DueWalk> {
    const on = query.on ?? (await today(this.db));
    if (!isValidDate(on)) throw fieldError('on', '「日期」不是有效日期（格式 YYYY-MM-DD）');
    const within = query.within ?? DEFAULT_WITHIN;
    if (!Number.isInteger(within) || within < 0 || within > MAX_WITHIN) throw fieldError('within', `「提前天数」应为 0 到 ${MAX_WITHIN} 之间的整数`);
    const { unit, under } = await this.unitFor(scope, query.org);

    const kinds = (await this.kinds.visible(scope)).filter(
      (k): k is ProceduralKind => !!k.procedure?.deadlines?.length && this.permissions.may(scope.actor.role, 'read', k),
    );
    for (const kind of kinds) {
      let afterId: string | undefined;
      for (;;) {
        const rows = await rowsUpTo(this.db.kysely, under, kind, on, { afterId, limit: PAGE_SIZE });
        for (const item of await this.procedureItems(kind, rows, on, within)) visit(item);
        if (rows.length < PAGE_SIZE) break;
        afterId = String(rows[rows.length - 1]?.id);
      }
    }
    for (const item of await complianceItems(this.db, { scope, unit, on, within, permissions: this.permissions, kinds: this.kinds })) visit(item);
    return { on, within, unit };
  }

  /** Gives each item its unit's path below the town (新华村/一社) and its town, as the ledger list names them. */
  private async nameUnits(items: DueItem[]): Promise<void> {
    const units = await findOrgsByIds(this.db, [...new Set(items.map((i) => i.orgId))]);
    const names = await unitNamesOf(this.db, [...units.values()].map((u) => u.path));
    for (const item of items) {
      const unit = units.get(item.orgId);
      const named = unit ? names.get(unit.path) : undefined;
      item.orgPathName = named?.pathName ?? item.orgName;
      item.townName = named?.townName ?? null;
    }
  }

  /** The unit asked for (the scope's own by default) and the scope narrowed to it. */
  private async unitFor(scope: Scope, org: string | undefined): Promise<{ unit: OrgUnit; under: Scope }> {
    const id = org ?? (await this.db.kysely.selectFrom('org_unit').select('id').where('path', '=', scope.orgPath).executeTakeFirst())?.id;
    const unit = id ? await findOrg(this.db, id) : undefined;
    const under = unit && narrow(scope, unit);
    if (!unit || !under) throw fieldError('org', '所选单位不存在或不在您的管辖范围内');
    return { unit, under };
  }

  /** Open deadlines of some of one kind's records (a page), as the records stood on `on`. */
  private async procedureItems(kind: ProceduralKind, rows: LedgerRows, on: string, within: number): Promise<DueItem[]> {
    if (!rows.length) return [];
    // A procedure reads dates, flags and statuses: the sensitive fields stay encrypted and unread.
    const records = rows.map((row) => withoutSensitive(kind, row));
    const extensions = await this.procedures.extensionsOf(
      kind.code,
      records.map((r) => r.id),
    );
    const periods = await loadPeriods(this.db, kind.code);
    const units = await findOrgsByIds(this.db, [...new Set(records.map((r) => r.orgId))]);
    const stepLabel = new Map(kind.procedure.steps.map((s) => [s.code, s.label]));

    const items: DueItem[] = [];
    for (const record of records) {
      const state = evaluate(kind.procedure, record, { on, extensions: extensions.get(record.id) ?? [], periods });
      for (const d of state.deadlines) {
        if (d.status !== 'open' || d.daysLeft === undefined || d.daysLeft > within) continue;
        items.push({
          source: 'procedure',
          check: d.code,
          kind: kind.code,
          kindLabel: kind.label,
          recordId: record.id,
          title: typeof record.title === 'string' ? record.title : '',
          orgId: record.orgId,
          orgName: units.get(record.orgId)?.name ?? '',
          step: d.until.map((c) => stepLabel.get(c) ?? c).join('或'),
          start: d.start,
          due: d.due,
          daysLeft: d.daysLeft,
          overdue: d.daysLeft < 0,
          rule: d.basis,
          ...(d.extendedDays ? { extendedDays: d.extendedDays } : {}),
          ...(d.warning ? { warning: d.warning } : {}),
        });
      }
    }
    return items;
  }
}
