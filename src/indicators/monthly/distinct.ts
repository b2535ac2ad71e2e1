/**
 * Distinct summaries (去重汇总): the figures that count distinct things (people rather than posts,
 * villages screened, 法律五进 target categories) kept per town like the monthly summaries, so a
 * province adds up a few thousand rows instead of deduplicating millions of records. Distinct counts
 * do not add up over months or towns, so three tables work together:
 *
 * - distinct_member: what each town's records put in, per value, month and (for standing things)
 *   end month, with the number of records behind it; and, as tally rows, how many records count.
 *   Kept by deltas in every write's transaction; the other two are recomputed from it per town.
 * - distinct_range: per town and year, the number of distinct values in each of the 78 month ranges
 *   of the year (c_FF_TT), and the records behind them (r_FF_TT). A sum over towns is exact for every
 *   value found in one town only.
 * - distinct_shared: for the values found in two or more towns (a person posted in two towns, a
 *   target category every town reaches), one row per town and year with the months it is present as
 *   a 12-bit mask; the province takes away what the sum counted twice.
 *
 * The records and conditions are the indicator engine's own SQL (conditions.ts), so a distinct
 * summary cannot read a definition differently from a count of the records.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { takeEveryTurn, takeWriteTurn } from '../../audit/audit.js';
import { nowIso } from '../../core/dates.js';
import type { Db } from '../../db/connect.js';
import { isSqlite } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { tableOf, type KindDefinition } from '../../ledger/kind.js';
import { fillTownMap, idOfPath, TOWN_MAP, townPaths } from '../../org/towns.js';
import type { Scope } from '../../org/scope.js';
import { and, columns, conditionSql, type Fragment } from '../conditions.js';
import { hasOwnDates, type LedgerIndicator, type LedgerIndicatorSpec } from '../definition.js';
import { OPEN_END } from './plan.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Raised when what a row means changes; every distinct summary is then rebuilt at the next start. */
const LAYOUT_VERSION = 2;

export const MEMBER = 'distinct_member';
export const RANGE = 'distinct_range';
export const SHARED = 'distinct_shared';
export const VALUES = 'distinct_value';
const STATE_PREFIX = 'distinct:';

/** The months of a year as [from, to] pairs, 1-based, from ≤ to: the 78 ranges a period can take within a year. */
export const MONTH_RANGES: ReadonlyArray<readonly [number, number]> = Array.from({ length: 12 }, (_, f) => Array.from({ length: 12 - f }, (_, d) => [f + 1, f + 1 + d] as const)).flat();
const pad = (n: number) => String(n).padStart(2, '0');
const countColumn = (f: number, t: number) => `c_${pad(f)}_${pad(t)}`;
const recordColumn = (f: number, t: number) => `r_${pad(f)}_${pad(t)}`;
const RANGE_COLUMNS = MONTH_RANGES.flatMap(([f, t]) => [countColumn(f, t), recordColumn(f, t)]);
/** Bits of the months from..to (1-based) in a 12-bit mask. */
const rangeMask = (f: number, t: number) => ((1 << t) - 1) & ~((1 << (f - 1)) - 1);

export interface DistinctPlan {
  kind: string;
  /** The kind's ledger table. */
  source: string;
  indicators: LedgerIndicatorSpec[];
  /** Standing things are kept up to the end of this year; a later year is counted from the records. */
  horizon: number;
  signature: string;
}

/** Distinct values of a field or of a multi-choice field's items, placed by the record's own dates. */
export const isDistinctSummarizable = (i: Pick<LedgerIndicatorSpec, 'measure' | 'dateField' | 'endField'>) =>
  !hasOwnDates(i) && (i.measure.op === 'distinct' || i.measure.op === 'distinctItems');

/** Open-ended standing things count in every later year; rows are kept up to the year after this one. */
const horizonYear = () => new Date().getUTCFullYear() + 1;

const plans = new WeakMap<KindDefinition, DistinctPlan | null>();

