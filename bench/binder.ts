/**
 * The evidence binder of 2,000 records: time and peak memory (RSS, sampled every 20 ms) of the DOCX
 * and of the ZIP, against the process's RSS before the build. 400 of the records carry a 250 KB
 * photo each (100 MB of originals), more than the DOCX embeds (MAX_EMBEDDED_BYTES), all of which
 * the ZIP packs: the ZIP's peak shows whether originals stream or pile up.
 * Usage: npx tsx bench/binder.ts [--quick]   (a fresh SQLite file, or DATABASE_URL)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchContext } from './lib/context.js';
import { newId } from '../src/core/ids.js';
import { ledgerTables } from '../src/db/ledger-tables.js';
import { tableOf } from '../src/ledger/kind.js';
import * as repo from '../src/ledger/repository.js';
import { disputeBody, smallTown } from '../src/testing/fixtures.js';
import { buildBinder } from '../src/binder/service.js';
import { MAX_EMBEDDED_BYTES } from '../src/binder/docx.js';

/** A real 1×1 PNG; a photo is this plus random bytes after its end, as large as a phone's JPEG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** Runs `work` while sampling RSS; returns its duration and the highest RSS seen. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

export async function runBinderBench(options: { quick?: boolean } = {}): Promise<string[]> {
  const records = options.quick ? 500 : 2000;
  const photos = options.quick ? 100 : 400;
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-binder-'));
  const ctx = await benchContext(dir);
  const lines: string[] = [];
  try {
    const f = await smallTown(ctx);
    const office = await f.as('townOffice');
    const model = await ctx.ledger.create(office, 'dispute', disputeBody(f.villageA.id, { parties: '王某某、李某某' }));
    const kind = await ctx.ledger.requireAction(office, 'dispute', 'read');
    const row = await ledgerTables(ctx.db.kysely).selectFrom(tableOf(kind)).selectAll().where('id', '=', model.id).executeTakeFirstOrThrow();
    const ids = Array.from({ length: records - 1 }, () => newId());
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const rows = ids.map((id, i) => ({ ...row, id, title: `第${i + 2}件纠纷：两户因宅基地边界争执` }));
      for (let i = 0; i < rows.length; i += 500) await repo.insertRows(trx, f.system, kind, rows.slice(i, i + 500));
    });
    for (const id of [model.id, ...ids].slice(0, photos)) await ctx.attachments.add(office, 'dispute', id, '现场照片.png', Buffer.concat([PNG, randomBytes(250 * 1024)]));

    const before = process.memoryUsage.rss();
    const docx = await measured(() => buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'docx' }, join(dir, 'binder.docx')));
    lines.push(
      `binder.docx (${ctx.db.engine}, ${records} records, ${docx.result.sections} sections, ${docx.result.embeddedImages} photos embedded, ${docx.result.listedImages} listed): ${(docx.ms / 1000).toFixed(1)} s, ` +
        `peak RSS ${mb(docx.peak)} MB (${mb(docx.peak - before)} MB over the ${mb(before)} MB before; embedded images capped at ${mb(MAX_EMBEDDED_BYTES)} MB), ${(statSync(join(dir, 'binder.docx')).size / 1024 / 1024).toFixed(1)} MB`,
    );
    const beforeZip = process.memoryUsage.rss();
    const zip = await measured(() => buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'zip' }, join(dir, 'binder.zip')));
    lines.push(
      `binder.zip (${records} records, ${zip.result.files} files, ${mb(photos * 250 * 1024)} MB of originals, each as often as its record is listed): ${(zip.ms / 1000).toFixed(1)} s, ` +
        `peak RSS ${mb(zip.peak)} MB (${mb(zip.peak - beforeZip)} MB over the ${mb(beforeZip)} MB before), ${mb(statSync(join(dir, 'binder.zip')).size)} MB`,
    );
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runBinderBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
