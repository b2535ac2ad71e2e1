/**
 * The canonical form of a row, the same bytes whichever engine it was read from: one JSON object
 * per line, keys sorted by name, values by the column's declared type (numbers as JSON numbers,
 * text as strings, null). A table's sha256 over these lines then says "same rows" across engines.
 */
import { AppError } from '../../core/errors.js';

export type ValueClass = 'text' | 'integer' | 'real';
export type CanonicalValue = string | number | null;

/** The class of a declared column type, as SQLite or PostgreSQL reports it. */
export function valueClassOf(dataType: string, where: string): ValueClass {
  const type = dataType.toLowerCase();
  if (type === '' || /char|text|clob|uuid|json/.test(type)) return 'text';
  if (/int|serial/.test(type)) return 'integer';
  if (/real|double|float|numeric|decimal/.test(type)) return 'real';
  throw new AppError(500, 'dump_type', `列 ${where} 的类型 ${dataType} 不受导出支持`);
}

export function canonicalValue(type: ValueClass, value: unknown, where: string): CanonicalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return type === 'text' ? value.toString() : Number(value);
  if (type === 'text') {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  } else {
    if (typeof value === 'number') return value;
    // SQLite keeps what it was given: a numeral stored as text in a numeric column is still that number.
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    if (typeof value === 'string') return value;
  }
  throw new AppError(500, 'dump_type', `列 ${where} 中有无法导出的值（${typeof value}）`);
}

export const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** One line (without its newline); `columns` must already be sorted by name. */
export function canonicalLine(table: string, columns: ReadonlyArray<{ name: string; type: ValueClass }>, row: Record<string, unknown>): string {
  const parts = columns.map((c) => `${JSON.stringify(c.name)}:${JSON.stringify(canonicalValue(c.type, row[c.name], `${table}.${c.name}`))}`);
  return `{${parts.join(',')}}`;
}

/**
 * Tables in an order that inserts every referenced row before the rows that refer to it
 * (a self-reference is left to parentsFirst). Deleting goes the other way round.
 */
export function loadOrder(tables: ReadonlyArray<{ name: string; foreignKeys: ReadonlyArray<{ table: string }> }>): string[] {
  const names = new Set(tables.map((t) => t.name));
  const pending = new Map(tables.map((t) => [t.name, new Set(t.foreignKeys.map((f) => f.table).filter((r) => r !== t.name && names.has(r)))]));
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending].filter(([, deps]) => [...deps].every((d) => !pending.has(d))).map(([name]) => name).sort();
    if (!ready.length) throw new AppError(500, 'dump_cycle', `数据表之间的外键成环，无法确定载入顺序：${[...pending.keys()].join('、')}`);
    for (const name of ready) {
      order.push(name);
      pending.delete(name);
    }
  }
  return order;
}

/** Rows of a self-referencing table (org_unit.parent_id) with each row after the row it refers to. */
export function parentsFirst<T extends Record<string, unknown>>(rows: readonly T[], column: string, references: string): T[] {
  const present = new Set(rows.map((r) => r[references]));
  const placed = new Set<unknown>();
  const ordered: T[] = [];
  let rest = [...rows];
  while (rest.length) {
    const next: T[] = [];
    for (const row of rest) {
      const parent = row[column];
      if (parent === null || parent === undefined || placed.has(parent) || !present.has(parent)) {
        ordered.push(row);
        placed.add(row[references]);
      } else next.push(row);
    }
    // A loop of rows referring to each other: leave them for the database to refuse.
    if (next.length === rest.length) return [...ordered, ...next];
    rest = next;
  }
  return ordered;
}
