/**
 * Ledger rows in the database. Every function takes the caller's Scope (narrowed to a unit's
 * subtree where the caller asks for one) and keeps to that subtree in SQL: a read filters by it,
 * an update or a delete names it in the same statement as the id, so an id from outside the scope
 * changes nothing. Writes take a transaction, so the service decides what is atomic.
 */
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { contains } from '../db/like.js';
import type { Db } from '../db/connect.js';
import { ledgerTables } from '../db/ledger-tables.js';
import { Forbidden } from '../core/errors.js';
import { holdsWriteTurn, takeWriteTurn } from '../audit/audit.js';
import { applyRecords, summaryReady } from '../indicators/monthly/store.js';
import { applyDistinct, distinctPart } from '../indicators/monthly/distinct.js';
import { monthOf, summaryPlan, wholeMonths } from '../indicators/monthly/plan.js';
import { levelRank, type OrgLevel } from '../org/levels.js';
import type { TotalKind } from './cursor.js';
import { idOfPath, townPaths } from '../org/towns.js';
import type { Cell, Database } from '../db/schema.js';
import { covers, type Scope } from '../org/scope.js';
import { columnFor } from './codec.js';
import { tableOf, type KindDefinition } from './kind.js';

type Row = Record<string, Cell>;
export type Executor = Kysely<Database> | Transaction<Database>;

const ledger = (executor: Executor) => ledgerTables(executor);
const inScope = (scope: Scope) => `${scope.orgPath}%`;

/** Rows to be written must lie in the scope: a service that let another unit's path through is a bug, refused before any SQL. */
function requireCovered(scope: Scope, paths: Iterable<string>): void {
  for (const path of paths) if (!covers(scope, path)) throw Forbidden('所属单位不在您的管辖范围内');
}

export interface ListQuery {
  /** Narrow to this unit's subtree (must itself be in scope; the service checks). */
  orgPath?: string;
  from?: string;
  to?: string;
  q?: string;
  /** column → exact value, for choice, boolean, person, org and record fields; for a sensitive field, its hash column → the keyed hash. */
  equals?: Record<string, Cell>;
  /** A tag every returned record carries. */
  tag?: string;
  sort: { column: string; direction: 'asc' | 'desc' };
  page: number;
  pageSize: number;
  /**
   * The last row of the previous page (its sort value and id): the page starts after it, by key,
   * instead of skipping (page - 1) pages. Only for a sort column that is never null (KEYSET_COLUMNS).
   */
  after?: readonly [string, string];
}

/** Columns a free-text search looks in: title, notes and the kind's non-sensitive text fields. */
export function searchColumns(kind: KindDefinition): string[] {
  const own = kind.fields.filter((f) => (f.type === 'text' || f.type === 'textarea') && !f.sensitive).map((f) => columnFor(f.name));
  return ['title', 'notes', ...own];
}

/** Units' levels by path, per database (a unit keeps its level and its path). */
const levelMemory = new WeakMap<object, Map<string, OrgLevel | null>>();

async function levelAt(executor: Executor, path: string): Promise<OrgLevel | undefined> {
  const key = executor.getExecutor().adapter as object;
  let known = levelMemory.get(key);
  if (!known) levelMemory.set(key, (known = new Map<string, OrgLevel | null>()));
  if (known.size > 100_000) known.clear();
  if (!known.has(path)) {
    const unit = await executor.selectFrom('org_unit').select('level').where('path', '=', path).executeTakeFirst();
    known.set(path, (unit?.level as OrgLevel | undefined) ?? null);
  }
  return known.get(path) ?? undefined;
}

/**
 * The town every record under `path` belongs to, when they all belong to one (the unit is a town,
 * or lies in one): the list then names it, so the (town_id, date, id) index gives the page in order
 * and the org_path prefix only sifts within the town. Undefined for a county and above.
 */
async function townOfSubtree(executor: Executor, path: string): Promise<string | undefined> {
  const town = (await townPaths(executor, [path])).get(path) ?? path;
  if (town !== path) return idOfPath(town);
  const level = await levelAt(executor, path);
  return level !== undefined && levelRank(level) >= TOWN_RANK ? idOfPath(path) : undefined;
}
const TOWN_RANK = levelRank('town');

