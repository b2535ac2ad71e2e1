/**
 * 生成佐证材料: builds the report's evidence binder on the server — a ZIP with the Word binder and
 * every original attachment, or the Word binder alone — shows its progress, and offers the download.
 * Personal information stays masked unless the user asks for the originals and says why (audited;
 * the server refuses roles that may not see them).
 */
import { FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Modal, Progress, Radio, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, messageOf } from '../../lib/api';
import type { BinderJob } from '../../../../src/shared/binder.js';
import type { ReportTarget } from './types';

/** How often the progress is asked for while a binder is built. */
const POLL_MS = 700;

/** `scheme`: an assessment scheme's id, for the town's assessment binder (one section per item) instead of the report's. */
export function BinderButton({ target, scheme, disabled }: { target: ReportTarget | undefined; scheme?: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<'zip' | 'docx'>('zip');
  const [reveal, setReveal] = useState(false);
  const [reason, setReason] = useState('');
  const [job, setJob] = useState<BinderJob | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const poll = (id: string) => {
    timer.current = window.setTimeout(() => {
      api.get<BinderJob>(`/api/binders/${id}`).then(
        (next) => {
          setJob(next);
          if (next.status === 'running') poll(id);
        },
        (e: unknown) => setError(messageOf(e)),
      );
    }, POLL_MS);
  };

  const start = async () => {
    if (!target) return;
    setError(undefined);
    setJob(undefined);
    setStarting(true);
    try {
      const started = await api.post<BinderJob>('/api/binders', { org: target.org, year: target.year, format, ...(scheme ? { scheme } : {}), ...(reveal ? { revealReason: reason } : {}) });
      setJob(started);
      poll(started.id);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setStarting(false);
    }
  };

  const close = () => {
    window.clearTimeout(timer.current);
    setOpen(false);
    setJob(undefined);
    setError(undefined);
  };

  const running = starting || job?.status === 'running';
  return (
    <>
      <Button icon={<FolderOpenOutlined />} onClick={() => setOpen(true)} disabled={!target || disabled}>
        生成佐证材料
      </Button>
      <Modal
        title="生成佐证材料"
        open={open}
        onCancel={close}
        footer={
          <Space>
            <Button onClick={close}>关闭</Button>
            <Button type="primary" onClick={() => void start()} loading={running} disabled={running || (reveal && reason.trim().length < 4)}>
              {job ? '重新生成' : '开始生成'}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{scheme ? '按考核方案的每个项目' : '按报告中的每个数字'}分部分整理台账记录和照片，生成带封面、目录和页码的Word文档；压缩包另附全部附件原件，按部分和记录分文件夹存放。</Typography.Paragraph>
        <Form layout="vertical" component="div" disabled={running}>
          <Form.Item label="内容">
            <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as 'zip' | 'docx')}>
              <Radio value="zip">压缩包（Word文档＋附件原件）</Radio>
              <Radio value="docx">仅Word文档</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item style={{ marginBottom: reveal ? 8 : 16 }}>
            <Checkbox checked={reveal} onChange={(e) => setReveal(e.target.checked)}>
              显示个人信息原文（需相应权限，记入审计日志）
            </Checkbox>
          </Form.Item>
          {reveal ? (
            <Form.Item label="查看原因" htmlFor="binder-reason" required help="至少4个字，如“县督查组现场核查”">
              <Input id="binder-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
            </Form.Item>
          ) : null}
        </Form>
        {job ? (
          <div aria-live="polite">
            <Progress percent={job.percent} status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
            <Typography.Text type="secondary">{job.status === 'failed' ? job.error : job.stage}</Typography.Text>
            {job.status === 'done' && job.filename ? (
              <div style={{ marginTop: 12 }}>
                <Button type="primary" href={`/api/binders/${job.id}/file`} download={job.filename}>
                  下载 {job.filename}
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}
        {error ? <Alert type="error" showIcon title="未能生成佐证材料" description={error} style={{ marginTop: 12 }} /> : null}
      </Modal>
    </>
  );
}