/** What the kind's distinct summary holds; undefined when none of its figures counts distinct values. */
export function distinctPlan(kind: KindDefinition): DistinctPlan | undefined {
  const known = plans.get(kind);
  const horizon = horizonYear();
  if (known !== undefined && (known === null || known.horizon === horizon)) return known ?? undefined;
  const specs = (kind.indicators ?? []).filter((i): i is LedgerIndicatorSpec => 'measure' in i && isDistinctSummarizable(i));
  if (!specs.length) {
    plans.set(kind, null);
    return undefined;
  }
  const named = new Set(specs.flatMap((i) => [...(i.where ?? []).map((c) => c.field), ...('field' in i.measure ? [i.measure.field] : [])]));
  const fields = kind.fields.filter((f) => named.has(f.name)).map((f) => [f.name, f.type]);
  // The horizon is part of the signature: in a new year the next start extends the rows.
  const body = JSON.stringify([LAYOUT_VERSION, horizon, specs.map((i) => [i.code, i.measure, i.where ?? [], i.period ?? 'dated']), fields]);
  const plan = { kind: kind.code, source: tableOf(kind), indicators: specs, horizon, signature: createHash('sha256').update(body).digest('hex').slice(0, 32) };
  plans.set(kind, plan);
  return plan;
}

/** The indicator as the plan holds it, when its definition is the same. */
export function distinctColumnOf(plan: DistinctPlan, indicator: LedgerIndicator): LedgerIndicatorSpec | undefined {
  const spec = plan.indicators.find((i) => i.code === indicator.code);
  const same = spec && JSON.stringify([spec.measure, spec.where ?? [], spec.period ?? 'dated']) === JSON.stringify([indicator.measure, indicator.where ?? [], indicator.period ?? 'dated']);
  return same ? spec : undefined;
}

// ---------------------------------------------------------------------------------------------
// What records put in.

interface MemberRow {
  code: string;
  town_path: string;
  value: string;
  month: string;
  end_month: string;
  /** 1: the row counts records (value ''); 0: a value. */
  tally: number;
  n: number;
}

/**
 * Member rows of the records `where` selects, each under the unit `unit` names: one query per
 * indicator, a union of its value rows and its tally rows.
 */
function memberSelect(db: Executor, kind: KindDefinition, plan: DistinctPlan, unit: Fragment, from: Fragment, where: Fragment): Fragment {
  const col = columns('t');
  const parts = plan.indicators.map((indicator) => {
    const m = indicator.measure;
    const field = m.op === 'distinct' || m.op === 'distinctItems' ? m.field : '';
    const end = indicator.period === 'active' ? sql`coalesce(substr(t.end_date, 1, 7), ${OPEN_END})` : sql`''`;
    const conditions = and([where, ...(indicator.where ?? []).map((c) => conditionSql(kind, c, col)), sql`${col(field)} is not null`]);
    if (m.op === 'distinct') {
      const value = sql`cast(${col(field)} as text)`;
      return sql`select ${indicator.code} as code, ${unit} as town_path, ${value} as value, substr(t.date, 1, 7) as month, ${end} as end_month, 0 as tally, count(*) as n
          from ${from} where ${conditions} group by 2, 3, 4, 5
        union all select ${indicator.code}, ${unit}, '', substr(t.date, 1, 7), ${end}, 1, count(*) from ${from} where ${conditions} group by 2, 3, 4, 5`;
    }
    const items = isSqlite(db) ? sql`join json_each(${col(field)}) j` : sql`cross join lateral jsonb_array_elements_text(${col(field)}::jsonb) as j(value)`;
    return sql`select ${indicator.code} as code, ${unit} as town_path, cast(j.value as text) as value, substr(t.date, 1, 7) as month, ${end} as end_month, 0 as tally, count(*) as n
        from ${from} ${items} where ${conditions} group by 2, 3, 4, 5
      union all select ${indicator.code}, ${unit}, '', substr(t.date, 1, 7), ${end}, 1, count(distinct t.id) from ${from} ${items} where ${conditions} group by 2, 3, 4, 5`;
  });
  return sql.join(parts, sql` union all `);
}

// ---------------------------------------------------------------------------------------------
// From member rows to range and shared rows (pure).

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** The months of `year` a row spans, as a 12-bit mask (a dated row: its month; a standing one: up to its end). */
function maskIn(row: Pick<MemberRow, 'month' | 'end_month'>, year: number): number {
  const start = monthIndex(row.month);
  const end = row.end_month ? monthIndex(row.end_month) : start;
  const from = Math.max(start, year * 12);
  const to = Math.min(end, year * 12 + 11);
  return from > to ? 0 : rangeMask(from - year * 12 + 1, to - year * 12 + 1);
}