/** The rows the list's filters select, in the scope; no order, no columns yet. */
async function filtered(db: Db, scope: Scope, kind: KindDefinition, query: ListQuery) {
  const root = query.orgPath ?? scope.orgPath;
  const town = await townOfSubtree(db.kysely, root);
  return ledger(db.kysely)
    .selectFrom(tableOf(kind))
    .where('org_path', 'like', inScope(scope))
    .$if(town !== undefined, (qb) => qb.where('town_id', '=', town ?? ''))
    .$if(!!query.orgPath, (qb) => qb.where('org_path', 'like', `${query.orgPath}%`))
    .$if(!!query.from, (qb) => qb.where('date', '>=', query.from ?? ''))
    .$if(!!query.to, (qb) => qb.where('date', '<=', query.to ?? ''))
    .$if(!!query.q, (qb) =>
      qb.where((eb) => eb.or(searchColumns(kind).map((c) => contains(c, query.q ?? '')))),
    )
    .$if(!!query.tag, (qb) => qb.where('tags', 'like', `%${JSON.stringify(query.tag)}%`))
    .$if(!!query.equals && Object.keys(query.equals).length > 0, (qb) => {
      let q = qb;
      for (const [column, value] of Object.entries(query.equals ?? {})) {
        q = value === null ? q.where(column, 'is', null) : q.where(column, '=', value);
      }
      return q;
    });
}

/**
 * One page of rows, plus one more when there is a next page (the caller shows pageSize and knows
 * whether to offer "下一页"). Ordered by the sort column, then id, both the same way.
 */
export async function listRows(db: Db, scope: Scope, kind: KindDefinition, query: ListQuery): Promise<Row[]> {
  const { column, direction } = query.sort;
  const after = query.after;
  // After a date, the date itself bounds the range too: SQLite walks the index only from a bound
  // on the date column (the row value alone is a filter), and the tighter of it and the filter's wins.
  const bounded =
    after && column === 'date'
      ? direction === 'desc'
        ? { ...query, to: query.to && query.to < after[0] ? query.to : after[0] }
        : { ...query, from: query.from && query.from > after[0] ? query.from : after[0] }
      : query;
  return (await filtered(db, scope, kind, bounded))
    .selectAll()
    .$if(after !== undefined, (qb) => {
      const [value, id] = after ?? ['', ''];
      // Row values compare the pair as the ORDER BY orders it, and both engines walk an index from there.
      return qb.where(sql<boolean>`(${sql.ref(column)}, id) ${sql.raw(direction === 'desc' ? '<' : '>')} (${value}, ${id})`);
    })
    .orderBy(column, direction)
    .orderBy('id', direction)
    .limit(query.pageSize + 1)
    .$if(after === undefined && query.page > 1, (qb) => qb.offset((query.page - 1) * query.pageSize))
    .execute();
}

/**
 * Up to this many records are counted one by one; beyond it the total is an estimate or a lower
 * bound ("超过 1,000 条", with the exact count a click away). Fifty pages of twenty: counting that
 * many index entries costs about what reading the page does (bench/list.ts), where 10,000 cost
 * twice the page again on SQLite, which has no planner estimate to stop earlier.
 */
export const EXACT_COUNT_UP_TO = 1_000;

/**
 * PostgreSQL's estimate is taken without counting only when it is this large: a LIKE with filters
 * can be estimated several times off, and a list of 300 should not read "约 2,500 条". Below it the
 * records are counted up to the bound, and the estimate serves only past the bound.
 */
const PLANNER_TRUSTED_ABOVE = 20_000;

export interface ListTotal {
  total: number;
  kind: TotalKind;
}

/**
 * How many records the list's filters select, as exactly as is cheap. `exact` counts them all
 * (the client asks for it: "精确统计"). Otherwise: from the monthly summary when the filter is
 * whole months over a town or above and nothing else; else counted up to EXACT_COUNT_UP_TO; past
 * that, PostgreSQL's planner estimate, or on SQLite (which has none) the bound itself.
 */
