import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError } from '../../core/errors.js';
import type { AppContext } from '../../context.js';
import { signedIn } from '../auth.js';
import { attachmentSchema } from '../../shared/ledger.js';

export const attachmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/ledgers/:kind/:id/attachments',
      {
        schema: {
          tags: ['附件'],
          summary: '上传附件（multipart/form-data，字段名 file）',
          params: z.object({ kind: z.string().max(60), id: z.string().max(60) }),
          consumes: ['multipart/form-data'],
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        if (!request.isMultipart()) throw fieldError('file', '请以 multipart/form-data 上传文件');
        const file = await request.file();
        if (!file) throw fieldError('file', '没有收到文件');
        const content = await file.toBuffer();
        const attachment = await ctx.attachments.add(session.scope, request.params.kind, request.params.id, file.filename, content);
        return reply.status(201).send(attachment);
      },
    );

    app.get(
      '/api/attachments/:id',
      { schema: { tags: ['附件'], summary: '下载附件', params: z.object({ id: z.string().max(60) }) } },
      async (request, reply) => {
        const session = signedIn(request);
        const { attachment, stream } = await ctx.attachments.open(session.scope, request.params.id);
        return reply
          .header('content-type', attachment.mime)
          .header('content-length', attachment.size)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `${attachment.mime.startsWith('image/') || attachment.mime === 'application/pdf' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
          .send(stream);
      },
    );
  };
