/**
 * Ledger rows in the database. Every function takes the caller's Scope (narrowed to a unit's
 * subtree where the caller asks for one) and keeps to that subtree in SQL: a read filters by it,
 * an update or a delete names it in the same statement as the id, so an id from outside the scope
 * changes nothing. Writes take a transaction, so the service decides what is atomic.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { contains } from '../db/like.js';
import type { Db } from '../db/connect.js';
import { ledgerTables } from '../db/ledger-tables.js';
import { Forbidden } from '../core/errors.js';
import { takeWriteTurn } from '../audit/audit.js';
import { applyRecords } from '../indicators/monthly/store.js';
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
}

/** Columns a free-text search looks in: title, notes and the kind's non-sensitive text fields. */
export function searchColumns(kind: KindDefinition): string[] {
  const own = kind.fields.filter((f) => (f.type === 'text' || f.type === 'textarea') && !f.sensitive).map((f) => columnFor(f.name));
  return ['title', 'notes', ...own];
}

export async function listRows(db: Db, scope: Scope, kind: KindDefinition, query: ListQuery): Promise<{ rows: Row[]; total: number }> {
  const table = tableOf(kind);
  const base = ledger(db.kysely)
    .selectFrom(table)
    .where('org_path', 'like', inScope(scope))
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

  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy(query.sort.column, query.sort.direction)
    .orderBy('id', query.sort.direction)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(countRow?.n ?? 0) };
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

// Every write below keeps the kind's monthly summary (src/indicators/monthly) in step, in the same transaction.

/** Several rows in one statement; they must have the same columns, and each its unit within the scope. Each is written with its town_id. */
export async function insertRows(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  requireCovered(scope, rows.map((r) => String(r.org_path)));
  const towns = await townPaths(trx, rows.map((r) => String(r.org_path)));
  const keyed = rows.map((row) => ({ ...row, town_id: idOfPath(towns.get(String(row.org_path)) ?? String(row.org_path)) }));
  await ledger(trx).insertInto(tableOf(kind)).values(keyed).execute();
  await applyRecords(trx, kind, rows.map((r) => String(r.id)), 1, rows.map((r) => String(r.org_path)));
}

export async function insertRow(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, row: Row): Promise<void> {
  await insertRows(trx, scope, kind, [row]);
}

/**
 * The row's town when it is in the scope and still at `version` (undefined when not), after taking
 * the write turn (see takeWriteTurn): no other writer can change it before this transaction ends,
 * so what it counted for can be taken out of the summary before it changes.
 */
async function holdAt(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, id: string, version: number): Promise<{ townId: string } | undefined> {
  await takeWriteTurn(trx);
  const { rows } = await sql<{ town_id: string }>`select town_id from ${sql.table(tableOf(kind))}
    where id = ${id} and version = ${version} and org_path like ${inScope(scope)}`.execute(trx);
  return rows[0] ? { townId: rows[0].town_id } : undefined;
}

/**
 * Writes when the row is in the scope and its stored version is still `version`; returns whether
 * it did. A move (a new org_path) must stay in the scope too.
 */
export async function updateRow(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, id: string, version: number, changes: Row): Promise<boolean> {
  if (changes.org_path !== undefined) requireCovered(scope, [String(changes.org_path)]);
  const held = await holdAt(trx, scope, kind, id, version);
  if (!held) return false;
  await applyRecords(trx, kind, [id], -1);
  // The town is written only when the record moves to another one (a distributed table would
  // refuse to change it in place: there such a move becomes a delete and an insert).
  const path = changes.org_path === undefined ? undefined : String(changes.org_path);
  const townId = path === undefined ? undefined : idOfPath((await townPaths(trx, [path])).get(path) ?? path);
  const result = await ledger(trx)
    .updateTable(tableOf(kind))
    .set({ ...changes, ...(townId !== undefined && townId !== held.townId ? { town_id: townId } : {}), version: sql<Cell>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('org_path', 'like', inScope(scope))
    .executeTakeFirst();
  await applyRecords(trx, kind, [id], 1);
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes when the row is in the scope and its stored version is still `version`; returns whether it did. */
export async function deleteRow(trx: Transaction<Database>, scope: Scope, kind: KindDefinition, id: string, version: number): Promise<boolean> {
  if (!(await holdAt(trx, scope, kind, id, version))) return false;
  await applyRecords(trx, kind, [id], -1);
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
