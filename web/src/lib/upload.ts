/**
 * Sending a file with real upload progress: fetch cannot report it, so uploads use
 * XMLHttpRequest, with the same cookie, CSRF header and error shape as every other request
 * (ApiError, the server's extra fields — an import's problems, a duplicate's batch — in `extra`).
 */
import { api, ApiError, CSRF_HEADER, csrfToken } from './api';

export interface UploadOptions {
  /** 0–100 while the file is on its way. */
  onProgress?: (percent: number) => void;
  /** The whole file has reached the server; what follows is the server's own work. */
  onSent?: () => void;
  signal?: AbortSignal;
  /** What to say when the connection drops mid-way (names what was being sent). */
  networkMessage?: string;
}

/** POSTs `file` as multipart field "file" and resolves with the JSON answer. */
export function postFile<T>(path: string, file: File, { onProgress, onSent, signal, networkMessage }: UploadOptions = {}): Promise<T> {
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
      if (event.lengthComputable) onProgress?.(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.upload.onload = () => {
      onProgress?.(100);
      onSent?.();
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', networkMessage ?? '网络中断，文件没有传完，请检查网络后重试'));
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
