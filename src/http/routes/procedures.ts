import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { DEFAULT_WITHIN, MAX_WITHIN } from '../../procedures/due.js';
import { signedIn } from '../auth.js';
import { dueListSchema, recordProcedureSchema } from '../../shared/procedures.js';
import { extensionInput, stepInput } from '../../procedures/service.js';
import { checkedByService } from '../openapi.js';

const recordParams = z.object({ kind: z.string().max(60), id: z.string().max(60) });
const stepParams = recordParams.extend({ step: z.string().max(60) });
const dateQuery = z.string().max(10).optional();

/** Statutory procedures: a record's steps and deadlines, taking and undoing steps, extensions, and the due list. */
export const procedureRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/ledgers/:kind/:id/procedure',
      {
        schema: {
          tags: ['程序与期限'],
          summary: '记录的法定程序：各步骤、期限（含依据）和下一步可办理的步骤',
          description: 'on: 按哪一天查看（默认今天，北京时间）；该日之后登记的步骤视为尚未办理。',
          params: recordParams,
          querystring: z.object({ on: dateQuery }),
          response: { 200: recordProcedureSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        return ctx.procedures.state(session.scope, request.params.kind, request.params.id, request.query.on);
      },
    );

    app.post(
      '/api/ledgers/:kind/:id/steps',
      {
        schema: {
          tags: ['程序与期限'],
          summary: '登记一个程序步骤（顺序不符返回 422，记录不变）',
          description: 'step: 步骤代码；date: 办理日期；version: 记录版本；values: 与步骤一同填写的其他字段（如审查意见、理由）。',
          params: recordParams,
          body: checkedByService(stepInput, '办理的步骤、日期、记录版本及一同填写的字段'),
          response: { 200: recordProcedureSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        return ctx.procedures.takeStep(session.scope, request.params.kind, request.params.id, request.body);
      },
    );

    app.delete(
      '/api/ledgers/:kind/:id/steps/:step',
      {
        schema: {
          tags: ['程序与期限'],
          summary: '撤销误登记的步骤（其后的步骤须先撤销）',
          params: stepParams,
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
          response: { 200: recordProcedureSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { kind, id, step } = request.params;
        return ctx.procedures.undoStep(session.scope, kind, id, step, request.query.version);
      },
    );

    app.post(
      '/api/ledgers/:kind/:id/extensions',
      {
        schema: {
          tags: ['程序与期限'],
          summary: '登记经批准的期限延长（不超过法定上限）',
          description: 'deadline: 期限代码；days: 延长天数；approver: 批准人；reason: 延期理由；approvedOn: 批准日期。',
          params: recordParams,
          body: checkedByService(extensionInput, '延长的期限、天数、批准人、理由和批准日期'),
          response: { 201: recordProcedureSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        return reply.status(201).send(await ctx.procedures.extend(session.scope, request.params.kind, request.params.id, request.body));
      },
    );

    app.get(
      '/api/due',
      {
        schema: {
          tags: ['程序与期限'],
          summary: '待办：管辖范围内已逾期或即将到期的事项',
          description: `org: 单位（默认本人单位，含下级）；on: 日期（默认今天）；within: 提前天数（默认 ${DEFAULT_WITHIN}，最多 ${MAX_WITHIN}）。`,
          querystring: z.object({
            org: z.string().max(60).optional(),
            on: dateQuery,
            within: z.coerce.number({ error: '「提前天数」应为整数' }).int({ error: '「提前天数」应为整数' }).optional(),
          }),
          response: { 200: dueListSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        return ctx.due.list(session.scope, request.query);
      },
    );
  };
