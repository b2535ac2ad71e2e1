/**
 * Fresh planner statistics after a bulk load. PostgreSQL's autovacuum may lag behind (or be off),
 * and until it analyses a table the planner guesses: after a 100,000-row import list pages took
 * hundreds of milliseconds and the dashboard seconds. So an import, a restore and synth analyse
 * the tables they filled themselves, after commit, in the same command. SQLite's planner reads
 * sqlite_stat1 the same way; there a sampled ANALYZE (analysis_limit) keeps it quick on big tables.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';

/** Any Kysely instance or transaction, whatever its table types. */
type Executor = Pick<Kysely<unknown>, 'getExecutor'>;

/** Rows SQLite samples per index: approximate statistics are enough, and a 10-million-row table is not read through. */
const SQLITE_ANALYSIS_LIMIT = 1000;

/**
 * Analyses the tables. Never throws: the load has committed by now, and statistics only speed
 * reads up, so a failure (a role not allowed to analyse, say) is reported to `warn` and the
 * command still succeeds.
 */
export async function analyzeTables(db: Executor, tables: Iterable<string>, warn: (message: string) => void = console.warn): Promise<void> {
  const names = [...new Set(tables)];
  if (!names.length) return;
  try {
    await analyze(db, names);
  } catch (error) {
    warn(`更新数据库统计信息（ANALYZE ${names.join('、')}）未完成：${error instanceof Error ? error.message : String(error)}`);
  }
}

async function analyze(db: Executor, names: string[]): Promise<void> {
  if (isSqlite(db)) {
    await sql`pragma analysis_limit = ${sql.raw(String(SQLITE_ANALYSIS_LIMIT))}`.execute(db);
    try {
      for (const name of names) await sql`analyze ${sql.table(name)}`.execute(db);
    } finally {
      await sql`pragma analysis_limit = 0`.execute(db);
    }
    return;
  }
  await sql`analyze ${sql.join(names.map((name) => sql.table(name)))}`.execute(db);
}
