/** 每日摘要: the day's digest as the e-mail would carry it, to read or copy into a work group. */
import { CopyOutlined } from '@ant-design/icons';
import { App, Alert, Button, DatePicker, Flex, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import type { Digest as DigestAnswer } from '../../../../src/shared/dashboard.js';

interface Props {
  /** The day of the digest (default: the due list's day). */
  on: string | undefined;
  onChange: (on: string) => void;
}

async function copy(text: string): Promise<void> {
  // The DOM types say the clipboard is always there; outside a secure context (plain http) it is not.
  const clipboard = navigator.clipboard as Clipboard | undefined;
  if (clipboard) return clipboard.writeText(text);
  // Without the clipboard API (plain http on an intranet): a hidden textarea and the copy command.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only way to copy without the clipboard API
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('浏览器不允许复制，请手动选中文字复制');
}

export function Digest({ on, onChange }: Props) {
  const { message } = App.useApp();
  const { data, loading, error, reload } = useApi<DigestAnswer>(on ? '/api/notifications/digest' : null, { on });
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex gap={8} align="center">
          <DatePicker aria-label="摘要日期" allowClear={false} value={on ? dayjs(on) : undefined} onChange={(d) => d && onChange(d.format('YYYY-MM-DD'))} style={{ width: 150 }} />
          <Typography.Text type="secondary">按当前台账生成，与每天发送的提醒内容一致。</Typography.Text>
        </Flex>
        <Button
          icon={<CopyOutlined />}
          disabled={!data?.text}
          onClick={() =>
            void copy(data?.text ?? '')
              .then(() => message.success('摘要已复制'))
              .catch((e: unknown) => message.error(messageOf(e)))
          }
        >
          复制摘要
        </Button>
      </Flex>
      {error ? (
        <Alert type="error" showIcon title="无法生成摘要" description={messageOf(error)} action={<Button onClick={reload}>重试</Button>} />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <pre
          tabIndex={0}
          aria-label="每日待办摘要"
          style={{
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
            background: '#fff',
            border: '1px solid #e5e7eb',
            borderRadius: 6,
            padding: 16,
            margin: 0,
            maxHeight: 600,
            overflow: 'auto',
            fontFamily: 'inherit',
            fontSize: 14,
            lineHeight: 1.8,
          }}
        >
          {data.text}
        </pre>
      )}
    </Flex>
  );
}
