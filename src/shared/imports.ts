/** The Excel import's answers: the dry run's check, the result, a listed problem, a past batch. Imports only zod. */
import { z } from 'zod';

export const importErrorSchema = z.object({
  sheet: z.string(),
  /** Excel's row number; 1 for a header problem. */
  row: z.number(),
  /** Excel's column letter ('D'), or '' when the problem is the file's, not a cell's. */
  column: z.string(),
  /** The column's header as the sheet has it. */
  header: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const priorImportSchema = z.object({ batchId: z.string(), fileName: z.string(), importedAt: z.string(), importedBy: z.string(), rows: z.number() });
export type PriorImport = z.infer<typeof priorImportSchema>;

export const importCheckSchema = z.object({
  dryRun: z.literal(true),
  fileName: z.string(),
  fileHash: z.string(),
  rows: z.number(),
  byUnit: z.array(z.object({ orgId: z.string(), orgName: z.string(), rows: z.number() })),
  preview: z.object({ columns: z.array(z.string()), rows: z.array(z.object({ row: z.number(), cells: z.array(z.string()) })) }),
  duplicate: priorImportSchema.nullable(),
});
export type ImportCheck = z.infer<typeof importCheckSchema>;

export const importResultSchema = z.object({ batchId: z.string(), created: z.number(), fileHash: z.string(), fileName: z.string() });
export type ImportResult = z.infer<typeof importResultSchema>;

export const importBatchViewSchema = priorImportSchema.extend({
  id: z.string(),
  fileHash: z.string(),
  orgId: z.string(),
  orgName: z.string().nullable(),
  /** The unit imported for, by its path below its town (新华村/一社). */
  orgPathName: z.string().nullable(),
  /** That unit's town; null for a unit above towns. */
  townName: z.string().nullable(),
});
export type ImportBatchView = z.infer<typeof importBatchViewSchema>;
