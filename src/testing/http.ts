/** Signed-in requests in HTTP tests: the session cookie and, for state-changing requests, the CSRF header. */
import type { Response as InjectResponse } from 'light-my-request';
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
