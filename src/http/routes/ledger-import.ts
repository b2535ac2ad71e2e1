/** 导入Excel: the template, the dry run and the import of a filled-in sheet, and past imports. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { fieldError } from '../../core/errors.js';
import { fileTooLarge } from '../../ledger/excel/import.js';
import { signedIn } from '../auth.js';
import { pageQuery } from '../pagination.js';
import { importBatchViewSchema, importCheckSchema, importResultSchema } from '../../shared/imports.js';
import { pageSchema } from '../../shared/ledger.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const kindParams = z.object({ kind: z.string().max(60) });

export const ledgerImportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { importer } = ctx;

    /** The uploaded file, held in memory up to the import's size limit (20 MB by default). */
    async function uploaded(request: FastifyRequest) {
      if (!request.isMultipart()) throw fieldError('file', '请以 multipart/form-data 上传文件（字段名 file）');
      const file = await request.file({ limits: { fileSize: importer.limits.maxBytes, files: 1 } });
      if (!file) throw fieldError('file', '没有收到文件');
      try {
        return { name: file.filename, content: await file.toBuffer() };
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(importer.limits.maxBytes);
        throw error;
      }
    }

    app.get(
      '/api/ledgers/:kind/import/template.xlsx',
      {
        schema: {
          tags: ['台账'],
          summary: '下载 Excel 导入模板',
          description: '中文列名、下拉选项（选项、单位、是/否）、日期格式、一行示例和填写说明，均由台账类型的定义生成。org 指定模板面向的单位（默认本人所在单位）。',
          params: kindParams,
          querystring: z.object({ org: z.string().max(60).optional() }),
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const template = await importer.template(session.scope, request.params.kind, request.query.org, await ctx.settings.today());
        return reply
          .header('content-disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(template.filename)}`)
          .header('cache-control', 'no-store')
          .type(XLSX)
          .send(template.content);
      },
    );

    app.post(
      '/api/ledgers/:kind/import',
      {
        schema: {
          tags: ['台账'],
          summary: '导入 Excel（multipart/form-data，字段名 file）',
          description:
            'dryRun=true 只检查不写入，返回将要新增的记录数和预览；否则全部行在一个事务中写入，有任何错误则一条也不写。错误（422 import_invalid）逐条列出工作表、行、列和原因；同一文件重复导入返回 409 import_duplicate。',
          params: kindParams,
          querystring: z.object({
            org: z.string().max(60).optional(),
            dryRun: z.enum(['true', 'false', '1', '0'], { error: '「dryRun」应为 true 或 false' }).optional(),
          }),
          consumes: ['multipart/form-data'],
          response: { 200: importCheckSchema, 201: importResultSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const file = await uploaded(request);
        const { kind } = request.params;
        const { org, dryRun } = request.query;
        if (dryRun === 'true' || dryRun === '1') return importer.check(session.scope, kind, org, file);
        return reply.status(201).send(await importer.import(session.scope, kind, org, file));
      },
    );

    app.get(
      '/api/ledgers/:kind/imports',
      {
        schema: {
          tags: ['台账'],
          summary: '导入记录（本单位及下级，最近的在前）',
          params: kindParams,
          querystring: z.object({
            org: z.string().max(60).optional(),
            ...pageQuery,
          }),
          response: { 200: pageSchema(importBatchViewSchema) },
        },
      },
      async (request) => {
        const session = signedIn(request);
        return importer.history(session.scope, request.params.kind, request.query);
      },
    );
  };
