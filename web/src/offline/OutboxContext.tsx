/**
 * The signed-in grid worker's outbox for the phone screens: what is queued and refused, when it
 * last synced, and the ways to queue, send and discard. Sends when the app opens, when the
 * connection returns, when Background Sync wakes the page, and after signing in again.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../lib/session';
import { Outbox, type CreatedRecord, type OutboxItem, type SendError, type StopReason } from './outbox';
import { IndexedDbOutboxStore } from './store';
import { apiTransport } from './transport';

/** The tag the service worker answers with a message to sync (sw.ts). */
const SYNC_TAG = 'fazhi-outbox';

export type NewOutboxItem = Omit<OutboxItem, 'seq' | 'savedAt' | 'refused' | 'recordId' | 'userId'>;

export type SendOutcome = { outcome: 'sent'; record: CreatedRecord } | { outcome: 'queued'; reason?: StopReason } | { outcome: 'refused'; error: SendError };

interface OutboxState {
  items: OutboxItem[];
  /** Waiting to be sent (not refused). */
  pending: number;
  refused: OutboxItem[];
  lastSyncAt?: string;
  syncing: boolean;
  online: boolean;
  /** Why the last run stopped early, if it did. */
  stopped?: StopReason;
  save: (item: NewOutboxItem) => Promise<OutboxItem>;
  /** Sends the queue now; tells what became of `clientId`. */
  send: (clientId: string, onProgress?: (percent: number) => void) => Promise<SendOutcome>;
  discard: (clientId: string) => Promise<void>;
  syncNow: () => Promise<void>;
}

const OutboxContext = createContext<OutboxState | null>(null);

/** Not every browser (nor a page over plain http) has service workers. */
const workers = (): ServiceWorkerContainer | undefined => ('serviceWorker' in navigator ? navigator.serviceWorker : undefined);

/** Background Sync, where the browser has it (Chromium): not in TypeScript's DOM types yet. */
type WithSync = ServiceWorkerRegistration & { sync?: { register: (tag: string) => Promise<void> } };

/** Where the browser has Background Sync, it wakes the app (sw.ts) when the connection returns. */
async function askBackgroundSync(): Promise<void> {
  const registration: WithSync | undefined = await workers()?.getRegistration().catch(() => undefined);
  await registration?.sync?.register(SYNC_TAG).catch(() => undefined);
}

/** A client id for a new record: a UUID (crypto.randomUUID needs a secure context, as the app has on https). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function OutboxProvider({ userId, children, outbox: given }: { userId: string; children: ReactNode; outbox?: Outbox }) {
  const { expired } = useSession();
  const outbox = useMemo(() => given ?? new Outbox(new IndexedDbOutboxStore(), apiTransport), [given]);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [lastSyncAt, setLastSyncAt] = useState<string>();
  const [syncing, setSyncing] = useState(false);
  const [stopped, setStopped] = useState<StopReason>();
  const [online, setOnline] = useState(() => navigator.onLine);

  const refresh = useCallback(async () => {
    setItems(await outbox.store.list(userId));
    setLastSyncAt((await outbox.store.state(userId))?.lastSyncAt);
  }, [outbox, userId]);

  const run = useCallback(
    async (progress?: { clientId: string; onProgress: (percent: number) => void }) => {
      setSyncing(true);
      try {
        const result = await outbox.sync(userId, progress);
        setStopped(result.stopped);
        return result;
      } finally {
        setSyncing(false);
        await refresh();
      }
    },
    [outbox, userId, refresh],
  );

  const syncNow = useCallback(async () => {
    // navigator.onLine false is reliable (true is not): no point trying.
    if (!navigator.onLine) return;
    await run();
  }, [run]);

  // App open: show what is queued, then send it.
  useEffect(() => {
    void refresh().then(syncNow);
  }, [refresh, syncNow]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void syncNow();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const wake = (event: MessageEvent<{ type?: string } | null>) => {
      if (event.data?.type === 'fazhi-sync') void syncNow();
    };
    workers()?.addEventListener('message', wake);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      workers()?.removeEventListener('message', wake);
    };
  }, [syncNow]);

  // Signed in again after the session expired mid-queue: carry on where it stopped.
  const wasExpired = useRef(expired);
  useEffect(() => {
    if (wasExpired.current && !expired) void syncNow();
    wasExpired.current = expired;
  }, [expired, syncNow]);

  const save = useCallback(
    async (item: NewOutboxItem) => {
      const saved = await outbox.save({ ...item, userId });
      await refresh();
      return saved;
    },
    [outbox, userId, refresh],
  );

  const send = useCallback(
    async (clientId: string, onProgress?: (percent: number) => void): Promise<SendOutcome> => {
      if (!navigator.onLine) {
        await askBackgroundSync();
        return { outcome: 'queued', reason: 'offline' };
      }
      const result = await run(onProgress ? { clientId, onProgress } : undefined);
      const record = result.sent.get(clientId);
      if (record) return { outcome: 'sent', record };
      const error = result.refused.get(clientId);
      if (error) return { outcome: 'refused', error };
      await askBackgroundSync();
      return { outcome: 'queued', reason: result.stopped };
    },
    [run],
  );

  const discard = useCallback(
    async (clientId: string) => {
      await outbox.discard(userId, clientId);
      await refresh();
    },
    [outbox, userId, refresh],
  );

  const value = useMemo<OutboxState>(
    () => ({
      items,
      pending: items.filter((i) => !i.refused).length,
      refused: items.filter((i) => i.refused),
      lastSyncAt,
      syncing,
      online,
      stopped,
      save,
      send,
      discard,
      syncNow,
    }),
    [items, lastSyncAt, syncing, online, stopped, save, send, discard, syncNow],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxState {
  const state = useContext(OutboxContext);
  if (!state) throw new Error('useOutbox outside OutboxProvider');
  return state;
}
