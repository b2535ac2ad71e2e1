/** The audit log as GET /api/audit gives it. Imports only zod. */
import { z } from 'zod';

export const auditRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  kind: z.string().nullable(),
  recordId: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  /** The record (or setting) before and after the action, as logged; any JSON. */
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

export const auditPageSchema = z.object({ items: z.array(auditRowSchema), total: z.number(), page: z.number(), pageSize: z.number() });
export type AuditPage = z.infer<typeof auditPageSchema>;
