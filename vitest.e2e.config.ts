import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the browser tests in e2e/, in Debian's Chromium against one demo server
 * (e2e/global-setup.ts). One file at a time: they share that server and its data.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
  },
});
