import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../pagination.js';
import type { AppContext } from '../../context.js';
import { PeopleService, personInput } from '../../org/people.js';
import { signedIn } from '../auth.js';

export const peopleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const people = new PeopleService(ctx.db, ctx.cipher);

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
        },
      },
      async (request) => {
        const session = signedIn(request);
        return people.list(session.scope, request.query);
      },
    );

    app.post('/api/people', { schema: { tags: ['人员'], summary: '新增人员', body: personInput } }, async (request, reply) => {
      const session = signedIn(request);
      return reply.status(201).send(await people.create(session.scope, request.body));
    });
  };
