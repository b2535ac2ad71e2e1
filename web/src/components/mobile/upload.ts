/**
 * Sending a photo from a phone: made smaller first (a camera's 5 MB picture becomes a few hundred
 * KB, which matters on a village's mobile signal), then uploaded with progress — fetch cannot
 * report upload progress, so this one request uses XMLHttpRequest.
 */
import { api, ApiError } from '../../lib/api';

const CSRF_COOKIE = 'fazhi_csrf';
const CSRF_HEADER = 'x-csrf-token';

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : undefined;
}

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

export interface Attachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
}

/** Uploads one file as multipart field "file"; `onProgress` gets 0–100. Errors are ApiError like every other request. */
export function uploadWithProgress(path: string, file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.min(99, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '网络中断，照片没有传完，请检查网络后重试'));
    xhr.ontimeout = () => reject(new ApiError(0, 'timeout', '上传超时，请到信号好的地方重试'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(data as Attachment);
        return;
      }
      // An expired session: asking the server once more through the common client shows the sign-in dialog.
      if (xhr.status === 401) void api.get('/api/me').catch(() => undefined);
      const error = (data as { error?: { id?: string; message?: string; field?: string } } | undefined)?.error;
      reject(new ApiError(xhr.status, error?.id ?? 'http', error?.message ?? `上传失败（${xhr.status}）`, error?.field));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** '1.2 MB', '350 KB'. */
export const sizeLabel = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
