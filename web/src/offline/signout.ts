/**
 * What sign-out removes from the phone: the user's outbox and the cached form data (the service
 * worker's data caches: the user's own session, units and people). The app shell stays: it holds
 * no one's data.
 */
import { IndexedDbOutboxStore } from './store';

/** The service worker's data cache prefix (cache-policy.ts DATA_PREFIX; a test checks they agree). */
export const DATA_CACHE_PREFIX = 'fazhi-data-';

export async function clearOfflineData(userId: string): Promise<void> {
  const work: Array<Promise<unknown>> = [];
  if (typeof indexedDB !== 'undefined') work.push(new IndexedDbOutboxStore().clear(userId));
  if (typeof caches !== 'undefined') work.push(caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith(DATA_CACHE_PREFIX)).map((n) => caches.delete(n)))));
  await Promise.allSettled(work);
}
