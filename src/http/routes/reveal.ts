import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { revealInput } from '../../ledger/service.js';
import { signedIn } from '../auth.js';
import { revealedValuesSchema } from '../../shared/ledger.js';

const recordParams = z.object({ kind: z.string().max(60), id: z.string().max(60) });

/** 查看原文: the one way to the full value of a sensitive field, with a reason, audited. */
export const revealRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/ledgers/:kind/:id/reveal',
      {
        schema: {
          tags: ['台账'],
          summary: '查看记录中个人信息的原文（需“查看敏感信息原文”权限，填写原因，记入审计日志）',
          description: 'reason: 查看原因（4–200字）；fields: 要查看的敏感字段名，省略则为全部。返回 { id, values }。',
          params: recordParams,
          body: revealInput,
          response: { 200: revealedValuesSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const revealed = await ctx.ledger.reveal(session.scope, request.params.kind, request.params.id, request.body);
        // Full values must not linger in a browser or proxy cache.
        return reply.header('cache-control', 'no-store').send(revealed);
      },
    );
  };
