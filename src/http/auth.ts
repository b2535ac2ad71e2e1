/** The session cookie, the signed-in user on each request, CSRF, and the forced password change. */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppError, Forbidden, Unauthenticated } from '../core/errors.js';
import type { AccountService, SessionUser } from '../accounts/service.js';
import type { Role } from '../accounts/roles.js';

export const SESSION_COOKIE = 'fazhi_session';
/** Readable by the page's script, which echoes it in the x-csrf-token header (double submit). */
export const CSRF_COOKIE = 'fazhi_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser?: SessionUser;
    sessionToken?: string;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a user who must change their password may still do. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['GET /api/session', 'GET /api/me', 'POST /api/me/password', 'DELETE /api/session']);

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function installSessions(app: FastifyInstance, accounts: AccountService) {
  app.decorateRequest('sessionUser', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await accounts.resume(token, request.ip);
    if (!session) return;
    request.sessionUser = session;
    request.sessionToken = token;

    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    // Every state-changing request of a signed-in user carries the session's CSRF token.
    if (UNSAFE.has(request.method) && route !== 'POST /api/session') {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !session.csrfToken || !sameToken(sent, session.csrfToken)) {
        throw new AppError(403, 'csrf', '请求缺少有效的防伪令牌，请刷新页面后重试');
      }
    }
    if (session.user.mustChangePassword && route.includes(' /api/') && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(route)) {
      throw new AppError(403, 'password_change_required', '首次登录或密码被重置后，请先修改密码');
    }
  });
}

export function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' });
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure: 'auto' });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** The signed-in user, or 401. */
export function signedIn(request: FastifyRequest): SessionUser {
  if (!request.sessionUser) throw Unauthenticated();
  return request.sessionUser;
}

export function signedInAs(request: FastifyRequest, roles: Role[]): SessionUser {
  const session = signedIn(request);
  if (!roles.includes(session.user.role)) throw Forbidden();
  return session;
}
