/** 导出Excel: a ledger's records under the list's own filters, as an .xlsx workbook. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { LedgerExporter, MAX_EXPORT_ROWS } from '../../ledger/export.js';
import { signedIn } from '../auth.js';

const RESERVED = new Set(['org', 'from', 'to', 'q', 'tag', 'sort', 'reason']);

const exportQuery = z
  .object({
    org: z.string().max(60).optional(),
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
    q: z.string().max(100, { error: '「搜索词」不能超过100个字' }).optional(),
    tag: z.string().max(60).optional(),
    /** Why a sensitive field is searched by its full value (checked, with its length, by the service). */
    reason: z.string().max(400, { error: '「查找原因」不能超过200个字' }).optional(),
    sort: z.string().max(60).optional(),
  })
  .catchall(z.string().max(200));

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ledgerExportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const exporter = new LedgerExporter(ctx);

    app.get(
      '/api/ledgers/:kind/export.xlsx',
      {
        schema: {
          tags: ['台账'],
          summary: '导出台账记录为 Excel（筛选条件同列表）',
          description: `筛选参数与“查询台账记录”相同（org、from、to、q、tag、sort 及按字段精确筛选；按个人信息字段查找须带 reason，同列表）；最多导出 ${MAX_EXPORT_ROWS} 条，个人信息一律脱敏。`,
          params: z.object({ kind: z.string().max(60) }),
          querystring: exportQuery,
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const { org, from, to, q, tag, sort, reason, ...rest } = request.query;
        const filters = Object.fromEntries(Object.entries(rest).filter(([k]) => !RESERVED.has(k) && k !== 'page' && k !== 'pageSize')) as Record<string, string>;
        const book = await exporter.workbook(session.scope, request.params.kind, { org, from, to, q, tag, sort, filters, reason });
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
