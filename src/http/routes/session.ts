import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../accounts/roles.js';
import { PASSWORD_RULE } from '../../accounts/policy.js';
import type { SessionUser } from '../../accounts/service.js';
import type { AppContext } from '../../context.js';
import { meSchema, sessionProbeSchema, type Me } from '../../shared/accounts.js';
import { ANNUAL_REPORT } from '../../accounts/permissions.js';
import { clearSessionCookies, SESSION_COOKIE, setSessionCookies, signedIn } from '../auth.js';

export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const me = async (session: SessionUser): Promise<Me> => ({
      id: session.user.id,
      username: session.user.username,
      displayName: session.user.displayName,
      role: session.user.role,
      roleLabel: ROLES[session.user.role],
      mustChangePassword: session.user.mustChangePassword,
      lastReset: session.user.lastReset,
      csrfToken: session.csrfToken,
      demo: await ctx.settings.isDemo(),
      today: await ctx.settings.today(),
      mayReadReport: ctx.permissions.may(session.user.role, 'read', ANNUAL_REPORT),
      importLimits: { maxBytes: ctx.importer.limits.maxBytes, maxRows: ctx.importer.limits.maxRows },
      org: { id: session.org.id, name: session.org.name, level: session.org.level },
    });

    // Guessing passwords at speed: a per-address limit on sign-in, on top of the per-name lockout.
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: { id: 'rate_limited', message: `登录尝试过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试` },
      }),
    });

    app.post(
      '/api/session',
      {
        config: { rateLimit: { max: ctx.config.loginRatePerMinute ?? 20, timeWindow: 60_000 } },
        schema: {
          tags: ['会话'],
          summary: '登录（连续失败5次锁定15分钟；同一地址每分钟限次）',
          body: z.object({
            username: z.string({ error: '请填写「用户名」' }).min(1, { error: '请填写「用户名」' }).max(40, { error: '「用户名」过长' }),
            password: z.string({ error: '请填写「密码」' }).min(1, { error: '请填写「密码」' }).max(200, { error: '「密码」过长' }),
          }),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const { token, csrfToken, session } = await ctx.accounts.login(request.body.username, request.body.password, request.ip);
        setSessionCookies(reply, token, csrfToken);
        return me(session);
      },
    );

    app.delete('/api/session', { schema: { tags: ['会话'], summary: '退出登录（结束该用户的全部会话）' } }, async (request, reply) => {
      const session = signedIn(request);
      await ctx.accounts.logout(session);
      clearSessionCookies(reply);
      return reply.status(204).send();
    });

    // The page's first question, also asked on the sign-in page: "not signed in" is an answer, not an error.
    app.get(
      '/api/session',
      { schema: { tags: ['会话'], summary: '是否已登录：已登录时为当前用户，未登录时为 null（不报 401）', response: { 200: sessionProbeSchema } } },
      async (request, reply) => {
        if (request.sessionUser) return { me: await me(request.sessionUser) };
        // A cookie of an ended session: removed, so the browser stops sending it.
        if (request.cookies[SESSION_COOKIE]) clearSessionCookies(reply);
        return { me: null };
      },
    );

    app.get('/api/me', { schema: { tags: ['会话'], summary: '当前用户（含防伪令牌 csrfToken）', response: { 200: meSchema } } }, async (request) => me(signedIn(request)));

    app.post(
      '/api/me/password',
      {
        schema: {
          tags: ['会话'],
          summary: `修改本人密码（${PASSWORD_RULE}；修改后需重新登录）`,
          body: z.object({
            currentPassword: z.string({ error: '请填写「当前密码」' }).max(200),
            newPassword: z.string({ error: '请填写「新密码」' }).max(200, { error: '「新密码」过长' }),
          }),
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        await ctx.accounts.changePassword(session, request.body.currentPassword, request.body.newPassword);
        clearSessionCookies(reply);
        return reply.status(204).send();
      },
    );
  };
