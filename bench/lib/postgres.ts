/**
 * The PostgreSQL server the benchmarks use: BENCH_PG_URL, else DATABASE_URL, else the local one.
 * Benchmarks make databases of their own on it (named by their size, kept between runs).
 */
import pg from 'pg';

/** The server's address, without a query string; its path names the database to connect to. */
export function serverUrl(): URL {
  const url = new URL(process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.search = '';
  return url;
}

/** Runs one statement in the server's `postgres` database (to create or drop others); its row count. */
export async function onServer(statement: string): Promise<number> {
  const url = serverUrl();
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query(statement)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** Whether the server answers (benchmarks that need it say so and skip when not). */
export async function postgresReachable(): Promise<boolean> {
  try {
    await onServer('select 1');
    return true;
  } catch {
    return false;
  }
}
