import type { WebUi } from './routes/home.js';
/** Every error leaves the API as { error: { id, message, field? } } with a Chinese message. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.js';

export function installErrorHandling(app: FastifyInstance, ui?: WebUi) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send(error.toJSON());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? ''),
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
    request.log.error({ err: error }, 'unhandled error');
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
