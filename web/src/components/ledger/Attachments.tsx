/** 附件: photos as thumbnails that open large, other files as links; upload when the record may be edited. */
import { FileOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Image, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, messageOf } from '../../lib/api';
import type { Attachment } from './model';

/** The types the server keeps (src/attachments/service.ts), by extension: the file picker offers only these. */
export const ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.heic,.heif,.pdf,.docx,.xlsx,.doc,.xls,.mp4,.mov,.mp3,.m4a';
/** Images a browser can show (HEIC cannot): the rest are downloads. */
const SHOWABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function Attachments({ base, attachments, canUpload, onUploaded }: { base: string; attachments: Attachment[]; canUpload: boolean; onUploaded: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const images = attachments.filter((a) => SHOWABLE.has(a.mime));
  const files = attachments.filter((a) => !SHOWABLE.has(a.mime));

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await api.upload(`${base}/attachments`, form);
      message.success(`已上传「${file.name}」`);
      onUploaded();
    } catch (e) {
      message.error(`「${file.name}」上传失败：${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={`附件（${attachments.length}）`}
      size="small"
      extra={
        canUpload && (
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            multiple
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={busy}>
              上传附件
            </Button>
          </Upload>
        )
      }
    >
      {!attachments.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canUpload ? '还没有附件，可上传现场照片、文书扫描件等' : '没有附件'} />
      ) : (
        <Flex vertical gap={12}>
          {images.length > 0 && (
            <Image.PreviewGroup>
              <Flex wrap gap={8}>
                {images.map((a) => (
                  <Image key={a.id} src={`/api/attachments/${a.id}`} alt={a.filename} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} />
                ))}
              </Flex>
            </Image.PreviewGroup>
          )}
          {files.map((a) => (
            <div key={a.id}>
              <FileOutlined />{' '}
              <a href={`/api/attachments/${a.id}`} target="_blank" rel="noopener noreferrer" download={a.mime === 'application/pdf' ? undefined : a.filename}>
                {a.filename}
              </a>{' '}
              <Typography.Text type="secondary">{size(a.size)}</Typography.Text>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}
