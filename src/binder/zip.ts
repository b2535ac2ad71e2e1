/**
 * The binder as a ZIP: the DOCX, then every original attachment under 序号_部分/序号_记录/文件名.
 * archiver streams each entry from disk as it is written (files are opened one at a time, lazily),
 * so the archive's size does not bound memory.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type archiver from 'archiver';
import type { BinderAttachment, BinderRecord, BinderSection, ProgressListener } from './model.js';

export interface ZipEntry {
  /** The stored file (content-addressed). */
  path: string;
  /** Its name inside the archive, folders included. */
  name: string;
  size: number;
  /** Already compressed (photos, video): stored as is rather than deflated again. */
  store: boolean;
}

/** Characters Windows, macOS or a ZIP reader will not take in a name; Chinese is kept. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not carry
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/** A file or folder name every system accepts: no separators or reserved characters, no trailing dots or spaces, not too long. */
export function safeName(text: string, max = 60): string {
  const cleaned = Array.from(text.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim())
    .slice(0, max)
    .join('')
    .replace(/[. ]+$/u, '');
  return cleaned && !/^\.+$/.test(cleaned) ? cleaned : '_';
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const COMPRESSED = /^(image\/(jpeg|png|gif|webp|heic)|video\/|audio\/)/;

/** Collects the archive's entries as the DOCX pass visits each record: names only, never file contents. */
export class ZipPlan {
  readonly entries: ZipEntry[] = [];
  private readonly taken = new Set<string>();

  add(section: BinderSection, record: BinderRecord, index: number, sectionCount: number, recordCount: number): void {
    if (!record.attachments.length) return;
    const folder = `${pad(section.number, String(sectionCount).length)}_${safeName(section.heading, 40)}/${pad(index, String(recordCount).length)}_${safeName(record.title, 40)}`;
    for (const attachment of record.attachments) this.entries.push(this.entry(folder, attachment));
  }

  private entry(folder: string, attachment: BinderAttachment): ZipEntry {
    const name = this.unique(folder, safeName(attachment.filename, 80));
    return { path: attachment.path, name, size: attachment.size, store: COMPRESSED.test(attachment.mime) };
  }

  /** 照片.jpg, 照片（2）.jpg, … within one folder. */
  private unique(folder: string, filename: string): string {
    const dot = filename.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [filename.slice(0, dot), filename.slice(dot)] : [filename, ''];
    let name = `${folder}/${filename}`;
    for (let n = 2; this.taken.has(name); n += 1) name = `${folder}/${stem}（${n}）${ext}`;
    this.taken.add(name);
    return name;
  }
}

/**
 * Writes the archive: the DOCX first, then the attachments in the order the binder lists them.
 * Progress runs from `from` to 1 by bytes written. A stored file gone from disk fails the build:
 * a binder silently missing evidence is worse than none.
 */
export async function writeBinderZip(out: string, docx: { path: string; name: string }, entries: readonly ZipEntry[], options: { onProgress?: ProgressListener; from?: number } = {}): Promise<{ files: number; bytes: number }> {
  const { default: archiver } = await import('archiver');
  const from = options.from ?? 0;
  const docxSize = (await stat(docx.path)).size;
  const total = Math.max(1, docxSize + entries.reduce((n, e) => n + e.size, 0));
  const archive = archiver('zip', { zlib: { level: 6 } });
  const output = createWriteStream(out);
  const closed = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    output.on('error', reject);
    archive.on('error', reject);
  });
  archive.on('progress', (p) => options.onProgress?.(from + ((1 - from) * Math.min(p.fs.processedBytes, total)) / total, '正在打包附件原件'));
  archive.pipe(output);
  archive.file(docx.path, { name: docx.name });
  // archiver's file() takes `store` as append() does (its types list it only for append).
  for (const entry of entries) archive.file(entry.path, { name: entry.name, store: entry.store } as archiver.ZipEntryData);
  await archive.finalize();
  await closed;
  return { files: entries.length + 1, bytes: archive.pointer() };
}
