/** The dashboard (工作台): its first screen's figures in one answer, a unit's year broken down for charts, and the named records behind a figure. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { MAX_LISTED } from '../../dashboard/service.js';
import { resolvePeriod } from '../../indicators/period.js';
import { signedIn } from '../auth.js';
import { dashboardFiguresSchema, dashboardSchema, indicatorRecordsSchema } from '../../shared/dashboard.js';

const TAGS = ['工作台'];

const orgYear = z.object({
  org: z.string().max(60).optional(),
  year: z.coerce.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }).min(2000, { error: '「年度」应为 2000–2100' }).max(2100, { error: '「年度」应为 2000–2100' }),
});

export const dashboardRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/dashboard',
      {
        schema: {
          tags: TAGS,
          summary: '工作台图表数据：单位（含下级）某年度按月、按领域、按类别、按村的统计，以及年度报告的报送和公开期限',
          description: '只统计本人角色可查看的台账；计数口径与指标一致（按记录日期落在年度内）。',
          querystring: orgYear,
          response: { 200: dashboardSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const unit = await ctx.indicators.unitFor(session.scope, request.query.org);
        return ctx.dashboard.breakdown(session.scope, unit, request.query.year);
      },
    );

    app.get(
      '/api/dashboard/figures',
      {
        schema: {
          tags: TAGS,
          summary: '工作台首屏：单位（含下级）某年度和上一年度的全部指标值，一次返回',
          description: '与 /api/indicators 按年度查询的结果相同，两个年度合为一次请求，供首屏的指标卡片及其同比使用。',
          querystring: orgYear,
          response: { 200: dashboardFiguresSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const unit = await ctx.indicators.unitFor(session.scope, request.query.org);
        return ctx.dashboard.figures(session.scope, unit, request.query.year);
      },
    );

    app.get(
      '/api/dashboard/records',
      {
        schema: {
          tags: TAGS,
          summary: '指标值背后的记录（含标题、日期和单位），比率分列分子和分母',
          description: `每组最多列出最近的 ${MAX_LISTED} 条，total 为全部条数。`,
          querystring: orgYear.extend({ code: z.string({ error: '请提供「指标」代码（code）' }).max(80) }),
          response: { 200: indicatorRecordsSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { org, year, code } = request.query;
        const unit = await ctx.indicators.unitFor(session.scope, org);
        const records = await ctx.dashboard.indicatorRecords(session.scope, unit, resolvePeriod({ year }), code);
        return { org: { id: unit.id, name: unit.name, level: unit.level }, year, ...records };
      },
    );
  };
