import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../pagination.js';
import type { AppContext } from '../../context.js';
import { personInput } from '../../org/people.js';
import { signedIn } from '../auth.js';
import { pageSchema } from '../../shared/ledger.js';
import { personSchema } from '../../shared/org.js';

export const peopleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/people',
      {
        schema: {
          tags: ['人员'],
          summary: '管辖范围内的人员（可按单位、姓名筛选）',
          querystring: z.object({
            org: z.string().max(60).optional(),
            q: z.string().max(50).optional(),
            ...pageQuery,
          }),
          response: { 200: pageSchema(personSchema) },
        },
      },
      async (request) => {
        const session = signedIn(request);
        return ctx.people.list(session.scope, request.query);
      },
    );

    app.post('/api/people', { schema: { tags: ['人员'], summary: '新增人员', body: personInput, response: { 201: personSchema } } }, async (request, reply) => {
      const session = signedIn(request);
      return reply.status(201).send(await ctx.people.create(session.scope, request.body));
    });
  };
