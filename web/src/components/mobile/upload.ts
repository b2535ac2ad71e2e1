/**
 * Sending a photo from a phone: made smaller first (a camera's 5 MB picture becomes a few hundred
 * KB, which matters on a village's mobile signal), then uploaded with progress — fetch cannot
 * report upload progress (see lib/upload.ts).
 */
import { postFile } from '../../lib/upload';
import type { Attachment } from '../../../../src/shared/ledger.js';

/** Longest side and JPEG quality of a shrunk photo: still readable for a ledger's evidence. */
const MAX_SIDE = 1920;
const QUALITY = 0.82;
/** Smaller files are sent as they are. */
const SHRINK_ABOVE = 600 * 1024;

/** A JPEG at most MAX_SIDE pixels on its longest side, or the file itself when that is not smaller (or the browser cannot decode it, e.g. HEIC). */
export async function shrinkPhoto(file: File): Promise<File> {
  if (!file.type.startsWith('image/') || file.type === 'image/gif' || file.size <= SHRINK_ABOVE) return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || blob.size >= file.size) return file;
    const base = file.name.replace(/\.[^.]*$/, '') || 'photo';
    return new File([blob], `${base}.jpg`, { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file;
  }
}

/** The server's answer to an upload (src/shared/ledger.ts). */
export type { Attachment };

/** Uploads one photo as multipart field "file"; `onProgress` gets 0–100, and 100 only once the server has kept it. */
export async function uploadWithProgress(path: string, file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<Attachment> {
  const attachment = await postFile<Attachment>(path, file, {
    onProgress: (percent) => onProgress(Math.min(99, percent)),
    signal,
    networkMessage: '网络中断，照片没有传完，请检查网络后重试',
  });
  onProgress(100);
  return attachment;
}

/** '1.2 MB', '350 KB'. */
export const sizeLabel = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
