/** The session cookie and the signed-in user on each request. */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from '../core/errors.js';
import type { AccountService, SessionUser } from '../accounts/service.js';
import type { Role } from '../accounts/roles.js';

export const SESSION_COOKIE = 'fazhi_session';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser?: SessionUser;
    sessionToken?: string;
  }
}

export function installSessions(app: FastifyInstance, accounts: AccountService) {
  app.decorateRequest('sessionUser', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await accounts.resume(token, request.ip);
    if (session) {
      request.sessionUser = session;
      request.sessionToken = token;
    }
  });
}

export function setSessionCookie(reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
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
