/**
 * Making /m an installable app: the manifest link and the service worker, added when the phone
 * screens open (the desktop pages neither need the worker nor should offer to install). The
 * development server (`npm run dev:web`) has no worker to serve: registration fails quietly there.
 */

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

/** Has the service worker cache these GET answers now (the forms' data: cache-policy.ts decides what it keeps). */
export function keepForOffline(urls: string[]): void {
  if (!('serviceWorker' in navigator) || !navigator.onLine) return;
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'fazhi-warm', urls }));
}
