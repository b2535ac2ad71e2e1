/**
 * The importer's side of the parsing thread (parse-worker.ts): starts it on an uploaded file and
 * hands its rows over as an async stream of batches. Asking for the next batch acknowledges the
 * one before, which lets the thread parse further; it stops a few batches ahead, so the file is
 * parsed while the importer checks and writes, in memory bounded by those batches. Whatever ends
 * the thread early — a damaged file, a zip bomb, the thread itself failing or running out of its
 * own bounded heap — ends the stream with the same Chinese error the reader gives on its own thread.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';
import type { SheetRow } from './read.js';

/** One file for the parsing thread, and how far ahead it may parse. */
export interface ParseJob {
  content: Uint8Array;
  maxUnzippedBytes: number;
  maxRows: number;
  /** Header keys (see headerKey) that name a column of the kind: how the import sheet is told from the others. */
  knownHeaders: string[];
  batchRows: number;
  /** Most batches posted and not yet acknowledged. */
  window: number;
}

interface WorkerError {
  /** 0 when what failed was not one of our errors. */
  status: number;
  id: string;
  message: string;
  field?: string;
  details?: AppError['details'];
  extra?: AppError['extra'];
  cause?: string;
}

/** What the parsing thread posts, in order: checked, header, rows…, then done or error. */
export type ParseMessage =
  | { type: 'checked' }
  | { type: 'header'; sheet: string; header: string[] }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'done' }
  | { type: 'error'; error: WorkerError };

/** What the importer sends the thread: a file to parse, or that it has dealt with `ack` batches. */
export type ToParser = { type: 'job'; job: ParseJob } | { type: 'ack'; ack: number };

export type SheetBatch = { type: 'checked' } | { type: 'header'; sheet: string; header: string[] } | { type: 'rows'; rows: SheetRow[] };

export interface SheetStreamOptions {
  maxUnzippedBytes: number;
  maxRows: number;
  knownHeaders: string[];
  /** The parsing thread's heap, in MB: a file that needs more ends the import, not the server. */
  heapMb: number;
  batchRows?: number;
  window?: number;
}

/** Four batches of 500 rows ahead keep the thread busy while a batch is written, in a few MB. */
const BATCH_ROWS = 500;
const WINDOW = 4;

export async function* streamSheet(content: Buffer, options: SheetStreamOptions): AsyncGenerator<SheetBatch> {
  // A copy the thread takes over: cloning the Buffer would copy all the memory it views (a pool slab, an upload's larger buffer).
  const bytes = new Uint8Array(content);
  const job: ParseJob = {
    content: bytes,
    maxUnzippedBytes: options.maxUnzippedBytes,
    maxRows: options.maxRows,
    knownHeaders: options.knownHeaders,
    batchRows: options.batchRows ?? BATCH_ROWS,
    window: options.window ?? WINDOW,
  };
  const worker = parsers.take(options.heapMb);
  const inbox: Array<ParseMessage | { type: 'failed'; cause: unknown }> = [];
  let notify: (() => void) | undefined;
  const deliver = (message: (typeof inbox)[number]) => {
    inbox.push(message);
    notify?.();
  };
  const onMessage = (message: ParseMessage) => deliver(message);
  const onError = (cause: Error) => deliver({ type: 'failed', cause });
  const onExit = (code: number) => deliver({ type: 'failed', cause: new Error(`the parsing thread exited (code ${code}) before it finished`) });
  worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  worker.postMessage({ type: 'job', job } satisfies ToParser, [bytes.buffer]);

  let acked = 0;
  // Whether the thread finished the file and may parse another; a thread stopped half-way is ended.
  let finished = false;
  try {
    for (;;) {
      while (inbox.length === 0) {
        await new Promise<void>((resolve) => {
          notify = resolve;
        });
        notify = undefined;
      }
      const message = inbox.shift() as (typeof inbox)[number];
      if (message.type === 'done') {
        finished = true;
        return;
      }
      if (message.type === 'error') {
        finished = true;
        throw fromWorker(message.error);
      }
      if (message.type === 'failed') throw unreadable(message.cause);
      yield message;
      // The consumer asks for more only when it has dealt with the batch: now the thread may parse on.
      if (message.type === 'rows') worker.postMessage({ type: 'ack', ack: (acked += 1) } satisfies ToParser);
    }
  } finally {
    // Only our own listeners: Worker keeps listeners of its own (they ref its port while 'message' is heard).
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    if (finished) parsers.keep(options.heapMb, worker);
    else await worker.terminate();
  }
}

