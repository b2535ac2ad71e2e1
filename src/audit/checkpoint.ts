/**
 * Checkpoints anchor the audit chain outside the database. Removing the newest rows breaks no
 * link, and someone holding the database can delete them unseen; so every so often the head
 * (row count, last id, its hash) is signed with a subkey of the master key and appended, as one
 * JSON line, to a file beside the data and backups. `fazhi audit verify` compares the chain with
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
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { MacDigest } from '../security/crypto.js';

/** Why a checkpoint was written. 'restore' starts afresh: a restored backup may be older than what came before. */
export type CheckpointReason = 'appends' | 'interval' | 'start' | 'shutdown' | 'command' | 'restore';

export interface Checkpoint {
  v: 1;
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

const signed = (c: Omit<Checkpoint, 'mac'>) => JSON.stringify([c.v, c.seq, c.prev, c.at, c.rows, c.lastId, c.head, c.reason, c.alg]);

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
  return c.v === 1 && Number.isInteger(c.seq) && typeof c.prev === 'string' && typeof c.at === 'string' && Number.isInteger(c.rows) && Number.isInteger(c.lastId) && typeof c.head === 'string' && typeof c.reason === 'string';
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

/** The head as committed now, read in one statement so count, id and hash agree. */
async function currentHead(db: Db): Promise<{ rows: number; lastId: number; head: string } | undefined> {
  const { rows } = await sql<{ id: number; hash: string | null; n: number | string }>`
    select id, hash, (select count(*) from audit_log) as n from audit_log order by id desc limit 1`.execute(db.kysely);
  const row = rows[0];
  if (!row?.hash) return undefined;
  return { rows: Number(row.n), lastId: Number(row.id), head: row.hash };
}

/** Writes a database's checkpoints into its anchor directory; one per process and database. */
export class AuditAnchor {
  /** Appends since the last checkpoint this process wrote. */
  private unanchored = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private lastWritten: { lastId: number; head: string } | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly dir: string,
    readonly key: CheckpointKey,
    private readonly warn: (message: string) => void = (m) => console.error(m),
  ) {}

  /** Counts an append (inside its transaction); each hundredth schedules a checkpoint for after it. */
  readonly appended = () => {
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
      const { last } = await this.read();
      const thread = last ? { seq: last.seq + 1, prev: last.mac } : { seq: 1, prev: '' };
      const checkpoint = this.key.sign({ v: 1, ...thread, at: new Date().toISOString(), ...head, reason });
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const file = await open(join(this.dir, CHECKPOINT_FILE), 'a', 0o600);
      try {
        await file.appendFile(`${JSON.stringify(checkpoint)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      this.lastWritten = head;
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
