/**
 * Walks the audit log in id order and recomputes every chain (one per town, one global; see
 * audit.ts), a page at a time. The first row that does not fit is named, with its chain: its
 * content no longer matches its keyed hash (edited, or its hash recomputed without the key), or
 * it does not link to the row before it in its chain, or its place in the chain (seq) skips —
 * rows deleted in between. Ids may skip (a rolled-back write draws one); seq may not.
 *
 * Each chain starts at the genesis hash or, after a purge, at the hash the purge recorded for it.
 * Deleting the newest rows of a chain leaves no broken link: the checkpoints written outside the
 * database (checkpoint.ts), when given, catch that, and a rewrite whose hashes were recomputed
 * with the key.
 */
import type { Db } from '../db/connect.js';
import { chainBindingOf, GLOBAL_CHAIN, singleChainLastId } from './audit.js';
import { GENESIS_HASH } from './chain.js';
import { headsOf, type ChainHead, type Checkpoint } from './checkpoint.js';

const PAGE = 1000;

export type AuditChainReport =
  | { ok: true; rows: number; chains: number; head: { id: number; hash: string } | null }
  | { ok: false; rows: number; firstBad: { id: number; chain: string; reason: string } };

/** The hash each chain's oldest remaining row links to, as the most recent purge recorded them. */
async function purgeAnchors(db: Db): Promise<Map<string, string>> {
  const purge = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'purge_audit').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const anchors = new Map<string, string>();
  if (!purge?.after) return anchors;
  try {
    const after: unknown = JSON.parse(purge.after);
    if (!after || typeof after !== 'object') return anchors;
    // A purge from before the chains names one anchor, the global chain's.
    if ('anchor' in after && typeof after.anchor === 'string') anchors.set(GLOBAL_CHAIN, after.anchor);
    if ('anchors' in after && after.anchors && typeof after.anchors === 'object') {
      for (const [chain, hash] of Object.entries(after.anchors)) if (typeof hash === 'string') anchors.set(chain, hash);
    }
  } catch {
    // A purge row whose content is not JSON fails its own hash check below.
  }
  return anchors;
}

/** How a report names a chain: the global one, or the town's by name (its id when the unit is gone). */
async function chainLabel(db: Db, chain: string): Promise<string> {
  if (chain === GLOBAL_CHAIN) return '全局审计链';
  const unit = await db.kysely.selectFrom('org_unit').select('name').where('id', '=', chain).executeTakeFirst();
  return `${unit?.name ?? chain}的审计链（${chain}）`;
}

const described = (c: Checkpoint) => `检查点（${c.at}，共 ${c.rows} 条，最新编号 ${c.lastId}）`;

interface ChainWalk {
  rows: number;
  first: { id: number; seq: number };
  prev: { id: number; seq: number; hash: string };
  /** Rows with the plain hash of before the key are accepted only ahead of the 'key_audit_chain' row. */
  plainUpTo: number | null;
  keyed: boolean;
}

