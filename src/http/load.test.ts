/**
 * Load without loss: 100 signed-in clients create disputes over real HTTP on loopback for 20
 * seconds; afterwards every acknowledged (201) record is stored exactly once, nothing else was
 * written, nothing failed, and the audit chain holds with one create row per record.
 * Throughput and latency are not asserted here: bench/api.ts measures them.
 * FAZHI_LOAD_CLIENTS and FAZHI_LOAD_SECONDS change the numbers for a local run.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify.js';
import { checkSummaries } from '../indicators/monthly/store.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { runLoad, signInClients, type LoadSession } from '../testing/load.js';
import { buildApp } from './app.js';

const CLIENTS = Number(process.env.FAZHI_LOAD_CLIENTS || 100);
const SECONDS = Number(process.env.FAZHI_LOAD_SECONDS || 20);

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let origin: string;
let sessions: LoadSession[];

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // Town office staff and grid workers of the village, several devices each.
  const users = Array.from({ length: 10 }, (_, i) => (i % 2 ? { role: 'gridWorker' as const, orgId: f.villageA.id } : { role: 'townOffice' as const, orgId: f.town.id }));
  sessions = await signInClients(ctx, origin, CLIENTS, users);
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe(`load: ${CLIENTS} clients creating disputes for ${SECONDS} s`, () => {
  it(
    'stores every acknowledged record exactly once and nothing else, with no 5xx and an intact audit chain',
    async () => {
      const prefix = `load-${Date.now().toString(36)}`;
      const result = await runLoad({
        origin,
        path: '/api/ledgers/dispute',
        sessions,
        durationMs: SECONDS * 1000,
        markerPrefix: prefix,
        body: (marker) => disputeBody(f.villageA.id, { notes: marker }),
      });

      expect(result.networkErrors, result.errorSamples.join('\n')).toBe(0);
      expect(result.byStatus, result.errorSamples.join('\n')).toEqual({ 201: result.responses });
      expect(result.acknowledged.length).toBeGreaterThan(CLIENTS);

      const { rows } = await sql<{ id: string; notes: string | null }>`select id, notes from ledger_dispute`.execute(ctx.db.kysely);
      // Nothing written beyond what was acknowledged, and no id or marker twice.
      expect(rows.length).toBe(result.acknowledged.length);
      const notesById = new Map(rows.map((r) => [r.id, r.notes]));
      expect(notesById.size).toBe(rows.length);
      expect(new Set(rows.map((r) => r.notes)).size).toBe(rows.length);
      const missing = result.acknowledged.filter((a) => notesById.get(a.id) !== a.marker);
      expect(missing, 'acknowledged records missing or holding another marker').toEqual([]);

      const creates = await ctx.db.kysely
        .selectFrom('audit_log')
        .select(['record_id'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'create')
        .where('kind', '=', 'dispute')
        .groupBy('record_id')
        .execute();
      expect(creates.length).toBe(result.acknowledged.length);
      expect(creates.filter((c) => Number(c.n) !== 1 || !notesById.has(c.record_id ?? ''))).toEqual([]);

      const chain = await verifyAuditChain(ctx.db);
      expect(chain).toMatchObject({ ok: true });
      // A hundred writers at once into the same town and month: the monthly summary lost none of them.
      const dispute = ctx.kinds.builtIn.filter((k) => k.code === 'dispute');
      expect(await checkSummaries(ctx.db, dispute)).toEqual([{ table: 'summary_ledger_dispute', differing: 0, built: true }]);
      const { rows: summed } = await sql<{ n: number | string }>`select coalesce(sum(n), 0) as n from summary_ledger_dispute`.execute(ctx.db.kysely);
      expect(Number(summed[0]?.n)).toBe(rows.length);
    },
    SECONDS * 1000 + 120_000,
  );
});
