/**
 * Answers asked for before the screen that shows them has loaded: the shell starts a request as
 * soon as it knows who is signed in, while the page's chunk is still on its way, and the page's
 * useApi takes the answer (or the request in flight) instead of asking again.
 */
import { api, withQuery, type Query } from './api';

/** An answer not taken within this long is dropped: by then it may be stale. */
const KEEP_MS = 30_000;
/** A handful at most: only the first screen's requests are prefetched. */
const MAX_PENDING = 4;

interface Pending {
  answer: Promise<unknown>;
  at: number;
}

const pending = new Map<string, Pending>();

/** Starts GET path?query now, for a useApi of the same path and query to take. */
export function prefetch(path: string, query?: Query): void {
  const key = withQuery(path, query);
  if (pending.has(key)) return;
  const answer = api.get<unknown>(path, query);
  // A failure is reported by the screen that takes it, not here as an unhandled rejection.
  answer.catch(() => undefined);
  pending.set(key, { answer, at: Date.now() });
  while (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
}

/** The prefetched answer for path?query, once: a later request (a reload) asks the server again. */
export function takePrefetched<T>(path: string, query?: Query): Promise<T> | undefined {
  const key = withQuery(path, query);
  const found = pending.get(key);
  if (!found) return undefined;
  pending.delete(key);
  return Date.now() - found.at <= KEEP_MS ? (found.answer as Promise<T>) : undefined;
}
