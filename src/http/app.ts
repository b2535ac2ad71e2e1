/** The HTTP adapter: Fastify with Zod schemas, OpenAPI at /api/docs, and the routes. */
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { installSessions } from './auth.js';
import { installErrorHandling } from './errors.js';
import { attachmentRoutes } from './routes/attachments.js';
import { homeRoutes } from './routes/home.js';
import { indicatorRoutes } from './routes/indicators.js';
import { publicRoutes } from './routes/public.js';
import { reportRoutes } from './routes/reports.js';
import { kindRoutes } from './routes/kinds.js';
import { ledgerRoutes } from './routes/ledgers.js';
import { orgRoutes } from './routes/orgs.js';
import { peopleRoutes } from './routes/people.js';
import { sessionRoutes } from './routes/session.js';

export async function buildApp(ctx: AppContext, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] } : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: process.env.FAZHI_TRUST_PROXY === '1',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      info: { title: '法治台账 API', description: '乡镇法治政府建设台账与年度报告系统的接口', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 5 } });
  installSessions(app, ctx.accounts);

  app.get('/api/health', { schema: { tags: ['系统'], summary: '健康检查' } }, async () => ({ ok: true, engine: ctx.db.engine }));
  await app.register(homeRoutes());
  for (const routes of [sessionRoutes, orgRoutes, kindRoutes, ledgerRoutes, attachmentRoutes, peopleRoutes, indicatorRoutes, reportRoutes, publicRoutes]) {
    await app.register(routes(ctx));
  }
  return app;
}
