/**
 * The outbox: records a grid worker saved on the phone, waiting to reach the server. Each has an
 * id made on the phone (crypto.randomUUID) that the server's create is idempotent on, so sending
 * again after a dropped answer never makes a second record. Sending goes in the order saved;
 * an item leaves only once the server has confirmed it (and its photo); an item the server refuses
 * stays, with the server's message, until the worker fixes or discards it. No React, no fetch:
 * the storage and the server are interfaces (store.ts, transport.ts), so this is tested as is.
 */

export interface ErrorDetail {
  field: string;
  message: string;
}

/** A photo waiting to be attached to its record once the record exists. */
export interface OutboxPhoto {
  bytes: ArrayBuffer;
  name: string;
  type: string;
  /** An upload was started: if its answer was lost, the record may already have it. */
  attempted: boolean;
}

export type OutboxForm = 'dispute' | 'screening';

export interface OutboxItem {
  clientId: string;
  userId: string;
  /** Order of saving: sending follows it. */
  seq: number;
  /** The ledger kind (POST /api/ledgers/:kind). */
  kind: string;
  /** Which phone form made it, and its values as typed: to open it again for a fix. */
  form: OutboxForm;
  draft: Record<string, unknown>;
  /** What is sent. A value `outbox:<clientId>` stands for the record that item will create (a dispute found in a screening saved offline). */
  body: Record<string, unknown>;
  /** What the worker sees in the list. */
  title: string;
  savedAt: string;
  photo?: OutboxPhoto;
  /** Set once the server confirmed the record: what is left is its photo. */
  recordId?: string;
  /** The server said no: its message and the fields it named. */
  refused?: { status: number; message: string; details: ErrorDetail[]; at: string };
}

export interface SyncState {
  /** When the outbox last reached the server (ISO time). */
  lastSyncAt?: string;
}

export interface OutboxStore {
  /** The user's items, oldest first. */
  list(userId: string): Promise<OutboxItem[]>;
  get(clientId: string): Promise<OutboxItem | undefined>;
  put(item: OutboxItem): Promise<void>;
  delete(clientId: string): Promise<void>;
  /** Everything kept for the user: their items and sync state (sign-out). */
  clear(userId: string): Promise<void>;
  state(userId: string): Promise<SyncState | undefined>;
  saveState(userId: string, state: SyncState): Promise<void>;
}

/** A failed request as the outbox needs to see it: the HTTP status (0: no answer) and the server's words. */
export interface SendError {
  status: number;
  message: string;
  details: ErrorDetail[];
}

export interface CreatedRecord {
  id: string;
  title: string;
  [field: string]: unknown;
}

export interface OutboxTransport {
  /** POST the record with its client id; the same record again for a repeated id. */
  create(kind: string, body: Record<string, unknown>, clientId: string): Promise<CreatedRecord>;
  upload(kind: string, recordId: string, photo: File, onProgress?: (percent: number) => void): Promise<void>;
  /** Whether the record already holds a file of this name and size (an upload whose answer was lost). */
  hasFile(kind: string, recordId: string, name: string, size: number): Promise<boolean>;
  /** Tells the server the outbox synced, and what it still holds. */
  report(pending: number, refused: number): Promise<void>;
  /** Turns whatever a request threw into a SendError. */
  errorOf(error: unknown): SendError;
}

export const OUTBOX_REF = 'outbox:';

/** Why a run stopped before the end: no connection, the session is gone, or the server is in trouble. */
export type StopReason = 'offline' | 'signedOut' | 'server';

export interface SyncResult {
  /** Records the server confirmed in this run, by client id. */
  sent: Map<string, CreatedRecord>;
  /** Refused in this run, by client id. */
  refused: Map<string, SendError>;
  stopped?: StopReason;
  /** The server's error when stopped. */
  stopError?: SendError;
}

/** What to make of a failed request: wait and send again later, or hold the item as refused. */
export function classify(error: SendError): StopReason | 'refused' {
  if (error.status === 0) return 'offline';
  if (error.status === 401) return 'signedOut';
  // Busy, timed out, rate limited, broken: not the record's fault.
  if (error.status >= 500 || error.status === 408 || error.status === 429) return 'server';
  return 'refused';
}

/** The same values with `outbox:<from>` replaced by the record it became. */
const resolveRef = (body: Record<string, unknown>, from: string, to: string | undefined) =>
  Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (v === `${OUTBOX_REF}${from}` ? (to === undefined ? [] : [[k, to]]) : [[k, v]])));

