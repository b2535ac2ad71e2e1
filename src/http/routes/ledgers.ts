import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ledgerListParams, ledgerListQuery } from '../ledger-query.js';
import type { AppContext } from '../../context.js';
import { signedIn } from '../auth.js';
import { ledgerPageSchema, ledgerRecordSchema, recordBodySchema, recordWithAttachmentsSchema } from '../../shared/ledger.js';
import { checkedByService } from '../openapi.js';
import { fieldError } from '../../core/errors.js';
import { CLIENT_ID_HEADER, clientIdSchema, createOnce } from '../../ledger/idempotency.js';

const kindParam = z.object({ kind: z.string().max(60) });
const recordParams = z.object({ kind: z.string().max(60), id: z.string().max(60) });
/** The kind's validator checks a record's values (its messages name the field); the document shows the shape. */
const recordBody = checkedByService(recordBodySchema, recordBodySchema.description ?? '');

export const ledgerRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/ledgers/:kind',
      {
        schema: {
          tags: ['台账'],
          summary: '查询台账记录（分页、排序、筛选）',
          description:
            'org: 单位（含下级）；from/to: 日期范围；q: 关键词；tag: 标签；sort: 字段名，前加 - 为倒序（默认 -date）；下一页用上一页返回的 nextCursor 作 cursor 参数（page 仍可按页码跳转）；total 的精确程度见 totalKind（exact 精确、estimate 估计、atLeast 至少），count=exact 时逐条精确统计；其他参数按字段精确筛选，如 status=resolved；个人信息字段（如身份证号）只能按完整值精确查找，须有“查看敏感信息原文”权限并以 reason 写明查找原因（4–200字），记入审计日志，每人每分钟限次；返回值一律脱敏。',
          params: kindParam,
          querystring: ledgerListQuery,
          response: { 200: ledgerPageSchema(ledgerRecordSchema) },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { page, pageSize, cursor, count, ...filter } = request.query;
        return ctx.ledger.list(session.scope, request.params.kind, { ...ledgerListParams(filter), page, pageSize, cursor, count });
      },
    );

    app.post(
      '/api/ledgers/:kind',
      {
        schema: {
          tags: ['台账'],
          summary: '新增记录（可带 X-Client-Id：同一编号重发返回已建的记录，状态 200）',
          description: '手机离线上报时由客户端生成 UUID 放在请求头 X-Client-Id：首次新增返回 201；同一用户以同一编号重发不会再建记录，返回已建的记录（200）；其他用户用过的编号返回 409。',
          params: kindParam,
          body: recordBody,
          response: { 201: ledgerRecordSchema, 200: ledgerRecordSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const header = request.headers[CLIENT_ID_HEADER];
        if (header === undefined) {
          const record = await ctx.ledger.create(session.scope, request.params.kind, request.body);
          return reply.status(201).send(record);
        }
        const parsed = clientIdSchema.safeParse(header);
        if (!parsed.success) throw fieldError('clientId', parsed.error.issues[0]?.message ?? '「上报编号」有误');
        const { record, replayed } = await createOnce(ctx.db, ctx.ledger, session.scope, request.params.kind, request.body, parsed.data);
        return reply.status(replayed ? 200 : 201).send(record);
      },
    );

    app.get('/api/ledgers/:kind/:id', { schema: { tags: ['台账'], summary: '查看记录（含附件）', params: recordParams, response: { 200: recordWithAttachmentsSchema } } }, async (request) => {
      const session = signedIn(request);
      const record = await ctx.ledger.get(session.scope, request.params.kind, request.params.id);
      const attachments = await ctx.attachments.listFor(session.scope, request.params.kind, request.params.id);
      return { ...record, attachments };
    });

    app.patch(
      '/api/ledgers/:kind/:id',
      {
        schema: {
          tags: ['台账'],
          summary: '修改记录（需带 version，过期版本返回 409）',
          params: recordParams,
          body: recordBody,
          response: { 200: ledgerRecordSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        return ctx.ledger.update(session.scope, request.params.kind, request.params.id, request.body);
      },
    );

    app.delete(
      '/api/ledgers/:kind/:id',
      {
        schema: {
          tags: ['台账'],
          summary: '删除记录（需带 version，过期版本返回 409）',
          params: recordParams,
          querystring: z.object({ version: z.string().max(12).optional() }),
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const body = request.body as { version?: unknown } | undefined;
        await ctx.ledger.remove(session.scope, request.params.kind, request.params.id, request.query.version ?? body?.version);
        return reply.status(204).send();
      },
    );
  };
