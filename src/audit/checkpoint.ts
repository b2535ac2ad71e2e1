/**
 * Checkpoints anchor the audit chains outside the database. Removing the newest rows of a chain
 * breaks no link, and someone holding the database can delete them unseen; so every so often the
 * heads (each chain's last seq, id and hash; with the row count and the newest id) are signed with
 * a subkey of the master key and appended, as one JSON line, to a file beside the data and backups.
 * A line names the heads that moved since this process's last line (every head on a 'command',
 * 'start' or 'restore' line): verify takes each chain's furthest head over all lines. `fazhi audit verify` compares the chain with
 * every checkpoint since the last restore: fewer rows is truncation, another hash is rewriting,
 * and a line whose signature fails was forged.
 *
 * Each line carries its number and the signature of the line before it, under its own signature:
 * an old line appended again (say a genuine 'restore' line, which would start the comparison
 * afresh), a line taken out or lines reordered break that thread and are reported.
 *
 * Written after commit, outside every transaction: each 100 appends, every few minutes while
 * serving (only when the head moved), at shutdown, by `fazhi audit checkpoint`, after a restore.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { GLOBAL_CHAIN } from './audit.js';
import type { MacDigest } from '../security/crypto.js';

/** Why a checkpoint was written. 'restore' starts afresh: a restored backup may be older than what came before. */
export type CheckpointReason = 'appends' | 'interval' | 'start' | 'shutdown' | 'command' | 'restore';

/** A chain's head as a checkpoint records it: [chain, seq, id, hash]. */
export type HeadEntry = [chain: string, seq: number, id: number, hash: string];

export interface ChainHead {
  chain: string;
  seq: number;
  id: number;
  hash: string;
}

export interface Checkpoint {
  /** 1: lines from before the chains, naming the one head (lastId, head); 2: with `heads`. */
  v: 1 | 2;
  /** 1 for the file's first line, then one more each line. */
  seq: number;
  /** The signature (mac) of the line before; '' on the first. */
  prev: string;
  at: string;
  rows: number;
  lastId: number;
  head: string;
  reason: CheckpointReason;
  alg: `hmac-${MacDigest}`;
  mac: string;
  /** v2: the heads of the chains this line anchors. */
  heads?: HeadEntry[];
}

/** The chain heads a checkpoint anchors. A v1 line was written when the global chain was the only one, numbered by id. */
export function headsOf(c: Checkpoint): ChainHead[] {
  if (c.v === 1) return [{ chain: GLOBAL_CHAIN, seq: c.lastId, id: c.lastId, hash: c.head }];
  return (c.heads ?? []).map(([chain, seq, id, hash]) => ({ chain, seq, id, hash }));
}

export interface CheckpointFile {
  path: string;
  /** Valid checkpoints since the latest 'restore' one, oldest first. */
  checkpoints: Checkpoint[];
  /** Lines whose signature fails or that are not checkpoints: each names its line. */
  forged: string[];
  /** A last line cut short (a crash while appending): told, not held against the chain. */
  torn?: string;
  /** The newest line whose signature holds, which the next line follows. */
  last?: Checkpoint;
}

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
const APPENDS_PER_CHECKPOINT = 100;

const signed = (c: Omit<Checkpoint, 'mac'>) =>
  JSON.stringify(c.v === 1 ? [c.v, c.seq, c.prev, c.at, c.rows, c.lastId, c.head, c.reason, c.alg] : [c.v, c.seq, c.prev, c.at, c.rows, c.lastId, c.head, c.reason, c.alg, c.heads ?? []]);

export class CheckpointKey {
  constructor(
    private readonly keys: Record<MacDigest, Buffer>,
    readonly digest: MacDigest,
  ) {}

  sign(c: Omit<Checkpoint, 'mac' | 'alg'>): Checkpoint {
    const unsigned = { ...c, alg: `hmac-${this.digest}` as const };
    return { ...unsigned, mac: createHmac(this.digest, this.keys[this.digest]).update(signed(unsigned)).digest('hex') };
  }

