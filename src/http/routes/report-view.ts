import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { FIGURE_SIDES } from '../../report/frozen.js';
import { yearOf } from '../../report/service.js';
import { pageQuery } from '../pagination.js';
import { signedIn } from '../auth.js';
import { figureRecordsSchema, workflowSchema } from '../../shared/report.js';

const orgYear = z.object({
  org: z.string().max(60).optional(),
  year: z.coerce.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }),
});

/** For the report page: the report's sign-off and the caller's next steps, and the records behind a figure. */
export const reportViewRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const view = ctx.reportView;

    app.get(
      '/api/reports/workflow',
      { schema: { tags: ['年度报告'], summary: '报告的审定、公开经过，报送和公开期限，以及本人可做的操作', querystring: orgYear, response: { 200: workflowSchema } } },
      async (request) => {
        const session = signedIn(request);
        const unit = await ctx.indicators.unitFor(session.scope, request.query.org);
        return view.workflow(session.scope, unit, yearOf(request.query.year));
      },
    );

    app.get(
      '/api/reports/figure',
      {
        schema: {
          tags: ['年度报告'],
          summary: '报告中一个数字背后的记录（已审定的报告给出审定时冻结的记录；比率可列分子或分母，同比可列本期或上年同期）',
          querystring: orgYear.extend({
            code: z.string({ error: '请指定指标（code）' }).max(80),
            side: z.enum(FIGURE_SIDES, { error: '「列出哪一侧」（side）应为分子 numerator、分母 denominator、本期 current 或上年同期 previous' }).optional(),
            ...pageQuery,
          }),
          response: { 200: figureRecordsSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { org, year, code, side, page, pageSize } = request.query;
        const unit = await ctx.indicators.unitFor(session.scope, org);
        return view.figureRecords(session.scope, unit, yearOf(year), code, { page: page ?? 1, pageSize: pageSize ?? 20 }, side);
      },
    );
  };
