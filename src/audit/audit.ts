/**
 * The audit trail is part of saving: every change to business data writes its row through
 * here, inside the same transaction as the change, so there is never one without the other.
 *
 * Rows are append-only (database triggers refuse UPDATE, and DELETE inside the retention
 * period) and hash-chained (chain.ts): each row carries the previous row's hash.
 */
import { Transaction, sql, type Kysely } from 'kysely';
import { nowIso } from '../core/dates.js';
import { isSqlite } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { Actor } from '../org/scope.js';
import { GENESIS_HASH, rowHash } from './chain.js';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'upload'
  | 'define_kind'
  | 'edit_list'
  | 'reveal'
  | 'extend_deadline'
  | 'import'
  | 'export_audit'
  | 'purge_audit'
  | 'set_audit_retention'
  | 'synth';

export interface AuditEntry {
  action: AuditAction;
  kind?: string | null;
  recordId?: string | null;
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * PostgreSQL advisory lock that serialises appends to the chain: ('fazh', the schema), so each
 * schema's audit_log (one per test file; one per deployment) has its own.
 */
const CHAIN_LOCK = sql`select pg_advisory_xact_lock(${sql.lit(0x66617a68)}, hashtext(current_schema()))`;

export async function writeAudit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  // Outside a transaction (e.g. a failed login) the lock and the head read still need one.
  if (trx instanceof Transaction) return append(trx, actor, entry);
  await trx.transaction().execute((own) => append(own, actor, entry));
}

/**
 * Takes the chain's lock now, until commit (PostgreSQL; SQLite has one writer at a time already).
 * A write that will append to the log but first locks other shared rows (a monthly summary's)
 * takes it before them: every writer then takes its locks in the same order, and none can hold
 * a summary row while waiting for the chain held by one that waits for that row.
 */
export async function takeWriteTurn(trx: Transaction<Database>): Promise<void> {
  if (!isSqlite(trx)) await CHAIN_LOCK.execute(trx);
}

async function append(trx: Transaction<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  // PostgreSQL writers queue here until the holder commits, so each reads the head the previous
  // one wrote (taking the lock again in the same transaction is free). Ids are numbered here, not
  // by a sequence, so a rolled-back write leaves no gap.
  await takeWriteTurn(trx);
  const head = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const row = {
    id: (head?.id ?? 0) + 1,
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
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_log')
    .values({ ...row, prev_hash: prevHash, hash: rowHash(prevHash, row) })
    .execute();
}
