/**
 * Making /m an installable app: the manifest link and the service worker, added when the phone
 * screens open (the desktop pages neither need the worker nor should offer to install). The
 * development server (`npm run dev:web`) has no worker to serve: registration fails quietly there.
 */
import { PEOPLE_PAGE } from '../components/mobile/ScreeningForm';
import { UNIT_LEVELS } from '../components/mobile/useUnits';
import { withQuery } from '../lib/api';

const MANIFEST = '/assets/manifest.webmanifest';
const WORKER = '/assets/sw.js';

export function installPhoneApp(): void {
  if (!document.querySelector(`link[rel="manifest"]`)) {
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = MANIFEST;
    document.head.append(link);
  }
  if (!('serviceWorker' in navigator)) return;
  // Served with Service-Worker-Allowed: / (src/http/routes/home.ts), so it controls the whole app.
  navigator.serviceWorker.register(WORKER, { scope: '/' }).catch(() => {
    // Without a worker the app still works online; only the offline start is lost.
  });
}

/**
 * The GET answers the phone forms need offline, as the forms ask for them. The worker caches
 * these addresses and no others (cache-policy.ts phoneFormUrls: its own copy, as the worker's
 * bundle shares no module with the app; a test checks they agree).
 */
export const warmUrls = (orgId: string): string[] => ['/api/session', '/api/kinds', withQuery('/api/orgs', { levels: UNIT_LEVELS }), withQuery('/api/people', { org: orgId, pageSize: PEOPLE_PAGE })];

/** Has the service worker cache the phone forms' data now, in this user's own cache. */
export function keepForOffline(userId: string, orgId: string): void {
  if (!('serviceWorker' in navigator) || !navigator.onLine) return;
  const urls = warmUrls(orgId);
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'fazhi-warm', userId, urls }));
}

