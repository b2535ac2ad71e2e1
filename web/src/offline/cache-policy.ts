/**
 * What the phone app's service worker (sw.ts) keeps, and under which names. Pure, so the rules are
 * tested without a browser: the app shell (the built files, named by content hash) cached per
 * build; the few GET answers a form needs offline; nothing else. Imported by the worker and by
 * the build (vite.config.ts), never by the app: the worker's bundle then shares no chunk with it.
 */

export const SHELL_PREFIX = 'fazhi-shell-';
/** The app clears these on sign-out (offline/signout.ts keeps its own copy of the prefix; a test checks they agree). */
export const DATA_PREFIX = 'fazhi-data-';

/** The caches of one build: a new deployment gets new names, and the old ones are deleted on activation. */
export const cacheNames = (version: string) => ({ shell: `${SHELL_PREFIX}${version}`, data: `${DATA_PREFIX}${version}` });

/** Our caches that belong to another build (other caches on the origin are not ours to delete). */
export function staleCaches(existing: readonly string[], version: string): string[] {
  const current = Object.values(cacheNames(version));
  return existing.filter((name) => (name.startsWith(SHELL_PREFIX) || name.startsWith(DATA_PREFIX)) && !current.includes(name));
}

/**
 * The GET answers the phone forms need without signal: who is signed in, the kinds (fields,
 * options, permissions), the worker's villages/groups/grids, and the people of a unit they may
 * pick as the screening's lead. Record lists and everything else hold other people's data
 * beyond what a form needs, and are never cached.
 */
export function isFormData(url: URL): boolean {
  switch (url.pathname) {
    case '/api/session':
    case '/api/kinds':
      return true;
    case '/api/orgs':
      return url.searchParams.has('levels');
    case '/api/people':
      return url.searchParams.has('org');
    default:
      return false;
  }
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
