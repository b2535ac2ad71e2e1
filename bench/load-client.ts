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
  /** Per client (client i takes `perClient[i % length]`): fields laid over the template, e.g. its town's unit. */
  perClient?: Array<Record<string, unknown>>;
}

/** The client a marker was sent by: the driver writes markers as `<prefix>-c<client>-<n>`. */
const clientOf = (marker: string) => Number(/-c(\d+)-\d+$/.exec(marker)?.[1] ?? 0);

export type LoadAnswer = { ok: true; result: LoadResult } | { ok: false; error: string };

process.once('message', (job: LoadJob) => {
  const answer = (message: LoadAnswer) => process.send?.(message, () => process.exit(0));
  const own = (marker: string) => (job.perClient?.length ? job.perClient[clientOf(marker) % job.perClient.length] : undefined);
  runLoad({ ...job, body: (marker) => ({ ...job.template, ...own(marker), [job.markerField]: marker }) }).then(
    (result) => answer({ ok: true, result }),
    (error: unknown) => answer({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
