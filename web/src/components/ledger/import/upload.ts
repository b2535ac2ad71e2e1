/**
 * Sending a workbook with real upload progress: fetch cannot report it, so this one request uses
 * XMLHttpRequest. Errors are ApiError like every other request, with the server's extra fields
 * (an import's list of problems, the earlier batch of a duplicate) kept in `extra`.
 */
import { api, ApiError } from '../../../lib/api';

const CSRF_COOKIE = 'fazhi_csrf';
const CSRF_HEADER = 'x-csrf-token';

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : undefined;
}

export interface UploadProgress {
  /** 0–100 while the file is on its way. */
  onProgress: (percent: number) => void;
  /** The whole file has reached the server; what follows is the server's own work. */
  onSent: () => void;
  signal?: AbortSignal;
}

/** POSTs `file` as multipart field "file" and resolves with the JSON answer. */
export function postWorkbook<T>(path: string, file: File, { onProgress, onSent, signal }: UploadProgress): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.upload.onload = () => {
      onProgress(100);
      onSent();
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '网络中断，文件没有传完，请检查网络后重试'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data as T);
        return;
      }
      // An expired session: asking the server once more through the common client shows the sign-in dialog.
      if (xhr.status === 401) void api.get('/api/me').catch(() => undefined);
      const error = (data as { error?: Record<string, unknown> } | undefined)?.error ?? {};
      const { id, message, field, details, ...extra } = error;
      reject(
        new ApiError(
          xhr.status,
          typeof id === 'string' ? id : 'http',
          typeof message === 'string' ? message : `上传失败（${xhr.status}）`,
          typeof field === 'string' ? field : undefined,
          Array.isArray(details) ? (details as ApiError['details']) : [],
          extra,
        ),
      );
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
