/**
 * The server as an operator runs it (`node bin/fazhi.js serve`, on the build in dist/):
 * - start-up: from spawning the process to the first answer of /api/health, on an existing,
 *   migrated SQLite database holding the demo (goal < 3 s), against a bare Node HTTP server's
 *   start on the same machine;
 * - memory: the process's resident set while clients create disputes over HTTP (src/testing/load.ts,
 *   as bench/api.ts drives it) and once the load has stopped and the server is idle again
 *   (goal: steady RSS ≤ 150 MB).
 * Needs `npm run build` (dist/cli/main.js); without it the start-up would time tsx compiling the
 * sources, so the benchmark says so and stops.
 * Usage: npx tsx bench/server.ts [--quick]   (BENCH_SERVER_DB=path/fazhi.db: start from a copy of that database)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, ROOT } from '../e2e/server.js';
import { disputeBody } from '../src/testing/fixtures.js';
import { runLoad, signInOverHttp, type LoadSession } from '../src/testing/load.js';
import { median } from './lib/timing.js';

const GOAL_START_MS = 3000;
const GOAL_RSS_MB = 150;
const BIN = join(ROOT, 'bin/fazhi.js');
/** The memory settings of README's systemd unit. */
const UNIT_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

interface Started {
  child: ChildProcess;
  origin: string;
  /** Spawn → first 200 from /api/health. */
  ms: number;
  /** CPU the process used until then. */
  cpuMs: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns `args` with `env`, and waits for GET /api/health on the port to answer 200. */
async function start(args: string[], env: Record<string, string | undefined>, port: number, timeoutMs: number): Promise<Started> {
  const origin = `http://127.0.0.1:${port}`;
  let output = '';
  const began = process.hrtime.bigint();
  // A variable given as undefined is removed, not inherited (the default environment has no MALLOC_ setting).
  const merged = Object.fromEntries(Object.entries<string | undefined>({ ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) }).filter(([, value]) => value !== undefined));
  const child = spawn(process.execPath, args, { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the start is kept, to say why a server did not come up; a long run's log is not.
  const keep = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped before answering (exit ${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, origin, ms: Number(process.hrtime.bigint() - began) / 1e6, cpuMs: cpuMs(child.pid as number), output: () => output, stop };
}

/**
 * CPU time a process has used so far, in ms (user + system, from /proc: Linux). On a machine shared
 * with other work the wall time to start stretches with the load; the CPU it took does not.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command's name; in ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident set of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

const BARE = `require('node:http').createServer((q, s) => s.end('{"ok":true}')).listen(Number(process.env.PORT), process.env.HOST)`;

export async function runServerBench({ quick = false }: { quick?: boolean } = {}): Promise<string[]> {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) return ['server.start/rss: skipped (no build in dist/: run npm run build first)'];
  const starts = quick ? 2 : 5;
  const clients = quick ? 20 : 100;
  const durationMs = (quick ? 5 : 20) * 1000;
  // Long enough for the server's collection once it is quiet (src/http/quiet-gc.ts: 5–10 s).
  const settleMs = (quick ? 12 : 15) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-server-'));
  const web = join(dir, 'web');
  mkdirSync(web);
  const env = {
    DATABASE_URL: '',
    FAZHI_DB: join(dir, 'fazhi.db'),
    FAZHI_KEY: '',
    FAZHI_KEY_FILE: join(dir, 'fazhi.key'),
    FAZHI_DATA_DIR: join(dir, 'files'),
    FAZHI_WEB_DIR: web,
    FAZHI_SMTP_URL: '',
    FAZHI_LOG: 'warn',
    FAZHI_LOGIN_RATE_PER_MINUTE: '100000',
  };
  try {
    // The existing database: the demo, loaded and migrated by a first start that is not timed (on a
    // busy machine the demo takes minutes; BENCH_SERVER_DB names a demo database, with its key file
    // beside it as fazhi.key, to copy instead).
    const given = process.env.BENCH_SERVER_DB;
    if (given) {
      copyFileSync(given, env.FAZHI_DB);
      copyFileSync(join(dirname(given), 'fazhi.key'), env.FAZHI_KEY_FILE);
    }
    const first = await start([BIN, 'serve', '--demo'], env, await freePort(), 900_000);
    await first.stop();

    const startMs: number[] = [];
    const bareMs: number[] = [];
    const startCpu: number[] = [];
    const bareCpu: number[] = [];
    for (let i = 0; i < starts; i++) {
      const bare = await start(['-e', BARE], env, await freePort(), 30_000);
      bareMs.push(bare.ms);
      bareCpu.push(bare.cpuMs);
      await bare.stop();
      const server = await start([BIN, 'serve'], env, await freePort(), 60_000);
      startMs.push(server.ms);
      startCpu.push(server.cpuMs);
      await server.stop();
    }

    const ratio = (n: number, of: number) => (n / of).toFixed(2);
    const lines = [
      `server.start (serve on the demo's SQLite database, built, median of ${starts}): ${Math.round(median(startMs))} ms (ratio ${ratio(median(startMs), median(bareMs))} against a bare Node HTTP server: ${Math.round(median(bareMs))} ms; goal < ${GOAL_START_MS} ms: ${median(startMs) < GOAL_START_MS ? 'met' : 'NOT met'})`,
      `server.start CPU (the same starts, CPU used until the first answer): ${Math.round(median(startCpu))} ms (ratio ${ratio(median(startCpu), median(bareCpu))} against the bare Node HTTP server: ${Math.round(median(bareCpu))} ms)`,
    ];
    // Memory twice: as `npm start` runs it, and with the environment of README's systemd unit (glibc's
    // mmap threshold fixed, so freed medium-sized blocks go back to the system: docs/SCALING.md «内存»).
    for (const [setting, extra] of [
      ['default environment', Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('MALLOC_')).map((k) => [k, undefined]))],
      ["README's systemd unit", UNIT_ENV],
    ] as Array<[string, Record<string, string | undefined>]>) {
      const server = await start([BIN, 'serve'], { ...env, ...extra }, await freePort(), 60_000);
      try {
        const pid = server.child.pid as number;
        const idleMb = rssMb(pid);
        const first = await signInOverHttp(server.origin, 'smz_office', 'Fazhi@2025');
        const me = (await (await fetch(`${server.origin}/api/session`, { headers: { cookie: first.cookie } })).json()) as { me: { org: { id: string } } };
        const sessions: LoadSession[] = [first];
        for (let i = 1; i < clients; i++) sessions.push(await signInOverHttp(server.origin, i % 2 ? 'smz_clerk' : 'smz_office', 'Fazhi@2025'));
        let peakMb = 0;
        const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 200);
        const template = disputeBody(me.me.org.id, { date: '2025-06-01' });
        const load = await runLoad({ origin: server.origin, path: '/api/ledgers/dispute', sessions, durationMs, body: (marker) => ({ ...template, notes: marker }), markerPrefix: 'rss' });
        clearInterval(sampler);
        const afterMb = rssMb(pid);
        await new Promise((r) => setTimeout(r, settleMs));
        const steadyMb = rssMb(pid);
        const errors = load.responses - load.acknowledged.length + load.networkErrors;
        lines.push(
          `server.rss idle after start (${setting}): ${idleMb.toFixed(0)} MB`,
          `server.rss during load (${setting}; ${clients} clients creating disputes for ${durationMs / 1000} s, ${load.responses} responses, ${errors} errors), peak: ${peakMb.toFixed(0)} MB`,
          `server.rss steady (${setting}; ${settleMs / 1000} s after the load): ${steadyMb.toFixed(0)} MB (ratio ${ratio(steadyMb, GOAL_RSS_MB)} against the goal: ${GOAL_RSS_MB} MB; right after the load ${afterMb.toFixed(0)} MB)`,
        );
      } finally {
        await server.stop();
      }
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runServerBench({ quick: process.argv.includes('--quick') })) console.log(line);
}
