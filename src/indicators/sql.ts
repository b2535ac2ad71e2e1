/**
 * Indicator SQL. All indicators over one kind are computed in a single pass over its table
 * (aggregate FILTER clauses, supported by SQLite ≥ 3.30 and PostgreSQL), scoped by the org
 * path prefix. Provenance queries return the ids behind one indicator. Every query takes the Scope
 * it reads (the caller's, narrowed to the unit evaluated), never a bare path.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { tableOf, type KindDefinition } from '../ledger/kind.js';
import { and, columns, conditionSql, DECIMAL_SCALE, fieldOf, summand, type Col, type Fragment } from './conditions.js';
import { hasOwnDates, type LedgerIndicator, type UnitCountIndicator } from './definition.js';
import type { Period } from './period.js';
import { summaryColumnOf, summaryPlan, wholeMonths, type SummaryPlan } from './monthly/plan.js';
import { summaryQuery, summaryReady } from './monthly/store.js';
import { distinctColumnOf, distinctMonths, distinctPlan, distinctReady, evaluateDistinct } from './monthly/distinct.js';
import { townPaths } from '../org/towns.js';
import type { Scope } from '../org/scope.js';

const col = columns();

function periodSql(indicator: LedgerIndicator, period: Period, col: Col): Fragment {
  const start = col(indicator.dateField ?? 'date');
  if (indicator.period === 'active') {
    const end = col(indicator.endField ?? 'endDate');
    return sql`${start} <= ${period.to} and (${end} is null or ${end} >= ${period.from})`;
  }
  return sql`${start} >= ${period.from} and ${start} <= ${period.to}`;
}

/** Everything that decides whether a record counts for the indicator (besides the subtree). */
export function recordCondition(kind: KindDefinition, indicator: LedgerIndicator, period: Period, alias?: string): Fragment {
  const col = columns(alias);
  const parts = [periodSql(indicator, period, col), ...(indicator.where ?? []).map((c) => conditionSql(kind, c, col))];
  const m = indicator.measure;
  if (m.op === 'sum' || m.op === 'distinct') parts.push(sql`${col(m.field)} is not null`);
  return and(parts);
}

export interface RawValue {
  value: number;
  records: number;
}

/** Measures that expand a multi-valued field to one row per item: evaluated by a query of their own. */
export const isExpanded = (i: LedgerIndicator) => i.measure.op === 'distinctUnits' || i.measure.op === 'distinctItems';

/**
 * The single aggregate query over a kind's table for its non-expanding indicators: columns v<n>
 * (value) and r<n> (records, for measures other than count). Exported so the federation can
 * EXPLAIN it against a province's foreign table and see the aggregate pushed down.
 */
export function kindAggregateQuery(kind: KindDefinition, simple: LedgerIndicator[], scope: Scope, period: Period) {
  return aggregateQueryAt(kind, simple, scope.orgPath, period);
}

/** The same over a path: a stand-in path when compiled once for every subtree (compiledAggregate). */
function aggregateQueryAt(kind: KindDefinition, simple: LedgerIndicator[], orgPath: string, period: Period) {
  // Figures placed in the period by another date (filed in the year) bound nothing by the record's
  // date: each checks its own period, and the query reads the subtree's records of every year.
  // The engine asks for them in a query of their own (evaluateKind), so the others keep their bounds.
  if (simple.some(hasOwnDates)) return ownDatesAggregateQuery(kind, simple, orgPath, period);
  // Records dated before the period only matter to indicators of standing things ('active').
  const anyActive = simple.some((i) => i.period === 'active');
  // A kind whose figures all count standing things (grid posts, advisers' contracts) states "still in
  // force at the start" once, in the WHERE clause, rather than in every FILTER.
  const allActive = simple.every((i) => i.period === 'active');
  const inForce = sql`(${col('endDate')} is null or ${col('endDate')} >= ${period.from})`;
  // What the WHERE clause below already guarantees is not checked again for every indicator:
  // SQLite evaluates each FILTER on every row, so a shorter one is a faster query.
  const columns = aggregateColumns(kind, simple, (indicator) =>
    indicator.period === 'active' ? (allActive ? [] : [inForce]) : anyActive ? [sql`${col('date')} >= ${period.from}`] : [],
  );
  const lowerBound = allActive ? sql` and ${inForce}` : anyActive ? sql`` : sql` and date >= ${period.from}`;
  return sql<Record<string, number | string | null>>`select ${sql.join(columns)} from ${sql.table(tableOf(kind))}
      where org_path like ${`${orgPath}%`} and date <= ${period.to}${lowerBound}`;
}

