/**
 * Ledger records as the API gives them. A record carries the common fields below and its kind's
 * own fields (described by the kind, GET /api/kinds), so the schema declares the common ones and
 * lets the kind's through. Imports only zod.
 */
import { z } from 'zod';

/** A value of a field: text and dates as strings, numbers, yes/no, a multiple choice as a list. */
export const recordValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type RecordValue = z.infer<typeof recordValueSchema>;

export const attachmentSchema = z.object({
  id: z.string(),
  kind: z.string(),
  recordId: z.string(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedAt: z.string(),
  uploadedBy: z.string().nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const ledgerRecordSchema = z
  .looseObject({
    id: z.string(),
    kind: z.string(),
    orgId: z.string(),
    orgName: z.string().nullable(),
    /** The unit by its path below its town (新华村/一社). */
    orgPathName: z.string().nullable(),
    /** The unit's town; null for a unit above towns. */
    townName: z.string().nullable(),
    date: z.string(),
    endDate: z.string().nullable().optional(),
    title: z.string(),
    notes: z.string().nullable().optional(),
    tags: z.array(z.string()).nullable().optional(),
    version: z.number(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string(),
  })
  .describe('台账记录：公共字段之外，另有本类台账的字段（见 GET /api/kinds 的 fields）');
export type LedgerRecord = z.infer<typeof ledgerRecordSchema>;

/** GET /api/ledgers/:kind/:id: the record with its attachments. */
export const recordWithAttachmentsSchema = ledgerRecordSchema.extend({ attachments: z.array(attachmentSchema) });
export type RecordWithAttachments = z.infer<typeof recordWithAttachmentsSchema>;

/** A record's values as sent to create or change it: the common fields and the kind's own, checked by the kind's validator. */
export const recordBodySchema = z
  .looseObject({
    orgId: z.string().optional(),
    date: z.string().optional(),
    endDate: z.string().nullable().optional(),
    title: z.string().optional(),
    notes: z.string().nullable().optional(),
    tags: z.array(z.string()).nullable().optional(),
    /** The version the change was made to (required when changing). */
    version: z.number().optional(),
  })
  .describe('记录的字段值：公共字段（所属单位 orgId、日期 date、结束日期 endDate、标题 title、备注 notes、标签 tags）与本类台账的字段（见 GET /api/kinds），修改时另带 version');

/** One page of a list. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** How exact a ledger list's total is: counted, the database's estimate, or a lower bound. */
export const totalKindSchema = z.enum(['exact', 'estimate', 'atLeast']);
export type TotalKind = z.infer<typeof totalKindSchema>;

/**
 * GET /api/ledgers/:kind: one page of a ledger. The total is exact when counting is cheap; past
 * that it is an estimate or a lower bound (totalKind) until the client asks for count=exact.
 * nextCursor (null on the last page) asks for the next page.
 */
export const ledgerPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), totalKind: totalKindSchema, page: z.number(), pageSize: z.number(), nextCursor: z.string().nullable() });
export interface LedgerPage<T> extends Page<T> {
  totalKind: TotalKind;
  nextCursor: string | null;
}

/** POST /api/ledgers/:kind/:id/reveal: the full values of a record's sensitive fields, by field name. */
export const revealedValuesSchema = z.object({ id: z.string(), values: z.record(z.string(), recordValueSchema) });
export type RevealedValues = z.infer<typeof revealedValuesSchema>;

/** GET /api/references: names for the ids in records, by id (linked records keyed kind:id); ids out of reach are left out. */
export const referenceNamesSchema = z.object({
  people: z.record(z.string(), z.string()),
  orgs: z.record(z.string(), z.string()),
  records: z.record(z.string(), z.string()),
});
export type ReferenceNames = z.infer<typeof referenceNamesSchema>;
