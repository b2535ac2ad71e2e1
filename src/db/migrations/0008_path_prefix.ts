import { sql, type Kysely } from 'kysely';
import { isSqlite } from '../dialect.js';

/**
 * Subtrees are path prefixes (`path like '/a/b/%'`). PostgreSQL serves such a LIKE from an index
 * only under the C collation or with text_pattern_ops; databases made under C.UTF-8 or a language
 * locale scanned every unit for each county's unit counts. (The ledger tables get theirs in
 * ledger-tables.ts; SQLite's LIKE is case-insensitive and takes no such index.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`create index if not exists org_unit_path_prefix on org_unit (path text_pattern_ops)`.execute(db);
  await sql`create index if not exists person_path_prefix on person (org_path text_pattern_ops)`.execute(db);
}
