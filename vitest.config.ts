import { defineConfig } from 'vitest/config';

/**
 * `npm test`: the server's tests (src/, on SQLite, or PostgreSQL with DATABASE_URL) and the web
 * UI's component tests (web/src/, in jsdom).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 180_000, // loading the demo on PostgreSQL takes ~20 s alone, minutes on a loaded machine
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/src/testing/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
