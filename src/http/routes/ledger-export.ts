/** 导出Excel: a ledger's records under the list's own filters, as an .xlsx workbook. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { MAX_EXPORT_ROWS } from '../../ledger/export.js';
import { ledgerFilterQuery, ledgerListParams } from '../ledger-query.js';
import { signedIn } from '../auth.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ledgerExportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/ledgers/:kind/export.xlsx',
      {
        schema: {
          tags: ['台账'],
          summary: '导出台账记录为 Excel（筛选条件同列表）',
          description: `筛选参数与“查询台账记录”相同（org、from、to、q、tag、sort 及按字段精确筛选；按个人信息字段查找须带 reason，同列表）；最多导出 ${MAX_EXPORT_ROWS} 条，个人信息一律脱敏。`,
          params: z.object({ kind: z.string().max(60) }),
          querystring: ledgerFilterQuery,
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const book = await ctx.exporter.workbook(session.scope, request.params.kind, ledgerListParams(request.query));
        return reply
          .header('content-disposition', `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(book.filename)}`)
          .header('cache-control', 'no-store')
          .header('x-export-rows', String(book.rows))
          .header('x-export-truncated', book.truncated ? '1' : '0')
          .type(XLSX)
          .send(book.content);
      },
    );
  };
