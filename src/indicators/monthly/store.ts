/**
 * Monthly summaries in the database: the tables (made from each kind's plan, rebuilt when the plan
 * changes), their upkeep inside every ledger write's transaction, a full rebuild, and the query a
 * roll-up reads instead of the records. The SQL that decides whether a record counts is the
 * indicator engine's own (conditionSql), so a summary and a scan of the records cannot disagree
 * about a definition.
 */
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { takeEveryTurn, takeWriteTurn } from '../../audit/audit.js';
import { nowIso } from '../../core/dates.js';
import type { Db } from '../../db/connect.js';
import { isSqlite } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { tableOf, type KindDefinition } from '../../ledger/kind.js';
import type { LedgerIndicator } from '../definition.js';
import { and, columns, conditionSql, summand, type Fragment } from '../conditions.js';
import { fillTownMap, idOfPath, TOWN_MAP, townPaths } from '../../org/towns.js';
import type { Scope } from '../../org/scope.js';
import { OPEN_END, summaryPlan, SUMMARY_PREFIX, type SummaryColumn, type SummaryPlan } from './plan.js';
import { checkDistinct, distinctPlan, forgetDistinctStates, rebuildDistinct } from './distinct.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Any executor of one database shares its adapter object; per-database memory hangs off it. */
const keyOf = (executor: Pick<Kysely<unknown>, 'getExecutor'>) => executor.getExecutor().adapter as object;

// ---------------------------------------------------------------------------------------------
// What a set of records adds to the summary.

const aggregateOf = (kind: KindDefinition, c: SummaryColumn): Fragment[] => {
  const col = columns('t');
  const m = c.indicator.measure;
  const conditions = [...(c.indicator.where ?? []).map((w) => conditionSql(kind, w, col)), ...(m.op === 'sum' ? [sql`${col(m.field)} is not null`] : [])];
  const filter = conditions.length ? sql` filter (where ${and(conditions)})` : sql``;
  const value = m.op === 'sum' ? sql`coalesce(sum(${summand(kind, m.field, col)})${filter}, 0)` : sql`count(*)${filter}`;
  return [sql`${value} as ${sql.ref(c.value)}`, ...(c.records ? [sql`count(*)${filter} as ${sql.ref(c.records)}`] : [])];
};

const valueColumns = (plan: SummaryPlan) => ['n', ...plan.columns.flatMap((c) => [c.value, ...(c.records ? [c.records] : [])])];

/** Summary rows of the records `from … where` selects, each record under the unit `unit` names. */
function contributions(kind: KindDefinition, plan: SummaryPlan, unit: Fragment, from: Fragment, where: Fragment): Fragment {
  const end = plan.byEndMonth ? sql`coalesce(substr(t.end_date, 1, 7), ${OPEN_END})` : sql`''`;
  return sql`select ${unit} as unit_path, substr(t.date, 1, 7) as month, ${end} as end_month, count(*) as n, ${sql.join(plan.columns.flatMap((c) => aggregateOf(kind, c)))}
    from ${from} where ${where} group by 1, 2, 3`;
}

/**
 * Statements compiled once per shape, run with the values of the moment: building and compiling
 * a summary's SQL costs more than running it for one record. Parameters equal to a marker are
 * replaced; markers are strings no record holds.
 */
const compiledShapes = new Map<string, CompiledQuery>();
function compiledOnce(executor: Executor, key: string, build: (marker: (n: number) => string) => Fragment, values: readonly unknown[]): CompiledQuery {
  const marker = (n: number) => `\u0001${n}`;
  const fullKey = `${isSqlite(executor) ? 'sqlite' : 'postgres'}|${key}`;
  let template = compiledShapes.get(fullKey);
  if (!template) {
    if (compiledShapes.size > 2000) compiledShapes.clear();
    template = build(marker).compile(executor);
    compiledShapes.set(fullKey, template);
  }
  const at = new Map(values.map((v, n) => [marker(n), v]));
  return CompiledQuery.raw(template.sql, template.parameters.map((p) => (typeof p === 'string' && at.has(p) ? at.get(p) : p)));
}

type SummaryRow = { unit_path: string; month: string; end_month: string } & Record<string, number | string>;

/**
 * Adds (sign 1) or takes away (sign -1) what the records with these ids count for. Called in the
 * write's transaction: after an insert, before a delete, and on both sides of an update. The
 * records' part is read first; then the writer takes the turns of their towns (see takeWriteTurn),
 * since summary rows are shared by every writer in a town and month, and adds it in one statement —
 * so what a town's writers queue for is a single upsert, and other towns' writers not at all. `paths` are the records' org paths when the caller has them.
 */
