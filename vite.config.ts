import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { buildVersion, type ShellBuild } from './web/src/offline/cache-policy';

const SW_FILE = 'assets/sw.js';

/**
 * The phone app's service worker (web/src/offline/sw.ts) is a second entry, written to a fixed
 * name; once the bundle is complete its file list and version (a hash of the hashed names) are
 * written into it, so each deployment installs a new worker that caches exactly its own files.
 */
function offlineShell(): Plugin {
  return {
    name: 'fazhi-offline-shell',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const worker = bundle[SW_FILE];
      if (!worker || worker.type !== 'chunk') return;
      const index = bundle['index.html'];
      const indexHtml = index && index.type === 'asset' ? String(index.source) : '';
      // The public files (manifest, icons) are copied beside the bundle, not part of it.
      const publicFiles = readdirSync(resolve('web/public/assets')).map((f) => `assets/${f}`);
      const files = [...Object.keys(bundle).filter((f) => f !== SW_FILE && f !== 'index.html' && !f.endsWith('.map')), ...publicFiles];
      const build: ShellBuild = { version: buildVersion(files, indexHtml), files };
      const placeholder = /(["'`])__FAZHI_BUILD__\1/;
      if (!placeholder.test(worker.code)) this.error('the service worker lost its build placeholder');
      worker.code = worker.code.replace(placeholder, () => JSON.stringify(JSON.stringify(build)));
    },
  };
}

/** The web UI: built into dist/web, which the server serves at /. `npm run dev:web` proxies the API. */
export default defineConfig({
  root: 'web',
  plugins: [react(), offlineShell()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { index: resolve('web/index.html'), sw: resolve('web/src/offline/sw.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? SW_FILE : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/public': 'http://localhost:3000' },
  },
});
