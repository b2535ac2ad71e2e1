/**
 * What sign-out removes from the phone: the user's outbox and the cached form data (the service
 * worker's data caches: the user's own session, units and people, and the note of whose they
 * are). The app shell stays: it holds no one's data.
 */
import { IndexedDbOutboxStore } from './store';

/** The service worker's data cache prefix (cache-policy.ts DATA_PREFIX; a test checks they agree). */
export const DATA_CACHE_PREFIX = 'fazhi-data-';
/** The worker's note of whose data it keeps (cache-policy.ts USER_CACHE; a test checks they agree). */
export const USER_CACHE_NAME = 'fazhi-user';

export async function clearOfflineData(userId: string): Promise<void> {
  const work: Array<Promise<unknown>> = [];
  if (typeof indexedDB !== 'undefined') work.push(new IndexedDbOutboxStore().clear(userId));
  if (typeof caches !== 'undefined') work.push(caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith(DATA_CACHE_PREFIX) || n === USER_CACHE_NAME).map((n) => caches.delete(n)))));
  await Promise.allSettled(work);
}

/**
 * Tells the service worker (if there is one) who signed in: it deletes another user's cached
 * form data before keeping any of this one's.
 */
export function tellOfflineUser(userId: string): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker
    .getRegistration()
    .then((registration) => registration?.active?.postMessage({ type: 'fazhi-user', userId }))
    .catch(() => undefined);
}
