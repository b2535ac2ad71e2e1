import type { WebUi } from './routes/home.js';
/** Every error leaves the API as { error: { id, message, field? } } with a Chinese message. */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.js';

/** FAZHI_LOG: 'info' (or '1') logs every request too, 'debug' more; unexpected errors are logged at any setting. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export function logLevelOf(value: string | undefined): LogLevel {
  const level = (value ?? '').trim().toLowerCase();
  if (level === '1' || level === 'info') return 'info';
  return level === 'warn' || level === 'debug' ? level : 'error';
}

/**
 * What a log line may say of an error: messages and stacks only, with what could be a person's
 * data taken out — long digit runs (phones, ID numbers) and values a database or JSON parser
 * echoes in quotes. No bodies, cookies, query strings, or the driver's detail fields (PostgreSQL's
 * `detail` names the duplicate key's value).
 */
const PERSONAL = [/\d{7,}[\dXx]?/g, /(?<=: )"[^"\n]*"/g, /"[^"\n]*"(?= is not valid JSON)/g];
const scrub = (text: string | undefined) => PERSONAL.reduce((t, pattern) => t.replace(pattern, '[已隐去]'), text ?? '');

export function loggedError(error: Error & { code?: unknown }, request: Pick<FastifyRequest, 'method' | 'url'>) {
  return {
    method: request.method,
    path: scrub(request.url.split('?')[0]),
    // Not under `err`: pino's serializer there would add every enumerable field of the error.
    error: { type: error.name, message: scrub(error.message), stack: scrub(error.stack), ...(typeof error.code === 'string' ? { code: error.code } : {}) },
  };
}

export function installErrorHandling(app: FastifyInstance, ui?: WebUi) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      // A failure answered in plain words (a file that could not be read): the person reads the
      // message, the log keeps what lay behind it, lest a fault of the machine pass for a bad file.
      if (error.cause instanceof Error) request.log.error({ ...loggedError(error.cause, request), answered: { status: error.status, id: error.id } }, 'answered error with a cause');
      return reply.status(error.status).send(error.toJSON());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (typeof v.params.missingProperty === 'string' ? v.params.missingProperty : ''),
        message: v.message ?? '输入有误',
      }));
      const first = details[0];
      return reply.status(400).send({
        error: { id: 'validation', message: first?.message ?? '输入有误', field: first?.field || undefined, ...(details.length > 1 ? { details } : {}) },
      });
    }
    const status = error.statusCode ?? 500;
    // Plugins (the rate limit) may throw our error shape directly.
    const shaped = (error as { error?: { id?: unknown; message?: unknown } }).error;
    if (status < 500 && shaped && typeof shaped.id === 'string') return reply.status(status).send({ error: shaped });
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({ error: { id: 'too_large', message: '上传内容超过大小上限', field: 'file' } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({ error: { id: 'unsupported_media_type', message: '不支持的请求内容类型' } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send({ error: { id: 'bad_json', message: '请求内容不是有效的 JSON' } });
    }
    if (status < 500) return reply.status(status).send({ error: { id: 'bad_request', message: '请求有误' } });
    request.log.error(loggedError(error, request), 'unhandled error');
    return reply.status(500).send({ error: { id: 'internal', message: '服务器内部错误，请稍后再试或联系管理员' } });
  });

  app.setNotFoundHandler((request, reply) => {
    // A page of the web UI opened directly (a bookmark, a reload): the UI routes it.
    if (ui && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/') && (request.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(ui.page());
    }
    return reply.status(404).send({ error: { id: 'not_found', message: `没有这个接口：${request.method} ${request.url.split('?')[0]}` } });
  });
}
