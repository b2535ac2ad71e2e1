/**
 * What the phone app's service worker (sw.ts) keeps, and under which names. Pure, so the rules are
 * tested without a browser: the app shell (the built files, named by content hash) cached per
 * build; the few GET answers a form needs offline; nothing else. Imported by the worker and by
 * the build (vite.config.ts), never by the app: the worker's bundle then shares no chunk with it.
 */

export const SHELL_PREFIX = 'fazhi-shell-';
/** The app clears these on sign-out (offline/signout.ts keeps its own copy of the prefix; a test checks they agree). */
export const DATA_PREFIX = 'fazhi-data-';
/** Whose data the worker keeps now (one entry: the signed-in user's id); deleted on sign-out (offline/signout.ts keeps its own copy of the name; a test checks they agree). */
export const USER_CACHE = 'fazhi-user';
/** The one key of USER_CACHE. */
export const USER_KEY = '/__fazhi/offline-user';

/**
 * The caches of one build and one user: a new deployment gets new names (the old ones are
 * deleted on activation), and each user's form data has its own cache, never served to another.
 */
export const cacheNames = (version: string, userId = '') => ({ shell: `${SHELL_PREFIX}${version}`, data: `${DATA_PREFIX}${version}-${encodeURIComponent(userId)}` });

/** Our caches that belong to another build (other caches on the origin are not ours to delete). */
export function staleCaches(existing: readonly string[], version: string): string[] {
  const shell = cacheNames(version).shell;
  const data = `${DATA_PREFIX}${version}-`;
  return existing.filter((name) => (name.startsWith(SHELL_PREFIX) && name !== shell) || (name.startsWith(DATA_PREFIX) && !name.startsWith(data)));
}

/** The data caches of every user but this one (deleted when someone else signs in on the phone). */
export function otherUsersCaches(existing: readonly string[], version: string, userId: string): string[] {
  const mine = cacheNames(version, userId).data;
  return existing.filter((name) => name.startsWith(DATA_PREFIX) && name !== mine);
}

/** The phone app's pages (/m and below): the only pages whose requests the worker answers from its data cache. */
export const isPhonePage = (url: URL) => url.pathname === '/m' || url.pathname.startsWith('/m/');

/** The people of a unit the screening form offers, and the unit levels the forms list (ScreeningForm.tsx, useUnits.ts). */
const PEOPLE_PAGE = 100;
const UNIT_LEVELS = 'village,group,grid';

/**
 * The GET answers the phone forms need without signal, exactly as the forms ask for them: who
 * is signed in, the kinds (fields, options, permissions), the worker's villages/groups/grids,
 * and the people of a unit they may pick as the screening's lead. The phone warms up exactly
 * these (offline/register.ts warmUrls, kept apart so the worker's bundle shares no chunk with the
 * app; a test checks they agree); the worker caches these addresses and no others.
 */
export function phoneFormUrls(orgId: string): string[] {
  const people = new URLSearchParams({ org: orgId, pageSize: String(PEOPLE_PAGE) });
  return ['/api/session', '/api/kinds', `/api/orgs?${new URLSearchParams({ levels: UNIT_LEVELS }).toString()}`, `/api/people?${people.toString()}`];
}

/**
 * One of phoneFormUrls, to the letter (path and query): record lists, searches (q=), further
 * pages (page=) and everything else hold other people's data beyond what a form needs, and are
 * never cached.
 */
export function isFormData(url: URL): boolean {
  const org = url.pathname === '/api/people' ? url.searchParams.get('org') : null;
  if (url.pathname === '/api/people' && !org) return false;
  return phoneFormUrls(org ?? '').includes(url.pathname + url.search);
}

/** Cached only for a phone page (the page that made the request, or the page navigated to), and only the forms' data. */
export const mayCache = (url: URL, pageUrl: URL | undefined) => pageUrl !== undefined && isPhonePage(pageUrl) && isFormData(url);

/**
 * What of GET /api/session is kept offline: who the user is, without the CSRF token (the app
 * sends the one in its cookie). Not kept when nobody, or someone else, is signed in.
 */
export function sessionForCache(body: unknown, userId: string): unknown {
  const me = (body as { me?: Record<string, unknown> | null } | null)?.me;
  if (me?.id !== userId) return undefined;
  const { csrfToken: _dropped, ...rest } = me;
  return { me: rest };
}

/** The built files: named by content hash, so a cached copy is always the right one. */
export const isShellAsset = (url: URL) => url.pathname.startsWith('/assets/') && url.pathname !== '/assets/sw.js';

/** The build's version: a short hash of its file names (which carry content hashes) and its index.html. */
export function buildVersion(files: readonly string[], indexHtml: string): string {
  // FNV-1a, 32 bits twice with different seeds: stable, dependency-free, enough to tell builds apart.
  const text = [...files].sort().join('\n') + '\n' + indexHtml;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(36) + b.toString(36);
}

/** What the build writes into the worker: its version and the files to cache when it installs. */
export interface ShellBuild {
  version: string;
  files: string[];
}