/** Value (v<n>) and record (r<n>) columns of the indicators, each under its filter. */
function aggregateColumns(kind: KindDefinition, list: LedgerIndicator[], filterOf: (i: LedgerIndicator) => Fragment[]): Fragment[] {
  return list.flatMap((indicator, n) => {
    const m = indicator.measure;
    const parts = [...filterOf(indicator), ...(indicator.where ?? []).map((c) => conditionSql(kind, c, col)), ...(m.op === 'sum' || m.op === 'distinct' ? [sql`${col(m.field)} is not null`] : [])];
    const filter = parts.length ? sql` filter (where ${and(parts)})` : sql``;
    const value =
      m.op === 'count'
        ? sql`count(*)${filter}`
        : m.op === 'sum'
          ? sql`coalesce(sum(${summand(kind, m.field, col)})${filter}, 0)`
          : sql`count(distinct ${col(m.op === 'distinct' ? m.field : '')})${filter}`;
    // A count is its own number of records; other measures count their records apart.
    const records = m.op === 'count' ? [] : [sql`count(*)${filter} as ${sql.ref(`r${n}`)}`];
    return [sql`${value} as ${sql.ref(`v${n}`)}`, ...records];
  });
}

/** The aggregate over the subtree's records of every year, each indicator checking its own period. */
function ownDatesAggregateQuery(kind: KindDefinition, list: LedgerIndicator[], orgPath: string, period: Period) {
  const columns = aggregateColumns(kind, list, (i) => [periodSql(i, period, col)]);
  return sql<Record<string, number | string | null>>`select ${sql.join(columns)} from ${sql.table(tableOf(kind))} where org_path like ${`${orgPath}%`}`;
}

/** Stand-ins for what changes from call to call; the compiled SQL is kept with them in place. */
const PATH = '\u0001path';
const FROM = '\u0001from';
const TO = '\u0001to';

/** Compiled aggregate queries by engine, kind and indicator definitions: building and compiling one cost as much as running it. */
const compiled = new Map<string, CompiledQuery>();

function compiledAggregate(db: Db, kind: KindDefinition, simple: LedgerIndicator[], scope: Scope, period: Period): CompiledQuery {
  const key = `${db.engine}|${tableOf(kind)}|${JSON.stringify(simple.map((i) => [i.code, i.measure, i.where, i.period, i.dateField, i.endField]))}`;
  let template = compiled.get(key);
  if (!template) {
    if (compiled.size > 2000) compiled.clear();
    template = aggregateQueryAt(kind, simple, PATH, { ...period, from: FROM, to: TO }).compile(db.kysely);
    compiled.set(key, template);
  }
  const values = new Map<unknown, string>([[`${PATH}%`, `${scope.orgPath}%`], [FROM, period.from], [TO, period.to]]);
  return CompiledQuery.raw(template.sql, template.parameters.map((p) => values.get(p) ?? p));
}

export interface EvaluateOptions {
  /** false: count the records even where a monthly summary could answer (a province read through postgres_fdw has none). */
  summaries?: boolean;
  /** false: distinct counts from the records even where the distinct summary could answer (to measure what it saves). */
  distinctSummaries?: boolean;
}

/**
 * The indicators the kind's monthly summary can answer for this subtree and period: counts and sums,
 * over whole months, for a town or a unit above towns, when the summary is built for these definitions.
 */
async function fromSummary(db: Db, kind: KindDefinition, indicators: LedgerIndicator[], scope: Scope, period: Period, distinct: readonly LedgerIndicator[] = []): Promise<LedgerIndicator[]> {
  const plan = summaryPlan(kind);
  if (!plan || !wholeMonths(period)) return [];
  const answerable = indicators.filter((i) => summaryColumnOf(plan, i));
  // When some figure of the kind has to be counted from its records anyway (a distinct count the
  // distinct summary cannot answer), the others ride along in the same pass more cheaply than a
  // second query over the summary. (Those with their own dates, like the expanding ones, have a
  // query of their own either way.)
  if (indicators.some((i) => !isExpanded(i) && !hasOwnDates(i) && !answerable.includes(i) && !distinct.includes(i))) return [];
  if (!answerable.length || !(await summaryReady(db.kysely, plan))) return [];
  return (await atSummaryUnit(db, scope)) ? answerable : [];
}

