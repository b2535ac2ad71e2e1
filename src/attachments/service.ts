/**
 * Attachments: photos, sign-in sheets, minutes, agreements on any record. Files are stored once
 * by their sha256 under the data directory; the type is read from the content, not the name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { AppError, NotFound, PayloadTooLarge, UnsupportedType, fieldError } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import type { KindDefinition } from '../ledger/kind.js';
import { existingIds } from '../ledger/repository.js';
import type { LedgerService } from '../ledger/service.js';
import type { Scope } from '../org/scope.js';
import type { Attachment } from '../shared/ledger.js';

export interface AttachmentConfig {
  dir: string;
  maxBytes: number;
}

/** An attached file as the API lists it (src/shared/ledger.ts). */
export type { Attachment };

/** What may be attached, by sniffed MIME type, with the extensions that name it honestly. */
const ALLOWED: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/gif': ['.gif'],
  'image/heic': ['.heic', '.heif'],
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/x-cfb': ['.doc', '.xls'],
  'video/mp4': ['.mp4'],
  'video/quicktime': ['.mov'],
  'audio/mpeg': ['.mp3'],
  'audio/x-m4a': ['.m4a'],
};

export const ALLOWED_DESCRIPTION = '图片（JPG、PNG、WEBP、GIF、HEIC）、PDF、Word、Excel、音视频（MP4、MOV、MP3、M4A）';

export class AttachmentService {
  constructor(
    private readonly ledger: LedgerService,
    readonly config: AttachmentConfig,
  ) {}

  private get db() {
    return this.ledger.db;
  }

  pathOf(sha256: string): string {
    return join(this.config.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Checks, stores and records one file on a record the caller may edit. */
  async add(scope: Scope, kindCode: string, recordId: string, filename: string, content: Buffer): Promise<Attachment> {
    // Editing rights on the record are needed to attach to it; get() also checks scope (404 outside).
    await this.ledger.requireAction(scope, kindCode, 'update');
    const record = await this.ledger.get(scope, kindCode, recordId);
    if (content.length === 0) throw fieldError('file', '上传的文件是空的');
    if (content.length > this.config.maxBytes) {
      throw PayloadTooLarge(`文件超过大小上限（${Math.round(this.config.maxBytes / 1024 / 1024)} MB）`);
    }
    // file-type is loaded with the first upload, not at start-up.
    const { fileTypeFromBuffer } = await import('file-type');
    const sniffed = await fileTypeFromBuffer(content);
    const extensions = sniffed ? ALLOWED[sniffed.mime] : undefined;
    if (!sniffed || !extensions) throw UnsupportedType(`不支持此文件类型，可上传：${ALLOWED_DESCRIPTION}`);
    const ext = extname(filename).toLowerCase();
    if (ext && !extensions.includes(ext)) {
      throw UnsupportedType(`文件内容（${sniffed.ext.toUpperCase()}）与扩展名“${ext}”不符，已拒收`);
    }

    const sha256 = createHash('sha256').update(content).digest('hex');
    await this.store(sha256, content);
    const org = await this.db.kysely.selectFrom('org_unit').select('path').where('id', '=', record.orgId).executeTakeFirstOrThrow();
    const row = {
      id: newId(),
      kind: kindCode,
      record_id: recordId,
      org_path: org.path,
      sha256,
      size: content.length,
      mime: sniffed.mime,
      filename: cleanName(filename) || `附件.${sniffed.ext}`,
      uploaded_by: scope.actor.userId,
      uploaded_at: nowIso(),
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('attachment').values(row).execute();
      await writeAudit(trx, scope.actor, {
        action: 'upload',
        kind: kindCode,
        recordId,
        orgId: record.orgId,
        after: { attachment: row.id, filename: row.filename, sha256, size: row.size },
      });
    });
    return toAttachment(row);
  }

  private async store(sha256: string, content: Buffer) {
    const path = this.pathOf(sha256);
    const exists = await stat(path).then(() => true, () => false);
    if (exists) return; // content-addressed: same bytes, same file
    await mkdir(join(path, '..'), { recursive: true });
    const temp = `${path}.${newId()}.tmp`;
    try {
      await writeFile(temp, content, { mode: 0o640 });
      await rename(temp, path);
    } catch (error) {
      // A full disk leaves the temp file behind, empty or cut short: never keep it.
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** A record's attachments, when the caller may read the record where it is now (404 otherwise, as the record). */
  async listFor(scope: Scope, kindCode: string, recordId: string): Promise<Attachment[]> {
    const kind = await this.ledger.requireAction(scope, kindCode, 'read');
    if (!(await this.recordInScope(scope, kind, recordId))) throw NotFound();
    const rows = await this.db.kysely
      .selectFrom('attachment')
      .selectAll()
      .where('kind', '=', kindCode)
      .where('record_id', '=', recordId)
      .orderBy('uploaded_at')
      .execute();
    return rows.map(toAttachment);
  }

  /**
   * The file for download, when the caller may read the record it belongs to. Outside the scope it
   * does not exist (404) for any role; inside, the role decides (403).
   */
  async open(scope: Scope, id: string) {
    const row = await this.db.kysely.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw NotFound('附件');
    // A custom kind of another town is unknown here: so is its attachment.
    const kind = await this.ledger.kinds.resolve(scope, row.kind).catch((e: unknown) => {
      if (e instanceof AppError && e.id === 'unknown_kind') return undefined;
      throw e;
    });
    if (!kind || !(await this.recordInScope(scope, kind, row.record_id))) throw NotFound('附件');
    await this.ledger.requireAction(scope, row.kind, 'read');
    return { attachment: toAttachment(row), stream: createReadStream(this.pathOf(row.sha256)) };
  }

  /**
   * An attachment is authorised by its record's current unit, read from the record itself: the
   * unit it was uploaded under is history once the record moves to another village.
   */
  private async recordInScope(scope: Scope, kind: KindDefinition, recordId: string): Promise<boolean> {
    return (await existingIds(this.db.kysely, scope, kind, [recordId])).has(recordId);
  }
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not carry
const cleanName = (name: string) => name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);

function toAttachment(row: {
  id: string;
  kind: string;
  record_id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string | null;
}): Attachment {
  return {
    id: row.id,
    kind: row.kind,
    recordId: row.record_id,
    filename: row.filename,
    mime: row.mime,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
  };
}
