/**
 * The query string of a ledger's list (GET /api/ledgers/:kind) and of its Excel export
 * (GET /api/ledgers/:kind/export.xlsx): one set of filters, so the export writes exactly the
 * records the list shows. The export takes no page; a page or pageSize sent to it (the web
 * client passes the list's query through) is ignored.
 */
import { z } from 'zod';
import type { ListParams } from '../ledger/service.js';
import { pageQuery } from './pagination.js';

const filterShape = {
  org: z.string().max(60).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  q: z.string().max(100, { error: '「搜索词」不能超过100个字' }).optional(),
  tag: z.string().max(60).optional(),
  /** Why a sensitive field is searched by its full value (checked, with its length, by the service). */
  reason: z.string().max(200, { error: '「查找原因」不能超过200个字' }).optional(),
  sort: z.string().max(60).optional(),
};

/** Any other parameter is an exact-match filter on a field of the kind. */
const fieldFilter = z.string().max(200);

/** The export's query: the list's filters and sort. */
export const ledgerFilterQuery = z.object(filterShape).catchall(fieldFilter);

/**
 * The list's query: the same, a page at a time. A page is asked for by the cursor the page before
 * returned (nextCursor); `page` still skips pages by number, for callers that jump.
 */
export const ledgerListQuery = z
  .object({
    ...filterShape,
    ...pageQuery,
    cursor: z.string().max(2000, { error: '「翻页位置」无效或已过期，请从第一页重新查看' }).optional(),
    count: z.enum(['exact'], { error: '「统计方式」只能是 exact（精确统计）' }).optional(),
  })
  .catchall(fieldFilter);

/** Names that are never a field filter. */
const RESERVED = new Set(['org', 'from', 'to', 'q', 'tag', 'page', 'pageSize', 'cursor', 'count', 'sort', 'reason']);

/** The parsed query as the ledger service takes it: the named parameters, and the rest as field filters. */
export function ledgerListParams(query: z.infer<typeof ledgerFilterQuery>): Omit<ListParams, 'page' | 'pageSize'> {
  const { org, from, to, q, tag, sort, reason, ...rest } = query;
  const filters = Object.fromEntries(Object.entries(rest).filter(([k, v]) => !RESERVED.has(k) && typeof v === 'string')) as Record<string, string>;
  return { org, from, to, q, tag, sort, filters, reason };
}
