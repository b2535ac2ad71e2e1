/** The phone app's offline outbox: a phone reports that it synced; the town office sees when each grid worker last did. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { gridWorkerSyncs, recordSync } from '../../ledger/idempotency.js';
import { gridWorkerSyncListSchema, outboxReportSchema } from '../../shared/outbox.js';
import { signedIn, signedInAs } from '../auth.js';

export const outboxRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/outbox/sync',
      { schema: { tags: ['手机上报'], summary: '手机离线待上报箱已同步（记下时间和剩余条数）', body: outboxReportSchema } },
      async (request, reply) => {
        const session = signedIn(request);
        await recordSync(ctx.db, session.scope, request.body);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/outbox/grid-workers',
      { schema: { tags: ['手机上报'], summary: '管辖范围内各网格员手机最近一次同步的时间', response: { 200: gridWorkerSyncListSchema } } },
      async (request) => {
        const session = signedInAs(request, ['townOffice', 'leader', 'countyReviewer']);
        return { items: await gridWorkerSyncs(ctx.db, session.scope) };
      },
    );
  };
