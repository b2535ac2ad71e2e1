/**
 * manifest.json of a portable dump: where it came from, the schema version, the key it needs,
 * and per table the row count, the sha256 of its file and its columns.
 *
 *   DIR/manifest.json
 *   DIR/tables/<table>.jsonl     canonical rows (canonical.ts), ordered by primary key
 *   DIR/files/<sha256>           attachment blobs
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { FieldCipher } from '../../security/crypto.js';
import { CIPHERS } from '../../security/crypto.js';

export const DUMP_FORMAT = 'fazhi-dump';
export const DUMP_FORMAT_VERSION = 1;

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/i);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const tableEntry = z.object({
  name: identifier,
  rows: z.number().int().nonnegative(),
  sha256,
  primaryKey: z.array(identifier),
  columns: z.array(z.object({ name: identifier, type: z.enum(['text', 'integer', 'real']), nullable: z.boolean() })).min(1),
});

const manifestSchema = z.object({
  format: z.literal(DUMP_FORMAT),
  formatVersion: z.literal(DUMP_FORMAT_VERSION),
  schemaVersion: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  source: z.string(),
  createdAt: z.string(),
  cipher: z.enum(CIPHERS),
  keyFingerprint: z.string(),
  tables: z.array(tableEntry),
  files: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableEntry = z.infer<typeof tableEntry>;

export const manifestPath = (dir: string) => join(dir, 'manifest.json');
export const tablePath = (dir: string, table: string) => join(dir, 'tables', `${table}.jsonl`);
export const blobPathInDump = (dir: string, sha: string) => join(dir, 'files', sha);
/** Where a blob lives under an attachment directory: the layout of AttachmentService.pathOf. */
export const blobPathIn = (dir: string, sha: string) => join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);

/** Says which master key the sensitive fields were encrypted with, without revealing it. */
export const keyFingerprint = (cipher: FieldCipher) => cipher.hash('fazhi dump key fingerprint v1');

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(manifestPath(dir), 'utf8');
  } catch {
    throw new AppError(400, 'dump_manifest', `${dir} 中没有 manifest.json：不是完整的导出目录`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError(400, 'dump_manifest', `${manifestPath(dir)} 不是有效的 JSON`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError(400, 'dump_manifest', `${manifestPath(dir)} 格式不正确（${issue?.path.join('.') || '根'}）：不是本系统的导出，或导出格式版本不同`);
  }
  return result.data;
}
