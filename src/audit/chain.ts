/**
 * The hash chain over the audit log: each row's hash covers its own fields and the hash of the
 * row before it, so editing or removing a row breaks every link after it. This format is a
 * stored contract (migration 0004 backfills with it): change it only with a new migration.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditTable } from '../db/schema.js';

/** prev_hash of the very first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers; canonicalJson fixes their order. */
export type ChainedFields = Omit<Selectable<AuditTable>, 'prev_hash' | 'hash'>;

/** A JSON array in a fixed field order: no key-order or whitespace ambiguity. */
export function canonicalJson(row: ChainedFields): string {
  return JSON.stringify([row.id, row.at, row.actor_id, row.actor_name, row.ip, row.action, row.kind, row.record_id, row.org_id, row.before, row.after]);
}

export function rowHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');
}
