/**
 * One full garbage collection when the server goes quiet after work.
 *
 * V8 grows its heap under load and keeps it: nothing allocates on an idle server, so nothing makes V8
 * collect the requests' garbage, and the process stays at its peak (100 MB of dead objects after a
 * burst of creates, docs/SCALING.md «内存»). A collection of the ~40 MB that is alive takes a few tens
 * of milliseconds; it runs only after a period with no request at all, once per quiet spell.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyInstance } from 'fastify';

export interface QuietCollector {
  /** A request was answered. */
  served(): void;
  stop(): void;
}

/**
 * Calls `collect` once `quietMs` pass with no request after at least one (and once after start-up,
 * which leaves its own garbage). Checks every `quietMs`, so the collection comes 1–2 quiet periods
 * after the last answer.
 */
export function quietCollector(collect: () => void, quietMs: number): QuietCollector {
  let servedSinceCheck = 0;
  let owed = true;
  const timer = setInterval(() => {
    if (servedSinceCheck > 0) {
      servedSinceCheck = 0;
      owed = true;
    } else if (owed) {
      owed = false;
      collect();
    }
  }, quietMs);
  timer.unref();
  return {
    served: () => void (servedSinceCheck += 1),
    stop: () => clearInterval(timer),
  };
}

/**
 * V8's `gc()`: the one `--expose-gc` gives, or made available now (Node's flags may be set at run
 * time); undefined if this Node will not give it (the server then runs as it did without).
 */
export function fullCollection(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Answers that are not work: a load balancer's health probe every few seconds must not keep the server "busy". */
const PROBES = new Set(['/api/health']);

/** Collects when `app` has been quiet for `quietMs` after answering. */
export function collectWhenQuiet(app: FastifyInstance, quietMs = 5_000): () => void {
  const gc = fullCollection();
  if (!gc) return () => undefined;
  const collector = quietCollector(gc, quietMs);
  app.addHook('onResponse', async (request) => {
    if (!PROBES.has(request.routeOptions.url ?? '')) collector.served();
  });
  return () => collector.stop();
}
