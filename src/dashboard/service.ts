/**
 * The dashboard's breakdowns (工作台): how a unit's year spreads over months, areas, categories
 * and villages. Each figure is a SQL group-by over one ledger table, limited to the unit's
 * subtree inside the caller's scope, and only over kinds the caller's role may read — a role
 * that may not read disputes gets no dispute breakdown. Counts follow the indicators' rules
 * (records dated in the year), so a chart's total agrees with the card beside it.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Permissions } from '../accounts/permissions.js';
import type { Db } from '../db/connect.js';
import type { IndicatorService, Provenance } from '../indicators/service.js';
import type { IndicatorValue } from '../indicators/definition.js';
import { resolvePeriod, type Period } from '../indicators/period.js';
import { AREAS, tableOf, type KindDefinition } from '../ledger/kind.js';
import type { ListCatalog } from '../ledger/lists.js';
import type { AnyKind, KindRegistry } from '../ledger/registry.js';
import { levelRank } from '../org/levels.js';
import { findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { unitNamesOf } from '../org/unit-names.js';
import { covers, type Scope } from '../org/scope.js';
import { NotFound } from '../core/errors.js';
import { reportDueDates } from '../procedures/settings.js';
import type { MonthlyActivity, CategoryCount, VillageCount, MonthlyResolution, DomainCount, PublicityReach, Dashboard, DashboardFigures, RecordRef, RecordGroup } from '../shared/dashboard.js';
export type { MonthlyActivity, CategoryCount, VillageCount, MonthlyResolution, DomainCount, PublicityReach, Dashboard, DashboardFigures, RecordRef, RecordGroup };

export interface IndicatorRecords {
  indicator: IndicatorValue;
  groups: RecordGroup[];
}

/** A drawer lists at most this many records per group; the total says how many there are. */
export const MAX_LISTED = 500;
/** Ids per `in (…)` query, well under either engine's bound-parameter limit. */
const ID_BATCH = 400;

/** Areas the annual report has sections for; organisation (org and people) is not activity. */
const ACTIVITY_AREAS = new Set(Object.keys(AREAS).filter((a) => a !== 'organisation'));