/** The years a row reaches, up to the horizon. */
function yearsOf(row: Pick<MemberRow, 'month' | 'end_month'>, horizon: number): number[] {
  const first = Number(row.month.slice(0, 4));
  const last = Math.min(Number((row.end_month || row.month).slice(0, 4)), horizon);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, n) => first + n);
}

export type RangeRow = { code: string; town_path: string; year: number } & Record<string, number | string>;

/** One town's range rows for the years asked, from its member rows of one indicator (all of them, n > 0). */
export function rangeRows(code: string, town: string, members: readonly MemberRow[], years: readonly number[]): RangeRow[] {
  return years.flatMap((year) => {
    const masks = new Map<string, number>();
    const tallies: Array<[number, number]> = [];
    for (const m of members) {
      const mask = maskIn(m, year);
      if (!mask) continue;
      if (m.tally) tallies.push([mask, m.n]);
      else masks.set(m.value, (masks.get(m.value) ?? 0) | mask);
    }
    if (!masks.size && !tallies.length) return [];
    const row: RangeRow = { code, town_path: town, year };
    for (const [f, t] of MONTH_RANGES) {
      const q = rangeMask(f, t);
      let c = 0;
      for (const mask of masks.values()) if (mask & q) c++;
      let r = 0;
      for (const [mask, n] of tallies) if (mask & q) r += n;
      row[countColumn(f, t)] = c;
      row[recordColumn(f, t)] = r;
    }
    return [row];
  });
}

export interface SharedRow {
  code: string;
  value: string;
  town_path: string;
  year: number;
  mask: number;
}

/** Shared rows of one value in one town, from its member rows there. */
export function sharedRows(code: string, value: string, town: string, members: readonly MemberRow[], horizon: number): SharedRow[] {
  const byYear = new Map<number, number>();
  for (const m of members) for (const year of yearsOf(m, horizon)) byYear.set(year, (byYear.get(year) ?? 0) | maskIn(m, year));
  return [...byYear].filter(([, mask]) => mask).map(([year, mask]) => ({ code, value, town_path: town, year, mask }));
}

// ---------------------------------------------------------------------------------------------
// The tables.

/** Made once per database, for every kind (rows carry their source table and indicator). */
export async function ensureDistinctTables(executor: Executor): Promise<void> {
  const text = sql`text not null`;
  await sql`create table if not exists ${sql.table(MEMBER)} (source ${text}, code ${text}, town_path ${text}, tally smallint not null, value ${text},
    month ${text}, end_month ${text}, n bigint not null, primary key (source, code, town_path, tally, value, month, end_month))`.execute(executor);
  // Whether a value is found in another town too.
  await sql`create index if not exists distinct_member_value on ${sql.table(MEMBER)} (source, code, value, town_path)`.execute(executor);
  await sql`create table if not exists ${sql.table(RANGE)} (source ${text}, code ${text}, year integer not null, town_path ${text},
    ${sql.join(RANGE_COLUMNS.map((c) => sql`${sql.ref(c)} bigint not null default 0`))}, primary key (source, code, year, town_path))`.execute(executor);
  await sql`create table if not exists ${sql.table(SHARED)} (source ${text}, code ${text}, value ${text}, town_path ${text}, year integer not null,
    mask integer not null, primary key (source, code, value, town_path, year))`.execute(executor);
  await sql`create table if not exists ${sql.table(VALUES)} (source ${text}, code ${text}, value ${text}, towns bigint not null, primary key (source, code, value))`.execute(executor);
  if (isSqlite(executor)) {
    await sql`create index if not exists distinct_shared_year on ${sql.table(SHARED)} (source, code, year)`.execute(executor);
    return;
  }
  // A county or city reads its towns' rows by path prefix, which PostgreSQL walks in an index only
  // under text_pattern_ops (the database's collation is not C): without these a county read every
  // town's rows of the province (10M records: 76 ms against 37 ms counting its own records).
  await sql`create index if not exists distinct_range_prefix on ${sql.table(RANGE)} (source, code, year, town_path text_pattern_ops)`.execute(executor);
  await sql`create index if not exists distinct_shared_prefix on ${sql.table(SHARED)} (source, code, year, town_path text_pattern_ops)`.execute(executor);
  await sql`drop index if exists distinct_shared_year`.execute(executor);
}

/**
 * Creates what ensureDistinctTables makes when any of it is missing, and otherwise nothing: every
 * command starts here, and on PostgreSQL even CREATE INDEX IF NOT EXISTS would wait for (and then
 * block) the writers of the table. Two servers starting at once may both find an index missing; the
 * one that loses the race finds it there afterwards.
 */