export async function applyRecords(trx: Transaction<Database>, kind: KindDefinition, ids: readonly string[], sign: 1 | -1, paths?: readonly string[]): Promise<void> {
  const plan = summaryPlan(kind);
  // A summary not built for this definition is neither read nor kept; the next start rebuilds it.
  if (!plan || !ids.length || !(await summaryReady(trx, plan))) return;
  const names = valueColumns(plan);
  const merged = new Map<string, SummaryRow>();
  for (let n = 0; n < ids.length; n += 500) {
    const chunk = ids.slice(n, n + 500);
    const query = compiledOnce(
      trx,
      `part|${plan.table}|${plan.signature}|${chunk.length}`,
      (marker) => contributions(kind, plan, sql`t.org_path`, sql`${sql.table(plan.source)} t`, sql`t.id in (${sql.join(chunk.map((_, i) => marker(i)))})`),
      chunk,
    );
    const { rows } = await trx.executeQuery<SummaryRow>(query);
    const units = await townPaths(trx, paths ?? rows.map((r) => r.unit_path));
    for (const row of rows) {
      const unit = units.get(row.unit_path) ?? row.unit_path;
      const key = `${unit}\u0000${row.month}\u0000${row.end_month}`;
      const into = merged.get(key) ?? ({ unit_path: unit, month: row.month, end_month: row.end_month, ...Object.fromEntries(names.map((c) => [c, 0])) });
      for (const c of names) into[c] = Number(into[c]) + sign * Number(row[c]);
      merged.set(key, into);
    }
  }
  if (!merged.size) return;
  // Summary rows are kept per town: a town's rows are only ever locked under its turn.
  await takeWriteTurn(trx, [...merged.values()].map((r) => idOfPath(r.unit_path)));
  // Rows in one order for every writer; one statement per 500 rows keeps within the parameter limits.
  const all = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  const width = 3 + names.length;
  for (let n = 0; n < all.length; n += 500) {
    const part = all.slice(n, n + 500);
    const values = part.flatMap((r) => [r.unit_path, r.month, r.end_month, ...names.map((c) => r[c])]);
    const query = compiledOnce(
      trx,
      `add|${plan.table}|${plan.signature}|${part.length}`,
      (marker) => sql`insert into ${sql.table(plan.table)} (unit_path, month, end_month, ${sql.join(names.map((c) => sql.ref(c)))})
        values ${sql.join(part.map((_, r) => sql`(${sql.join(Array.from({ length: width }, (_, c) => sql`${marker(r * width + c)}`))})`))}
        on conflict (unit_path, month, end_month) do update set ${sql.join(names.map((c) => sql`${sql.ref(c)} = ${sql.table(plan.table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`))}`,
      values,
    );
    await trx.executeQuery(query);
  }
}

// ---------------------------------------------------------------------------------------------
// The tables themselves.


async function createTable(trx: Executor, plan: SummaryPlan): Promise<void> {
  // Counts, and sums of integers, of money in fen and of decimals in thousandths: whole numbers all.
  const cols = valueColumns(plan).slice(1).map((c) => sql`${sql.ref(c)} bigint not null default 0`);
  await sql`drop table if exists ${sql.table(plan.table)}`.execute(trx);
  await sql`create table ${sql.table(plan.table)} (unit_path text not null, month text not null, end_month text not null, n bigint not null default 0,
    ${sql.join(cols)}, primary key (unit_path, month, end_month))`.execute(trx);
  // A county or city is found by its path prefix (PostgreSQL needs text_pattern_ops for that under
  // C.UTF-8); the province, whose prefix is everything, by its months.
  if (!isSqlite(trx)) await sql`create index ${sql.id(`${plan.table}_prefix`)} on ${sql.table(plan.table)} (unit_path text_pattern_ops, month)`.execute(trx);
  await sql`create index ${sql.id(`${plan.table}_month`)} on ${sql.table(plan.table)} (month)`.execute(trx);
}

async function fill(trx: Executor, kind: KindDefinition, plan: SummaryPlan): Promise<void> {
  const names = valueColumns(plan);
  const select = contributions(kind, plan, sql`coalesce(m.town_path, t.org_path)`, sql`${sql.table(plan.source)} t left join ${sql.table(TOWN_MAP)} m on m.path = t.org_path`, sql`1 = 1`);
  await sql`insert into ${sql.table(plan.table)} (unit_path, month, end_month, ${sql.join(names.map((c) => sql.ref(c)))}) ${select}`.execute(trx);
}

async function recordState(trx: Executor, plan: SummaryPlan): Promise<void> {
  await trx.deleteFrom('summary_state').where('table_name', '=', plan.table).execute();
  await trx.insertInto('summary_state').values({ table_name: plan.table, signature: plan.signature, rebuilt_at: nowIso() }).execute();
}

async function tableExists(trx: Executor, table: string): Promise<boolean> {
  const { rows } = isSqlite(trx)
    ? await sql`select 1 from sqlite_master where type = 'table' and name = ${table}`.execute(trx)
    : await sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ${table}`.execute(trx);
  return rows.length > 0;
}

const stateMemory = new WeakMap<object, Map<string, string>>();

/**
 * The signature each summary table was built for, read once per database. Only a read outside any
 * transaction is kept: what a transaction sees may yet be rolled back. Whoever rebuilds forgets it
 * after committing (forgetSummaryStates).
 */
async function states(executor: Executor): Promise<Map<string, string>> {
  const key = keyOf(executor);
  const known = stateMemory.get(key);
  if (known) return known;
  const rows = await executor.selectFrom('summary_state').select(['table_name', 'signature']).execute();
  const read = new Map(rows.map((r) => [r.table_name, r.signature]));
  if (!executor.isTransaction) stateMemory.set(key, read);
  return read;
}

/** After a transaction that rebuilt summaries has ended (committed or not): read their state again. */
export function forgetSummaryStates(executor: Pick<Kysely<unknown>, 'getExecutor'>): void {
  stateMemory.delete(keyOf(executor));
  forgetDistinctStates(executor);
}

/**
 * Counts the summaries of these kinds again from their records, inside the caller's transaction
 * (call forgetSummaryStates after it ends). A summary built for the same definition is emptied and
 * refilled, so on PostgreSQL readers keep seeing the old rows until commit; one built for another
 * definition (or none) is made afresh. Writers wait: the rebuild takes every town's turn first.
 */
export async function rebuildSummaries(trx: Transaction<Database>, kinds: readonly KindDefinition[], progress?: (table: string) => void): Promise<string[]> {
  const planned = kinds.map((kind) => [kind, summaryPlan(kind)] as const).filter((p): p is readonly [KindDefinition, SummaryPlan] => p[1] !== undefined);
  if (!planned.length) {
    // A kind whose only summarizable figures are distinct counts still has its distinct summary.
    if (!kinds.some((k) => distinctPlan(k))) return [];
    await takeEveryTurn(trx);
    await rebuildDistinct(trx, kinds);
    await sql`drop table if exists ${sql.table(TOWN_MAP)}`.execute(trx);
    return [];
  }
  await takeEveryTurn(trx);
  await fillTownMap(trx);
  const built = await states(trx);
  for (const [kind, plan] of planned) {
    progress?.(plan.table);
    if (built.get(plan.table) === plan.signature && (await tableExists(trx, plan.table))) await sql`delete from ${sql.table(plan.table)}`.execute(trx);
    else await createTable(trx, plan);
    await fill(trx, kind, plan);
    // Fresh statistics, or the planner guesses and scans the whole summary for a year of the province.
    if (!isSqlite(trx)) await sql`analyze ${sql.table(plan.table)}`.execute(trx);
    await recordState(trx, plan);
  }
  // The distinct summaries (distinct.ts) are counted again with them.
  await rebuildDistinct(trx, kinds, true);
  await sql`drop table if exists ${sql.table(TOWN_MAP)}`.execute(trx);
  return planned.map(([, plan]) => plan.table);
}

/**
 * Brings every kind's summary in line with its plan: made and filled when missing or built for
 * another definition, dropped when the kind no longer has anything to sum. Runs at every start.
 */
export async function syncSummaries(db: Db, kinds: readonly KindDefinition[]): Promise<string[]> {
  const stored = new Map((await db.kysely.selectFrom('summary_state').select(['table_name', 'signature']).execute()).map((r) => [r.table_name, r.signature]));
  const stale = kinds.filter((k) => {
    const plan = summaryPlan(k);
    return plan && stored.get(plan.table) !== plan.signature;
  });
  const planned = new Set(kinds.map((k) => summaryPlan(k)?.table).filter(Boolean));
  const gone = kinds.filter((k) => !summaryPlan(k)).map((k) => `${SUMMARY_PREFIX}${tableOf(k)}`).filter((t) => stored.has(t) && !planned.has(t));
  forgetSummaryStates(db.kysely);
  if (!stale.length && !gone.length) return [];
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      for (const table of gone) {
        await sql`drop table if exists ${sql.table(table)}`.execute(trx);
        await trx.deleteFrom('summary_state').where('table_name', '=', table).execute();
      }
      return [...gone.map((t) => `dropped ${t}`), ...(await rebuildSummaries(trx, stale)).map((t) => `rebuilt ${t}`)];
    });
  } finally {
    forgetSummaryStates(db.kysely);
    // Read once more outside any transaction, so writes need not ask again.
    await states(db.kysely);
  }
}

/** Whether the kind's summary is there and built for the plan this process holds. */
export async function summaryReady(executor: Executor, plan: SummaryPlan): Promise<boolean> {
  return (await states(executor)).get(plan.table) === plan.signature;
}

// ---------------------------------------------------------------------------------------------
// Reading.

/**
 * The summed values for the scope's subtree and whole months, in the shape of the record query
 * (v<n>, r<n>). The scope's root must be a summary unit (a town or above), so every row below it starts with its path.
 */
export function summaryQuery(executor: Executor, plan: SummaryPlan, indicators: readonly LedgerIndicator[], scope: Scope, months: { from: string; to: string }): CompiledQuery {
  const key = `read|${plan.table}|${plan.signature}|${indicators.map((i) => i.code).join(',')}`;
  return compiledOnce(
    executor,
    key,
    (marker) => {
      const [path, from, to] = [marker(0), marker(1), marker(2)];
      const anyActive = indicators.some((i) => i.period === 'active');
      const cols = indicators.flatMap((indicator, n) => {
        const c = plan.columns.find((column) => column.code === indicator.code) as SummaryColumn;
        const when = indicator.period === 'active' ? sql` filter (where end_month >= ${from})` : anyActive ? sql` filter (where month >= ${from})` : sql``;
        return [sql`coalesce(sum(${sql.ref(c.value)})${when}, 0) as ${sql.ref(`v${n}`)}`, ...(c.records ? [sql`coalesce(sum(${sql.ref(c.records)})${when}, 0) as ${sql.ref(`r${n}`)}`] : [])];
      });
      const lower = anyActive ? sql`` : sql` and month >= ${from}`;
      return sql`select ${sql.join(cols)} from ${sql.table(plan.table)} where unit_path like ${path} and month <= ${to}${lower}`;
    },
    [`${scope.orgPath}%`, months.from, months.to],
  );
}

export interface SummaryCheck {
  table: string;
  /** Summary rows that are not what counting the records gives (either side's extra rows included). */
  differing: number;
  /** false: no summary built for this definition (the engine counts the records; the next start builds it). */
  built: boolean;
}

/** Compares every summary row with a fresh count of the records. */
export async function checkSummaries(db: Db, kinds: readonly KindDefinition[]): Promise<SummaryCheck[]> {
  const out: SummaryCheck[] = [];
  await db.kysely
    .transaction()
    .execute(async (trx) => {
      await fillTownMap(trx);
      for (const kind of kinds) {
        const plan = summaryPlan(kind);
        if (!plan) continue;
        if (!(await summaryReady(trx, plan))) {
          out.push({ table: plan.table, differing: 0, built: false });
          continue;
        }
        const names = valueColumns(plan);
        const fresh = contributions(kind, plan, sql`coalesce(m.town_path, t.org_path)`, sql`${sql.table(plan.source)} t left join ${sql.table(TOWN_MAP)} m on m.path = t.org_path`, sql`1 = 1`);
        // Rows in one and not the other, ignoring summary rows that have come back to all zeros.
        const stored = sql`select unit_path, month, end_month, ${sql.join(names.map((c) => sql.ref(c)))} from ${sql.table(plan.table)}
          where ${sql.join(names.map((c) => sql`${sql.ref(c)} <> 0`), sql` or `)}`;
        const { rows } = await sql<{ n: number | string }>`select
            (select count(*) from (select * from (${fresh}) a except select * from (${stored}) b) x)
            + (select count(*) from (select * from (${stored}) c except select * from (${fresh}) d) y) as n`.execute(trx);
        out.push({ table: plan.table, differing: Number(rows[0]?.n ?? 0), built: true });
      }
      out.push(...(await checkDistinct(trx, kinds)));
      await sql`drop table if exists ${sql.table(TOWN_MAP)}`.execute(trx);
    });
  return out;
}
