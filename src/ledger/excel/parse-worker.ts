/**
 * The import's parsing thread: runs the zip check and ExcelJS's streaming read of one uploaded
 * file (zip-guard.ts, read.ts) and posts the sheet to the importer in batches of plain rows, so the
 * importer's thread checks and writes one batch while this one parses the next. It never runs
 * more than a few batches (the job's window) ahead of the importer's acknowledgements: what a large file costs in
 * memory is a few batches, not the sheet. Started and kept by sheet-stream.ts; one file at a time.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';
import { headerKey } from './columns.js';
import { sheetEvents, type SheetRow } from './read.js';
import { checkedWorkbook } from './zip-guard.js';
import type { ParseJob, ParseMessage, ToParser } from './sheet-stream.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs only as a worker thread');

// One job at a time: the importer sends the next only after it has read this one's end.
let acked = 0;
let posted = 0;
let wake: (() => void) | undefined;
port.on('message', (message: ToParser) => {
  if (message.type === 'ack') {
    acked = message.ack;
    wake?.();
    return;
  }
  acked = 0;
  posted = 0;
  void parse(message.job);
});

const post = (message: ParseMessage) => port.postMessage(message);

/** Posts a batch, then waits while the importer has `window` batches or more it has not acknowledged. */
async function send(rows: SheetRow[], window: number): Promise<void> {
  posted += 1;
  post({ type: 'rows', rows });
  while (posted - acked >= window) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
}

async function parse(current: ParseJob): Promise<void> {
  try {
    const content = Buffer.from(current.content.buffer, current.content.byteOffset, current.content.byteLength);
    const workbook = await checkedWorkbook(content, current.maxUnzippedBytes);
    post({ type: 'checked' });
    const known = new Set(current.knownHeaders);
    let batch: SheetRow[] = [];
    for await (const event of sheetEvents(workbook, { maxRows: current.maxRows, knows: (h) => known.has(h), headerKey })) {
      if (event.type === 'header') {
        post(event);
        continue;
      }
      batch.push(event.row);
      if (batch.length >= current.batchRows) {
        await send(batch, current.window);
        batch = [];
      }
    }
    if (batch.length) await send(batch, current.window);
    post({ type: 'done' });
  } catch (error) {
    // Only what the person is told crosses over; the cause travels as text for the server log.
    const cause = error instanceof AppError ? error.cause : error;
    post({
      type: 'error',
      error:
        error instanceof AppError
          ? { status: error.status, id: error.id, message: error.message, field: error.field, details: error.details, extra: error.extra, cause: describe(cause) }
          : { status: 0, id: '', message: '', cause: describe(cause) },
    });
  }
}

function describe(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return cause.stack ?? `${cause.name}: ${cause.message}`;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}
