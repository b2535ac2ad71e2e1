/**
 * API record creation under 100 concurrent clients, against a bare Fastify route doing the same
 * insert on the same database (no session, validation or audit) — measured in the same run with
 * the same load driver (src/testing/load.ts) over loopback HTTP. The driver runs in a child
 * process, so the server's CPU time per request is its own: that figure varies less than req/s
 * on a machine shared with other work.
 * Usage: npm run bench:api [-- --quick]   (a fresh SQLite file, or a fresh schema on DATABASE_URL)
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { nowIso } from '../src/core/dates.js';
import { newId } from '../src/core/ids.js';
import { buildApp } from '../src/http/app.js';
import { testContext } from '../src/testing/context.js';
import { disputeBody, smallTown } from '../src/testing/fixtures.js';
import { signInClients, type LoadResult, type LoadSession } from '../src/testing/load.js';
import type { LoadAnswer, LoadJob } from './load-client.js';

const CLIENTS = 100;

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

const describe = ({ load: r }: Measured) =>
  `${r.throughput.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, errors ${errorsOf(r)}`;

const originOf = (address: AddressInfo | string | null) => {
  if (!address || typeof address === 'string') throw new Error('the server is not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
};

export async function runApiBench({ quick = false }: { quick?: boolean } = {}): Promise<string[]> {
  const durationMs = (quick ? 5 : 20) * 1000;
  const warmUpMs = quick ? 1000 : 3000;
  const ctx = await testContext();
  const api = await buildApp(ctx);
  const bare = Fastify();
  try {
    const f = await smallTown(ctx);
    const units = new Map([[f.villageA.id, { path: f.villageA.path, townId: f.town.id }]]);

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
    // Town office staff and grid workers, ten sessions each (one person on several devices).
    const users = Array.from({ length: 10 }, (_, i) => (i % 2 ? { role: 'gridWorker' as const, orgId: f.villageA.id } : { role: 'townOffice' as const, orgId: f.town.id }));
    const sessions = await signInClients(ctx, apiOrigin, CLIENTS, users);
    const anonymous: LoadSession[] = Array.from({ length: CLIENTS }, () => ({ cookie: '', csrfToken: '' }));
    const template = disputeBody(f.villageA.id);

    const measure = async (origin: string, path: string, clients: LoadSession[], tag: string): Promise<Measured> => {
      const job = { origin, path, sessions: clients, template, markerField: 'notes' };
      await loadInChild({ ...job, durationMs: warmUpMs, markerPrefix: `${tag}-warm` });
      const before = process.cpuUsage();
      const load = await loadInChild({ ...job, durationMs, markerPrefix: tag });
      const cpu = process.cpuUsage(before);
      return { load, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, load.responses) };
    };
    const reference = await measure(bareOrigin, '/bare/dispute', anonymous, 'bare');
    // A reference that fails is fast and measures nothing: no ratio against it.
    if (errorsOf(reference.load) > 0) throw new Error(`the bare insert failed ${errorsOf(reference.load)} times: fix the reference route before reading a ratio`);
    const measured = await measure(apiOrigin, '/api/ledgers/dispute', sessions, 'api');
    const engine = ctx.db.engine;
    const ratio = measured.load.throughput / reference.load.throughput;
    return [
      `api create dispute (${CLIENTS} clients, ${engine}): ${describe(measured)} (ratio ${ratio.toFixed(2)} against bare Fastify insert: ${reference.load.throughput.toFixed(0)} req/s)`,
      `bare Fastify insert (${CLIENTS} clients, ${engine}): ${describe(reference)}`,
      `api create dispute, server CPU per request (${engine}): ${measured.cpuMsPerRequest.toFixed(2)} ms (ratio ${(measured.cpuMsPerRequest / reference.cpuMsPerRequest).toFixed(1)} against bare Fastify insert: ${reference.cpuMsPerRequest.toFixed(2)} ms)`,
    ];
  } finally {
    await api.close();
    await bare.close();
    await ctx.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runApiBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
