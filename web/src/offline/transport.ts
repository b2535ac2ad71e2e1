/** The outbox's way to the server: the app's own API client, the record's client id in a header. */
import { api, ApiError, request } from '../lib/api';
import type { LedgerRecord } from '../lib/types';
import { uploadWithProgress } from '../components/mobile/upload';
import { CLIENT_ID_HEADER } from '../../../src/shared/outbox.js';
import type { Attachment } from '../../../src/shared/ledger.js';
import type { OutboxTransport, SendError } from './outbox';

export const apiTransport: OutboxTransport = {
  create: (kind, body, clientId) => request<LedgerRecord>('POST', `/api/ledgers/${encodeURIComponent(kind)}`, body, { headers: { [CLIENT_ID_HEADER]: clientId } }),
  upload: async (kind, recordId, photo, onProgress) => {
    await uploadWithProgress(`/api/ledgers/${encodeURIComponent(kind)}/${encodeURIComponent(recordId)}/attachments`, photo, onProgress ?? (() => undefined));
  },
  hasFile: async (kind, recordId, name, size) => {
    const record = await api.get<{ attachments: Attachment[] }>(`/api/ledgers/${encodeURIComponent(kind)}/${encodeURIComponent(recordId)}`);
    return record.attachments.some((a) => a.filename === name && a.size === size);
  },
  report: async (pending, refused) => {
    await api.post('/api/outbox/sync', { pending, refused });
  },
  errorOf: (error: unknown): SendError =>
    error instanceof ApiError
      ? { status: error.status, message: error.message, details: error.details.length ? error.details : error.field ? [{ field: error.field, message: error.message }] : [] }
      : { status: 0, message: error instanceof Error ? error.message : String(error), details: [] },
};
