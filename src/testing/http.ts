/** Signed-in requests in HTTP tests: the session cookie and, for state-changing requests, the CSRF header. */
import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { expect } from 'vitest';
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