/** The client id an item waits for (an earlier item not sent yet), if any. */
const waitsFor = (item: OutboxItem) =>
  Object.values(item.body)
    .filter((v): v is string => typeof v === 'string' && v.startsWith(OUTBOX_REF))
    .map((v) => v.slice(OUTBOX_REF.length))[0];

export class Outbox {
  /** One run at a time: a second trigger (online event and app open together) waits for the first. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Queues a new record (or replaces the one with the same client id, after a fix) at the end of the queue. */
  async save(item: Omit<OutboxItem, 'seq' | 'savedAt' | 'refused' | 'recordId'>): Promise<OutboxItem> {
    const existing = await this.store.get(item.clientId);
    if (existing && existing.userId !== item.userId) throw new Error('outbox item of another user');
    const items = await this.store.list(item.userId);
    const seq = existing?.seq ?? (items.at(-1)?.seq ?? 0) + 1;
    // A fixed item keeps its place and any record already made for it (then only its photo is left).
    const saved: OutboxItem = { ...item, seq, savedAt: this.now().toISOString(), ...(existing?.recordId ? { recordId: existing.recordId } : {}) };
    await this.store.put(saved);
    return saved;
  }

  /** Drops an item for good; a later item that referred to its record no longer does. */
  async discard(userId: string, clientId: string): Promise<void> {
    for (const other of await this.store.list(userId)) {
      if (other.clientId !== clientId && waitsFor(other) === clientId) await this.store.put({ ...other, body: resolveRef(other.body, clientId, undefined) });
    }
    await this.store.delete(clientId);
  }

  /** Sends what can be sent, in order; `onProgress` hears the photo upload of one item. */
  sync(userId: string, progress?: { clientId: string; onProgress: (percent: number) => void }): Promise<SyncResult> {
    const run = this.running.then(() => this.run(userId, progress));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async run(userId: string, progress?: { clientId: string; onProgress: (percent: number) => void }): Promise<SyncResult> {
    const result: SyncResult = { sent: new Map(), refused: new Map() };
    let reached = false;
    for (const listed of await this.store.list(userId)) {
      // Re-read: an earlier item's record may have been written into this one's body.
      const item = await this.store.get(listed.clientId);
      if (!item || item.refused) continue;
      const pendingRef = waitsFor(item);
      // Waits for an earlier item the server has not confirmed (refused, or still to be fixed).
      if (pendingRef) continue;
      try {
        let record: CreatedRecord | undefined;
        if (!item.recordId) {
          record = await this.transport.create(item.kind, item.body, item.clientId);
          reached = true;
          item.recordId = record.id;
          await this.store.put(item);
          // Items that named this one's record now name it by its id.
          for (const other of await this.store.list(userId)) {
            if (waitsFor(other) === item.clientId) await this.store.put({ ...other, body: resolveRef(other.body, item.clientId, record.id) });
          }
        }
        if (item.photo) {
          const file = new File([item.photo.bytes], item.photo.name, { type: item.photo.type });
          const already = item.photo.attempted && (await this.transport.hasFile(item.kind, item.recordId, file.name, file.size));
          if (!already) {
            await this.store.put({ ...item, photo: { ...item.photo, attempted: true } });
            await this.transport.upload(item.kind, item.recordId, file, progress?.clientId === item.clientId ? progress.onProgress : undefined);
          }
          reached = true;
        }
        await this.store.delete(item.clientId);
        result.sent.set(item.clientId, record ?? { id: item.recordId, title: item.title });
      } catch (thrown) {
        const error = this.transport.errorOf(thrown);
        const verdict = classify(error);
        if (verdict === 'refused') {
          reached = true;
          const current = (await this.store.get(item.clientId)) ?? item;
          // The record was made and only its photo was refused: say so, so the worker knows what is missing.
          const message = current.recordId ? `记录已上报，但照片被退回：${error.message}` : error.message;
          const refused = { ...error, message };
          await this.store.put({ ...current, refused: { ...refused, at: this.now().toISOString() } });
          result.refused.set(item.clientId, refused);
          continue;
        }
        result.stopped = verdict;
        result.stopError = error;
        if (verdict === 'server') reached = true;
        break;
      }
    }
    if (result.stopped !== 'offline' && result.stopped !== 'signedOut') {
      const left = await this.store.list(userId);
      try {
        // The office's overview of who synced when; with nothing to send, this is the contact.
        await this.transport.report(left.filter((i) => !i.refused).length, left.filter((i) => i.refused).length);
        reached = true;
      } catch {
        // Not reached with nothing sent: no sync to record. Records that were sent still count.
      }
    }
    if (reached) await this.store.saveState(userId, { ...(await this.store.state(userId)), lastSyncAt: this.now().toISOString() });
    return result;
  }
}
