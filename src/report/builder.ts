/** Gathers what a report needs from the database and composes it: the adapter around compose(). */
import type { AppContext } from '../context.js';
import type { IndicatorValue } from '../indicators/definition.js';
import { previousYear, resolvePeriod } from '../indicators/period.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import { todayInChina } from '../core/dates.js';
import { composeReport, governmentOf, superiorOf, tableCodes } from './compose.js';
import { defaultCountyTemplate } from './county-template.js';
import { defaultTownTemplate } from './default-template.js';
import { levelRank } from '../org/levels.js';

/** Towns and below get the town template; a county, city or province the roll-up one. */
export const defaultTemplateFor = (unit: Pick<OrgUnit, 'level'>): ReportTemplate =>
  levelRank(unit.level) < levelRank('town') ? defaultCountyTemplate : defaultTownTemplate;
import { draftFindings, draftSections, type PlanTarget } from './drafting.js';
import type { LeaderDutyFact } from './leader-duty.js';
import type { ComposedReport, ReportTemplate } from './model.js';

export interface BuildOptions {
  template?: ReportTemplate;
  /** The date under the signature; defaults to today (Asia/Shanghai). */
  date?: string;
}

export async function buildReport(ctx: AppContext, scope: Scope, unit: OrgUnit, year: number, options: BuildOptions = {}): Promise<ComposedReport> {
  const period = resolvePeriod({ year });
  const toMap = (values: IndicatorValue[]) => new Map(values.map((v) => [v.code, v]));
  const values = toMap(await ctx.indicators.evaluate(scope, unit, period));
  const lastYear = toMap(await ctx.indicators.evaluate(scope, unit, previousYear(period)));

  const plans = await ctx.ledger.list(scope, 'planItem', { org: unit.id, filters: { year: String(year) }, pageSize: 200 }).catch(() => ({ items: [] }));
  const planTargets: PlanTarget[] = plans.items.map((p) => ({
    title: String(p.title),
    indicatorCode: typeof p.indicatorCode === 'string' ? p.indicatorCode : null,
    targetValue: typeof p.targetValue === 'number' ? p.targetValue : null,
  }));

  const today = todayInChina();
  const monthsElapsed = today.slice(0, 4) > String(year) ? 12 : Math.max(0, Number(today.slice(5, 7)) - 1);
  const findings = draftFindings({ year, values, lastYear, plans: planTargets, monthsElapsed });
  const parent = unit.parent_id ? await findOrg(ctx.db, unit.parent_id) : undefined;
  // The town's own 履职 records of the year, for the 第一责任人 section (a unit above towns keeps none).
  const duties = await ctx.ledger
    .list(scope, 'principalLeaderDuty', { org: unit.id, from: period.from, to: period.to, sort: 'date', pageSize: 200 })
    .catch(() => ({ items: [] }));
  const leaderDuties: LeaderDutyFact[] = duties.items.map((d) => ({
    post: typeof d.leaderPost === 'string' ? d.leaderPost : '',
    action: String(d.action ?? ''),
    subject: typeof d.subject === 'string' && d.subject.trim() ? d.subject : typeof d.title === 'string' ? d.title : '',
  }));
  const template = options.template ?? defaultTemplateFor(unit);
  const codes = tableCodes(template);
  const units = codes.length
    ? (await ctx.indicators.compare(scope, unit, period, 'town', codes)).map((row) => ({ name: row.org.name, values: toMap(row.values) }))
    : undefined;

  return composeReport({
    template,
    units,
    orgId: unit.id,
    orgName: unit.name,
    superior: superiorOf(parent?.name ?? ''),
    government: governmentOf(unit.name),
    year,
    values,
    drafted: draftSections(findings),
    leaderDuties,
    date: options.date ?? today,
  });
}
