/**
 * The phone app's service worker, built as its own bundle at /assets/sw.js (see vite.config.ts,
 * which writes the build's version and file list into it). It keeps the app shell so /m opens
 * without signal, answers the phone forms' GET data (for /m pages only, per signed-in user) from
 * the cache when the network fails, and asks open pages to send their outbox when Background Sync fires. Everything else goes to the network.
 */
/// <reference lib="webworker" />
import { cacheNames, isFormData, isShellAsset, mayCache, otherUsersCaches, sessionForCache, staleCaches, USER_CACHE, USER_KEY, type ShellBuild } from './cache-policy';

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

/** The user whose form data is cached now (USER_CACHE: it outlives the worker's restarts), or undefined. */
async function currentUser(): Promise<string | undefined> {
  const found = await (await caches.open(USER_CACHE)).match(USER_KEY);
  return found ? (await found.text()) || undefined : undefined;
}

/** The page tells who is signed in: another user's cached data is deleted before anything of this one's is kept. */
async function setUser(userId: string): Promise<void> {
  if ((await currentUser()) !== userId) {
    await Promise.all(otherUsersCaches(await caches.keys(), BUILD.version, userId).map((name) => caches.delete(name)));
    await (await caches.open(USER_CACHE)).put(USER_KEY, new Response(userId));
  }
}

/** Stores a form's answer in the user's cache; /api/session without its CSRF token, and only when it is this user's. */
async function keep(cache: Cache, url: URL, response: Response, userId: string): Promise<void> {
  if (url.pathname !== '/api/session') return cache.put(url.href, response);
  const body = sessionForCache(await response.json().catch(() => undefined), userId);
  if (body !== undefined) await cache.put(url.href, new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
}

/** The app shell: network first; the cached index.html only when the network cannot answer. */
async function navigation(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    return (await (await caches.open(CACHES.shell)).match('/')) ?? Response.error();
  }
}

/** A phone form's data: network first, kept in the signed-in user's cache; that copy only when the network cannot answer. */
async function formData(request: Request, url: URL): Promise<Response> {
  const userId = await currentUser();
  if (!userId) return fetch(request);
  const cache = await caches.open(cacheNames(BUILD.version, userId).data);
  try {
    const response = await fetch(request);
    if (response.ok) await keep(cache, url, response.clone(), userId);
    return response;
  } catch {
    return (await cache.match(url.href)) ?? Response.error();
  }
}

/** The page a request comes from (navigations: the page being opened). */
async function pageOf(event: FetchEvent): Promise<URL | undefined> {
  if (event.request.mode === 'navigate') return new URL(event.request.url);
  const client = event.clientId ? await self.clients.get(event.clientId) : undefined;
  return client ? new URL(client.url) : undefined;
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
  if (request.mode === 'navigate') event.respondWith(navigation(request));
  else if (isShellAsset(url)) event.respondWith(cacheFirst(request));
  // The desktop pages' requests go to the network only: their searches and lists are never kept.
  else if (isFormData(url)) event.respondWith(pageOf(event).then((page) => (mayCache(url, page) ? formData(request, url) : fetch(request))));
});

/**
 * A page says who is signed in ('fazhi-user', offline/register.ts, after sign-in), or asks for
 * the forms' data to be cached now, while there is signal ('fazhi-warm', from /m): the first
 * visit's answers came before this worker controlled the page, and a form opened for the first
 * time without signal would find nothing. Only phoneFormUrls are fetched, and only for /m.
 */
self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: unknown; userId?: unknown } | null;
  if (typeof data?.userId !== 'string' || !data.userId) return;
  const userId = data.userId;
  if (data.type === 'fazhi-user') {
    event.waitUntil(setUser(userId));
    return;
  }
  if (data.type !== 'fazhi-warm' || !Array.isArray(data.urls)) return;
  const source = event.source as Client | null;
  const page = source && 'url' in source ? new URL(source.url) : undefined;
  const urls = data.urls.filter((u): u is string => typeof u === 'string').map((u) => new URL(u, self.location.origin));
  event.waitUntil(
    (async () => {
      await setUser(userId);
      const cache = await caches.open(cacheNames(BUILD.version, userId).data);
      for (const url of urls) {
        if (url.origin !== self.location.origin || !mayCache(url, page)) continue;
        try {
          const response = await fetch(url, { credentials: 'same-origin' });
          if (response.ok) await keep(cache, url, response, userId);
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
