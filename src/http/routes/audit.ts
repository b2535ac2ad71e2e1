/**
 * The audit administrator's routes (三员分立): search and export the audit log. Nobody else may,
 * not even the system or security administrator. There is no route that changes the log.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../pagination.js';
import { todayInChina } from '../../core/dates.js';
import type { AppContext } from '../../context.js';
import { signedInAs } from '../auth.js';
import { auditPageSchema } from '../../shared/audit.js';

const date = (label: string) =>
  z
    .string({ error: `「${label}」应为 YYYY-MM-DD 格式的日期` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `「${label}」应为 YYYY-MM-DD 格式的日期` })
    .optional();

// PostgreSQL refuses NUL in text: refused here as bad input, not left to become a 500.
const text = (label: string, max: number) =>
  z
    .string()
    .max(max, { error: `「${label}」不能超过${max}个字` })
    .refine((value) => !value.includes('\u0000'), { error: `「${label}」含有不可用的字符` })
    .optional();

const filterQuery = z.object({
  from: date('开始日期'),
  to: date('结束日期'),
  actor: text('操作人', 60),
  action: text('操作', 40),
  kind: text('对象类型', 80),
  recordId: text('记录编号', 80),
  org: text('单位', 60),
});

const searchQuery = filterQuery.extend(pageQuery);

const FILTER_HELP = 'from/to: 日期范围（北京时间，含两端）；actor: 操作人编号或姓名中的字；action: 操作（如 login_failed）；kind: 对象类型；recordId: 记录编号；org: 单位（含下级）。';

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      { schema: { tags: ['审计日志'], summary: '查询审计日志（仅审计管理员；最新的在前）', description: FILTER_HELP, querystring: searchQuery, response: { 200: auditPageSchema } } },
      async (request) => {
        const session = signedInAs(request, ['auditAdmin']);
        const { page, pageSize, ...filter } = request.query;
        return ctx.audit.search(session.scope, filter, { page, pageSize });
      },
    );

    app.get(
      '/api/audit/export',
      { schema: { tags: ['审计日志'], summary: '导出审计日志为 CSV（仅审计管理员；可用 Excel 打开）', description: FILTER_HELP, querystring: filterQuery } },
      async (request, reply) => {
        const session = signedInAs(request, ['auditAdmin']);
        // A bad filter is a 400 here, not a broken download; taking a copy of the log is itself audited.
        const csv = await ctx.audit.exportCsv(session.scope, request.query);
        const name = encodeURIComponent(`审计日志-${todayInChina()}.csv`);
        reply.header('content-disposition', `attachment; filename="audit-log.csv"; filename*=UTF-8''${name}`);
        reply.type('text/csv; charset=utf-8');
        return reply.send(Readable.from(csv));
      },
    );
  };
