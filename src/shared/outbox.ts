/** The phone app's offline outbox as the API sees it: the sync report and the office's view of it. Shared by the server and the UI: imports only zod. */
import { z } from 'zod';

/** The header the outbox sends a record's client-generated id in (POST /api/ledgers/:kind). */
export const CLIENT_ID_HEADER = 'x-client-id';

/** POST /api/outbox/sync: what the phone still holds after sending what it could. */
export const outboxReportSchema = z.object({
  pending: z.number({ error: '「待上报条数」应为数字' }).int({ error: '「待上报条数」应为整数' }).min(0).max(100_000),
  refused: z.number({ error: '「被退回条数」应为数字' }).int({ error: '「被退回条数」应为整数' }).min(0).max(100_000),
});
export type OutboxReport = z.infer<typeof outboxReportSchema>;

/** GET /api/outbox/grid-workers: each grid worker and when their phone last synced. */
export const gridWorkerSyncSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  orgName: z.string(),
  /** Null: the worker's phone has not synced yet. */
  syncedAt: z.string().nullable(),
  pending: z.number(),
  refused: z.number(),
});
export type GridWorkerSync = z.infer<typeof gridWorkerSyncSchema>;
export const gridWorkerSyncListSchema = z.object({ items: z.array(gridWorkerSyncSchema) });
