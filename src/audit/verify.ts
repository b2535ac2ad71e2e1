/**
 * Walks the audit log in id order and recomputes the chain, a page at a time. The first row that
 * does not fit is named: its content no longer matches its keyed hash (edited, or its hash
 * recomputed without the key), or it does not link to the row before it / its id skips (rows
 * deleted in between).
 *
 * The chain starts at the genesis hash or, after a purge, at the hash the purge recorded. Deleting
 * the newest rows leaves no broken link: the checkpoints written outside the database
 * (checkpoint.ts), when given, catch that, and a rewrite whose hashes were recomputed with the key.
 */
import type { Db } from '../db/connect.js';
import { chainBindingOf } from './audit.js';
import { GENESIS_HASH } from './chain.js';
import type { Checkpoint } from './checkpoint.js';

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

const described = (c: Checkpoint) => `检查点（${c.at}，共 ${c.rows} 条，最新编号 ${c.lastId}）`;

/** `checkpoints`: those read from the anchor file (readCheckpoints), each compared with the chain. */
export async function verifyAuditChain(db: Db, checkpoints: readonly Checkpoint[] = []): Promise<AuditChainReport> {
  const { key } = chainBindingOf(db.kysely);
  const setting = await db.kysely.selectFrom('audit_setting').select('legacy_last_id').where('id', '=', 1).executeTakeFirst();
  const legacyLastId = setting?.legacy_last_id ?? 0;
  const anchor = await purgeAnchor(db);
  const anchored = new Map(checkpoints.map((c) => [c.lastId, c]));

  let rows = 0;
  let prev: { id: number; hash: string } | null = null;
  let first: number | null = null;
  // Rows with the plain hash of before the key are accepted only ahead of the 'key_audit_chain' row.
  let plainUpTo: number | null = null;
  let keyed = false;
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
      const kind = key.classify(row.prev_hash, { ...row, id }, row.hash);
      if (kind === 'none') return bad(id, `编号 ${id} 的记录内容与其哈希值不符：写入后被修改过（或所用主密钥不是写入时的密钥）`);
      if (kind === 'plain') {
        if (keyed) return bad(id, `编号 ${id} 的哈希不是用审计密钥计算的：该记录被改写后，有人按旧的不带密钥的算法重算了哈希`);
        plainUpTo = id;
      } else if (!keyed) {
        if (plainUpTo !== null && row.action !== 'key_audit_chain') return bad(id, `编号 ${id} 之前的记录用旧算法计算哈希，却没有启用密钥的记录衔接：中间的记录被删除或改写过`);
        keyed = true;
      }
      if (prev === null) {
        first = id;
        const genesisOk = row.prev_hash === GENESIS_HASH && (id === 1 || id <= legacyLastId);
        if (!genesisOk && row.prev_hash !== anchor) return bad(id, `编号 ${id} 之前的记录被删除：最早一条记录接不上链首，也接不上清理命令记下的衔接点`);
      } else {
        if (row.prev_hash !== prev.hash) return bad(id, `编号 ${id} 接不上上一条（编号 ${prev.id}）：两者之间的记录被删除，或上一条被改动过`);
        if (prev.id >= legacyLastId && id !== prev.id + 1) return bad(id, `编号 ${id} 之前的记录缺失（编号 ${prev.id + 1}${id - 1 > prev.id + 1 ? ` 至 ${id - 1}` : ''}）：被删除过`);
      }
      const checkpoint = anchored.get(id);
      if (checkpoint) {
        if (checkpoint.head !== row.hash) return bad(id, `编号 ${id} 与${described(checkpoint)}记下的哈希不同：该记录或它之前的记录在检查点之后被改写过（哈希被重新计算）`);
        anchored.delete(id);
      }
      prev = { id, hash: row.hash };
    }
    if (page.length < PAGE) break;
  }
  if (plainUpTo !== null && !keyed) return bad(plainUpTo, `审计日志没有一条用审计密钥计算的哈希（到编号 ${plainUpTo} 为止都是旧算法）：可能被整体改写后重算过`);

  // Checkpoints the walk did not meet: beyond the head (truncated), or inside it but missing (deleted).
  const latest = [...anchored.values()].sort((a, b) => b.lastId - a.lastId)[0];
  if (latest && (prev === null || latest.lastId > prev.id)) {
    const from = (prev?.id ?? 0) + 1;
    return bad(from, `审计日志被截断：${described(latest)}之后，库中最新的记录${prev ? `只到编号 ${prev.id}` : '一条也没有'}，编号 ${from}${latest.lastId > from ? ` 至 ${latest.lastId}` : ''} 的记录被删除`);
  }
  const missing = [...anchored.values()].find((c) => first !== null && c.lastId >= first);
  if (missing) return bad(missing.lastId, `编号 ${missing.lastId} 的记录不见了：${described(missing)}时它是最新的一条，之后被删除`);
  return { ok: true, rows, head: prev };
}

/**
 * Whether the key in use is the one the log was written with: the newest row's keyed hash is
 * recomputed (a fingerprint the database already holds). False also when that row was edited;
 * true for an empty log or one still ending in a row from before the key.
 */
export async function headMatchesKey(db: Db): Promise<boolean> {
  const head = await db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!head?.hash || !head.prev_hash) return head === undefined;
  return chainBindingOf(db.kysely).key.classify(head.prev_hash, { ...head, id: Number(head.id) }, head.hash) !== 'none';
}
