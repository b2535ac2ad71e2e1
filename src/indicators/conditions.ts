/**
 * The SQL of an indicator's conditions over a ledger table's columns: shared by the query that
 * counts the records and the monthly summaries, so the two cannot disagree about a definition.
 */
import { sql, type RawBuilder } from 'kysely';
import { containsPattern } from '../db/like.js';
import { columnFor } from '../ledger/codec.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { Condition } from './definition.js';

export type Fragment = RawBuilder<unknown>;

/** A column of the ledger table; qualified by the table's alias when the query joins others. */
export type Col = (name: string) => Fragment;
export const columns =
  (alias?: string): Col =>
  (name) =>
    sql.ref(alias ? `${alias}.${columnFor(name)}` : columnFor(name));
export const and = (parts: Fragment[]) => (parts.length ? sql.join(parts, sql` and `) : sql`1 = 1`);

export function fieldOf(kind: KindDefinition, name: string) {
  return kind.fields.find((f) => f.name === name);
}

/**
 * Decimals (study hours, say) are summed in thousandths, each value rounded first, by the records'
 * query and the monthly summaries alike: whole numbers add and take away without drift, so a sum
 * kept month by month stays equal to the records' (adding 0.1 and taking it away again leaves
 * exactly nothing, which floating point does not promise). A figure is then exact to 0.001.
 */
export const DECIMAL_SCALE = 1000;

/** What a sum adds up for the field: the column, or for a decimal its value in thousandths. */
export function summand(kind: KindDefinition, field: string, col: Col): Fragment {
  // As numeric, so both engines round a half away from zero (PostgreSQL rounds a double's half to even).
  return fieldOf(kind, field)?.type === 'decimal' ? sql`round(cast(${col(field)} as numeric) * ${sql.lit(DECIMAL_SCALE)})` : col(field);
}

export function conditionSql(kind: KindDefinition, c: Condition, col: Col): Fragment {
  if ('equals' in c) {
    const f = fieldOf(kind, c.field);
    const v = typeof c.equals === 'boolean' ? (c.equals ? 1 : 0) : f?.type === 'money' && typeof c.equals === 'number' ? Math.round(c.equals * 100) : c.equals;
    return sql`${col(c.field)} = ${v}`;
  }
  if ('in' in c) return sql`${col(c.field)} in (${sql.join(c.in.map((v) => sql`${v}`))})`;
  if ('notIn' in c) return sql`(${col(c.field)} is null or ${col(c.field)} not in (${sql.join(c.notIn.map((v) => sql`${v}`))}))`;
  // Multi-valued fields hold JSON arrays of item codes; codes are plain identifiers, so the quoted code is a safe needle.
  if ('has' in c) return sql`${col(c.field)} like ${`%${JSON.stringify(c.has)}%`}`;
  if ('mentions' in c) return sql`(${sql.join(c.mentions.map((w) => sql`${col(c.field)} like ${containsPattern(w)} escape '\\'`), sql` or `)})`;
  if ('absent' in c) return sql`${col(c.field)} is null`;
  if ('range' in c) {
    // Money is kept in fen; bounds are given in yuan like the form shows them.
    const f = fieldOf(kind, c.field);
    const bound = (v: string | number) => (f?.type === 'money' && typeof v === 'number' ? Math.round(v * 100) : v);
    const parts = [
      ...(c.range.from !== undefined ? [sql`${col(c.field)} >= ${bound(c.range.from)}`] : []),
      ...(c.range.to !== undefined ? [sql`${col(c.field)} <= ${bound(c.range.to)}`] : []),
    ];
    return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`${col(c.field)} is not null`;
  }
  return sql`${col(c.field)} is not null`;
}
