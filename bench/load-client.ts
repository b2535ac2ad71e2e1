/**
 * The load driver in a process of its own (forked by bench/api.ts), so that the server being
 * measured has its event loop to itself, as it would with real clients. Receives one job over IPC,
 * answers with the result.
 */
import { runLoad, type LoadOptions, type LoadResult } from '../src/testing/load.js';

export interface LoadJob extends Omit<LoadOptions, 'body'> {
  /** The body of every request; `markerField` is set to each request's unique marker. */
  template: Record<string, unknown>;
  markerField: string;
}

export type LoadAnswer = { ok: true; result: LoadResult } | { ok: false; error: string };

process.once('message', (job: LoadJob) => {
  const answer = (message: LoadAnswer) => process.send?.(message, () => process.exit(0));
  runLoad({ ...job, body: (marker) => ({ ...job.template, [job.markerField]: marker }) }).then(
    (result) => answer({ ok: true, result }),
    (error: unknown) => answer({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
