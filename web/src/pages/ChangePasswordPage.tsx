import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, messageOf } from '../lib/api';
import { useSession } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { beijingTime } from '../components/settings/shared';

/** 修改密码: forced at first sign-in and after a reset; afterwards the user signs in again. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { me, refresh, signOut } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Inside the frame the frame names the page; forced, this page is all there is.
  usePageTitle(forced ? '修改密码' : undefined);

  const submit = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success('密码已修改，请用新密码重新登录');
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field === 'password' ? 'newPassword' : e.field, errors: [e.message] }]);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const card = (
    <Card style={{ width: '100%', maxWidth: 440 }} title={forced ? (me?.lastReset ? '密码已被重置，请修改密码' : '首次登录请修改密码') : '修改密码'}>
      {forced && (
        <Typography.Paragraph type="secondary">
          {me?.displayName}，为保护台账中的个人信息，请先把初始密码改为只有您知道的密码。
        </Typography.Paragraph>
      )}
      {forced && me?.lastReset && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`您的密码已于 ${beijingTime(me.lastReset.at)} 由${me.lastReset.by}重置`}
          description="如果不是您本人或单位安排的重置，请立即联系安全管理员。"
        />
      )}
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy}>
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请填写当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少8位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名"
          rules={[{ required: true, message: '请填写新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          修改密码
        </Button>
        {forced && (
          <Button type="link" block onClick={() => void signOut().catch(() => undefined)} style={{ marginTop: 8 }}>
            退出登录
          </Button>
        )}
      </Form>
    </Card>
  );
  return forced ? <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>{card}</div> : card;
}
