import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { resolvePeriod } from '../../indicators/period.js';
import { signedIn } from '../auth.js';
import { compareResponseSchema, indicatorProvenanceSchema, indicatorsResponseSchema } from '../../shared/dashboard.js';
import { ownIndicatorRowSchema, ownIndicatorsResponseSchema, ownIndicatorVersionsSchema } from '../../shared/indicators.js';
import { townIndicatorInput, townIndicatorUpdate } from '../../indicators/town-defined.js';
import { checkedByService } from '../openapi.js';

const periodQuery = z.object({
  org: z.string().max(60).optional(),
  year: z.coerce.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }).optional(),
  quarter: z.coerce.number({ error: '「季度」应为数字' }).int().optional(),
  month: z.coerce.number({ error: '「月份」应为数字' }).int().optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
});

export const indicatorRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/indicators',
      {
        schema: {
          tags: ['指标'],
          summary: '单位（含下级）在某期间的全部指标值',
          description: 'year（可加 quarter 或 month），或 from/to 日期范围。每个值附带其背后的记录数；比率给出分子和分母。',
          querystring: periodQuery,
          response: { 200: indicatorsResponseSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { org, ...periodInput } = request.query;
        const unit = await ctx.indicators.unitFor(session.scope, org);
        const period = resolvePeriod(periodInput);
        const items = await ctx.indicators.evaluate(session.scope, unit, period);
        return { org: { id: unit.id, name: unit.name, level: unit.level }, period, items };
      },
    );

    app.get(
      '/api/indicators/compare',
      {
        schema: {
          tags: ['指标'],
          summary: '下级单位并列对比（如县内各镇），每个单位按其自身辖区计算',
          querystring: periodQuery.extend({
            level: z.enum(['city', 'county', 'town', 'village'], { error: '「层级」应为 city、county、town 或 village' }).optional(),
            codes: z.string().max(2000).optional(),
          }),
          response: { 200: compareResponseSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { org, level, codes, ...periodInput } = request.query;
        const unit = await ctx.indicators.unitFor(session.scope, org);
        const period = resolvePeriod(periodInput);
        const rows = await ctx.indicators.compare(session.scope, unit, period, level ?? 'town', codes ? codes.split(',') : undefined);
        return { org: { id: unit.id, name: unit.name, level: unit.level }, period, rows };
      },
    );

    app.get(
      '/api/indicators/:code/records',
      {
        schema: {
          tags: ['指标'],
          summary: '指标值背后的记录（溯源）',
          params: z.object({ code: z.string().max(80) }),
          querystring: periodQuery,
          response: { 200: indicatorProvenanceSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { org, ...periodInput } = request.query;
        const unit = await ctx.indicators.unitFor(session.scope, org);
        const period = resolvePeriod(periodInput);
        const provenance = await ctx.indicators.provenance(session.scope, unit, period, request.params.code);
        return { org: { id: unit.id, name: unit.name, level: unit.level }, period, ...provenance };
      },
    );

    // ---- a town's (county's) own indicators on any kind -------------------------------------
    const own = ctx.townIndicators;

    app.get(
      '/api/indicator-definitions',
      {
        schema: {
          tags: ['指标'],
          summary: '本单位、上级和下级单位自定义的指标，可选的全部指标（供比率、同比选用）和单位词表',
          response: { 200: ownIndicatorsResponseSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        // Only figures over kinds the caller's role may read, built-in or defined (and those resting on them).
        const described = await ctx.indicators.described(session.scope);
        return {
          items: await own.list(session.scope),
          indicators: described.map((d) => ({ code: d.code, label: d.label, unit: d.unit, kind: d.kind, measure: d.measure.op, ...(d.ownerOrgId ? { ownerOrgId: d.ownerOrgId } : {}) })),
          units: [...(await own.unitWords(session.scope.orgPath))],
        };
      },
    );

    app.post('/api/indicator-definitions', { schema: { tags: ['指标'], summary: '定义本单位的指标（任何台账；计数、求和、去重计数、比率、同比）', body: checkedByService(townIndicatorInput, '指标的定义'), response: { 201: ownIndicatorRowSchema } } }, async (request, reply) => {
      const session = signedIn(request);
      return reply.status(201).send(await own.define(session.scope, request.body));
    });

    const codeParams = z.object({ code: z.string().max(80) });
    // Two towns may each have a figure of one code: a county user editing one names its owner.
    const ownerQuery = z.object({ orgId: z.string().max(60).optional() });
    app.put(
      '/api/indicator-definitions/:code',
      {
        schema: {
          tags: ['指标'],
          summary: '修改本单位的指标（保存为新版本；已审定报告仍用原版本）',
          description: '编码只在一条上下级链上唯一：下级两个镇用了同一编码时，用 orgId 指明所属单位。',
          params: codeParams,
          querystring: ownerQuery,
          body: checkedByService(townIndicatorUpdate, '指标的新定义，带所改版本的 version'),
          response: { 200: ownIndicatorRowSchema },
        },
      },
      async (request) => own.update(signedIn(request).scope, request.params.code, request.body, request.query.orgId),
    );

    app.delete(
      '/api/indicator-definitions/:code',
      { schema: { tags: ['指标'], summary: '停用本单位的指标（历史版本保留）', params: codeParams, querystring: ownerQuery } },
      async (request, reply) => {
        await own.retire(signedIn(request).scope, request.params.code, request.query.orgId);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/indicator-definitions/:code/versions',
      { schema: { tags: ['指标'], summary: '指标的全部版本及使用各版本的已审定报告', params: codeParams, querystring: ownerQuery, response: { 200: ownIndicatorVersionsSchema } } },
      async (request) => own.versions(signedIn(request).scope, request.params.code, request.query.orgId),
    );
  };
