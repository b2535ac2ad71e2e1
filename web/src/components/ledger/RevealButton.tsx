/** 查看原文: the full personal information of a record, for a role allowed it, with a stated reason (audited). */
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, messageOf } from '../../lib/api';
import type { RevealedValues } from '../../../../src/shared/ledger.js';

export function RevealButton({ base, labels, onRevealed }: { base: string; labels: string[]; onRevealed: (values: Record<string, unknown>) => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ reason: string }>();

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const revealed = await api.post<RevealedValues>(`${base}/reveal`, { reason: reason.trim() });
      onRevealed(revealed.values);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setOpen(true)}>
        查看原文
      </Button>
      <Modal open={open} title="查看个人信息原文" okText="查看" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => setOpen(false)} mask={{ closable: false }}>
        <Typography.Paragraph type="secondary">
          将显示{labels.map((l) => `「${l}」`).join('')}的完整内容。查看原因和您的姓名会记入审计日志，请仅在办理业务确有需要时查看。
        </Typography.Paragraph>
        {error !== undefined && <Alert type="error" showIcon title={messageOf(error)} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label="查看原因" rules={[{ required: true, whitespace: true, message: '请填写「查看原因」' }, { min: 4, message: '「查看原因」至少4个字' }]}>
            <Input.TextArea maxLength={200} showCount rows={3} placeholder="如：电话联系当事人，通知调解时间" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
