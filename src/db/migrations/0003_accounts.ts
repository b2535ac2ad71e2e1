import type { Kysely } from 'kysely';

/** Account hardening: lockout counters, password history, absolute session expiry, CSRF tokens, editable grants. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('password_changed_at', 'text').execute();

  // Failures are counted per user name, whether or not it exists, so lockout reveals nothing.
  await db.schema
    .createTable('login_failure')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('password_history')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user').on('password_history').column('user_id').execute();

  await db.schema.alterTable('user_session').addColumn('csrf_token', 'text').execute();

  // Instance-wide settings, e.g. whether this database holds the demo.
  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('role_permission')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_permission_pk', ['role', 'target', 'action'])
    .execute();
}
