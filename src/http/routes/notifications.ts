/** The signed-in user's own reminders: the notification list, marking read, and the day's digest. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../pagination.js';
import { isValidDate } from '../../core/dates.js';
import type { AppContext } from '../../context.js';
import { signedIn } from '../auth.js';
import { digestSchema, notificationPageSchema, notificationSchema } from '../../shared/dashboard.js';

const TAGS = ['提醒'];

const listQuery = z.object({
  unread: z.enum(['true', 'false'], { error: '「只看未读」应为 true 或 false' }).optional(),
  ...pageQuery,
});

const digestQuery = z.object({
  on: z
    .string()
    .refine(isValidDate, { error: '「日期」不是有效日期（格式 YYYY-MM-DD）' })
    .optional(),
});

const idParams = z.object({ id: z.string().min(1).max(60) });

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notifications',
      { schema: { tags: TAGS, summary: '我的通知（最新的在前；unread=true 只看未读）', querystring: listQuery, response: { 200: notificationPageSchema } } },
      async (request) => {
        const session = signedIn(request);
        const { unread, ...paging } = request.query;
        return ctx.notifications.list(session.scope, { unread: unread === 'true', ...paging });
      },
    );

    app.post('/api/notifications/read-all', { schema: { tags: TAGS, summary: '把我的通知全部标为已读', response: { 200: z.object({ marked: z.number() }) } } }, async (request) => {
      const session = signedIn(request);
      return ctx.notifications.markAllRead(session.scope);
    });

    app.post('/api/notifications/:id/read', { schema: { tags: TAGS, summary: '把我的一条通知标为已读', params: idParams, response: { 200: notificationSchema } } }, async (request) => {
      const session = signedIn(request);
      return ctx.notifications.markRead(session.scope, request.params.id);
    });

    app.get(
      '/api/notifications/digest',
      { schema: { tags: TAGS, summary: '我当天的待办摘要（纯文本，按当前台账生成；on 默认今天）', querystring: digestQuery, response: { 200: digestSchema } } },
      async (request) => {
        const session = signedIn(request);
        return { text: await ctx.reminders.digest(session.user.id, request.query.on ?? (await ctx.settings.today())) };
      },
    );
  };
