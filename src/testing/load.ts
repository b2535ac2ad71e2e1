/**
 * A bounded load driver over real HTTP, for the load-without-loss test and the API benchmark:
 * N clients, each with its own keep-alive connection and signed-in session, loop one POST for a
 * fixed time and record what came back. Loopback only — it refuses any other host.
 */
import { Agent, request } from 'node:http';
import type { Role } from '../accounts/roles.js';
import type { AppContext } from '../context.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../http/auth.js';

export interface LoadSession {
  /** The Cookie header: session and CSRF cookies. */
  cookie: string;
  csrfToken: string;
}

export interface LoadOptions {
  /** http://127.0.0.1:port (loopback only). */
  origin: string;
  path: string;
  /** One client per session; pass anonymous sessions ({ cookie: '', csrfToken: '' }) for a route without sign-in. */
  sessions: LoadSession[];
  durationMs: number;
  /** The JSON body for one request, carrying its unique marker. */
  body: (marker: string) => unknown;
  /** Prefix of every marker, so the records of one run can be told apart. */
  markerPrefix?: string;
  /** A request taking longer is abandoned and counted as a network error. */
  requestTimeoutMs?: number;
  /** Hard cap on requests per client, whatever the duration. */
  maxRequestsPerClient?: number;
  /**
   * A cheap GET each client sends before the clock starts, so that all connections are open:
   * a busy Node server accepts about one new connection per turn of its event loop, which would
   * otherwise keep the last clients waiting seconds for their first answer. Default /api/health.
   */
  connectPath?: string;
}

export interface Acknowledged {
  id: string;
  marker: string;
}

export interface LoadResult {
  clients: number;
  elapsedMs: number;
  /** Responses received, whatever their status. */
  responses: number;
  byStatus: Record<number, number>;
  /** Requests that got no HTTP response (refused, reset, timed out). */
  networkErrors: number;
  /** The first few non-2xx bodies and network errors, to say what went wrong. */
  errorSamples: string[];
  /** Every 201 with the id it returned and the marker it was sent with. */
  acknowledged: Acknowledged[];
  /** Markers of requests whose outcome is unknown (network error): their rows may or may not exist. */
  unknownMarkers: string[];
  /** Responses per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL of `path` at `origin`, refused unless it is plain HTTP on this machine. */
function loopbackUrl(path: string, origin: string): URL {
  const url = new URL(path, origin);
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) throw new Error(`the load driver only targets loopback HTTP, not ${origin}`);
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

interface Answer {
  status: number;
  body: string;
}

function send(agent: Agent, url: URL, headers: Record<string, string>, payload: string | undefined, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: hostOf(url),
        port: url.port,
        path: url.pathname,
        method: payload === undefined ? 'GET' : 'POST',
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.end(payload);
  });
}

/** The value at fraction q of sorted samples (nearest rank). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

function idOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') return parsed.id;
  } catch {
    // Not JSON: no id; the caller counts it as acknowledged without one.
  }
  return undefined;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = loopbackUrl(options.path, options.origin);
  const clients = options.sessions.length;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxPerClient = options.maxRequestsPerClient ?? Number.POSITIVE_INFINITY;
  const prefix = options.markerPrefix ?? `load-${Date.now().toString(36)}`;
  const agent = new Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });

  const byStatus: Record<number, number> = {};
  const acknowledged: Acknowledged[] = [];
  const unknownMarkers: string[] = [];
  const errorSamples: string[] = [];
  const latencies: number[] = [];
  let networkErrors = 0;
  const sample = (text: string) => {
    if (errorSamples.length < 10) errorSamples.push(text.slice(0, 300));
  };

  let deadline = 0;
  const client = async (index: number, session: LoadSession) => {
    const headers: Record<string, string> = session.cookie ? { cookie: session.cookie, [CSRF_HEADER]: session.csrfToken } : {};
    for (let seq = 0; seq < maxPerClient && performance.now() < deadline; seq++) {
      const marker = `${prefix}-c${index}-${seq}`;
      const payload = JSON.stringify(options.body(marker));
      const sent = performance.now();
      let answer: Answer;
      try {
        answer = await send(agent, url, headers, payload, timeoutMs);
      } catch (error) {
        networkErrors += 1;
        unknownMarkers.push(marker);
        sample(`${marker}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      latencies.push(performance.now() - sent);
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      if (answer.status === 201) acknowledged.push({ id: idOf(answer.body) ?? '', marker });
      else if (answer.status >= 300) sample(`${answer.status} ${answer.body}`);
    }
  };
  let started: number;
  try {
    // Open every connection first (not timed): one GET per client, all at once.
    const connectUrl = loopbackUrl(options.connectPath ?? '/api/health', options.origin);
    await Promise.all(options.sessions.map(() => send(agent, connectUrl, {}, undefined, timeoutMs)));
    started = performance.now();
    deadline = started + options.durationMs;
    await Promise.all(options.sessions.map((session, index) => client(index, session)));
  } finally {
    agent.destroy();
  }
  const elapsedMs = performance.now() - started;
  const sorted = Float64Array.from(latencies).sort();
  return {
    clients,
    elapsedMs,
    responses: latencies.length,
    byStatus,
    networkErrors,
    errorSamples,
    acknowledged,
    unknownMarkers,
    throughput: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

/** Signs in over HTTP and returns the cookies a browser would hold. */
export async function signInOverHttp(origin: string, username: string, password: string): Promise<LoadSession> {
  const url = loopbackUrl('/api/session', origin);
  const agent = new Agent({ keepAlive: false });
  const cookies = await new Promise<string[]>((resolve, reject) => {
    const payload = JSON.stringify({ username, password });
    const req = request(
      { agent, host: hostOf(url), port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(res.headers['set-cookie'] ?? []) : reject(new Error(`sign-in as ${username}: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  const value = (name: string) => cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
  const token = value(SESSION_COOKIE);
  const csrfToken = value(CSRF_COOKIE);
  if (!token || !csrfToken) throw new Error(`sign-in as ${username} set no session or CSRF cookie`);
  return { cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${csrfToken}`, csrfToken };
}

export interface LoadUser {
  role: Role;
  orgId: string;
}

/**
 * `count` signed-in sessions spread over one new user per entry of `users` (several sessions per
 * user, as one person signed in on several devices, one after another). Sign-in is rate limited per address: the
 * context must allow `count` sign-ins a minute.
 */
export async function signInClients(ctx: AppContext, origin: string, count: number, users: LoadUser[], password = 'Load#2025-test'): Promise<LoadSession[]> {
  const tag = Date.now().toString(36);
  const names = await Promise.all(
    users.map(async (u, i) => {
      const username = `load.${tag}.${i}`;
      await ctx.accounts.createUser({ username, password, displayName: `负载测试用户${i + 1}`, role: u.role, orgId: u.orgId });
      return username;
    }),
  );
  // Each person's devices sign in one after another (users in parallel): the lockout counts every
  // attempt before checking it, so more than its limit of one name's sign-ins in flight at once are refused.
  const sessions = new Array<LoadSession>(count);
  await Promise.all(
    names.map(async (name, u) => {
      for (let i = u; i < count; i += names.length) sessions[i] = await signInOverHttp(origin, name, password);
    }),
  );
  return sessions;
}
