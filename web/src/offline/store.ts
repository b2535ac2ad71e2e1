/**
 * Where the outbox lives on the phone: IndexedDB, through the raw API in a small typed wrapper.
 * Two stores: the queued records (by client id, indexed by user) and each user's sync state. A
 * record's photo is kept as bytes (ArrayBuffer), which every IndexedDB can hold.
 */
import type { OutboxItem, OutboxStore, SyncState } from './outbox';

const DB_NAME = 'fazhi-outbox';
const DB_VERSION = 1;
const ITEMS = 'items';
const STATE = 'state';

/** A request's result as a promise. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB 请求失败'));
  });
}

/** A transaction's end: its writes are on disk once this resolves. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB 事务中止'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB 事务失败'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(ITEMS)) db.createObjectStore(ITEMS, { keyPath: 'clientId' }).createIndex('byUser', 'userId');
    if (!db.objectStoreNames.contains(STATE)) db.createObjectStore(STATE, { keyPath: 'userId' });
  };
  return done(request);
}

export class IndexedDbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | undefined;

  constructor(private readonly factory: IDBFactory = indexedDB) {}

  private async tx(stores: string[], mode: IDBTransactionMode): Promise<IDBTransaction> {
    this.db ??= open(this.factory);
    return (await this.db).transaction(stores, mode);
  }

  async list(userId: string): Promise<OutboxItem[]> {
    const tx = await this.tx([ITEMS], 'readonly');
    const items = await done(tx.objectStore(ITEMS).index('byUser').getAll(IDBKeyRange.only(userId)) as IDBRequest<OutboxItem[]>);
    return items.sort((a, b) => a.seq - b.seq);
  }

  async get(clientId: string): Promise<OutboxItem | undefined> {
    const tx = await this.tx([ITEMS], 'readonly');
    return done(tx.objectStore(ITEMS).get(clientId) as IDBRequest<OutboxItem | undefined>);
  }

  async put(item: OutboxItem): Promise<void> {
    const tx = await this.tx([ITEMS], 'readwrite');
    tx.objectStore(ITEMS).put(item);
    await committed(tx);
  }

  async delete(clientId: string): Promise<void> {
    const tx = await this.tx([ITEMS], 'readwrite');
    tx.objectStore(ITEMS).delete(clientId);
    await committed(tx);
  }

  async clear(userId: string): Promise<void> {
    const tx = await this.tx([ITEMS, STATE], 'readwrite');
    const keys = await done(tx.objectStore(ITEMS).index('byUser').getAllKeys(IDBKeyRange.only(userId)));
    for (const key of keys) tx.objectStore(ITEMS).delete(key);
    tx.objectStore(STATE).delete(userId);
    await committed(tx);
  }

  async state(userId: string): Promise<SyncState | undefined> {
    const tx = await this.tx([STATE], 'readonly');
    const row = await done(tx.objectStore(STATE).get(userId) as IDBRequest<(SyncState & { userId: string }) | undefined>);
    if (!row) return undefined;
    const { userId: _owner, ...state } = row;
    return state;
  }

  async saveState(userId: string, state: SyncState): Promise<void> {
    const tx = await this.tx([STATE], 'readwrite');
    tx.objectStore(STATE).put({ ...state, userId });
    await committed(tx);
  }
}
