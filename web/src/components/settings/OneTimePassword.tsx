/** A one-time password shown once, to be handed to the user, who must change it at first sign-in. */
import { Alert, Modal, Typography } from 'antd';

export function OneTimePassword({ shown, onClose }: { shown: { username: string; password: string } | null; onClose: () => void }) {
  return (
    <Modal open={!!shown} title="一次性密码" onOk={onClose} onCancel={onClose} okText="我已记下" cancelButtonProps={{ style: { display: 'none' } }} mask={{ closable: false }} destroyOnHidden>
      {shown && (
        <>
          <Typography.Paragraph>
            用户 <Typography.Text strong>{shown.username}</Typography.Text> 的一次性密码：
          </Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: shown.password, tooltips: ['复制', '已复制'] }} style={{ fontSize: 22, fontFamily: 'monospace', letterSpacing: 1 }}>
            {shown.password}
          </Typography.Paragraph>
          <Alert type="warning" showIcon title="关闭后不再显示。请当面或电话告知本人，首次登录时须修改密码。" />
        </>
      )}
    </Modal>
  );
}
