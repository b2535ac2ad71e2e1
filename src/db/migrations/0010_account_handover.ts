import type { Kysely } from 'kysely';

/**
 * 三员分立 for credentials: an account the system administrator makes waits for the security
 * administrator's grant (pending_grant, with active = 0 so nothing signs it in or mails it a
 * digest); a reset by the system administrator waits for the security administrator to release
 * the one-time password unless it was mailed (password_release_pending); the user is told who
 * reset the password and when (password_reset_by, password_reset_at).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('pending_grant', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('app_user').addColumn('password_release_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('app_user').addColumn('password_reset_by', 'text').execute();
  await db.schema.alterTable('app_user').addColumn('password_reset_at', 'text').execute();
}
