/**
 * The cursor of a ledger list: where the next page starts, handed to the client as an opaque
 * base64url string and taken back as-is. A page after a cursor is found by its key (the sort
 * value and the id of the last row shown), not by skipping rows, so page 500 costs what page 1
 * does and a record added meanwhile neither repeats nor hides a row. The cursor also carries the
 * total the first page reported, so later pages do not count again.
 */
import { z } from 'zod';
import { fieldError } from '../core/errors.js';
import { totalKindSchema } from '../shared/ledger.js';

export type { TotalKind } from '../shared/ledger.js';

/**
 * Sort columns that are never null: a key on them orders the same way on both engines (SQLite puts
 * NULLs first and PostgreSQL last), so they page by key. A sort on a kind's own field pages by offset.
 */
export const KEYSET_COLUMNS: ReadonlySet<string> = new Set(['date', 'title', 'created_at', 'updated_at']);

const cursorSchema = z.object({
  /** Sort column and direction the cursor belongs to: a cursor of another order is refused. */
  s: z.string().max(60),
  d: z.enum(['asc', 'desc']),
  /** The page number the cursor leads to (for display, and the offset of a sort without a key). */
  p: z.number().int().min(2).max(10_000_000),
  /** The last row shown: its sort value and id. Absent for a sort that pages by offset. */
  at: z.tuple([z.string().max(500), z.string().max(60)]).optional(),
  total: z.number().int().min(0),
  kind: totalKindSchema,
});
export type ListCursor = z.infer<typeof cursorSchema>;

export const encodeCursor = (cursor: ListCursor): string => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

const INVALID = '「翻页位置」无效或已过期，请从第一页重新查看';

/** The cursor a client sent back, checked against the list's sort; a 400 naming the field otherwise. */
export function decodeCursor(raw: string, sort: { column: string; direction: 'asc' | 'desc' }): ListCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw fieldError('cursor', INVALID);
  }
  const cursor = cursorSchema.safeParse(parsed);
  if (!cursor.success) throw fieldError('cursor', INVALID);
  const keyed = KEYSET_COLUMNS.has(sort.column);
  if (cursor.data.s !== sort.column || cursor.data.d !== sort.direction || keyed !== (cursor.data.at !== undefined)) throw fieldError('cursor', INVALID);
  return cursor.data;
}
