import type { Kysely } from 'kysely';

/**
 * The phone app's offline outbox (web/src/offline): a record made without signal is sent later,
 * perhaps more than once (a dropped answer, a retry). client_submission remembers which record a
 * client-generated id created, so a retry returns that record instead of making a second one; the
 * id is unique across users, and a different user reusing it is refused. outbox_sync keeps when
 * each user's phone last reached the server with its outbox, for the town office to see.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('client_submission')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('outbox_sync')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