async function addMissingIndexes(db: Db): Promise<void> {
  if (db.engine === 'sqlite') return ensureDistinctTables(db.kysely);
  const names = [MEMBER, 'distinct_range_prefix', 'distinct_shared_prefix'];
  const missing = async () => {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from (values ${sql.join(names.map((n) => sql`(${n})`))}) as v(name) where to_regclass(v.name) is null`.execute(db.kysely);
    return Number(rows[0]?.n ?? 0) > 0;
  };
  if (!(await missing())) return;
  try {
    await ensureDistinctTables(db.kysely);
  } catch (error) {
    if (await missing()) throw error;
  }
}

async function insertRangeRows(executor: Executor, source: string, rows: readonly RangeRow[]): Promise<void> {
  for (let n = 0; n < rows.length; n += 100) {
    const part = rows.slice(n, n + 100);
    await sql`insert into ${sql.table(RANGE)} (source, code, year, town_path, ${sql.join(RANGE_COLUMNS.map((c) => sql.ref(c)))}) values ${sql.join(
      part.map((r) => sql`(${source}, ${r.code}, ${r.year}, ${r.town_path}, ${sql.join(RANGE_COLUMNS.map((c) => sql`${r[c] ?? 0}`))})`),
    )}`.execute(executor);
  }
}

async function insertSharedRows(executor: Executor, source: string, rows: readonly SharedRow[]): Promise<void> {
  for (let n = 0; n < rows.length; n += 1000) {
    await sql`insert into ${sql.table(SHARED)} (source, code, value, town_path, year, mask) values ${sql.join(
      rows.slice(n, n + 1000).map((r) => sql`(${source}, ${r.code}, ${r.value}, ${r.town_path}, ${r.year}, ${r.mask})`),
    )}`.execute(executor);
  }
}

const memberColumns = sql`code, town_path, value, month, end_month, tally, n`;
const numbered = (rows: MemberRow[]) => rows.map((r) => ({ ...r, tally: Number(r.tally), n: Number(r.n) }));

// ---------------------------------------------------------------------------------------------
// Upkeep in the write's transaction.

/** What these records put in now, each row under the record's town (sign: 1 as they are, -1 to take it away). */
export async function distinctPart(trx: Transaction<Database>, kind: KindDefinition, ids: readonly string[]): Promise<MemberRow[]> {
  const plan = distinctPlan(kind);
  if (!plan || !ids.length || !(await distinctReady(trx, plan))) return [];
  const out: MemberRow[] = [];
  for (let n = 0; n < ids.length; n += 500) {
    const chunk = ids.slice(n, n + 500);
    const select = memberSelect(trx, kind, plan, sql`t.org_path`, sql`${sql.table(plan.source)} t`, sql`t.id in (${sql.join(chunk.map((id) => sql`${id}`))})`);
    const { rows } = await sql<MemberRow>`${select}`.execute(trx);
    const towns = await townPaths(trx, rows.map((r) => r.town_path));
    for (const row of numbered(rows)) out.push({ ...row, town_path: towns.get(row.town_path) ?? row.town_path });
  }
  return out;
}

/**
 * Keeps the kind's distinct summary in step with a write, in its transaction, beside the monthly
 * summary's upkeep: after an insert (sign 1), before a delete (sign -1), and after an update (sign 1,
 * with `before`, what distinctPart gave before the update), so that one call takes every lock the
 * write needs, in one order. The towns touched get their range rows counted again from their
 * member rows, and the values whose rows changed their shared rows.
 */
export async function applyDistinct(trx: Transaction<Database>, kind: KindDefinition, ids: readonly string[], sign: 1 | -1, before: readonly MemberRow[] = []): Promise<void> {
  const plan = distinctPlan(kind);
  if (!plan || !ids.length || !(await distinctReady(trx, plan))) return;
  const merged = new Map<string, MemberRow>();
  const add = (row: MemberRow, by: number) => {
    const into = merged.get(key(row)) ?? { ...row, n: 0 };
    into.n += by * row.n;
    merged.set(key(row), into);
  };
  for (const row of before) add(row, -1);
  for (const row of await distinctPart(trx, kind, ids)) add(row, sign);
  const changed = [...merged.values()].filter((r) => r.n !== 0).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (!changed.length) return;
  // Member and range rows are the town's: its turn first (see takeWriteTurn), as for the monthly summary.
  await takeWriteTurn(trx, [...new Set(changed.map((r) => idOfPath(r.town_path)))]);
  const pairs = [...new Map(changed.filter((r) => !r.tally).map((r) => [`${r.code}\u0000${r.town_path}\u0000${r.value}`, r])).values()];
  const had = await holding(trx, plan, pairs);
  for (let n = 0; n < changed.length; n += 500) {
    await sql`insert into ${sql.table(MEMBER)} (source, ${memberColumns}) values ${sql.join(
      changed.slice(n, n + 500).map((r) => sql`(${plan.source}, ${r.code}, ${r.town_path}, ${r.value}, ${r.month}, ${r.end_month}, ${r.tally}, ${r.n})`),
    )} on conflict (source, code, town_path, tally, value, month, end_month) do update set n = ${sql.table(MEMBER)}.n + excluded.n`.execute(trx);
  }
  const towns = new Map<string, { code: string; town: string; years: Set<number> }>();
  for (const r of changed) {
    const t = towns.get(`${r.code}\u0000${r.town_path}`) ?? { code: r.code, town: r.town_path, years: new Set<number>() };
    for (const year of yearsOf(r, plan.horizon)) t.years.add(year);
    towns.set(`${r.code}\u0000${r.town_path}`, t);
  }
  for (const { code, town, years } of towns.values()) {
    await sql`delete from ${sql.table(MEMBER)} where source = ${plan.source} and code = ${code} and town_path = ${town} and n = 0`.execute(trx);
    const members = await sql<MemberRow>`select ${memberColumns} from ${sql.table(MEMBER)} where source = ${plan.source} and code = ${code} and town_path = ${town}`.execute(trx);
    const list = [...years];
    await sql`delete from ${sql.table(RANGE)} where source = ${plan.source} and code = ${code} and town_path = ${town} and year in (${sql.join(list.map((y) => sql`${y}`))})`.execute(trx);
    await insertRangeRows(trx, plan.source, rangeRows(code, town, numbered(members.rows), list));
  }
  if (pairs.length) await reshare(trx, plan, pairs, had, await holding(trx, plan, pairs));
}

const key = (r: MemberRow) => [r.code, r.town_path, r.tally, r.value, r.month, r.end_month].join('\u0000');
const pairKey = (code: string, town: string, value: string) => `${code}\u0000${town}\u0000${value}`;

/** Which of these (indicator, town, value) pairs the town's member rows hold (read under the town's turn: stable). */
async function holding(trx: Transaction<Database>, plan: DistinctPlan, pairs: readonly MemberRow[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const [code, list] of groupBy(pairs, (p) => p.code)) {
    for (let n = 0; n < list.length; n += 500) {
      const part = list.slice(n, n + 500);
      const { rows } = await sql<{ town_path: string; value: string }>`select distinct town_path, value from ${sql.table(MEMBER)}
        where source = ${plan.source} and code = ${code} and tally = 0 and n > 0 and (town_path, value) in (${sql.join(part.map((p) => sql`(${p.town_path}, ${p.value})`))})`.execute(trx);
      for (const r of rows) out.add(pairKey(code, r.town_path, r.value));
    }
  }
  return out;
}

/**
 * Brings the shared rows of the values touched in line. The number of towns holding each value is
 * kept in VALUES and changed by an upsert, which holds the value's row until commit: writers in two
 * towns that add the same value queue there, so the second sees the first's town and shares the value.
 */
async function reshare(trx: Transaction<Database>, plan: DistinctPlan, pairs: readonly MemberRow[], had: Set<string>, has: Set<string>): Promise<void> {
  const delta = new Map<string, { code: string; value: string; by: number; towns: string[] }>();
  for (const p of pairs) {
    const k = `${p.code}\u0000${p.value}`;
    const d = delta.get(k) ?? { code: p.code, value: p.value, by: 0, towns: [] };
    d.by += (has.has(pairKey(p.code, p.town_path, p.value)) ? 1 : 0) - (had.has(pairKey(p.code, p.town_path, p.value)) ? 1 : 0);
    d.towns.push(p.town_path);
    delta.set(k, d);
  }
  // One order for every writer: rows of the registry are locked as they are upserted.
  const list = [...delta.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  for (let n = 0; n < list.length; n += 500) {
    const part = list.slice(n, n + 500);
    const { rows } = await sql<{ code: string; value: string; towns: number | string }>`insert into ${sql.table(VALUES)} (source, code, value, towns) values ${sql.join(
      part.map((d) => sql`(${plan.source}, ${d.code}, ${d.value}, ${d.by})`),
    )} on conflict (source, code, value) do update set towns = ${sql.table(VALUES)}.towns + excluded.towns returning code, value, towns`.execute(trx);
    const now = new Map(rows.map((r) => [`${r.code}\u0000${r.value}`, Number(r.towns)]));
    for (const d of part) {
      const towns = now.get(`${d.code}\u0000${d.value}`) ?? 0;
      const where = sql`source = ${plan.source} and code = ${d.code} and value = ${d.value}`;
      if (towns < 2) {
        await sql`delete from ${sql.table(SHARED)} where ${where}`.execute(trx);
        if (towns <= 0) await sql`delete from ${sql.table(VALUES)} where ${where}`.execute(trx);
        continue;
      }
      // Newly in a second town: every town's rows of the value; otherwise the towns written to.
      const all = towns - d.by < 2;
      const only = all ? sql`` : sql` and town_path in (${sql.join(d.towns.map((t) => sql`${t}`))})`;
      await sql`delete from ${sql.table(SHARED)} where ${where}${only}`.execute(trx);
      const { rows: members } = await sql<MemberRow>`select ${memberColumns} from ${sql.table(MEMBER)} where ${where} and tally = 0${only}`.execute(trx);
      const out: SharedRow[] = [];
      for (const [t, own] of groupBy(numbered(members), (r) => r.town_path)) out.push(...sharedRows(d.code, d.value, t, own, plan.horizon));
      await insertSharedRows(trx, plan.source, out);
    }
  }
}

/** Map.groupBy, which Node.js 20 lacks. */
function groupBy<T>(list: readonly T[], by: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = by(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rebuilding, state, checking.

/** Member rows of the whole table, each under its town (TOWN_MAP must be filled). */
const wholeTable = (trx: Executor, kind: KindDefinition, plan: DistinctPlan) =>
  memberSelect(trx, kind, plan, sql`coalesce(m.town_path, t.org_path)`, sql`${sql.table(plan.source)} t left join ${sql.table(TOWN_MAP)} m on m.path = t.org_path`, sql`1 = 1`);

/** Range and shared rows derived from member rows in (code, town_path) order. */
function derived(plan: DistinctPlan, members: MemberRow[]): { ranges: RangeRow[]; shared: SharedRow[] } {
  const ranges: RangeRow[] = [];
  const byCode = groupBy(members, (m) => m.code);
  const shared: SharedRow[] = [];
  for (const [code, rows] of byCode) {
    for (const [town, list] of groupBy(rows, (m) => m.town_path)) {
      const years = [...new Set(list.flatMap((m) => yearsOf(m, plan.horizon)))];
      ranges.push(...rangeRows(code, town, list, years));
    }
    const values = groupBy(rows.filter((m) => !m.tally), (m) => m.value);
    for (const [value, list] of values) {
      const byTown = groupBy(list, (m) => m.town_path);
      if (byTown.size < 2) continue;
      for (const [town, own] of byTown) shared.push(...sharedRows(code, value, town, own, plan.horizon));
    }
  }
  return { ranges, shared };
}

const stateMemory = new WeakMap<object, Map<string, string>>();
const keyOf = (executor: Pick<Kysely<unknown>, 'getExecutor'>) => executor.getExecutor().adapter as object;

/** The signature each kind's distinct summary was built for; kept only when read outside a transaction. */
async function states(executor: Executor): Promise<Map<string, string>> {
  const known = stateMemory.get(keyOf(executor));
  if (known) return known;
  const rows = await executor.selectFrom('summary_state').select(['table_name', 'signature']).where('table_name', 'like', `${STATE_PREFIX}%`).execute();
  const read = new Map(rows.map((r) => [r.table_name, r.signature]));
  if (!executor.isTransaction) stateMemory.set(keyOf(executor), read);
  return read;
}

export function forgetDistinctStates(executor: Pick<Kysely<unknown>, 'getExecutor'>): void {
  stateMemory.delete(keyOf(executor));
}

/** Whether the kind's distinct summary is built for the plan this process holds. */
export async function distinctReady(executor: Executor, plan: DistinctPlan): Promise<boolean> {
  return (await states(executor)).get(`${STATE_PREFIX}${plan.source}`) === plan.signature;
}

/**
 * Counts the distinct summaries of these kinds again from their records, in the caller's
 * transaction, after it has taken the write turn (call forgetDistinctStates after it ends).
 */
export async function rebuildDistinct(trx: Transaction<Database>, kinds: readonly KindDefinition[], townMapFilled = false): Promise<string[]> {
  const planned = kinds.map((kind) => [kind, distinctPlan(kind)] as const).filter((p): p is readonly [KindDefinition, DistinctPlan] => p[1] !== undefined);
  if (!planned.length) return [];
  await ensureDistinctTables(trx);
  if (!townMapFilled) await fillTownMap(trx);
  for (const [kind, plan] of planned) {
    for (const table of [MEMBER, RANGE, SHARED, VALUES]) await sql`delete from ${sql.table(table)} where source = ${plan.source}`.execute(trx);
    await sql`insert into ${sql.table(MEMBER)} (source, ${memberColumns}) select ${plan.source}, x.* from (${wholeTable(trx, kind, plan)}) x`.execute(trx);
    await sql`insert into ${sql.table(VALUES)} (source, code, value, towns) select source, code, value, count(distinct town_path) from ${sql.table(MEMBER)}
      where source = ${plan.source} and tally = 0 group by source, code, value`.execute(trx);
    // Per indicator, so one kind's members need not all be in memory at once.
    for (const indicator of plan.indicators) {
      const { rows } = await sql<MemberRow>`select ${memberColumns} from ${sql.table(MEMBER)} where source = ${plan.source} and code = ${indicator.code}`.execute(trx);
      const { ranges, shared } = derived(plan, numbered(rows));
      await insertRangeRows(trx, plan.source, ranges);
      await insertSharedRows(trx, plan.source, shared);
    }
    await trx.deleteFrom('summary_state').where('table_name', '=', `${STATE_PREFIX}${plan.source}`).execute();
    await trx.insertInto('summary_state').values({ table_name: `${STATE_PREFIX}${plan.source}`, signature: plan.signature, rebuilt_at: nowIso() }).execute();
  }
  if (!isSqlite(trx)) for (const table of [MEMBER, RANGE, SHARED, VALUES]) await sql`analyze ${sql.table(table)}`.execute(trx);
  return planned.map(([, plan]) => `${MEMBER}:${plan.source}`);
}

/** Rebuilds the distinct summaries built for another definition (or none); runs at every start. */
export async function syncDistinct(db: Db, kinds: readonly KindDefinition[]): Promise<string[]> {
  // Indexes added since a database's tables were made come with the next start, not the next rebuild.
  if (kinds.some((k) => distinctPlan(k))) await addMissingIndexes(db);
  const stored = await states(db.kysely);
  const stale = kinds.filter((k) => {
    const plan = distinctPlan(k);
    return plan && stored.get(`${STATE_PREFIX}${plan.source}`) !== plan.signature;
  });
  if (!stale.length) return [];
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      await takeEveryTurn(trx);
      const built = await rebuildDistinct(trx, stale);
      await sql`drop table if exists ${sql.table(TOWN_MAP)}`.execute(trx);
      return built.map((t) => `rebuilt ${t}`);
    });
  } finally {
    forgetDistinctStates(db.kysely);
    await states(db.kysely);
  }
}

export interface DistinctCheck {
  table: string;
  /** Member, range and shared rows that are not what counting the records gives. */
  differing: number;
  built: boolean;
}

/** Text columns; every other column is a number, which PostgreSQL returns for bigint as a string. */
const TEXT_COLUMNS = new Set(['code', 'town_path', 'value', 'month', 'end_month']);
const comparable = (r: object) =>
  JSON.stringify(
    Object.entries(r)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]: [string, unknown]) => [k, TEXT_COLUMNS.has(k) ? v : Number(v)]),
  );

/** How many rows differ between two lists (either side's extra rows included). */
function differences(a: readonly object[], b: readonly object[]): number {
  const left = new Map<string, number>();
  for (const r of a) left.set(comparable(r), (left.get(comparable(r)) ?? 0) + 1);
  let n = 0;
  for (const r of b) {
    const k = comparable(r);
    const have = left.get(k) ?? 0;
    if (have) left.set(k, have - 1);
    else n++;
  }
  return n + [...left.values()].reduce((s, v) => s + v, 0);
}

/** Compares every distinct summary's rows with what counting the records gives (TOWN_MAP filled by the caller). */
export async function checkDistinct(trx: Transaction<Database>, kinds: readonly KindDefinition[]): Promise<DistinctCheck[]> {
  const out: DistinctCheck[] = [];
  for (const kind of kinds) {
    const plan = distinctPlan(kind);
    if (!plan) continue;
    const table = `${MEMBER}:${plan.source}`;
    if (!(await distinctReady(trx, plan))) {
      out.push({ table, differing: 0, built: false });
      continue;
    }
    let differing = 0;
    for (const indicator of plan.indicators) {
      const fresh = await sql<MemberRow>`select * from (${wholeTable(trx, kind, plan)}) x where code = ${indicator.code}`.execute(trx);
      const stored = await sql<MemberRow>`select ${memberColumns} from ${sql.table(MEMBER)} where source = ${plan.source} and code = ${indicator.code} and n <> 0`.execute(trx);
      const freshRows = numbered(fresh.rows);
      differing += differences(freshRows, numbered(stored.rows));
      const { ranges, shared } = derived(plan, freshRows);
      const storedRanges = await sql<RangeRow>`select code, town_path, year, ${sql.join(RANGE_COLUMNS.map((c) => sql.ref(c)))} from ${sql.table(RANGE)} where source = ${plan.source} and code = ${indicator.code}`.execute(trx);
      differing += differences(ranges, storedRanges.rows);
      const counts = [...groupBy(freshRows.filter((m) => !m.tally), (m) => m.value)].map(([value, list]) => ({ code: indicator.code, value, towns: new Set(list.map((m) => m.town_path)).size }));
      const storedCounts = await sql<{ code: string; value: string; towns: number }>`select code, value, towns from ${sql.table(VALUES)} where source = ${plan.source} and code = ${indicator.code}`.execute(trx);
      differing += differences(counts, storedCounts.rows);
      const storedShared = await sql<SharedRow>`select code, value, town_path, year, mask from ${sql.table(SHARED)} where source = ${plan.source} and code = ${indicator.code}`.execute(trx);
      differing += differences(shared, storedShared.rows);
    }
    out.push({ table, differing, built: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading.

/** The year and month range a whole-month period takes, when the distinct summary can answer it. */
export function distinctMonths(plan: DistinctPlan, months: { from: string; to: string }): { year: number; from: number; to: number } | undefined {
  const year = Number(months.from.slice(0, 4));
  if (Number(months.to.slice(0, 4)) !== year || year > plan.horizon) return undefined;
  return { year, from: Number(months.from.slice(5, 7)), to: Number(months.to.slice(5, 7)) };
}

/**
 * Distinct values and their records for the scope's subtree (a town or above) in whole months of
 * one year: the towns' counts added up, less what values found in several towns added more than once.
 */
export async function evaluateDistinct(db: Db, plan: DistinctPlan, indicators: readonly LedgerIndicator[], scope: Scope, range: { year: number; from: number; to: number }): Promise<Map<string, { value: number; records: number }>> {
  const result = new Map<string, { value: number; records: number }>();
  const prefix = `${scope.orgPath}%`;
  const [c, r] = [countColumn(range.from, range.to), recordColumn(range.from, range.to)];
  const mask = rangeMask(range.from, range.to);
  const codes = sql.join(indicators.map((i) => sql`${i.code}`));
  // One statement per kind: the towns' counts by indicator, and what values in several towns add too much.
  const { rows } = await sql<{ code: string; v: string | number | null; r: string | number | null; extra: string | number | null }>`
    select code, sum(${sql.ref(c)}) as v, sum(${sql.ref(r)}) as r, 0 as extra from ${sql.table(RANGE)}
      where source = ${plan.source} and code in (${codes}) and year = ${range.year} and town_path like ${prefix} group by code
    union all
    select code, 0, 0, sum(k - 1) from (select code, value, count(*) as k from ${sql.table(SHARED)}
      where source = ${plan.source} and code in (${codes}) and year = ${range.year} and town_path like ${prefix} and (mask & ${mask}) <> 0 group by code, value) x
      where k > 1 group by code`.execute(db.kysely);
  for (const indicator of indicators) result.set(indicator.code, { value: 0, records: 0 });
  for (const row of rows) {
    const into = result.get(row.code);
    if (!into) continue;
    into.value += Number(row.v ?? 0) - Number(row.extra ?? 0);
    into.records += Number(row.r ?? 0);
  }
  return result;
}