/** `checkpoints`: those read from the anchor file (readCheckpoints), each compared with the chains. */
export async function verifyAuditChain(db: Db, checkpoints: readonly Checkpoint[] = []): Promise<AuditChainReport> {
  const { key } = chainBindingOf(db.kysely);
  const setting = await db.kysely.selectFrom('audit_setting').select('legacy_last_id').where('id', '=', 1).executeTakeFirst();
  const legacyLastId = setting?.legacy_last_id ?? 0;
  const singleChainThrough = await singleChainLastId(db.kysely);
  const anchors = await purgeAnchors(db);
  // Every head a checkpoint recorded, by row id; and per chain the furthest one.
  const anchored = new Map<number, { head: ChainHead; checkpoint: Checkpoint }>();
  const furthest = new Map<string, { head: ChainHead; checkpoint: Checkpoint }>();
  for (const checkpoint of checkpoints) {
    for (const head of headsOf(checkpoint)) {
      anchored.set(head.id, { head, checkpoint });
      const known = furthest.get(head.chain);
      if (!known || head.seq >= known.head.seq) furthest.set(head.chain, { head, checkpoint });
    }
  }

  let rows = 0;
  let newest: { id: number; hash: string } | null = null;
  const chains = new Map<string, ChainWalk>();
  const bad = async (id: number, chain: string, reason: string): Promise<AuditChainReport> => ({
    ok: false,
    rows,
    firstBad: { id, chain, reason: `${await chainLabel(db, chain)}：${reason}` },
  });

  for (;;) {
    const after: number = newest?.id ?? 0;
    const page = await db.kysely.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
    for (const row of page) {
      rows += 1;
      const id = Number(row.id);
      const seq = Number(row.seq);
      const chain = row.chain;
      newest = { id, hash: row.hash ?? '' };
      if (!row.hash || !row.prev_hash) return bad(id, chain, `编号 ${id} 的记录缺少哈希值：不是经系统写入的，或被改动过`);
      const kind = key.classify(row.prev_hash, { ...row, id, seq }, row.hash, id <= singleChainThrough);
      if (kind === 'none') return bad(id, chain, `编号 ${id} 的记录内容与其哈希值不符：写入后被修改过（或所用主密钥不是写入时的密钥）`);
      const walk = chains.get(chain);
      const state: ChainWalk = walk ?? { rows: 0, first: { id, seq }, prev: { id, seq, hash: row.hash }, plainUpTo: null, keyed: false };
      if (kind === 'plain') {
        if (state.keyed) return bad(id, chain, `编号 ${id} 的哈希不是用审计密钥计算的：该记录被改写后，有人按旧的不带密钥的算法重算了哈希`);
        state.plainUpTo = id;
      } else if (!state.keyed) {
        if (state.plainUpTo !== null && row.action !== 'key_audit_chain') return bad(id, chain, `编号 ${id} 之前的记录用旧算法计算哈希，却没有启用密钥的记录衔接：中间的记录被删除或改写过`);
        state.keyed = true;
      }
      if (!walk) {
        // Before the chains, rows up to legacy_last_id may have started anywhere (their ids had gaps).
        const genesisOk = row.prev_hash === GENESIS_HASH && (seq === 1 || (chain === GLOBAL_CHAIN && seq <= legacyLastId));
        if (!genesisOk && row.prev_hash !== anchors.get(chain)) return bad(id, chain, `编号 ${id}（该链第 ${seq} 条）之前的记录被删除：该链最早的一条记录接不上链首，也接不上清理命令记下的衔接点`);
        chains.set(chain, state);
      } else {
        const prev = walk.prev;
        if (row.prev_hash !== prev.hash) return bad(id, chain, `编号 ${id} 接不上该链的上一条（编号 ${prev.id}）：两者之间的记录被删除，或上一条被改动过`);
        const gapsAllowed = chain === GLOBAL_CHAIN && prev.seq < legacyLastId;
        if (!gapsAllowed && seq !== prev.seq + 1) {
          return bad(id, chain, `编号 ${id} 是该链第 ${seq} 条，之前的第 ${prev.seq + 1}${seq - 1 > prev.seq + 1 ? ` 至 ${seq - 1}` : ''} 条缺失：被删除过`);
        }
      }
      state.rows += 1;
      state.prev = { id, seq, hash: row.hash };
      const checkpoint = anchored.get(id);
      if (checkpoint) {
        if (checkpoint.head.hash !== row.hash || checkpoint.head.chain !== chain) {
          return bad(id, chain, `编号 ${id} 与${described(checkpoint.checkpoint)}记下的哈希不同：该记录或它之前的记录在检查点之后被改写过（哈希被重新计算）`);
        }
        anchored.delete(id);
      }
    }
    if (page.length < PAGE) break;
  }
  for (const [chain, state] of chains) {
    if (state.plainUpTo !== null && !state.keyed) return bad(state.plainUpTo, chain, `没有一条用审计密钥计算的哈希（到编号 ${state.plainUpTo} 为止都是旧算法）：可能被整体改写后重算过`);
  }

  // Checkpointed heads the walk did not meet: beyond a chain's head (truncated), or inside it but missing (deleted).
  for (const [chain, { head, checkpoint }] of [...furthest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const state = chains.get(chain);
    if (!state || head.seq > state.prev.seq) {
      const from = (state?.prev.seq ?? 0) + 1;
      const kept = state ? `只到第 ${state.prev.seq} 条（编号 ${state.prev.id}）` : '一条也没有';
      return bad(head.id, chain, `审计日志被截断：${described(checkpoint)}之后，库中该链最新的记录${kept}，第 ${from}${head.seq > from ? ` 至 ${head.seq}` : ''} 条（检查点记下的最新一条编号 ${head.id}）被删除`);
    }
  }
  for (const { head, checkpoint } of anchored.values()) {
    const state = chains.get(head.chain);
    // Behind a chain's oldest remaining row: purged. Within it: it should have been met.
    if (state && head.seq >= state.first.seq) return bad(head.id, head.chain, `编号 ${head.id} 的记录不见了：${described(checkpoint)}时它是该链最新的一条，之后被删除`);
  }
  return { ok: true, rows, chains: chains.size, head: newest };
}

/**
 * Whether the key in use is the one the log was written with: the newest row's keyed hash is
 * recomputed (a fingerprint the database already holds). False also when that row was edited;
 * true for an empty log or one still ending in a row from before the key.
 */
export async function headMatchesKey(db: Db): Promise<boolean> {
  const head = await db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!head?.hash || !head.prev_hash) return head === undefined;
  const id = Number(head.id);
  return chainBindingOf(db.kysely).key.classify(head.prev_hash, { ...head, id, seq: Number(head.seq) }, head.hash, id <= (await singleChainLastId(db.kysely))) !== 'none';
}
