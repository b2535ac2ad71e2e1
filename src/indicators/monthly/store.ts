/**
 * Monthly summaries in the database: the tables (made from each kind's plan, rebuilt when the plan
 * changes), their upkeep inside every ledger write's transaction, a full rebuild, and the query a
 * roll-up reads instead of the records. The SQL that decides whether a record counts is the
 * indicator engine's own (conditionSql), so a summary and a scan of the records cannot disagree
 * about a definition.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { takeWriteTurn } from '../../audit/audit.js';
import { nowIso } from '../../core/dates.js';
import type { Db } from '../../db/connect.js';
import { isSqlite } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { tableOf, type KindDefinition } from '../../ledger/kind.js';
import type { OrgLevel } from '../../org/levels.js';
import type { LedgerIndicator } from '../definition.js';
import { and, columns, conditionSql, type Fragment } from '../sql.js';
import { OPEN_END, pathsAlong, summaryPlan, summaryUnitOf, SUMMARY_PREFIX, type SummaryColumn, type SummaryPlan } from './plan.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Any executor of one database shares its adapter object; per-database memory hangs off it. */
const keyOf = (executor: Pick<Kysely<unknown>, 'getExecutor'>) => executor.getExecutor().adapter as object;

// ---------------------------------------------------------------------------------------------
// Which summary unit a path belongs to (paths never change their levels, so answers are kept).

const unitMemory = new WeakMap<object, Map<string, string>>();

/** Each path's summary unit (see summaryUnitOf), reading the levels of its ancestors once. */
export async function summaryUnits(executor: Executor, paths: readonly string[]): Promise<Map<string, string>> {
  const key = keyOf(executor);
  let known = unitMemory.get(key);
  if (!known) unitMemory.set(key, (known = new Map()));
  const missing = [...new Set(paths)].filter((p) => !known.has(p));
  if (missing.length) {
    const along = [...new Set(missing.flatMap(pathsAlong))];
    const levels = new Map<string, OrgLevel>();
    for (let n = 0; n < along.length; n += 500) {
      const rows = await executor.selectFrom('org_unit').select(['path', 'level']).where('path', 'in', along.slice(n, n + 500)).execute();
      for (const r of rows) levels.set(r.path, r.level as OrgLevel);
    }
    if (known.size > 200_000) known.clear();
    for (const p of missing) known.set(p, summaryUnitOf(p, (q) => levels.get(q)));
  }
  return new Map(paths.map((p) => [p, known.get(p) as string]));
}

// ---------------------------------------------------------------------------------------------
// What a set of records adds to the summary.

const aggregateOf = (kind: KindDefinition, c: SummaryColumn, sign: 1 | -1): Fragment[] => {
  const col = columns('t');
  const m = c.indicator.measure;
  const conditions = [...(c.indicator.where ?? []).map((w) => conditionSql(kind, w, col)), ...(m.op === 'sum' ? [sql`${col(m.field)} is not null`] : [])];
  const filter = conditions.length ? sql` filter (where ${and(conditions)})` : sql``;
  const signed = (e: Fragment) => (sign === 1 ? e : sql`-(${e})`);
  const value = m.op === 'sum' ? sql`coalesce(sum(${col(m.field)})${filter}, 0)` : sql`count(*)${filter}`;
  return [sql`${signed(value)} as ${sql.ref(c.value)}`, ...(c.records ? [sql`${signed(sql`count(*)${filter}`)} as ${sql.ref(c.records)}`] : [])];
};

const valueColumns = (plan: SummaryPlan) => ['n', ...plan.columns.flatMap((c) => [c.value, ...(c.records ? [c.records] : [])])];

/** Summary rows of the records `from … where` selects, each record under the unit `unit` names. */
function contributions(kind: KindDefinition, plan: SummaryPlan, unit: Fragment, from: Fragment, where: Fragment, sign: 1 | -1): Fragment {
  const end = plan.byEndMonth ? sql`coalesce(substr(t.end_date, 1, 7), ${OPEN_END})` : sql`''`;
  const n = sign === 1 ? sql`count(*)` : sql`-count(*)`;
  return sql`select ${unit} as unit_path, substr(t.date, 1, 7) as month, ${end} as end_month, ${n} as n, ${sql.join(plan.columns.flatMap((c) => aggregateOf(kind, c, sign)))}
    from ${from} where ${where} group by 1, 2, 3`;
}

/**
 * Adds (sign 1) or takes away (sign -1) what the records with these ids count for. Called in the
 * write's transaction: after an insert, before a delete, and on both sides of an update. Summary
 * rows are shared by every writer in a town and month, so the writer takes its turn first (see
 * takeWriteTurn); the upsert then never waits for a row another writer holds.
 */
