/**
 * API record creation by 1, 10 and 100 concurrent clients writing into 20 towns (client i in town
 * i mod 20), each against a bare Fastify route doing the same insert on the same database (no
 * session, validation, summaries or audit) with as many clients — measured in the same run, one
 * after the other, with the same load driver (src/testing/load.ts) over loopback HTTP. The driver
 * runs in a child process, so the server's CPU time per request is its own: that figure varies
 * less than req/s on a machine shared with other work.
 * After the load: every acknowledged record is present exactly once (by id and by the marker it
 * was sent with), and the audit chains and the monthly summaries are checked as `fazhi audit
 * verify` and `fazhi summaries check` check them.
 * Usage: npm run bench:api [-- --quick]   (a fresh SQLite file, or a fresh schema on DATABASE_URL)
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { verifyAuditChain } from '../src/audit/verify.js';
import { nowIso } from '../src/core/dates.js';
import { newId } from '../src/core/ids.js';
import { buildApp } from '../src/http/app.js';
import { checkSummaries } from '../src/indicators/monthly/store.js';
import { testContext } from '../src/testing/context.js';
import { disputeBody, smallTown, townsOfCounty } from '../src/testing/fixtures.js';
import { signInClients, type LoadResult, type LoadSession } from '../src/testing/load.js';
import type { LoadAnswer, LoadJob } from './load-client.js';

const CLIENT_COUNTS = [1, 10, 100] as const;
const TOWNS = 20;

interface DisputeInput {
  orgId: string;
  date: string;
  title: string;
  notes?: string;
  source: string;
  category: string;
  status: string;
}

interface Measured {
  load: LoadResult;
  /** This process's (the servers') CPU time per response. */
  cpuMsPerRequest: number;
}

/** Runs the load driver in a child process (tsx's loader is inherited through execArgv). */
function loadInChild(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)));
    child.once('message', (answer: LoadAnswer) => (answer.ok ? resolve(answer.result) : reject(new Error(answer.error))));
    child.once('exit', (code) => reject(new Error(`the load client exited with ${code} before answering`)));
    child.once('error', reject);
    child.send(job);
  });
}

const errorsOf = (r: LoadResult) => r.responses - r.acknowledged.length + r.networkErrors;

