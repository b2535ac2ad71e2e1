import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web UI: built into dist/web, which the server serves at /. `npm run dev:web` proxies the API. */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/public': 'http://localhost:3000' },
  },
});
