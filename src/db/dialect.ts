import { SqliteAdapter, type Kysely } from 'kysely';

/** Works on any Kysely instance or transaction, whatever its table types. */
export const isSqlite = (db: Pick<Kysely<unknown>, 'getExecutor'>) => db.getExecutor().adapter instanceof SqliteAdapter;
