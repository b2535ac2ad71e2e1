import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { messageOf } from '../lib/api';
import { useSession } from '../lib/session';

/** Signing in again after an idle timeout, over the page: nothing typed into a form is lost. */
export function SessionExpiredDialog() {
  const { me, expired, signIn } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(me.username, password);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={expired} title="登录已过期" footer={null} closable={false} mask={{ closable: false }} destroyOnHidden>
      <Typography.Paragraph>长时间未操作，登录已过期。请重新输入密码，正在填写的内容会保留。</Typography.Paragraph>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      <Form layout="vertical" onFinish={submit} disabled={busy}>
        <Form.Item label="用户名">
          <Input value={me.username} disabled />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          重新登录
        </Button>
      </Form>
    </Modal>
  );
}
