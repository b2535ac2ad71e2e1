/**
 * The context a benchmark runs on: its uploads under `dir`, a fixed throwaway key, and the
 * database given — by default a fresh SQLite file in `dir`, or the PostgreSQL of DATABASE_URL.
 */
import { join } from 'node:path';
import { createContext, type AppContext, type Config } from '../../src/context.js';

export function benchContext(dir: string, db: Config['db'] = { databaseUrl: process.env.DATABASE_URL || undefined, sqlitePath: join(dir, 'bench.db') }): Promise<AppContext> {
  return createContext({ db, dataDir: join(dir, 'files'), maxUploadBytes: 1 << 20, sessionIdleMinutes: 30, key: '00'.repeat(32) });
}
