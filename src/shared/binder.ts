/** The evidence binder's build job as the API reports it (POST /api/binders, GET /api/binders/:id). */
import { z } from 'zod';

export const binderJobSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  /** 0–100. */
  percent: z.number(),
  /** What the build is doing now, in Chinese. */
  stage: z.string(),
  /** The file's name once done. */
  filename: z.string().nullable(),
  /** Why it failed, in Chinese. */
  error: z.string().nullable(),
});
export type BinderJob = z.infer<typeof binderJobSchema>;