/** Summary rows are kept per town: a subtree is a set of them only at a town or above. */
async function atSummaryUnit(db: Db, scope: Scope): Promise<boolean> {
  const towns = await townPaths(db.kysely, [scope.orgPath]);
  return towns.get(scope.orgPath) === scope.orgPath;
}

/** The distinct counts the kind's distinct summary (monthly/distinct.ts) can answer: whole months of one year, a town or above. */
async function fromDistinct(db: Db, kind: KindDefinition, indicators: LedgerIndicator[], scope: Scope, period: Period): Promise<LedgerIndicator[]> {
  const plan = distinctPlan(kind);
  const months = wholeMonths(period);
  if (!plan || !months || !distinctMonths(plan, months)) return [];
  const answerable = indicators.filter((i) => distinctColumnOf(plan, i));
  if (!answerable.length || !(await distinctReady(db.kysely, plan))) return [];
  return (await atSummaryUnit(db, scope)) ? answerable : [];
}

/** One query per kind: value and record count for each of its (non-unit) indicators; sums and counts from the monthly summary where it can answer. */
export async function evaluateKind(
  db: Db,
  kind: KindDefinition,
  indicators: LedgerIndicator[],
  scope: Scope,
  period: Period,
  options: EvaluateOptions = {},
): Promise<Map<string, RawValue>> {
  const result = new Map<string, RawValue>();
  const distinct = options.summaries === false || options.distinctSummaries === false ? [] : await fromDistinct(db, kind, indicators, scope, period);
  const summed = options.summaries === false ? [] : await fromSummary(db, kind, indicators, scope, period, distinct);
  const simple = indicators.filter((i) => !isExpanded(i) && !hasOwnDates(i) && !summed.includes(i) && !distinct.includes(i));
  const ownDates = indicators.filter((i) => !isExpanded(i) && hasOwnDates(i));
  if (distinct.length) {
    const plan = distinctPlan(kind);
    const range = plan && distinctMonths(plan, wholeMonths(period) as { from: string; to: string });
    if (plan && range) for (const [code, raw] of await evaluateDistinct(db, plan, distinct, scope, range)) result.set(code, raw);
  }
  const fill = (list: LedgerIndicator[], row: Record<string, number | string | null>) =>
    list.forEach((indicator, n) => {
      const f = indicator.measure.op === 'sum' ? fieldOf(kind, indicator.measure.field) : undefined;
      const raw = Number(row[`v${n}`] ?? 0);
      const records = indicator.measure.op === 'count' ? raw : Number(row[`r${n}`] ?? 0);
      // Money is kept in fen (a figure in 万元 is stated in ten thousands of yuan); decimals are
      // summed in thousandths (conditions.ts).
      const value = f?.type === 'money' ? raw / (indicator.unit === '万元' ? 1_000_000 : 100) : f?.type === 'decimal' ? raw / DECIMAL_SCALE : raw;
      result.set(indicator.code, { value, records });
    });
  if (summed.length) {
    const plan = summaryPlan(kind) as SummaryPlan;
    const { rows } = await db.kysely.executeQuery<Record<string, number | string | null>>(summaryQuery(db.kysely, plan, summed, scope, wholeMonths(period) as { from: string; to: string }));
    fill(summed, rows[0] ?? {});
  }
  for (const list of [simple, ownDates]) {
    if (!list.length) continue;
    const { rows } = await db.kysely.executeQuery<Record<string, number | string | null>>(compiledAggregate(db, kind, list, scope, period));
    fill(list, rows[0] ?? {});
  }
  for (const indicator of indicators.filter((i) => isExpanded(i) && !distinct.includes(i))) {
    result.set(indicator.code, await evaluateExpanded(db, kind, indicator, scope, period));
  }
  return result;
}

/**
 * Multi-valued fields hold JSON arrays; these measures expand them to one row per item
 * (as j.value), joined to the unit when the items are org units. The only SQL that differs by engine.
 */
function expansion(db: Db, indicator: LedgerIndicator, scope: Scope): Fragment {
  const m = indicator.measure;
  if (m.op !== 'distinctUnits' && m.op !== 'distinctItems') throw new Error(`${indicator.code} does not expand a field`);
  const array = columns('t')(m.field);
  const items = db.engine === 'sqlite' ? sql`join json_each(${array}) j` : sql`cross join lateral jsonb_array_elements_text(${array}::jsonb) as j(value)`;
  if (m.op === 'distinctItems') return items;
  return sql`${items} join org_unit u on u.id = j.value and u.path like ${`${scope.orgPath}%`} and u.level = ${m.level}`;
}

