/**
 * Walks the audit log in id order and recomputes the chain, a page at a time. The first row that
 * does not fit is named: its content no longer matches its hash (edited), or it does not link to
 * the row before it / its id skips (rows deleted in between).
 *
 * The chain starts at the genesis hash or, after a purge, at the hash the purge recorded. Deleting
 * the newest rows leaves no broken link; the head id and hash reported here, noted down outside
 * the database, is what catches that.
 */
import type { Db } from '../db/connect.js';
import { GENESIS_HASH, rowHash } from './chain.js';

const PAGE = 1000;

export type AuditChainReport =
  | { ok: true; rows: number; head: { id: number; hash: string } | null }
  | { ok: false; rows: number; firstBad: { id: number; reason: string } };

/** The anchor the most recent purge recorded: the hash of the last row it removed. */
async function purgeAnchor(db: Db): Promise<string | undefined> {
  const purge = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'purge_audit').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!purge?.after) return undefined;
  try {
    const after: unknown = JSON.parse(purge.after);
    if (after && typeof after === 'object' && 'anchor' in after && typeof after.anchor === 'string') return after.anchor;
  } catch {
    // A purge row whose content is not JSON fails its own hash check below.
  }
  return undefined;
}

export async function verifyAuditChain(db: Db): Promise<AuditChainReport> {
  const setting = await db.kysely.selectFrom('audit_setting').select('legacy_last_id').where('id', '=', 1).executeTakeFirst();
  const legacyLastId = setting?.legacy_last_id ?? 0;
  const anchor = await purgeAnchor(db);

  let rows = 0;
  let prev: { id: number; hash: string } | null = null;
  const bad = (id: number, reason: string): AuditChainReport => ({ ok: false, rows, firstBad: { id, reason } });

  for (;;) {
    const after: number = prev?.id ?? 0;
    const page = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      rows += 1;
      const id = Number(row.id);
      if (!row.hash || !row.prev_hash) return bad(id, `编号 ${id} 的记录缺少哈希值：不是经系统写入的，或被改动过`);
      if (rowHash(row.prev_hash, { ...row, id }) !== row.hash) return bad(id, `编号 ${id} 的记录内容与其哈希值不符：写入后被修改过`);
      if (prev === null) {
        const genesisOk = row.prev_hash === GENESIS_HASH && (id === 1 || id <= legacyLastId);
        if (!genesisOk && row.prev_hash !== anchor) return bad(id, `编号 ${id} 之前的记录被删除：最早一条记录接不上链首，也接不上清理命令记下的衔接点`);
      } else {
        if (row.prev_hash !== prev.hash) return bad(id, `编号 ${id} 接不上上一条（编号 ${prev.id}）：两者之间的记录被删除，或上一条被改动过`);
        if (prev.id >= legacyLastId && id !== prev.id + 1) return bad(id, `编号 ${id} 之前的记录缺失（编号 ${prev.id + 1}${id - 1 > prev.id + 1 ? ` 至 ${id - 1}` : ''}）：被删除过`);
      }
      prev = { id, hash: row.hash };
    }
    if (page.length < PAGE) break;
  }
  return { ok: true, rows, head: prev };
}
