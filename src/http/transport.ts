/**
 * How the server meets the network: which reverse proxies may tell it a client's address and
 * scheme (X-Forwarded-For, X-Forwarded-Proto), and how long a client may take to send a request.
 */
import { isIP } from 'node:net';
import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';

/** Deadlines on a connection, in milliseconds. */
export interface ServerTimeouts {
  /** The request line and headers must arrive within this (slow headers, "slowloris"). */
  headersMs: number;
  /** The whole request, body and uploaded file included, must arrive within this. */
  requestMs: number;
  /** A connection on which nothing moves for this long is closed, even while its request is being handled. */
  idleMs: number;
  /** An idle keep-alive connection between requests is kept this long. */
  keepAliveMs: number;
}

/**
 * A 20 MB upload needs under a minute at 3 Mbit/s. The idle limit also cuts a request whose
 * handler is silent that long (a large import or roll-up), so it is generous; slow senders are
 * caught by the header and request deadlines. Keep-alive stays at Fastify's 72 s, longer than
 * nginx's 60 s upstream keep-alive, so that the proxy, not us, closes a pooled connection.
 */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 15_000, requestMs: 60_000, idleMs: 120_000, keepAliveMs: 72_000 };

/** Names proxy-addr (Fastify's trustProxy) understands for the private ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const TRUST_PROXY_EXAMPLE = '如 FAZHI_TRUST_PROXY=127.0.0.1,10.0.0.5（也可写网段，如 10.0.0.0/24）';

/**
 * FAZHI_TRUST_PROXY: the reverse proxies, by address or network, whose forwarded headers are
 * believed. "1" used to mean every peer, so any client could name its own address by sending
 * X-Forwarded-For; it, and anything else that trusts the whole internet, is refused.
 */
export function trustedProxiesOf(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (/^(1|true|yes|\*)$/i.test(entry)) {
      throw new Error(`FAZHI_TRUST_PROXY 须写明反向代理的地址，不再接受“${entry}”（那会相信任何客户端自报的 X-Forwarded-For）：${TRUST_PROXY_EXAMPLE}`);
    }
    if (RANGE_NAMES.has(entry)) continue;
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= bits);
    if (!family || extra !== undefined || !prefixOk) throw new Error(`FAZHI_TRUST_PROXY 中的“${entry}”不是 IP 地址或网段：${TRUST_PROXY_EXAMPLE}`);
  }
  return entries;
}

/** FAZHI_HEADERS_TIMEOUT_SECONDS, FAZHI_REQUEST_TIMEOUT_SECONDS, FAZHI_IDLE_TIMEOUT_SECONDS, FAZHI_KEEP_ALIVE_SECONDS. */
export function serverTimeoutsOf(env: Record<string, string | undefined>): ServerTimeouts {
  const seconds = (name: string, fallbackMs: number) => {
    const raw = env[name];
    if (!raw) return fallbackMs;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} 应为正数（秒），现为“${raw}”`);
    return Math.round(value * 1000);
  };
  const d = DEFAULT_SERVER_TIMEOUTS;
  return {
    headersMs: seconds('FAZHI_HEADERS_TIMEOUT_SECONDS', d.headersMs),
    requestMs: seconds('FAZHI_REQUEST_TIMEOUT_SECONDS', d.requestMs),
    idleMs: seconds('FAZHI_IDLE_TIMEOUT_SECONDS', d.idleMs),
    keepAliveMs: seconds('FAZHI_KEEP_ALIVE_SECONDS', d.keepAliveMs),
  };
}

/** The Fastify options for the trusted proxies and the deadlines. */
export function transportOptions(config: { trustedProxies?: string[]; timeouts?: Partial<ServerTimeouts> }): FastifyHttpOptions<Server> {
  const t = { ...DEFAULT_SERVER_TIMEOUTS, ...config.timeouts };
  // Node refuses a header deadline later than the whole request's.
  const headersMs = Math.min(t.headersMs, t.requestMs);
  return {
    trustProxy: config.trustedProxies?.length ? config.trustedProxies : false,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    http: {
      headersTimeout: headersMs,
      requestTimeout: t.requestMs,
      // Node looks at the header and request deadlines only this often (30 s unless told):
      // a second keeps a cut-off close to its deadline, less for sub-second test deadlines.
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersMs / 4))),
    },
  };
}