  verify(c: Checkpoint): boolean {
    // Read back from a file: the algorithm is whatever the line says until checked here.
    const alg: string = c.alg;
    const digest = alg === 'hmac-sm3' ? 'sm3' : alg === 'hmac-sha256' ? 'sha256' : undefined;
    if (!digest || typeof c.mac !== 'string') return false;
    const expected = createHmac(digest, this.keys[digest]).update(signed(c)).digest();
    const given = Buffer.from(c.mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

const isCheckpoint = (value: unknown): value is Checkpoint => {
  if (!value || typeof value !== 'object') return false;
  const c = value as Partial<Record<keyof Checkpoint, unknown>>;
  const heads = c.v === 1 || (Array.isArray(c.heads) && c.heads.every((h) => Array.isArray(h) && h.length === 4 && typeof h[0] === 'string' && Number.isInteger(h[1]) && Number.isInteger(h[2]) && typeof h[3] === 'string'));
  return (c.v === 1 || c.v === 2) && heads && Number.isInteger(c.seq) && typeof c.prev === 'string' && typeof c.at === 'string' && Number.isInteger(c.rows) && Number.isInteger(c.lastId) && typeof c.head === 'string' && typeof c.reason === 'string';
};

/** Reads and checks every line of the checkpoint file in `dir` (none yet: an empty list). */
export async function readCheckpoints(dir: string, key: CheckpointKey): Promise<CheckpointFile> {
  const path = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, checkpoints: [], forged: [] };
    throw error;
  }
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const result: CheckpointFile = { path, checkpoints: [], forged: [] };
  let last: Checkpoint | undefined;
  const take = (line: string, n: number) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (!isCheckpoint(parsed) || !key.verify(parsed)) {
      result.forged.push(`第 ${n} 行的签名不符：不是用本系统的密钥写下的，被伪造或改动过`);
      return;
    }
    const follows = last ? parsed.seq === last.seq + 1 && parsed.prev === last.mac : parsed.seq === 1 && parsed.prev === '';
    // The thread goes on from this line either way, so one break is reported once, not at every later line.
    last = parsed;
    if (!follows) {
      result.forged.push(`第 ${n} 行与前一行接不上（第 ${parsed.seq} 号检查点）：检查点被重放、插入、删去或调换了次序，未使用`);
      return;
    }
    if (parsed.reason === 'restore') result.checkpoints = [];
    result.checkpoints.push(parsed);
  };
  lines.forEach((line, i) => line.trim() && take(line, i + 1));
  if (tail.trim()) result.torn = `第 ${lines.length + 1} 行不完整（写入时中断？），未使用`;
  return last ? { ...result, last } : result;
}

/** The newest row as committed now, read in one statement so count, id and hash agree. */
async function currentHead(db: Db): Promise<{ rows: number; lastId: number; head: string } | undefined> {
  const { rows } = await sql<{ id: number; hash: string | null; n: number | string }>`
    select id, hash, (select count(*) from audit_log) as n from audit_log order by id desc limit 1`.execute(db.kysely);
  const row = rows[0];
  if (!row?.hash) return undefined;
  return { rows: Number(row.n), lastId: Number(row.id), head: row.hash };
}

/** Every chain's name, one index probe per chain (a skip scan: the log may hold millions of rows). */
export async function chainNames(executor: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ chain: string | null }>`with recursive c(chain) as (
      select min(chain) from audit_log
      union all
      select (select min(chain) from audit_log where chain > c.chain) from c where c.chain is not null)
    select chain from c where chain is not null`.execute(executor);
  return rows.map((r) => r.chain as string);
}