type Row = Record<string, string | number | null>;
const n = (value: unknown) => Number(value ?? 0) || 0;
const months = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly kinds: KindRegistry,
    private readonly lists: ListCatalog,
    private readonly permissions: Permissions,
    private readonly indicators: IndicatorService,
  ) {}

  /** Kinds visible from the scope that the caller's role may read. */
  private async readable(scope: Scope): Promise<AnyKind[]> {
    return (await this.kinds.visible(scope)).filter((k) => this.permissions.may(scope.actor.role, 'read', k));
  }

  /**
   * The first screen's figures: the unit's indicators for the year and the year before, evaluated
   * side by side (on PostgreSQL each year's queries take their own pooled connections).
   */
  async figures(scope: Scope, unit: OrgUnit, year: number): Promise<DashboardFigures> {
    const [items, previous] = await Promise.all([
      this.indicators.evaluate(scope, unit, resolvePeriod({ year })),
      this.indicators.evaluate(scope, unit, resolvePeriod({ year: year - 1 })),
    ]);
    return { org: { id: unit.id, name: unit.name, level: unit.level }, year, items, previous };
  }

  /** What every breakdown needs: the period, the kinds the caller may read, and the lists' labels. */
  private async prepare(scope: Scope, unit: OrgUnit, year: number) {
    if (!covers(scope, unit.path)) throw NotFound('单位');
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    const kinds = await this.readable(scope);
    const kind = (code: string) => kinds.find((k) => k.code === code);
    const labels = await this.lists.labels();
    const labelOf = (k: KindDefinition, field: string, code: string) => {
      const list = k.fields.find((f) => f.name === field)?.list ?? '';
      return labels.get(`${list}\u0000${code}`) ?? code;
    };
    return { period, kinds, kind, labelOf, where: { scope, unit, period } };
  }

  /** One dispute breakdown on its own, as the dashboard computes it (the benchmark times each against its GROUP BY). */
  async disputeBreakdown(scope: Scope, unit: OrgUnit, year: number, by: 'village' | 'category' | 'month'): Promise<VillageCount[] | CategoryCount[] | MonthlyResolution[]> {
    const { kind, labelOf, where } = await this.prepare(scope, unit, year);
    const dispute = kind('dispute');
    if (!dispute) return [];
    if (by === 'village') return this.disputesByVillage(dispute, where);
    if (by === 'category') return this.disputesByCategory(dispute, where, labelOf);
    return this.resolutionByMonth(dispute, where, year);
  }

  async breakdown(scope: Scope, unit: OrgUnit, year: number): Promise<Dashboard> {
    const { period, kinds, kind, labelOf, where } = await this.prepare(scope, unit, year);
    const dispute = kind('dispute');
    const inspection = kind('inspection');
    const publicity = kind('publicityItem');
    return {
      org: { id: unit.id, name: unit.name, level: unit.level },
      year,
      period,
      activityByMonth: await this.activityByMonth(kinds, where),
      disputesByCategory: dispute ? await this.disputesByCategory(dispute, where, labelOf) : [],
      disputesByVillage: dispute ? await this.disputesByVillage(dispute, where) : [],
      resolutionByMonth: dispute ? await this.resolutionByMonth(dispute, where, year) : [],
      inspectionsByDomain: inspection ? await this.inspectionsByDomain(inspection, where, labelOf) : [],
      publicityReach: publicity ? await this.publicityReach(publicity, where) : { online: { posts: 0, reads: 0 }, offline: { events: 0, audience: 0 } },
      reportDueDates: await reportDueDates(this.db, year),
    };
  }

  /**
   * Records dated in the period, in the unit's subtree ("t" is the ledger table). The unit lies
   * inside the scope (prepare checks it), so its subtree is too: a second prefix test on the
   * scope's path would only give the planner one more condition to weigh.
   */
  private inUnit({ scope, unit, period }: Where) {
    if (!covers(scope, unit.path)) throw NotFound('单位');
    return sql`t.org_path like ${`${unit.path}%`} and t.date >= ${period.from} and t.date <= ${period.to}`;
  }

  private async rows(query: RawBuilder<Row>): Promise<Row[]> {
    return (await query.execute(this.db.kysely)).rows;
  }

  /** One statement for every ledger: each table grouped by month, the groups put together with union all. */
  private async activityByMonth(kinds: AnyKind[], where: Where): Promise<MonthlyActivity[]> {
    const byKey = new Map<string, MonthlyActivity>();
    const counted = kinds.filter((x) => ACTIVITY_AREAS.has(x.area));
    if (!counted.length) return [];
    const perKind = counted.map(
      (k) => sql`select ${k.code} as kind, substr(t.date, 1, 7) as month, count(*) as n from ${sql.table(tableOf(k))} t
        where ${this.inUnit(where)} group by substr(t.date, 1, 7)`,
    );
    const rows = await this.rows(sql<Row>`${sql.join(perKind, sql` union all `)}`);
    const byCode = new Map(counted.map((k) => [k.code, k]));
    // The statement's order is the engine's; the kinds' order makes each month's list of ledgers stable.
    const rank = (r: Row) => counted.findIndex((k) => k.code === String(r.kind));
    for (const r of [...rows].sort((a, b) => rank(a) - rank(b))) {
      const k = byCode.get(String(r.kind));
      if (!k) continue;
      const month = String(r.month);
      const key = `${k.area}\u0000${month}`;
      const entry = byKey.get(key) ?? { area: k.area, areaLabel: AREAS[k.area], month, count: 0, kinds: [] };
      entry.count += n(r.n);
      entry.kinds.push({ kind: k.code, kindLabel: k.label, count: n(r.n) });
      byKey.set(key, entry);
    }
    const order = Object.keys(AREAS);
    return [...byKey.values()].sort((a, b) => a.month.localeCompare(b.month) || order.indexOf(a.area) - order.indexOf(b.area));
  }

  private async disputesByCategory(kind: KindDefinition, where: Where, labelOf: LabelOf): Promise<CategoryCount[]> {
    const rows = await this.rows(sql<Row>`select t.category as code, count(*) as n, count(*) filter (where t.status = 'resolved') as resolved
      from ${sql.table(tableOf(kind))} t where ${this.inUnit(where)} group by t.category`);
    return rows
      .map((r) => ({ code: String(r.code ?? ''), label: r.code ? labelOf(kind, 'category', String(r.code)) : '未填类别', count: n(r.n), resolved: n(r.resolved) }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }

  /**
   * By the dispute's 所在村（社区）, rolled up to the village when it names a group or grid below
   * it; disputes without one form their own row. Within a town every village is listed, those
   * without a dispute too; above it, only those with one. One statement: the disputes are grouped
   * by the unit they name first, and only those few groups are matched to their villages
   * (matching each dispute would compare every row with every village by path prefix).
   */
  private async disputesByVillage(kind: KindDefinition, where: Where): Promise<VillageCount[]> {
    const { unit, scope } = where;
    // The villages a named unit can roll up to: those in the unit's subtree, or for a unit below a village, its own village.
    const near = levelRank(unit.level) <= levelRank('village') ? sql`v.path like ${`${unit.path}%`}` : sql`${unit.path} like v.path || '%'`;
    const listAll = levelRank(unit.level) >= levelRank('town');
    const quiet = listAll
      ? sql`union all select v.id as org_id, v.name as name, 0 as n, 0 as resolved from org_unit v
          where v.level = 'village' and v.path like ${`${unit.path}%`} and v.path like ${`${scope.orgPath}%`}
            and v.id not in (select org_id from counted where org_id is not null)`
      : sql``;
    const rows = await this.rows(sql<Row>`with named as (
        select t.village as unit_id, count(*) as n, count(*) filter (where t.status = 'resolved') as resolved
        from ${sql.table(tableOf(kind))} t where ${this.inUnit(where)} group by t.village
      ), counted as (
        select v.id as org_id, v.name as name, sum(c.n) as n, sum(c.resolved) as resolved
        from named c
        left join org_unit u on u.id = c.unit_id
        left join org_unit v on v.level = 'village' and ${near} and u.path like v.path || '%'
        group by v.id, v.name
      )
      select org_id, name, n, resolved from counted ${quiet}`);
    return rows
      .map((r) => ({ orgId: r.org_id === null ? null : String(r.org_id), name: r.org_id === null ? '未填所在村' : String(r.name), count: n(r.n), resolved: n(r.resolved) }))
      .sort((a, b) => Number(a.orgId === null) - Number(b.orgId === null) || b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));
  }

  /** Every month of the year, by registration month: summed up, December's rate is the year's 化解率. */
  private async resolutionByMonth(kind: KindDefinition, where: Where, year: number): Promise<MonthlyResolution[]> {
    const rows = await this.rows(sql<Row>`select substr(t.date, 1, 7) as month, count(*) as n, count(*) filter (where t.status = 'resolved') as resolved
      from ${sql.table(tableOf(kind))} t where ${this.inUnit(where)} group by substr(t.date, 1, 7)`);
    const byMonth = new Map(rows.map((r) => [String(r.month), r]));
    return months(year).map((month) => ({ month, registered: n(byMonth.get(month)?.n), resolved: n(byMonth.get(month)?.resolved) }));
  }

  private async inspectionsByDomain(kind: KindDefinition, where: Where, labelOf: LabelOf): Promise<DomainCount[]> {
    const rows = await this.rows(sql<Row>`select t.domain as code, count(*) as n,
        coalesce(sum(t.problems_found), 0) as found, coalesce(sum(t.problems_rectified), 0) as rectified
      from ${sql.table(tableOf(kind))} t where ${this.inUnit(where)} group by t.domain`);
    return rows
      .map((r) => ({
        code: String(r.code ?? ''),
        label: r.code ? labelOf(kind, 'domain', String(r.code)) : '未填领域',
        count: n(r.n),
        problemsFound: n(r.found),
        problemsRectified: n(r.rectified),
      }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }

  private async publicityReach(kind: KindDefinition, where: Where): Promise<PublicityReach> {
    const [row = {}] = await this.rows(sql<Row>`select
        count(*) filter (where t.mode = 'online') as posts,
        coalesce(sum(t.reads) filter (where t.mode = 'online'), 0) as reads,
        count(*) filter (where t.mode = 'offline') as events,
        coalesce(sum(t.audience) filter (where t.mode = 'offline'), 0) as audience
      from ${sql.table(tableOf(kind))} t where ${this.inUnit(where)}`);
    return { online: { posts: n(row.posts), reads: n(row.reads) }, offline: { events: n(row.events), audience: n(row.audience) } };
  }

  /**
   * The records behind an indicator's value, named (title, date, unit) so a person can open them:
   * the indicators' provenance, with the rows looked up inside the scope.
   */
  async indicatorRecords(scope: Scope, unit: OrgUnit, period: Period, code: string): Promise<IndicatorRecords> {
    const provenance = await this.indicators.provenance(scope, unit, period, code);
    const kinds = await this.readable(scope);
    const group = async (part: RecordGroup['part'], p: Provenance): Promise<RecordGroup> => ({
      part,
      label: p.indicator.label,
      kind: p.kind,
      kindLabel: p.kind === 'orgUnit' ? '单位' : (kinds.find((k) => k.code === p.kind)?.label ?? p.kind),
      total: p.ids.length,
      records: await this.named(scope, kinds.find((k) => k.code === p.kind), p.ids.slice(-MAX_LISTED).reverse()),
    });
    const groups =
      provenance.numerator && provenance.denominator
        ? [await group('numerator', provenance.numerator), await group('denominator', provenance.denominator)]
        : [await group('value', provenance)];
    return { indicator: provenance.indicator, groups };
  }

  /**
   * Titles, dates and units of the given ids, in the order given; org units when there is no kind.
   * Each unit is named as the ledger list names it: its path below its town (新华村/一社) and its town.
   */
  private async named(scope: Scope, kind: AnyKind | undefined, ids: string[]): Promise<RecordRef[]> {
    if (!ids.length) return [];
    if (!kind) {
      const units = await findOrgsByIds(this.db, ids);
      const names = await unitNamesOf(this.db, [...units.values()].map((u) => u.path));
      return ids.flatMap((id) => {
        const u = units.get(id);
        const n = u && names.get(u.path);
        return u && covers(scope, u.path)
          ? [{ id, title: u.name, date: null, orgId: u.id, orgName: u.name, orgPathName: n?.pathName ?? u.name, townName: n?.townName ?? null }]
          : [];
      });
    }
    const found = new Map<string, Row>();
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      const batch = ids.slice(i, i + ID_BATCH);
      const rows = await this.rows(sql<Row>`select t.id, t.title, t.date, t.org_id, t.org_path
        from ${sql.table(tableOf(kind))} t
        where t.org_path like ${`${scope.orgPath}%`} and t.id in (${sql.join(batch.map((id) => sql`${id}`))})`);
      for (const r of rows) found.set(String(r.id), r);
    }
    const names = await unitNamesOf(this.db, [...found.values()].map((r) => String(r.org_path)));
    return ids.flatMap((id) => {
      const r = found.get(id);
      if (!r) return [];
      const n = names.get(String(r.org_path));
      return [
        {
          id,
          title: String(r.title),
          date: r.date === null ? null : String(r.date),
          orgId: String(r.org_id),
          orgName: n?.ownName ?? null,
          orgPathName: n?.pathName ?? null,
          townName: n?.townName ?? null,
        },
      ];
    });
  }
}

interface Where {
  scope: Scope;
  unit: OrgUnit;
  period: Period;
}
type LabelOf = (kind: KindDefinition, field: string, code: string) => string;
