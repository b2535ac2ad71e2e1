import type { Kysely } from 'kysely';

/**
 * Approved extensions of statutory deadlines (the record keeps its step dates; the extension
 * moves the due date), and per-user notifications of what is due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Where a user's daily digest is mailed, when the server has SMTP configured.
  await db.schema.alterTable('app_user').addColumn('email', 'text').execute();

  await db.schema
    .createTable('deadline_extension')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('approver', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deadline_extension_record').on('deadline_extension').columns(['kind', 'record_id']).execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** What the notice is about, stable across days, so one item is notified once per day. */
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('record_id', 'text')
    .addColumn('due', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_topic').unique().on('notification').columns(['user_id', 'topic', 'on_date']).execute();
  await db.schema.createIndex('notification_user').on('notification').columns(['user_id', 'created_at']).execute();
}
