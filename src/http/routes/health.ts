/**
 * GET /api/health, for load balancers and monitoring: 200 only when the database takes a write
 * and the key works and matches the data (the checks are in health/check.ts). Otherwise 503 with
 * the reason.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { healthySchema, unhealthySchema } from '../../shared/health.js';

export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/health', { schema: { tags: ['系统'], summary: '健康检查：数据库可写入、密钥可用', response: { 200: healthySchema, 503: unhealthySchema } } }, async (request, reply) => {
      const problem = await ctx.health.problem();
      if (!problem) return { ok: true as const, engine: ctx.health.engine };
      request.log.error({ detail: problem.detail }, `health check failed: ${problem.reason}`);
      return reply.status(503).send({ ok: false as const, engine: ctx.health.engine, error: { id: 'unhealthy', message: problem.reason } });
    });
  };