export async function applyRecords(trx: Transaction<Database>, kind: KindDefinition, ids: readonly string[], sign: 1 | -1): Promise<void> {
  const plan = summaryPlan(kind);
  if (!plan || !ids.length) return;
  await takeWriteTurn(trx);
  for (let n = 0; n < ids.length; n += 500) {
    const chunk = ids.slice(n, n + 500);
    const { rows } = await sql<{ org_path: string }>`select distinct org_path from ${sql.table(plan.source)} where id in (${sql.join(chunk)})`.execute(trx);
    if (!rows.length) continue;
    const units = await summaryUnits(trx, rows.map((r) => r.org_path));
    const same = [...units].every(([path, unit]) => path === unit);
    const unit = same ? sql`t.org_path` : sql`case t.org_path ${sql.join([...units].map(([p, u]) => sql`when ${p} then ${u}`), sql` `)} else t.org_path end`;
    const select = contributions(kind, plan, unit, sql`${sql.table(plan.source)} t`, sql`t.id in (${sql.join(chunk)})`, sign);
    const names = valueColumns(plan);
    await sql`insert into ${sql.table(plan.table)} (unit_path, month, end_month, ${sql.join(names.map((c) => sql.ref(c)))}) ${select}
      on conflict (unit_path, month, end_month) do update set ${sql.join(names.map((c) => sql`${sql.ref(c)} = ${sql.table(plan.table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`))}`.execute(trx);
  }
}

// ---------------------------------------------------------------------------------------------
// The tables themselves.

const MAP = 'summary_unit_map';

async function createTable(trx: Executor, plan: SummaryPlan, kind: KindDefinition): Promise<void> {
  const sumType = (c: SummaryColumn) => {
    const m = c.indicator.measure;
    return m.op === 'sum' && kind.fields.find((f) => f.name === m.field)?.type === 'decimal' ? sql`double precision` : sql`bigint`;
  };
  const cols = plan.columns.flatMap((c) => [sql`${sql.ref(c.value)} ${sumType(c)} not null default 0`, ...(c.records ? [sql`${sql.ref(c.records)} bigint not null default 0`] : [])]);
  await sql`drop table if exists ${sql.table(plan.table)}`.execute(trx);
  await sql`create table ${sql.table(plan.table)} (unit_path text not null, month text not null, end_month text not null, n bigint not null default 0,
    ${sql.join(cols)}, primary key (unit_path, month, end_month))`.execute(trx);
  if (!isSqlite(trx)) await sql`create index ${sql.id(`${plan.table}_prefix`)} on ${sql.table(plan.table)} (unit_path text_pattern_ops, month)`.execute(trx);
}

/** A temporary table of every unit below a town and its town, for rebuilding in one grouped pass. */
async function fillUnitMap(trx: Executor): Promise<void> {
  await sql`create temporary table if not exists ${sql.table(MAP)} (path text primary key, unit_path text not null)`.execute(trx);
  await sql`delete from ${sql.table(MAP)}`.execute(trx);
  const units = await trx.selectFrom('org_unit').select(['path', 'level']).execute();
  const levels = new Map(units.map((u) => [u.path, u.level as OrgLevel]));
  const pairs = units.map((u) => [u.path, summaryUnitOf(u.path, (p) => levels.get(p))] as const).filter(([p, unit]) => p !== unit);
  for (let n = 0; n < pairs.length; n += 1000) {
    await sql`insert into ${sql.table(MAP)} (path, unit_path) values ${sql.join(pairs.slice(n, n + 1000).map(([p, u]) => sql`(${p}, ${u})`))}`.execute(trx);
  }
}

async function fill(trx: Executor, kind: KindDefinition, plan: SummaryPlan): Promise<void> {
  const names = valueColumns(plan);
  const select = contributions(kind, plan, sql`coalesce(m.unit_path, t.org_path)`, sql`${sql.table(plan.source)} t left join ${sql.table(MAP)} m on m.path = t.org_path`, sql`1 = 1`, 1);
  await sql`insert into ${sql.table(plan.table)} (unit_path, month, end_month, ${sql.join(names.map((c) => sql.ref(c)))}) ${select}`.execute(trx);
}

async function recordState(trx: Executor, plan: SummaryPlan): Promise<void> {
  await trx.deleteFrom('summary_state').where('table_name', '=', plan.table).execute();
  await trx.insertInto('summary_state').values({ table_name: plan.table, signature: plan.signature, rebuilt_at: nowIso() }).execute();
}

const stateMemory = new WeakMap<object, Map<string, string>>();

/** The signature each summary table was built for, read once per database and kept up to date by this process. */
async function states(executor: Executor): Promise<Map<string, string>> {
  const key = keyOf(executor);
  let known = stateMemory.get(key);
  if (!known) {
    const rows = await executor.selectFrom('summary_state').select(['table_name', 'signature']).execute();
    known = new Map(rows.map((r) => [r.table_name, r.signature]));
    stateMemory.set(key, known);
  }
  return known;
}

/** Rebuilds the summaries of these kinds from their records, inside the caller's transaction. */
export async function rebuildSummaries(trx: Transaction<Database>, kinds: readonly KindDefinition[], progress?: (table: string) => void): Promise<string[]> {
  const planned = kinds.map((kind) => [kind, summaryPlan(kind)] as const).filter((p): p is readonly [KindDefinition, SummaryPlan] => p[1] !== undefined);
  if (!planned.length) return [];
  await fillUnitMap(trx);
  const known = await states(trx);
  for (const [kind, plan] of planned) {
    progress?.(plan.table);
    await createTable(trx, plan, kind);
    await fill(trx, kind, plan);
    await recordState(trx, plan);
  }
  await sql`drop table if exists ${sql.table(MAP)}`.execute(trx);
  // Kept in memory only once the transaction has committed.
  return planned.map(([, plan]) => {
    known.set(plan.table, plan.signature);
    return plan.table;
  });
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
  stateMemory.delete(keyOf(db.kysely));
  if (!stale.length && !gone.length) return [];
  const changes = await db.kysely.transaction().execute(async (trx) => {
    for (const table of gone) {
      await sql`drop table if exists ${sql.table(table)}`.execute(trx);
      await trx.deleteFrom('summary_state').where('table_name', '=', table).execute();
    }
    return [...gone.map((t) => `dropped ${t}`), ...(await rebuildSummaries(trx, stale)).map((t) => `rebuilt ${t}`)];
  });
  stateMemory.delete(keyOf(db.kysely));
  return changes;
}

/** Whether the kind's summary is there and built for the plan this process holds. */
export async function summaryReady(executor: Executor, plan: SummaryPlan): Promise<boolean> {
  return (await states(executor)).get(plan.table) === plan.signature;
}

// ---------------------------------------------------------------------------------------------
// Reading.

/**
 * The summed values for a subtree and whole months, in the shape of the record query (v<n>, r<n>).
 * `unitPath` must be a summary unit (a town or above), so every row below it starts with it.
 */
export function summaryQuery(plan: SummaryPlan, indicators: readonly LedgerIndicator[], unitPath: string, months: { from: string; to: string }) {
  const anyActive = indicators.some((i) => i.period === 'active');
  const picked = indicators.map((i) => plan.columns.find((c) => c.code === i.code) as SummaryColumn);
  const cols = indicators.flatMap((indicator, n) => {
    const c = picked[n] as SummaryColumn;
    const when = indicator.period === 'active' ? sql` filter (where end_month >= ${months.from})` : anyActive ? sql` filter (where month >= ${months.from})` : sql``;
    return [sql`coalesce(sum(${sql.ref(c.value)})${when}, 0) as ${sql.ref(`v${n}`)}`, ...(c.records ? [sql`coalesce(sum(${sql.ref(c.records)})${when}, 0) as ${sql.ref(`r${n}`)}`] : [])];
  });
  const lower = anyActive ? sql`` : sql` and month >= ${months.from}`;
  return sql<Record<string, number | string | null>>`select ${sql.join(cols)} from ${sql.table(plan.table)}
    where unit_path like ${`${unitPath}%`} and month <= ${months.to}${lower}`;
}

/** Compares every summary row with a fresh count of the records; returns the tables that differ. */
export async function checkSummaries(db: Db, kinds: readonly KindDefinition[]): Promise<Array<{ table: string; differing: number }>> {
  const out: Array<{ table: string; differing: number }> = [];
  await db.kysely
    .transaction()
    .execute(async (trx) => {
      await fillUnitMap(trx);
      for (const kind of kinds) {
        const plan = summaryPlan(kind);
        if (!plan) continue;
        const names = valueColumns(plan);
        const fresh = contributions(kind, plan, sql`coalesce(m.unit_path, t.org_path)`, sql`${sql.table(plan.source)} t left join ${sql.table(MAP)} m on m.path = t.org_path`, sql`1 = 1`, 1);
        // Rows in one and not the other, ignoring summary rows that have come back to all zeros.
        const stored = sql`select unit_path, month, end_month, ${sql.join(names.map((c) => sql.ref(c)))} from ${sql.table(plan.table)} where n <> 0`;
        const { rows } = await sql<{ n: number | string }>`select
            (select count(*) from (select * from (${fresh}) a except select * from (${stored}) b) x)
            + (select count(*) from (select * from (${stored}) c except select * from (${fresh}) d) y) as n`.execute(trx);
        out.push({ table: plan.table, differing: Number(rows[0]?.n ?? 0) });
      }
      await sql`drop table if exists ${sql.table(MAP)}`.execute(trx);
    });
  return out;
}