/**
 * Parsing threads kept warm between imports: starting one cost more than parsing 20,000 rows
 * (3.4 s against 1.4 s, built, on a busy machine), and a clerk's dry run is followed by the import of the same file. One idle thread per
 * heap size is kept for a minute, unreferenced so it never holds a process open. A thread sees
 * the environment it was started with, so one is reused only under the same temp folder (where
 * ExcelJS would spool a sheet: the zip check's tests watch that folder).
 */
class ParserPool {
  private readonly idle = new Map<string, { worker: Worker; timer: NodeJS.Timeout; onError: () => void; onExit: () => void }>();

  take(heapMb: number): Worker {
    const key = keyOf(heapMb);
    const kept = this.idle.get(key);
    if (kept) {
      this.idle.delete(key);
      clearTimeout(kept.timer);
      kept.worker.off('error', kept.onError).off('exit', kept.onExit);
      kept.worker.ref();
      return kept.worker;
    }
    const script = workerScript();
    return new Worker(script.script, { eval: script.eval, env: script.env, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  }

  keep(heapMb: number, worker: Worker): void {
    const key = keyOf(heapMb);
    if (this.idle.has(key)) {
      void worker.terminate();
      return;
    }
    worker.unref();
    // A thread that fails while idle is simply not handed out again (an unheard 'error' would end the process).
    const onError = () => undefined;
    const onExit = () => {
      const kept = this.idle.get(key);
      if (kept?.worker !== worker) return;
      clearTimeout(kept.timer);
      this.idle.delete(key);
    };
    worker.on('error', onError).on('exit', onExit);
    const timer = setTimeout(() => {
      this.idle.delete(key);
      void worker.terminate();
    }, IDLE_MS).unref();
    this.idle.set(key, { worker, timer, onError, onExit });
  }
}

const IDLE_MS = 60_000;
const keyOf = (heapMb: number) => `${heapMb}\u0000${tmpdir()}`;
const parsers = new ParserPool();

const DAMAGED = '文件已损坏或不是有效的 Excel 表格，无法读取。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入';

/** The thread's own error, as the reader would have thrown it here; its cause (text) kept for the log. */
function fromWorker(error: WorkerError): AppError {
  const cause = error.cause === undefined ? undefined : { cause: new Error(error.cause) };
  if (error.status === 0) return new AppError(400, 'validation', DAMAGED, 'file', undefined, undefined, cause);
  return new AppError(error.status, error.id, error.message, error.field, error.details, error.extra, cause);
}

/** The thread failed outside our code (out of its heap, killed): the file could not be read, as the reader says of any parse failure. */
const unreadable = (cause: unknown) => new AppError(400, 'validation', DAMAGED, 'file', undefined, undefined, { cause });

/**
 * The worker's file beside this one: parse-worker.js when built (dist/), parse-worker.ts when run
 * from the sources (tsx, vitest). Node 20 does not apply a loader passed in a worker's execArgv to
 * the worker's own entry file, so from the sources the thread starts from a line that registers
 * tsx's loader and then imports the TypeScript.
 */
function workerScript(): { script: string | URL; eval: boolean; env?: NodeJS.ProcessEnv } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./parse-worker.js', import.meta.url), eval: false };
  const tsx = pathToFileURL(tsxLoaderApi()).href;
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  return {
    script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    eval: true,
    // tsx keeps its cache in the temp folder, which tests watch for files ExcelJS must never spool.
    env: { ...process.env, TSX_DISABLE_CACHE: '1' },
  };
}

/** tsx's ESM register() (its CommonJS build cannot register the ESM loader), found through tsx's own exports map. */
function tsxLoaderApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const file = exports['./esm/api']?.import?.default;
  if (!file) throw new Error('tsx has no ESM API to load the TypeScript parsing thread with');
  return join(dirname(manifest), file);
}
