/** The HTTP adapter: Fastify with Zod schemas, OpenAPI at /api/docs, and the routes. */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { installSessions } from './auth.js';
import { fieldError } from '../core/errors.js';
import { installErrorHandling, type LogLevel } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { transportOptions } from './transport.js';
import { adminRoutes } from './routes/admin.js';
import { attachmentRoutes } from './routes/attachments.js';
import { auditRoutes } from './routes/audit.js';
import { homeRoutes, webUi } from './routes/home.js';
import { indicatorRoutes } from './routes/indicators.js';
import { publicRoutes } from './routes/public.js';
import { reportRoutes } from './routes/reports.js';
import { reportViewRoutes } from './routes/report-view.js';
import { binderRoutes } from './routes/binder.js';
import { procedureRoutes } from './routes/procedures.js';
import { revealRoutes } from './routes/reveal.js';
import { kindRoutes } from './routes/kinds.js';
import { ledgerRoutes } from './routes/ledgers.js';
import { ledgerExportRoutes } from './routes/ledger-export.js';
import { ledgerImportRoutes } from './routes/ledger-import.js';
import { referenceRoutes } from './routes/references.js';
import { orgRoutes } from './routes/orgs.js';
import { peopleRoutes } from './routes/people.js';
import { notificationRoutes } from './routes/notifications.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { sessionRoutes } from './routes/session.js';
import { permissionTargetRoutes } from './routes/permission-targets.js';
import { assessmentRoutes } from './routes/assessment.js';
import { outboxRoutes } from './routes/outbox.js';

export interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: RouteEntry[];
  }
}

/** Where in a parsed input a string (or a key) holds U+0000, as a field path; iterative, for any depth. */
function nulAt(input: unknown): string | undefined {
  const stack: Array<[string, unknown]> = [['', input]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [path, value] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return at;
        stack.push([at, child]);
      }
    }
  }
  return undefined;
}

/**
 * A malformed (bad percent-encoding) or overlong URL never reaches a route or the error handler;
 * it is answered in the API's error shape all the same.
 */
function badUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.status(tooLong ? 414 : 400).send({ error: { id: 'bad_url', message: tooLong ? '请求地址过长' : '请求地址有误' } });
}

export interface AppOptions {
  /** FAZHI_LOG (logLevelOf): how much to log, 'error' unless told; unexpected errors always are. */
  logLevel?: LogLevel;
  /** Where log lines go: standard error unless told. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Always on: an unexpected error must reach someone (errors.ts logs it without personal data).
    logger: {
      level: options.logLevel ?? 'error',
      stream: options.logStream ?? process.stderr,
      redact: ['req.headers.cookie', 'req.headers.authorization', `req.headers["x-csrf-token"]`],
      // Query strings may carry an ID number searched for: the log keeps the path only.
      serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: req.url.split('?')[0], ip: req.ip }) },
    },
    bodyLimit: 2 * 1024 * 1024,
    // Forwarded addresses only from the named proxies; deadlines for slow clients.
    ...transportOptions(ctx.config),
    frameworkErrors: badUrl,
  }).withTypeProvider<ZodTypeProvider>();
  // Every route, for the authorization matrix test: a new route without a rule fails it.
  const routeList: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD' && !route.url.startsWith('/api/docs')) routeList.push({ method, url: route.url });
  });
  app.decorate('routeList', routeList);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const ui = webUi();
  installErrorHandling(app, ui);
  // PostgreSQL cannot hold U+0000 in text (the query fails: a 500), and no real input has one.
  // Refused before validation on both engines, so they answer the same.
  app.addHook('preValidation', async (request) => {
    for (const input of [request.params, request.query, request.body]) {
      const field = nulAt(input);
      if (field !== undefined) throw fieldError(field, '输入中含有不允许的空字符（U+0000）');
    }
  });

  // Security headers; the CSP allows only our own scripts (inline styles for the report pages).
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: '法治台账 API', description: '乡镇法治政府建设台账与年度报告系统的接口', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  // The API documentation's own policy (its scripts by hash) replaces ours on its pages; its
  // script styles elements inline, so on those pages alone inline styles are allowed.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';"),
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 5 } });
  installSessions(app, ctx.accounts);

  await app.register(healthRoutes(ctx));
  await app.register(homeRoutes(ui));
  for (const routes of [sessionRoutes, orgRoutes, kindRoutes, ledgerExportRoutes, ledgerImportRoutes, ledgerRoutes, referenceRoutes, attachmentRoutes, peopleRoutes, indicatorRoutes, reportRoutes, reportViewRoutes, binderRoutes, publicRoutes, adminRoutes, permissionTargetRoutes, auditRoutes, revealRoutes, procedureRoutes, notificationRoutes, dashboardRoutes, outboxRoutes, assessmentRoutes]) {
    await app.register(routes(ctx));
  }
  return app;
}
