/**
 * The hash chain over the audit log: each row's hash covers its own fields and the hash of the
 * row before it, so editing or removing a row breaks every link after it.
 *
 * Rows are chained with an HMAC under a subkey of the master key (HMAC-SHA256, or HMAC-SM3 under
 * FAZHI_CIPHER=sm4): someone who can write the database but has not the key cannot recompute
 * the hashes after an edit. Rows written before the key (migration 0004 backfilled them with the
 * plain SHA-256 below, a stored contract) stay as they are, up to a 'key_audit_chain' row: the
 * first keyed hash covers the last plain one, so the older rows are held by it too.
 *
 * Since the log became one chain per town (migration 0015) a row's keyed hash also covers its
 * chain and its place in it, so a row cannot be moved to another chain or renumbered unseen.
 * Rows written before keep the hash they were written with.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditTable } from '../db/schema.js';
import type { MacDigest } from '../security/crypto.js';

/** prev_hash of the very first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers; canonicalJson fixes their order. Rows from before the chains may lack chain and seq. */
export type ChainedFields = Omit<Selectable<AuditTable>, 'prev_hash' | 'hash' | 'chain' | 'seq'> & Partial<Pick<Selectable<AuditTable>, 'chain' | 'seq'>>;

/** A JSON array in a fixed field order: no key-order or whitespace ambiguity. The form rows had before the chains. */
export function canonicalJson(row: ChainedFields): string {
  return JSON.stringify([row.id, row.at, row.actor_id, row.actor_name, row.ip, row.action, row.kind, row.record_id, row.org_id, row.before, row.after]);
}

/** The same with the row's chain and place in it last: the form of every row written since. */
function chainedJson(row: ChainedFields): string {
  return JSON.stringify([row.id, row.at, row.actor_id, row.actor_name, row.ip, row.action, row.kind, row.record_id, row.org_id, row.before, row.after, row.chain ?? null, Number(row.seq ?? 0)]);
}

/** The plain (unkeyed) hash of the rows written before the chain was keyed. */
export function rowHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');
}

/** How a stored hash was made: with the chain key, with the old plain hash, or by neither (the row was edited). */
export type HashKind = 'keyed' | 'plain' | 'none';

/** The chain's key: writes with the configured digest, recognises either. */
export class ChainKey {
  constructor(
    private readonly keys: Record<MacDigest, Buffer>,
    readonly digest: MacDigest,
  ) {}

  /** `singleChain`: the row predates the chains (its id is at most audit_setting.single_chain_last_id). */
  hash(prevHash: string, row: ChainedFields, digest: MacDigest = this.digest, singleChain = false): string {
    return createHmac(digest, this.keys[digest]).update(prevHash).update(singleChain ? canonicalJson(row) : chainedJson(row)).digest('hex');
  }

  classify(prevHash: string, row: ChainedFields, stored: string, singleChain = false): HashKind {
    const other: MacDigest = this.digest === 'sha256' ? 'sm3' : 'sha256';
    if (this.hash(prevHash, row, this.digest, singleChain) === stored || this.hash(prevHash, row, other, singleChain) === stored) return 'keyed';
    return rowHash(prevHash, row) === stored ? 'plain' : 'none';
  }
}
