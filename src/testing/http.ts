/** Signed-in requests in HTTP tests: the session cookie and, for state-changing requests, the CSRF header. */
import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { expect } from 'vitest';
import type { AccountService } from '../accounts/service.js';
import type { Role } from '../accounts/roles.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../http/auth.js';

const csrfBySession = new Map<string, string>();

/** Records the session and CSRF cookies a sign-in response set; returns the session token. */
export function rememberSession(res: InjectResponse): string {
  const token = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  const csrf = res.cookies.find((c) => c.name === CSRF_COOKIE)?.value;
  if (!token || !csrf) throw new Error('sign-in set no session or CSRF cookie');
  csrfBySession.set(token, csrf);
  return token;
}

/**
 * Signs `username` in through POST /api/session, failing the test unless it answers 200; returns the
 * session token, whose CSRF token withSession and callAs then send with state-changing requests.
 */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  expect(res.statusCode, `sign-in of ${username}: ${res.body}`).toBe(200);
  return rememberSession(res);
}

let newUsers = 0;

/**
 * Creates a user of `role` at `unit` (a fresh username unless given) and signs them in; returns the
 * session token.
 */
export async function signInNewUser(
  app: FastifyInstance,
  accounts: Pick<AccountService, 'createUser'>,
  role: Role,
  unit: { id: string },
  options: { username?: string; displayName?: string; password?: string } = {},
): Promise<string> {
  newUsers += 1;
  const username = options.username ?? `${role.toLowerCase()}.${newUsers}`;
  const password = options.password ?? 'Fazhi#2025-test';
  await accounts.createUser({ username, password, displayName: options.displayName ?? `测试用户${newUsers}`, role, orgId: unit.id });
  return signIn(app, username, password);
}

/** inject() options for a request made by the signed-in user holding `token`. */
export function withSession(token: string, headers: Record<string, string> = {}) {
  const csrf = csrfBySession.get(token);
  return { cookies: { [SESSION_COOKIE]: token }, headers: { ...(csrf ? { [CSRF_HEADER]: csrf } : {}), ...headers } };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as the holder of `token` (anonymous without one), with a JSON payload if given. */
export const callAs = (app: FastifyInstance, token: string | undefined, method: Method, url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    ...(token ? withSession(token) : {}),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

export interface ErrorBody {
  error: { id: string; message: string; field?: string; [extra: string]: unknown };
}

/** Every error is { error: { id, message, field? } } with a Chinese message naming the field when there is one. */
export function expectError(res: InjectResponse, status: number, id: string, field?: string): ErrorBody['error'] {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<ErrorBody>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.id).toBe(id);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  if (field === undefined) expect(body.error.field).toBeUndefined();
  else expect(body.error.field).toBe(field);
  return body.error;
}
