import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { resolvePeriod } from '../../indicators/period.js';
import { signedIn } from '../auth.js';

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
  };
