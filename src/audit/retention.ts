/**
 * How long the audit log is kept, and removing what is older. 等保2.0 asks for at least six
 * months; the database holds to 180 days as well (CHECK constraint, delete trigger), so this
 * is the friendly refusal, not the only one.
 */
import { fieldError } from '../core/errors.js';
import { isValidDate, todayInChina } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import type { Actor } from '../org/scope.js';
import { sql } from 'kysely';
import { writeAudit } from './audit.js';
import { GENESIS_HASH } from './chain.js';
import { chainNames } from './checkpoint.js';

export const MIN_RETENTION_DAYS = 180;
const MAX_RETENTION_DAYS = 36_500;
const DAY_MS = 86_400_000;

export async function retentionDays(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('audit_setting').select('retention_days').where('id', '=', 1).executeTakeFirst();
  return Math.max(row?.retention_days ?? MIN_RETENTION_DAYS, MIN_RETENTION_DAYS);
}

export async function setRetentionDays(db: Db, actor: Actor, days: number): Promise<void> {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    throw fieldError('days', `「保存天数」应为 ${MIN_RETENTION_DAYS} 到 ${MAX_RETENTION_DAYS} 之间的整数`);
  }
  const before = await retentionDays(db);
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('audit_setting').set({ retention_days: days }).where('id', '=', 1).execute();
    await writeAudit(trx, actor, { action: 'set_audit_retention', kind: 'auditLog', before: { retentionDays: before }, after: { retentionDays: days } });
  });
}

/** Midnight Beijing time at the start of a 'YYYY-MM-DD' day, as the ISO text stored in audit_log.at. */
export const chinaMidnightIso = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

/** The last date that `purge --before` accepts today. */
export async function latestPurgeDate(db: Db, now = new Date()): Promise<string> {
  return todayInChina(new Date(now.getTime() - (await retentionDays(db)) * DAY_MS));
}

export interface PurgeResult {
  deleted: number;
  /** Per chain cut: the hash its first remaining row links to, recorded in the purge's own audit row. */
  anchors: Record<string, string>;
}

/**
 * Deletes the rows written before `before` (a Beijing date). Only a prefix of each chain goes:
 * every row up to the last one written before that date, but never a chain's newest row, which
 * the next write in the chain links to. The purge is audited first, so its row survives and
 * names, for every chain whose oldest remaining row does not start at the genesis hash, the hash
 * that row links to (verify.ts checks it): this purge's cuts and those of purges before it.
 */
export async function purgeAuditLog(db: Db, actor: Actor, before: string, now = new Date()): Promise<PurgeResult> {
  if (!isValidDate(before)) throw fieldError('before', '「清理日期」应为 YYYY-MM-DD 格式的有效日期');
  const days = await retentionDays(db);
  const latest = await latestPurgeDate(db, now);
  if (before > latest) {
    throw fieldError('before', `审计日志至少保存 ${days} 天：「清理日期」最晚为 ${latest}，${before} 之前的部分记录仍在保存期内`);
  }
  return db.kysely.transaction().execute(async (trx) => {
    const { rows: cuts } = await sql<{ chain: string; through: number | string }>`select a.chain, max(a.seq) as through from audit_log a
      where a.at < ${chinaMidnightIso(before)} and a.seq < (select max(b.seq) from audit_log b where b.chain = a.chain)
      group by a.chain`.execute(trx);
    if (!cuts.length) return { deleted: 0, anchors: {} };
    const through = new Map(cuts.map((c) => [c.chain, Number(c.through)]));
    const anchors: Record<string, string> = {};
    const chains: Record<string, { throughSeq: number; throughId: number; deleted: number }> = {};
    let deleted = 0;
    // Chains this purge leaves whole keep the anchor an earlier purge gave them.
    for (const chain of await chainNames(trx)) {
      const cut = through.get(chain);
      if (cut === undefined) {
        const first = await trx.selectFrom('audit_log').select('prev_hash').where('chain', '=', chain).orderBy('seq').limit(1).executeTakeFirst();
        if (first?.prev_hash && first.prev_hash !== GENESIS_HASH) anchors[chain] = first.prev_hash;
        continue;
      }
      const last = await trx.selectFrom('audit_log').select(['id', 'hash']).where('chain', '=', chain).where('seq', '=', cut).executeTakeFirstOrThrow();
      const { n } = await trx
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('chain', '=', chain)
        .where('seq', '<=', cut)
        .executeTakeFirstOrThrow();
      anchors[chain] = last.hash ?? '';
      chains[chain] = { throughSeq: cut, throughId: Number(last.id), deleted: Number(n) };
      deleted += Number(n);
    }
    await writeAudit(trx, actor, { action: 'purge_audit', kind: 'auditLog', after: { before, retentionDays: days, deleted, chains, anchors } });
    for (const [chain, cut] of through) await trx.deleteFrom('audit_log').where('chain', '=', chain).where('seq', '<=', cut).execute();
    return { deleted, anchors: Object.fromEntries(Object.keys(chains).map((c) => [c, anchors[c] as string])) };
  });
}
