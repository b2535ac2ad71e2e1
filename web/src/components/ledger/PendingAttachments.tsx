/**
 * 附件 on a record not yet saved: files are picked before the record exists and held in the
 * browser; once the record is saved they are uploaded to it one after another, each with its own
 * progress. A file that fails leaves the record saved and the other files uploaded; the form names
 * it and sends the user to the record's page to try again. Nothing is sent while the record is
 * unsaved, so a refused save keeps every file chosen.
 */
import { InboxOutlined } from '@ant-design/icons';
import { App, Typography, Upload, type UploadFile } from 'antd';
import type { Dispatch, SetStateAction } from 'react';
import { messageOf } from '../../lib/api';
import { postFile } from '../../lib/upload';
import { ACCEPT } from './Attachments';

export interface PendingFile {
  uid: string;
  file: File;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  /** 0–100 while uploading. */
  percent?: number;
  /** Why the upload failed, in the server's words. */
  error?: string;
}

/** What the server accepts, as the picker and the refusal below say it. */
const KINDS_TEXT = '图片（JPG、PNG、WEBP、GIF、HEIC）、PDF、Word、Excel、音视频（MP4、MOV、MP3、M4A）';
const EXTENSIONS = new Set(ACCEPT.split(','));
const extensionOf = (name: string) => (name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '');

const stateOf: Record<PendingFile['state'], UploadFile['status']> = { waiting: undefined, uploading: 'uploading', done: 'done', failed: 'error' };

export function PendingAttachments({ files, setFiles, busy }: { files: PendingFile[]; setFiles: Dispatch<SetStateAction<PendingFile[]>>; busy: boolean }) {
  const { message } = App.useApp();
  const list: UploadFile[] = files.map((f) => ({ uid: f.uid, name: f.file.name, size: f.file.size, type: f.file.type, status: stateOf[f.state], percent: f.percent, response: f.error }));
  const sent = files.filter((f) => f.state === 'done').length;
  const current = files.findIndex((f) => f.state === 'uploading');

  return (
    <div>
      <Upload.Dragger
        accept={ACCEPT}
        multiple
        disabled={busy}
        fileList={list}
        beforeUpload={(file) => {
          if (!EXTENSIONS.has(extensionOf(file.name))) {
            message.error(`「${file.name}」不能作为附件：只能上传${KINDS_TEXT}`);
            return Upload.LIST_IGNORE;
          }
          if (file.size === 0) {
            message.error(`「${file.name}」是空文件，没有加入附件`);
            return Upload.LIST_IGNORE;
          }
          setFiles((old) => (old.some((f) => f.file.name === file.name && f.file.size === file.size && f.file.lastModified === file.lastModified) ? old : [...old, { uid: file.uid, file, state: 'waiting' }]));
          return false;
        }}
        onRemove={(file) => {
          setFiles((old) => old.filter((f) => f.uid !== file.uid));
          return false;
        }}
        showUploadList={{ showRemoveIcon: !busy }}
        style={{ padding: '4px 0' }}
      >
        <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖入文件，可选多个</p>
        <p className="ant-upload-hint">现场照片、文书扫描件、协议等；可上传{KINDS_TEXT}</p>
      </Upload.Dragger>
      {files.length > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} role="status">
          {current >= 0 ? `正在上传第 ${current + 1} 个，共 ${files.length} 个（已传 ${sent} 个）` : sent === files.length ? `${files.length} 个附件均已上传` : `已选 ${files.length} 个文件，保存记录后自动上传`}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * Uploads the files not yet sent to the record at `path` (POST …/attachments), one at a time,
 * reporting each one's progress through `update`; resolves with the files that failed.
 */
export async function uploadPending(path: string, files: readonly PendingFile[], update: (uid: string, patch: Partial<PendingFile>) => void): Promise<PendingFile[]> {
  const failed: PendingFile[] = [];
  for (const f of files) {
    if (f.state === 'done') continue;
    update(f.uid, { state: 'uploading', percent: 0, error: undefined });
    try {
      await postFile(path, f.file, {
        onProgress: (percent) => update(f.uid, { percent: Math.min(99, percent) }),
        networkMessage: `网络中断，「${f.file.name}」没有传完`,
      });
      update(f.uid, { state: 'done', percent: 100 });
    } catch (e) {
      const error = messageOf(e);
      update(f.uid, { state: 'failed', percent: undefined, error });
      failed.push({ ...f, state: 'failed', error });
    }
  }
  return failed;
}
