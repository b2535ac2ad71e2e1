/**
 * The notification table: one row per user, topic and day. A user reads and marks only their
 * own; the owner is the signed-in actor of the scope, never an id taken from the request.
 */
import { Forbidden, NotFound } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import type { Db } from '../db/connect.js';
import type { NotificationTable } from '../db/schema.js';
import type { Scope } from '../org/scope.js';
import type { Notice } from './digest.js';
import type { Notification, NotificationPage } from '../shared/dashboard.js';
export type { NotificationPage };

export type NotificationOut = Notification;

// 12 columns a row: well under SQLite's and PostgreSQL's limits on bound parameters.
const INSERT_BATCH = 200;

function ownerOf(scope: Scope): string {
  if (!scope.actor.userId) throw Forbidden('只有登录用户才有通知');
  return scope.actor.userId;
}

const present = (row: NotificationTable): NotificationOut => ({
  id: row.id,
  on: row.on_date,
  title: row.title,
  body: row.body,
  kind: row.kind,
  recordId: row.record_id,
  due: row.due,
  severity: row.severity,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/**
 * Saves a user's notices for a day; a topic already noticed that day is left as it is (the
 * unique index on user, topic and day), so running twice a day adds nothing. Returns how many are new.
 */
export async function saveNotices(db: Db, userId: string, on: string, notices: readonly Notice[]): Promise<number> {
  const createdAt = nowIso();
  let created = 0;
  for (let i = 0; i < notices.length; i += INSERT_BATCH) {
    const rows = notices.slice(i, i + INSERT_BATCH).map((n) => ({
      id: newId(),
      user_id: userId,
      topic: n.topic,
      on_date: on,
      title: n.title,
      body: n.body,
      kind: n.kind,
      record_id: n.recordId,
      due: n.due,
      severity: n.severity,
      created_at: createdAt,
      read_at: null,
    }));
    const result = await db.kysely
      .insertInto('notification')
      .values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'topic', 'on_date']).doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

export async function listNotifications(db: Db, scope: Scope, query: { unread?: boolean; page?: number; pageSize?: number }): Promise<NotificationPage> {
  const userId = ownerOf(scope);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const mine = db.kysely.selectFrom('notification').where('user_id', '=', userId);
  const base = mine.$if(!!query.unread, (qb) => qb.where('read_at', 'is', null));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const unread = await mine
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .selectAll()
    // Newest first; within one day's run, the most overdue first.
    .orderBy('created_at', 'desc')
    .orderBy('due', 'asc')
    .orderBy('id', 'asc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(present), total: Number(total?.n ?? 0), page, pageSize, unread: Number(unread?.n ?? 0) };
}

/** Marks one of the caller's own notifications read; someone else's does not exist for them. */
export async function markRead(db: Db, scope: Scope, id: string): Promise<NotificationOut> {
  const userId = ownerOf(scope);
  const row = await db.kysely.selectFrom('notification').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw NotFound('通知');
  if (row.read_at) return present(row);
  const readAt = nowIso();
  await db.kysely.updateTable('notification').set({ read_at: readAt }).where('id', '=', id).where('user_id', '=', userId).execute();
  return present({ ...row, read_at: readAt });
}

/** Marks all the caller's unread notifications read; returns how many were. */
export async function markAllRead(db: Db, scope: Scope): Promise<{ marked: number }> {
  const userId = ownerOf(scope);
  const result = await db.kysely
    .updateTable('notification')
    .set({ read_at: nowIso() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
}

/** The signed-in user's own notifications, on the context (ctx.notifications) for the routes. */
export class NotificationService {
  constructor(private readonly db: Db) {}

  list(scope: Scope, query: { unread?: boolean; page?: number; pageSize?: number }): Promise<NotificationPage> {
    return listNotifications(this.db, scope, query);
  }

  markRead(scope: Scope, id: string): Promise<NotificationOut> {
    return markRead(this.db, scope, id);
  }

  markAllRead(scope: Scope): Promise<{ marked: number }> {
    return markAllRead(this.db, scope);
  }
}