export async function countRows(db: Db, scope: Scope, kind: KindDefinition, query: ListQuery, exact = false): Promise<ListTotal> {
  const base = await filtered(db, scope, kind, query);
  if (exact) {
    const row = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { total: Number(row?.n ?? 0), kind: 'exact' };
  }
  const summed = await summaryCount(db, scope, kind, query);
  if (summed !== undefined) return { total: summed, kind: 'exact' };

  // PostgreSQL asks its planner first (a fraction of a millisecond): counting even up to the bound
  // reads that many rows, which is worth it only when the estimate says the bound may not be passed.
  const estimate = db.engine === 'postgres' ? await plannedRows(db, base.selectAll().compile()) : undefined;
  if (estimate !== undefined && estimate > PLANNER_TRUSTED_ABOVE) return { total: estimate, kind: 'estimate' };
  const limited = base.select(sql<number>`1`.as('one')).limit(EXACT_COUNT_UP_TO + 1);
  const counted = await db.kysely
    .selectFrom(limited.as('c'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const n = Number(counted?.n ?? 0);
  if (n <= EXACT_COUNT_UP_TO) return { total: n, kind: 'exact' };
  // Past the bound the planner's figure says more than the bound alone, but never less than it.
  if (estimate !== undefined) return { total: Math.max(estimate, EXACT_COUNT_UP_TO + 1), kind: 'estimate' };
  return { total: EXACT_COUNT_UP_TO, kind: 'atLeast' };
}

/** The rows PostgreSQL's planner expects a query to return (EXPLAIN, not run). */
async function plannedRows(db: Db, query: CompiledQuery): Promise<number> {
  const { rows } = await db.kysely.executeQuery<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
  );
  return Math.round(Number(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0));
}

/**
 * The count of a list whose only filter is whole months, over a town or above, read from the
 * kind's monthly summary (a few rows per town and month); undefined when the summary cannot say.
 */
async function summaryCount(db: Db, scope: Scope, kind: KindDefinition, query: ListQuery): Promise<number | undefined> {
  if (query.q || query.tag || Object.keys(query.equals ?? {}).length) return undefined;
  const plan = summaryPlan(kind);
  if (!plan || !(await summaryReady(db.kysely, plan))) return undefined;
  const months = monthsOf(query.from, query.to);
  if (!months) return undefined;
  const root = query.orgPath ?? scope.orgPath;
  // Summary rows are kept per town (or unit above towns): a subtree below a town has none of its own.
  if ((await townPaths(db.kysely, [root])).get(root) !== root) return undefined;
  const { rows } = await sql<{ n: number | string | null }>`select sum(n) as n from ${sql.table(plan.table)}
    where unit_path like ${`${root}%`} and month >= ${months.from} and month <= ${months.to}`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}

/** The months from…to spans when each bound, if given, is a month's first (from) or last (to) day; undefined otherwise. */
function monthsOf(from: string | undefined, to: string | undefined): { from: string; to: string } | undefined {
  if (from && !from.endsWith('-01')) return undefined;
  if (to && wholeMonths({ from: `${monthOf(to)}-01`, to }) === undefined) return undefined;
  return { from: from ? monthOf(from) : '0000-00', to: to ? monthOf(to) : '9999-99' };
}

export async function findRow(executor: Executor, scope: Scope, kind: KindDefinition, id: string): Promise<Row | undefined> {
  return ledger(executor)
    .selectFrom(tableOf(kind))
    .selectAll()
    .where('id', '=', id)
    .where('org_path', 'like', inScope(scope))
    .executeTakeFirst();
}

/**
 * One page of the kind's rows in the scope dated on or before `on`, by id after `afterId`
 * (keyset paging): the due list reads them all, a page at a time, so memory stays bounded.
 */
export async function rowsUpTo(executor: Executor, scope: Scope, kind: KindDefinition, on: string, page: { afterId?: string; limit: number }): Promise<Row[]> {
  return ledger(executor)
    .selectFrom(tableOf(kind))
    .selectAll()
    .where('org_path', 'like', inScope(scope))
    .where('date', '<=', on)
    .$if(page.afterId !== undefined, (qb) => qb.where('id', '>', page.afterId ?? ''))
    .orderBy('id')
    .limit(page.limit)
    .execute();
}

// Every write below keeps the kind's monthly and distinct summaries (src/indicators/monthly) in step, in the same transaction.

/** Several rows in one statement; they must have the same columns, and each its unit within the scope. Each is written with its town_id. */
export async function insertRows(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  requireCovered(scope, rows.map((r) => String(r.org_path)));
  const towns = await townPaths(trx, rows.map((r) => String(r.org_path)));
  const keyed = rows.map((row) => ({ ...row, town_id: idOfPath(towns.get(String(row.org_path)) ?? String(row.org_path)) }));
  await ledger(trx).insertInto(tableOf(kind)).values(keyed).execute();
  await applyRecords(trx, kind, rows.map((r) => String(r.id)), 1, rows.map((r) => String(r.org_path)));
  await applyDistinct(trx, kind, rows.map((r) => String(r.id)), 1);
}

export async function insertRow(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, row: Row): Promise<void> {
  await insertRows(trx, scope, kind, [row]);
}

/**
 * The row's town when it is in the scope and still at `version` (undefined when not), holding the
 * write turn of that town and of the one it moves to (see takeWriteTurn): no other writer can
 * change it before this transaction ends, so what it counted for can be taken out of the summary
 * before it changes.
 */
async function holdAt(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, id: string, version: number, movingTo?: string): Promise<{ townId: string } | undefined> {
  const read = async () =>
    (
      await sql<{ town_id: string }>`select town_id from ${sql.table(tableOf(kind))}
        where id = ${id} and version = ${version} and org_path like ${inScope(scope)}`.execute(trx)
    ).rows[0];
  const seen = await read();
  if (!seen) return undefined;
  const towns = movingTo === undefined ? [seen.town_id] : [seen.town_id, movingTo];
  if (towns.every((t) => holdsWriteTurn(trx, t))) return { townId: seen.town_id };
  await takeWriteTurn(trx, towns);
  // Read before the turns were ours: another writer may have changed the row meanwhile.
  const held = await read();
  return held ? { townId: held.town_id } : undefined;
}

/**
 * Writes when the row is in the scope and its stored version is still `version`; returns whether
 * it did. A move (a new org_path) must stay in the scope too.
 */
export async function updateRow(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, id: string, version: number, changes: Row): Promise<boolean> {
  if (changes.org_path !== undefined) requireCovered(scope, [String(changes.org_path)]);
  const path = changes.org_path === undefined ? undefined : String(changes.org_path);
  const townId = path === undefined ? undefined : idOfPath((await townPaths(trx, [path])).get(path) ?? path);
  const held = await holdAt(trx, scope, kind, id, version, townId);
  if (!held) return false;
  await applyRecords(trx, kind, [id], -1);
  const distinctBefore = await distinctPart(trx, kind, [id]);
  // The town is written only when the record moves to another one (a distributed table would
  // refuse to change it in place: there such a move becomes a delete and an insert).
  const result = await ledger(trx)
    .updateTable(tableOf(kind))
    .set({ ...changes, ...(townId !== undefined && townId !== held.townId ? { town_id: townId } : {}), version: sql<Cell>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('org_path', 'like', inScope(scope))
    .executeTakeFirst();
  await applyRecords(trx, kind, [id], 1);
  await applyDistinct(trx, kind, [id], 1, distinctBefore);
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes when the row is in the scope and its stored version is still `version`; returns whether it did. */
export async function deleteRow(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, id: string, version: number): Promise<boolean> {
  if (!(await holdAt(trx, scope, kind, id, version))) return false;
  await applyRecords(trx, kind, [id], -1);
  await applyDistinct(trx, kind, [id], -1);
  const result = await ledger(trx)
    .deleteFrom(tableOf(kind))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('org_path', 'like', inScope(scope))
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Ids of `kind` that exist within the scope, out of those asked for. */
export async function existingIds(executor: Executor, scope: Scope, kind: KindDefinition, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await ledger(executor)
    .selectFrom(tableOf(kind))
    .select('id')
    .where('id', 'in', ids)
    .where('org_path', 'like', inScope(scope))
    .execute();
  return new Set(rows.map((r) => String(r.id)));
}
