/**
 * The phone app's service worker, built as its own bundle at /assets/sw.js (see vite.config.ts,
 * which writes the build's version and file list into it). It keeps the app shell so /m opens
 * without signal, answers the forms' GET data from the cache when the network fails, and asks
 * open pages to send their outbox when Background Sync fires. Everything else goes to the network.
 */
/// <reference lib="webworker" />
import { cacheNames, isFormData, isShellAsset, staleCaches, type ShellBuild } from './cache-policy';

declare const self: ServiceWorkerGlobalScope;

/** Replaced by the build with the JSON of a ShellBuild. */
const BUILD = JSON.parse('__FAZHI_BUILD__') as ShellBuild;
const CACHES = cacheNames(BUILD.version);
/** The Background Sync tag the app registers when it queues a record (offline/outbox-context.tsx). */
const SYNC_TAG = 'fazhi-outbox';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHES.shell);
      await cache.addAll(['/', ...BUILD.files.map((f) => `/${f}`)]);
      // A new deployment takes over at once: the old build's caches go on activation.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), BUILD.version).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

/** Network first; the cached copy only when the network cannot answer. */
async function networkFirst(request: Request, cacheName: string, fallbackKey?: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok && !fallbackKey) await cache.put(request, response.clone());
    return response;
  } catch {
    const cached = await cache.match(fallbackKey ?? request);
    return cached ?? Response.error();
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHES.shell);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Pages of the app are all index.html; the router draws the screen.
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, CACHES.shell, '/'));
  else if (isShellAsset(url)) event.respondWith(cacheFirst(request));
  else if (isFormData(url)) event.respondWith(networkFirst(request, CACHES.data));
});

/**
 * A page asks for the forms' data to be cached now, while there is signal (offline/register.ts):
 * the first visit's answers came before this worker controlled the page, and a form opened for
 * the first time without signal would find nothing. Only what isFormData allows is fetched.
 */
self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: unknown } | null;
  if (data?.type !== 'fazhi-warm' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u): u is string => typeof u === 'string').map((u) => new URL(u, self.location.origin));
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHES.data);
      for (const url of urls) {
        if (url.origin !== self.location.origin || !isFormData(url)) continue;
        try {
          const response = await fetch(url, { credentials: 'same-origin' });
          if (response.ok) await cache.put(url, response);
        } catch {
          // No signal after all: the next visit tries again.
        }
      }
    })(),
  );
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

// The pages do the sending (they hold the session and the CSRF token): wake them.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    (async () => {
      for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'fazhi-sync' });
    })(),
  );
});
