/** 我的账户: who is signed in, where, as what; and the way to change the password. */
import { Button, Descriptions, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useMe } from '../../lib/session';
import { ADMIN_ROLES } from './shared';

export function AccountTab() {
  const me = useMe();
  const navigate = useNavigate();
  return (
    <div style={{ maxWidth: 560 }}>
      <Descriptions
        column={1}
        bordered
        size="middle"
        items={[
          { key: 'name', label: '姓名', children: me.displayName },
          { key: 'user', label: '用户名', children: me.username },
          { key: 'role', label: '角色', children: me.roleLabel },
          { key: 'org', label: '所属单位', children: me.org.name },
        ]}
      />
      {ADMIN_ROLES.has(me.role) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          系统、安全、审计管理员三员分立，各管一摊，都不查看业务台账。
        </Typography.Paragraph>
      )}
      <Button type="primary" style={{ marginTop: 16 }} onClick={() => navigate('/password')}>
        修改密码
      </Button>
    </div>
  );
}
