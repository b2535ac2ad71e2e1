/**
 * The audit trail is part of saving: every change to business data writes its row through
 * here, inside the same transaction as the change, so there is never one without the other.
 */
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from '../core/dates.js';
import type { Database } from '../db/schema.js';
import type { Actor } from '../org/scope.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'login' | 'login_failed' | 'logout' | 'upload' | 'define_kind' | 'edit_list';

export interface AuditEntry {
  action: AuditAction;
  kind?: string | null;
  recordId?: string | null;
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_id: actor.userId,
      actor_name: actor.name,
      ip: actor.ip,
      action: entry.action,
      kind: entry.kind ?? null,
      record_id: entry.recordId ?? null,
      org_id: entry.orgId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
