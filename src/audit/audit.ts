/**
 * The audit trail is part of saving: every change to business data writes its row through
 * here, inside the same transaction as the change, so there is never one without the other.
 *
 * Rows are append-only (database triggers refuse UPDATE, and DELETE inside the retention
 * period) and hash-chained under a key kept outside the database (chain.ts): each row carries
 * the previous row's hash. Checkpoints of the head are written outside it too (checkpoint.ts).
 */
import { Transaction, sql, type Kysely, type Selectable } from 'kysely';
import { nowIso } from '../core/dates.js';
import { isSqlite } from '../db/dialect.js';
import type { AuditTable, Database } from '../db/schema.js';
import type { Actor } from '../org/scope.js';
import { ChainKey, GENESIS_HASH } from './chain.js';

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
  | 'search_sensitive'
  | 'extend_deadline'
  | 'import'
  | 'export_audit'
  | 'purge_audit'
  | 'set_audit_retention'
  | 'key_audit_chain'
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

/** What writes need besides the transaction: the chain key, and who to tell of an append (checkpoints). */
export interface ChainBinding {
  key: ChainKey;
  /** Called after each append, inside the transaction: it must only count, never wait or do I/O. */
  appended?: () => void;
}

// Keyed by the Kysely adapter, which a database's transactions share: writeAudit is handed a
// transaction and nothing else, and its callers (every save) need not carry the key.
const bindings = new WeakMap<object, ChainBinding>();
type Executes = Pick<Kysely<Database>, 'getExecutor'>;

/** Binds the chain key to a database (createContext does, once the key is loaded). */
export function bindAuditChain(db: Executes, binding: ChainBinding): void {
  bindings.set(db.getExecutor().adapter, binding);
}

export function chainBindingOf(db: Executes): ChainBinding {
  const binding = bindings.get(db.getExecutor().adapter);
  if (!binding) throw new Error('审计日志的链密钥未设置：数据库须经 createContext 打开（audit chain key not bound）');
  return binding;
}

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
  const binding = chainBindingOf(trx);
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
    .values({ ...row, prev_hash: prevHash, hash: binding.key.hash(prevHash, row) })
    .execute();
  binding.appended?.();
}

const SYSTEM: Actor = { userId: null, name: '系统', role: 'system', ip: null };

/**
 * A log whose newest row still has the plain hash (written before the chain was keyed) gets one
 * 'key_audit_chain' row: from it on every hash is keyed, and it covers the plain rows before it.
 * Done once, at the first start of a version that keys the chain; true when the row was written.
 * Never again: once a keyed row or a checkpoint outside the database exists, a plain newest row is
 * a log rewritten with the public formula, which verify must report, not cover with a new key.
 * Rows are never rewritten (the triggers refuse it, and a hardened PostgreSQL account cannot lift them).
 */
export async function keyAuditChain(db: Kysely<Database>, anchored: () => Promise<boolean>): Promise<boolean> {
  const { key } = chainBindingOf(db);
  const isPlain = (head: Selectable<AuditTable> | undefined) =>
    !!head?.hash && !!head.prev_hash && key.classify(head.prev_hash, { ...head, id: Number(head.id) }, head.hash) === 'plain';
  const newest = (q: Kysely<Database>) => q.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!isPlain(await newest(db))) return false;
  const keyedBefore = await db.selectFrom('audit_log').select('id').where('action', '=', 'key_audit_chain').limit(1).executeTakeFirst();
  if (keyedBefore || (await anchored())) return false;
  return db.transaction().execute(async (trx) => {
    await takeWriteTurn(trx);
    const head = await newest(trx);
    if (!head || !isPlain(head)) return false;
    await append(trx, SYSTEM, { action: 'key_audit_chain', kind: 'auditLog', after: { plainThroughId: Number(head.id), digest: `hmac-${key.digest}` } });
    return true;
  });
}
