/** The page and page-size query parameters every list endpoint takes, with one set of messages. */
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../ledger/service.js';

export const pageQuery = {
  page: z.coerce.number({ error: '「页码」应为正整数' }).int({ error: '「页码」应为正整数' }).min(1, { error: '「页码」应为正整数' }).optional(),
  pageSize: z.coerce
    .number({ error: '「每页条数」应为整数' })
    .int({ error: '「每页条数」应为整数' })
    .min(1, { error: `「每页条数」应为 1 到 ${MAX_PAGE_SIZE} 之间的整数` })
    .max(MAX_PAGE_SIZE, { error: `「每页条数」应为 1 到 ${MAX_PAGE_SIZE} 之间的整数` })
    .optional(),
};