/** The committed heads of these chains (each chain's last row), sorted by chain. */
export async function chainHeads(executor: Kysely<Database>, chains: readonly string[]): Promise<ChainHead[]> {
  const heads: ChainHead[] = [];
  for (let n = 0; n < chains.length; n += 500) {
    const part = chains.slice(n, n + 500);
    const { rows } = await sql<{ chain: string; seq: number | string; id: number | string; hash: string | null }>`
      select a.chain, a.seq, a.id, a.hash from audit_log a
      where a.chain in (${sql.join(part)}) and a.seq = (select max(b.seq) from audit_log b where b.chain = a.chain)`.execute(executor);
    for (const r of rows) if (r.hash) heads.push({ chain: r.chain, seq: Number(r.seq), id: Number(r.id), hash: r.hash });
  }
  return heads.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
}

/** Writes a database's checkpoints into its anchor directory; one per process and database. */
export class AuditAnchor {
  /** Appends since the last checkpoint this process wrote. */
  private unanchored = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private lastWritten: { lastId: number; head: string } | undefined;
  /** Chains this process appended to, and the seq of each head it last anchored. */
  private readonly touched = new Set<string>();
  private readonly anchoredSeq = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly dir: string,
    readonly key: CheckpointKey,
    private readonly warn: (message: string) => void = (m) => console.error(m),
  ) {}

  /** Counts an append to a chain (inside its transaction); each hundredth schedules a checkpoint for after it. */
  readonly appended = (chain: string = GLOBAL_CHAIN) => {
    this.touched.add(chain);
    this.unanchored += 1;
    if (this.unanchored % APPENDS_PER_CHECKPOINT !== 0) return;
    // Not awaited: the transaction that appended must commit first (on SQLite the read waits for it).
    setImmediate(() => {
      if (!this.closed) this.checkpoint('appends').catch(this.failed);
    });
  };

  private readonly failed = (error: unknown) => this.warn(`审计日志检查点写入失败：${error instanceof Error ? error.message : String(error)}`);

  /**
   * Signs the committed head and appends it to the file; undefined when the log is empty, or
   * (unless `always`) when the head has not moved since this process last wrote one.
   */
  checkpoint(reason: CheckpointReason, always = reason === 'command' || reason === 'restore'): Promise<Checkpoint | undefined> {
    const run = this.queue.then(async () => {
      const head = await currentHead(this.db);
      if (!head) return undefined;
      if (!always && this.lastWritten?.lastId === head.lastId && this.lastWritten.head === head.head) return undefined;
      // A full line where a comparison may start from it; else the heads of the chains this process moved.
      const full = reason === 'command' || reason === 'restore' || reason === 'start';
      const heads = (await chainHeads(this.db.kysely, full ? await chainNames(this.db.kysely) : [...this.touched])).filter((h) => full || this.anchoredSeq.get(h.chain) !== h.seq);
      const { last } = await this.read();
      const thread = last ? { seq: last.seq + 1, prev: last.mac } : { seq: 1, prev: '' };
      const entries = heads.map((h): HeadEntry => [h.chain, h.seq, h.id, h.hash]);
      const checkpoint = this.key.sign({ v: 2, ...thread, at: new Date().toISOString(), ...head, reason, heads: entries });
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const file = await open(join(this.dir, CHECKPOINT_FILE), 'a', 0o600);
      try {
        await file.appendFile(`${JSON.stringify(checkpoint)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      this.lastWritten = head;
      for (const h of heads) this.anchoredSeq.set(h.chain, h.seq);
      this.unanchored = 0;
      return checkpoint;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A checkpoint every `minutes` while the head moves; returns the stop. */
  every(minutes: number): () => void {
    const timer = setInterval(() => void this.checkpoint('interval').catch(this.failed), minutes * 60_000);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** At shutdown: waits for any checkpoint under way and writes the last one if rows came since. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    if (this.unanchored === 0) return;
    await this.checkpoint('shutdown').catch(this.failed);
  }

  read(): Promise<CheckpointFile> {
    return readCheckpoints(this.dir, this.key);
  }
}
