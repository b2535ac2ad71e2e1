import { SqliteAdapter, type Kysely } from 'kysely';

/** Works on any Kysely instance or transaction, whatever its table types. */
export const isSqlite = (db: Pick<Kysely<unknown>, 'getExecutor'>) => db.getExecutor().adapter instanceof SqliteAdapter;

/** A unique-key violation naming `what` (a table or index), as either engine reports it. */
export function isUniqueViolation(error: unknown, what: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const duplicate = code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  return duplicate && error.message.includes(what);
}
