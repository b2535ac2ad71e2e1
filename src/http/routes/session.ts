import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../accounts/roles.js';
import type { AppContext } from '../../context.js';
import { clearSessionCookie, setSessionCookie, signedIn } from '../auth.js';

const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  mustChangePassword: z.boolean(),
  org: z.object({ id: z.string(), name: z.string(), level: z.string() }),
});

export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const me = (session: ReturnType<typeof signedIn>) => ({
      id: session.user.id,
      username: session.user.username,
      displayName: session.user.displayName,
      role: session.user.role,
      roleLabel: ROLES[session.user.role],
      mustChangePassword: session.user.mustChangePassword,
      org: { id: session.org.id, name: session.org.name, level: session.org.level },
    });

    app.post(
      '/api/session',
      {
        schema: {
          tags: ['会话'],
          summary: '登录',
          body: z.object({
            username: z.string({ error: '请填写「用户名」' }).min(1, { error: '请填写「用户名」' }).max(40, { error: '「用户名」过长' }),
            password: z.string({ error: '请填写「密码」' }).min(1, { error: '请填写「密码」' }).max(200, { error: '「密码」过长' }),
          }),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const { token, session } = await ctx.accounts.login(request.body.username, request.body.password, request.ip);
        setSessionCookie(reply, token);
        return me(session);
      },
    );

    app.delete('/api/session', { schema: { tags: ['会话'], summary: '退出登录' } }, async (request, reply) => {
      const session = signedIn(request);
      await ctx.accounts.logout(request.sessionToken ?? '', session);
      clearSessionCookie(reply);
      return reply.status(204).send();
    });

    app.get('/api/me', { schema: { tags: ['会话'], summary: '当前用户', response: { 200: meSchema } } }, async (request) =>
      me(signedIn(request)),
    );
  };
