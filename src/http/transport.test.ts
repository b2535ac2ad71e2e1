/**
 * The server at the network's edge: forwarded headers believed only from the named proxies
 * (FAZHI_TRUST_PROXY), and slow clients cut off (FAZHI_*_TIMEOUT_SECONDS) on a real socket.
 */
import type { FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../context.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { buildApp } from './app.js';
import { SESSION_COOKIE } from './auth.js';

let ctx: TestContext;
let f: Fixture;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await ctx.close();
});

/** An app configured from these environment variables (as `fazhi serve` would be), over the test database. */
async function appWith(env: Record<string, string>, loginRatePerMinute = 100_000): Promise<FastifyInstance> {
  const { trustedProxies, timeouts } = configFromEnv(env);
  const app = await buildApp({ ...ctx, config: { ...ctx.config, trustedProxies, timeouts, loginRatePerMinute } });
  apps.push(app);
  return app;
}

/** The IP addresses the audit log recorded for sign-in attempts on a name. */
const auditedIps = async (username: string) =>
  (await ctx.db.kysely.selectFrom('audit_log').select(['ip', 'after']).where('action', '=', 'login_failed').orderBy('id').execute())
    .filter((r) => r.after !== null && (JSON.parse(r.after) as { username?: string }).username === username)
    .map((r) => r.ip);

describe('FAZHI_TRUST_PROXY', () => {
  it('refuses "1" (trust everyone) with a message asking for the proxy addresses, and reads a list of addresses and networks', () => {
    for (const value of ['1', 'true', '127.0.0.1,*']) expect(() => configFromEnv({ FAZHI_TRUST_PROXY: value })).toThrow(/FAZHI_TRUST_PROXY 须写明反向代理的地址.*127\.0\.0\.1,10\.0\.0\.5/);
    for (const value of ['proxy.local', '10.0.0.0/33', '0.0.0.0/0', '10.0.0.5/24/1']) expect(() => configFromEnv({ FAZHI_TRUST_PROXY: value })).toThrow(`“${value}”不是 IP 地址或网段`);
    expect(configFromEnv({ FAZHI_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/24,::1 ' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/24', '::1']);
    expect(configFromEnv({}).trustedProxies).toEqual([]);
  });

  it('believes X-Forwarded-For only from the named proxy: a forged one neither escapes the rate limit nor reaches the audit', async () => {
    const app = await appWith({ FAZHI_TRUST_PROXY: '127.0.0.1' }, 3);
    const attempt = (username: string, remoteAddress: string, forwardedFor?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress,
        headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
        payload: { username, password: 'Wrong#2025x' },
      });

    // A client at 198.51.100.7 claims a new address each time: limited by its real one all the same.
    const forged = [];
    for (let i = 1; i <= 5; i++) forged.push(await attempt('forger', '198.51.100.7', `203.0.113.${i}`));
    expect(forged.map((r) => r.statusCode)).toEqual([401, 401, 401, 429, 429]);
    expect(await auditedIps('forger')).toEqual(['198.51.100.7', '198.51.100.7', '198.51.100.7']);

    // Through the trusted proxy each client is itself: audited and limited by its forwarded address.
    const a = [];
    for (let i = 0; i < 4; i++) a.push(await attempt('via-proxy', '127.0.0.1', '192.0.2.10'));
    expect(a.map((r) => r.statusCode)).toEqual([401, 401, 401, 429]);
    expect((await attempt('via-proxy', '127.0.0.1', '10.9.9.9, 192.0.2.11')).statusCode).toBe(401);
    expect(await auditedIps('via-proxy')).toEqual(['192.0.2.10', '192.0.2.10', '192.0.2.10', '192.0.2.11']);
  });

  it('sets the Secure cookie for HTTPS reported by the trusted proxy, not by anyone else', async () => {
    const app = await appWith({ FAZHI_TRUST_PROXY: '127.0.0.1,10.0.0.0/24' });
    const password = 'Fazhi#2025-proxy';
    await ctx.accounts.createUser({ username: 'proxy.user', password, displayName: '代理用户', role: 'townOffice', orgId: f.town.id });
    const signIn = (remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/session', remoteAddress, headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'proxy.user', password } });
    const sessionCookie = (res: Awaited<ReturnType<typeof signIn>>) => {
      expect(res.statusCode, res.body).toBe(200);
      return res.cookies.find((c) => c.name === SESSION_COOKIE);
    };
    expect(sessionCookie(await signIn('127.0.0.1'))?.secure).toBe(true);
    expect(sessionCookie(await signIn('10.0.0.5'))?.secure).toBe(true);
    expect(sessionCookie(await signIn('198.51.100.8'))?.secure).toBeUndefined();
  });
});

/**
 * Opens a raw connection, sends `head`, then `trickle` one byte every `everyMs`, and reports
 * when (ms after connecting) the server closed the connection and what it answered; gives up
 * (closedAfterMs undefined) after `giveUpMs`.
 */
function slowClient(port: number, head: string, trickle: string, everyMs: number, giveUpMs: number): Promise<{ closedAfterMs?: number; received: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && socket.writable) socket.write(trickle[sent++] as string);
    }, everyMs);
    const finish = (closedAfterMs?: number) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedAfterMs, received });
    };
    const giveUp = setTimeout(() => finish(undefined), giveUpMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset is one way of being cut off
    socket.on('close', () => finish(Date.now() - started));
  });
}

describe('timeouts', () => {
  let port: number;
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({ FAZHI_HEADERS_TIMEOUT_SECONDS: '0.3', FAZHI_REQUEST_TIMEOUT_SECONDS: '0.8', FAZHI_IDLE_TIMEOUT_SECONDS: '5', FAZHI_KEEP_ALIVE_SECONDS: '1' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });

  it('are read from the environment, in seconds', () => {
    expect([app.server.headersTimeout, app.server.requestTimeout, app.server.timeout, app.server.keepAliveTimeout]).toEqual([300, 800, 5000, 1000]);
    expect(() => configFromEnv({ FAZHI_REQUEST_TIMEOUT_SECONDS: 'never' })).toThrow('FAZHI_REQUEST_TIMEOUT_SECONDS 应为正数（秒）');
  });

  it('cut off a client sending its body one byte at a time', async () => {
    const body = JSON.stringify({ username: 'slow.client', password: 'Wrong#2025x' });
    const head = `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    // 1 byte every 100 ms needs 5 s for the body: never idle, but far past the 0.8 s request deadline.
    const { closedAfterMs, received } = await slowClient(port, head, body, 100, 5_000);
    expect(closedAfterMs, 'the slow body was never cut off').toBeDefined();
    expect(closedAfterMs).toBeGreaterThanOrEqual(800);
    expect(closedAfterMs).toBeLessThan(3_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(await auditedIps('slow.client')).toEqual([]);
  });

  it('cut off a client sending its headers one byte at a time', async () => {
    const { closedAfterMs, received } = await slowClient(port, 'GET /api/health HTTP/1.1\r\n', 'Host: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n', 100, 5_000);
    expect(closedAfterMs, 'the slow headers were never cut off').toBeDefined();
    expect(closedAfterMs).toBeLessThan(2_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });
});