const originOf = (address: AddressInfo | string | null) => {
  if (!address || typeof address === 'string') throw new Error('the server is not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
};

/** Acknowledged records missing, or present more than once (by id or by marker), among the rows written with `prefix`. */
async function lostOrDoubled(ctx: Awaited<ReturnType<typeof testContext>>, prefix: string, load: LoadResult): Promise<{ missing: number; doubled: number }> {
  const { rows } = await sql<{ id: string; notes: string | null }>`select id, notes from ledger_dispute where notes like ${`${prefix}-%`}`.execute(ctx.db.kysely);
  const byId = new Map<string, number>();
  const byMarker = new Map<string, number>();
  for (const r of rows) {
    byId.set(r.id, (byId.get(r.id) ?? 0) + 1);
    if (r.notes) byMarker.set(r.notes, (byMarker.get(r.notes) ?? 0) + 1);
  }
  let missing = 0;
  let doubled = 0;
  for (const a of load.acknowledged) {
    const n = Math.min(byId.get(a.id) ?? 0, byMarker.get(a.marker) ?? 0);
    if (n === 0) missing += 1;
    if ((byId.get(a.id) ?? 0) > 1 || (byMarker.get(a.marker) ?? 0) > 1) doubled += 1;
  }
  return { missing, doubled };
}

export async function runApiBench({ quick = false }: { quick?: boolean } = {}): Promise<string[]> {
  const durationMs = (quick ? 4 : 15) * 1000;
  const warmUpMs = quick ? 1000 : 3000;
  const ctx = await testContext();
  const api = await buildApp(ctx);
  const bare = Fastify();
  try {
    const f = await smallTown(ctx);
    const towns = await townsOfCounty(ctx, f, TOWNS);
    const units = new Map(towns.map(({ town, village }) => [village.id, { path: village.path, townId: town.id }]));

    bare.get('/api/health', () => Promise.resolve({ ok: true }));
    // The row the API writes, inserted as it comes: what a route costs with nothing around the insert.
    bare.post('/bare/dispute', async (request, reply) => {
      const input = request.body as DisputeInput;
      const now = nowIso();
      const unit = units.get(input.orgId);
      const row = { id: newId(), orgPath: unit?.path ?? '', ...input };
      await sql`insert into ledger_dispute (id, org_id, org_path, town_id, date, title, notes, source, category, status, created_at, updated_at, version)
        values (${row.id}, ${row.orgId}, ${row.orgPath}, ${unit?.townId ?? ''}, ${row.date}, ${row.title}, ${row.notes ?? null}, ${row.source}, ${row.category}, ${row.status}, ${now}, ${now}, 1)`.execute(ctx.db.kysely);
      return reply.status(201).send(row);
    });

    const apiOrigin = originOf((await api.listen({ host: '127.0.0.1', port: 0 }), api.server.address()));
    const bareOrigin = originOf((await bare.listen({ host: '127.0.0.1', port: 0 }), bare.server.address()));
    // One town office user per town; client i signs in as town i mod 20's (several devices per person).
    const users = towns.map(({ town }) => ({ role: 'townOffice' as const, orgId: town.id }));
    const max = Math.max(...CLIENT_COUNTS);
    const sessions = await signInClients(ctx, apiOrigin, max, users);
    const anonymous: LoadSession[] = Array.from({ length: max }, () => ({ cookie: '', csrfToken: '' }));
    const template = disputeBody(f.villageA.id);
    const perClient = towns.map(({ village }) => ({ orgId: village.id }));

    const measure = async (origin: string, path: string, clients: LoadSession[], tag: string): Promise<Measured> => {
      const job = { origin, path, sessions: clients, template, perClient, markerField: 'notes' };
      await loadInChild({ ...job, durationMs: warmUpMs, markerPrefix: `${tag}-warm` });
      const before = process.cpuUsage();
      const load = await loadInChild({ ...job, durationMs, markerPrefix: tag });
      const cpu = process.cpuUsage(before);
      return { load, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, load.responses) };
    };
    const engine = ctx.db.engine;
    const lines: string[] = [];
    const byClients = new Map<number, Measured>();
    for (const clients of CLIENT_COUNTS) {
      const townsWritten = Math.min(clients, TOWNS);
      const reference = await measure(bareOrigin, '/bare/dispute', anonymous.slice(0, clients), `bare${clients}`);
      // A reference that fails is fast and measures nothing: no ratio against it.
      if (errorsOf(reference.load) > 0) throw new Error(`the bare insert failed ${errorsOf(reference.load)} times: fix the reference route before reading a ratio`);
      // The bare rows bypass the summaries (and the audit): gone again before the API writes and the checks after.
      await sql`delete from ledger_dispute where notes like ${'bare%'}`.execute(ctx.db.kysely);
      const tag = `api${clients}`;
      const measured = await measure(apiOrigin, '/api/ledgers/dispute', sessions.slice(0, clients), tag);
      byClients.set(clients, measured);
      const { missing, doubled } = await lostOrDoubled(ctx, tag, measured.load);
      const ratio = measured.load.throughput / reference.load.throughput;
      lines.push(
        `api create dispute, ${clients} client${clients > 1 ? 's' : ''} in ${townsWritten} town${townsWritten > 1 ? 's' : ''} (${engine}): ${measured.load.throughput.toFixed(0)} req/s, p50 ${measured.load.p50Ms.toFixed(1)} ms, p99 ${measured.load.p99Ms.toFixed(1)} ms, errors ${errorsOf(measured.load)}, acknowledged ${measured.load.acknowledged.length}, missing ${missing}, doubled ${doubled} (ratio ${ratio.toFixed(2)} against bare INSERT, same clients: ${reference.load.throughput.toFixed(0)} req/s, p99 ${reference.load.p99Ms.toFixed(1)} ms)`,
      );
      if (measured.load.errorSamples.length) lines.push(`  first error: ${measured.load.errorSamples[0]}`);
      if (clients === max) {
        lines.push(
          `api create dispute, server CPU per request, ${clients} clients (${engine}): ${measured.cpuMsPerRequest.toFixed(2)} ms (ratio ${(measured.cpuMsPerRequest / reference.cpuMsPerRequest).toFixed(1)} against bare INSERT: ${reference.cpuMsPerRequest.toFixed(2)} ms)`,
        );
      }
    }
    const one = byClients.get(1);
    const most = byClients.get(max);
    if (one && most) {
      lines.push(`api create scaling, ${max} clients in ${TOWNS} towns vs 1 client (${engine}): ${(most.load.throughput / one.load.throughput).toFixed(2)} x (ratio ${(most.load.throughput / one.load.throughput).toFixed(2)} against 1 client: ${one.load.throughput.toFixed(0)} req/s)`);
    }

    // What `fazhi audit verify` and `fazhi summaries check` would say now.
    const checkpoint = await ctx.auditAnchor.checkpoint('command');
    const chain = await verifyAuditChain(ctx.db, (await ctx.auditAnchor.read()).checkpoints);
    lines.push(
      chain.ok
        ? `audit verify after the load (${engine}): OK, ${chain.rows} rows in ${chain.chains} chains${checkpoint ? `, checkpoint with ${checkpoint.heads?.length ?? 0} heads` : ''}`
        : `audit verify after the load (${engine}): FAILED at id ${chain.firstBad.id}: ${chain.firstBad.reason}`,
    );
    const summaries = (await checkSummaries(ctx.db, await ctx.kinds.all())).filter((s) => s.built);
    const differing = summaries.reduce((n, s) => n + s.differing, 0);
    lines.push(`summaries check after the load (${engine}): ${differing === 0 ? 'OK' : 'FAILED'}, ${summaries.length} summaries, ${differing} differing rows`);
    return lines;
  } finally {
    await api.close();
    await bare.close();
    await ctx.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runApiBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