async function evaluateExpanded(db: Db, kind: KindDefinition, indicator: LedgerIndicator, scope: Scope, period: Period): Promise<RawValue> {
  const query = sql<{ n: number; r: number }>`select count(distinct j.value) as n, count(distinct t.id) as r
    from ${sql.table(tableOf(kind))} t ${expansion(db, indicator, scope)}
    where t.org_path like ${`${scope.orgPath}%`} and ${recordCondition(kind, indicator, period, 't')}`;
  const { rows } = await query.execute(db.kysely);
  return { value: Number(rows[0]?.n ?? 0), records: Number(rows[0]?.r ?? 0) };
}

/**
 * The distinct values themselves (not their count) behind a distinct measure: a roll-up over
 * several databases needs the union of each one's values when the same value can occur in more
 * than one of them (a 法律五进 target category, any value that is not an id).
 */
export async function distinctValues(db: Db, kind: KindDefinition, indicator: LedgerIndicator, scope: Scope, period: Period): Promise<string[]> {
  const m = indicator.measure;
  const query = isExpanded(indicator)
    ? sql<{ item: string }>`select distinct j.value as item from ${sql.table(tableOf(kind))} t ${expansion(db, indicator, scope)}
        where t.org_path like ${`${scope.orgPath}%`} and ${recordCondition(kind, indicator, period, 't')} order by item`
    : m.op === 'distinct'
      ? sql<{ item: string }>`select distinct ${col(m.field)} as item from ${sql.table(tableOf(kind))}
          where org_path like ${`${scope.orgPath}%`} and ${recordCondition(kind, indicator, period)} order by item`
      : undefined;
  if (!query) throw new Error(`${indicator.code} is not a distinct measure`);
  const { rows } = await query.execute(db.kysely);
  return rows.map((r) => String(r.item));
}

/** Org units by level in the subtree: one grouped count (exported for the federation's EXPLAIN). */
export function unitCountQuery(db: Db, indicators: UnitCountIndicator[], scope: Scope) {
  return db.kysely
    .selectFrom('org_unit')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('path', 'like', `${scope.orgPath}%`)
    .where('level', 'in', indicators.map((i) => i.unitLevel))
    .groupBy('level');
}

/** Counts of org units by level in the subtree, one query for all unit-count indicators. */
export async function evaluateUnitCounts(db: Db, indicators: UnitCountIndicator[], scope: Scope): Promise<Map<string, RawValue>> {
  const result = new Map<string, RawValue>();
  if (!indicators.length) return result;
  const rows = await unitCountQuery(db, indicators, scope).execute();
  const byLevel = new Map(rows.map((r) => [r.level, Number(r.n)]));
  for (const i of indicators) {
    const n = byLevel.get(i.unitLevel) ?? 0;
    result.set(i.code, { value: n, records: n });
  }
  return result;
}

/** The ids behind one ledger indicator, oldest first. */
export async function recordIds(db: Db, kind: KindDefinition, indicator: LedgerIndicator, scope: Scope, period: Period): Promise<string[]> {
  const m = indicator.measure;
  const query =
    m.op === 'distinctUnits' || m.op === 'distinctItems'
      ? sql<{ id: string }>`select distinct t.id, t.date from ${sql.table(tableOf(kind))} t ${expansion(db, indicator, scope)}
          where t.org_path like ${`${scope.orgPath}%`} and ${recordCondition(kind, indicator, period, 't')} order by t.date, t.id`
      : sql<{ id: string }>`select id from ${sql.table(tableOf(kind))}
          where org_path like ${`${scope.orgPath}%`} and ${recordCondition(kind, indicator, period)} order by date, id`;
  const { rows } = await query.execute(db.kysely);
  return rows.map((r) => r.id);
}

export async function unitIds(db: Db, indicator: UnitCountIndicator, scope: Scope): Promise<string[]> {
  const rows = await db.kysely.selectFrom('org_unit').select('id').where('path', 'like', `${scope.orgPath}%`).where('level', '=', indicator.unitLevel).orderBy('path').execute();
  return rows.map((r) => r.id);
}
