/**
 * The audit trail is part of saving: every change to business data writes its row through
 * here, inside the same transaction as the change, so there is never one without the other.
 *
 * Rows are append-only (database triggers refuse UPDATE, and DELETE inside the retention
 * period) and hash-chained under a key kept outside the database (chain.ts): each row carries
 * the previous row's hash in its chain. Checkpoints of the heads are written outside it too
 * (checkpoint.ts).
 *
 * There is one chain per town (the tenant of a ledger row, see org/towns.ts) and one 'global'
 * chain for what belongs to no town (sign-ins, accounts, settings): writers in different towns
 * never wait for each other. Each chain has its own turn (a PostgreSQL advisory lock), its own
 * head and numbering (seq, without gaps); ids come from the table's sequence and may skip.
 */
import { Transaction, sql, type Kysely, type Selectable } from 'kysely';
import { nowIso } from '../core/dates.js';
import { isSqlite } from '../db/dialect.js';
import type { AuditTable, Database } from '../db/schema.js';
import type { Actor } from '../org/scope.js';
import { idOfPath, townPaths } from '../org/towns.js';
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
  /** The town (its id, see townChainOf) whose chain the row joins; the global chain when absent. */
  town?: string | null;
}

/** The chain of everything that belongs to no town; it holds every row written before the chains. */
export const GLOBAL_CHAIN = 'global';

/** The chain of a write about the unit at `path`: its town's id (a unit above towns keeping records is its own). */
export async function townChainOf(executor: Transaction<Database> | Kysely<Database>, path: string): Promise<string> {
  const towns = await townPaths(executor, [path]);
  return idOfPath(towns.get(path) ?? path);
}

/** What writes need besides the transaction: the chain key, and who to tell of an append (checkpoints). */
export interface ChainBinding {
  key: ChainKey;
  /** Called after each append, inside the transaction, with the chain: it must only count, never wait or do I/O. */
  appended?: (chain: string) => void;
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

// PostgreSQL advisory locks, each with the schema in its key so that every schema's audit_log (one
// per test file; one per deployment) has its own. 'fazh' is every writer's way in: shared by all
// writers, held alone by a rebuild of the summaries. 'fazc' is one chain's turn.
const TURNS_KEY = sql.lit(0x66617a68);
const CHAIN_KEY = sql.lit(0x66617a63);

/** The turns a transaction holds ('*': all of them): taking one again costs no round trip. */
const held = new WeakMap<object, Set<string>>();
const EVERY = '*';

/**
 * Takes the turns of these chains (town ids, or GLOBAL_CHAIN) until commit, on PostgreSQL; SQLite
 * has one writer at a time already. Every lock a write takes on shared rows (the monthly summary
 * rows of a town) comes after the turn of that town, and every writer takes the turns it needs
 * in one fixed order — sorted, in one call, before any of those rows — so none can hold a row
 * or a turn while waiting for one held by a writer that waits for it. The global turn, needed by
 * writes that touch no town's rows, is taken last where a write needs it with towns (after them).
 * A transaction that asks for a town after it holds another one that sorts later breaks that
 * order: PostgreSQL then reports any deadlock (an error, not a hang) — write paths that can
 * touch several towns (a move, an import) name them all in their first call.
 */
export async function takeWriteTurn(trx: Transaction<Database>, chains: readonly string[] = [GLOBAL_CHAIN]): Promise<void> {
  if (isSqlite(trx)) return;
  const mine = held.get(trx);
  if (mine?.has(EVERY)) return;
  const wanted = [...new Set(chains)].filter((c) => !mine?.has(c)).sort();
  if (!wanted.length) return;
  const locks = wanted.map((c) => sql`pg_advisory_xact_lock(${CHAIN_KEY}, hashtext(current_schema() || ${`:${c}`}))`);
  // One statement, evaluated left to right: the way in (once per transaction), then the chains in order.
  if (!mine) locks.unshift(sql`pg_advisory_xact_lock_shared(${TURNS_KEY}, hashtext(current_schema()))`);
  await sql`select ${sql.join(locks)}`.execute(trx);
  const now = mine ?? new Set<string>();
  for (const c of wanted) now.add(c);
  held.set(trx, now);
}

/** Whether the transaction already holds this chain's turn (always on SQLite, whose writer is alone). */
export function holdsWriteTurn(trx: Transaction<Database>, chain: string): boolean {
  if (isSqlite(trx)) return true;
  const mine = held.get(trx);
  return !!mine && (mine.has(chain) || mine.has(EVERY));
}

/**
 * Every writer's turn at once (rebuilding all the summaries): waits until no write is under way,
 * and keeps new ones out until commit.
 */
export async function takeEveryTurn(trx: Transaction<Database>): Promise<void> {
  if (isSqlite(trx)) return;
  if (held.get(trx)?.has(EVERY)) return;
  // A transaction's own shared hold does not stand in its way; two upgrading at once is a deadlock PostgreSQL reports.
  await sql`select pg_advisory_xact_lock(${TURNS_KEY}, hashtext(current_schema()))`.execute(trx);
  held.set(trx, new Set([EVERY]));
}

/** Rows up to this id were written before the chains: their hash covers neither chain nor seq. */
export async function singleChainLastId(executor: Pick<Kysely<Database>, 'selectFrom'>): Promise<number> {
  const setting = await executor.selectFrom('audit_setting').select('single_chain_last_id').where('id', '=', 1).executeTakeFirst();
  return Number(setting?.single_chain_last_id ?? 0);
}

async function append(trx: Transaction<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  // Writers to one chain queue here until the holder commits, so each reads the head the previous
  // one wrote. The id is drawn while the turn is held, so within a chain ids rise with seq.
  const binding = chainBindingOf(trx);
  const chain = entry.town ?? GLOBAL_CHAIN;
  await takeWriteTurn(trx, [chain]);
  const nextId = isSqlite(trx) ? sql<number>`(select coalesce(max(id), 0) + 1 from audit_log)` : sql<number>`nextval('audit_log_id_seq')`;
  const { rows } = await sql<{ id: number | string; seq: number | null; hash: string | null }>`select ${nextId} as id,
    (select seq from audit_log where chain = ${chain} order by seq desc limit 1) as seq,
    (select hash from audit_log where chain = ${chain} order by seq desc limit 1) as hash`.execute(trx);
  const head = rows[0];
  const row = {
    id: Number(head?.id),
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
    chain,
    seq: Number(head?.seq ?? 0) + 1,
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_log')
    .values({ ...row, prev_hash: prevHash, hash: binding.key.hash(prevHash, row) })
    .execute();
  binding.appended?.(chain);
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
  const singleChainThrough = await singleChainLastId(db);
  const isPlain = (head: Selectable<AuditTable> | undefined) =>
    !!head?.hash &&
    !!head.prev_hash &&
    key.classify(head.prev_hash, { ...head, id: Number(head.id) }, head.hash, Number(head.id) <= singleChainThrough) === 'plain';
  // Only the global chain can hold plain rows: they were all written before the chains.
  const newest = (q: Kysely<Database>) => q.selectFrom('audit_log').selectAll().where('chain', '=', GLOBAL_CHAIN).orderBy('seq', 'desc').limit(1).executeTakeFirst();
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
