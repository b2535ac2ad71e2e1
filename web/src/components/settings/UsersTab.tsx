/**
 * 用户: the system administrator adds accounts and resets passwords; the security administrator
 * grants new accounts their role and unit, releases reset passwords, changes roles and lifts
 * lockouts (三员分立: each sees only the buttons of their own duty, and the system administrator
 * never sees a password).
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { Page } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { OneTimePassword } from './OneTimePassword';
import { ADMIN_ROLES, BUSINESS_ROLES, showFieldErrors, treeOptions } from './shared';
import type { CreatedUser, GrantAnswer, PasswordRelease, PasswordReset, UserListItem as UserRow } from '../../../../src/shared/accounts.js';
import type { OrgTree } from '../../../../src/shared/org.js';


interface NewUser {
  username: string;
  displayName: string;
  role: string;
  orgId: string;
}

export function UsersTab({ duty }: { duty: 'system' | 'security' }) {
  const me = useMe();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [filter, setFilter] = useState('');
  const users = useApi<Page<UserRow>>('/api/users', { page, pageSize });
  const orgs = useApi<OrgTree>('/api/orgs');
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [password, setPassword] = useState<{ username: string; password: string } | null>(null);
  const [roleFor, setRoleFor] = useState<UserRow | null>(null);
  const [newRole, setNewRole] = useState<string>();
  const [grantFor, setGrantFor] = useState<UserRow | null>(null);
  const [grantForm] = Form.useForm<{ role: string; orgId: string }>();
  const [form] = Form.useForm<NewUser>();
  const [formError, setFormError] = useState<string>();

  const rows = (users.data?.items ?? []).filter((u) => !filter || u.username.includes(filter) || u.displayName.includes(filter) || u.org.name.includes(filter));

  const create = async (values: NewUser) => {
    setSaving(true);
    setFormError(undefined);
    try {
      const out = await api.post<CreatedUser>('/api/users', { ...values, username: values.username.trim(), displayName: values.displayName.trim() });
      setAdding(false);
      form.resetFields();
      message.success(`已新增用户 ${out.user.username}，待安全管理员授予角色和管辖范围后才能登录`);
      users.reload();
    } catch (e) {
      if (!showFieldErrors(form, e)) setFormError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const resetPassword = async (u: UserRow) => {
    try {
      const out = await api.post<PasswordReset>(`/api/users/${u.id}/reset-password`);
      message.success(out.delivery === 'mail' ? `已重置 ${out.username} 的密码，一次性密码已发到其邮箱` : `已重置 ${out.username} 的密码，一次性密码由安全管理员发放`);
      users.reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  /** A one-time password the security administrator received: shown once; a mailed one is not shown at all. */
  const delivered = (out: { username: string; delivery: 'mail' | 'securityAdmin'; oneTimePassword?: string }) => {
    if (out.oneTimePassword) setPassword({ username: out.username, password: out.oneTimePassword });
    else message.success(`一次性密码已发到 ${out.username} 的邮箱`);
  };

  const grant = async (values: { role: string; orgId: string }) => {
    if (!grantFor) return;
    setSaving(true);
    try {
      const out = await api.post<GrantAnswer>(`/api/users/${grantFor.id}/grant`, values);
      setGrantFor(null);
      delivered(out);
      users.reload();
    } catch (e) {
      if (!showFieldErrors(grantForm, e)) message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const release = async (u: UserRow) => {
    try {
      const out = await api.post<PasswordRelease>(`/api/users/${u.id}/release-password`);
      delivered({ ...out, delivery: 'securityAdmin' });
      users.reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  const unlock = async (u: UserRow) => {
    try {
      await api.post(`/api/users/${u.id}/unlock`);
      message.success(`已解除 ${u.username} 的登录锁定`);
      users.reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  const changeRole = async () => {
    if (!roleFor || !newRole) return;
    setSaving(true);
    try {
      await api.put(`/api/users/${roleFor.id}/role`, { role: newRole });
      message.success(`已将 ${roleFor.displayName} 的角色改为「${BUSINESS_ROLES.find((r) => r.value === newRole)?.label ?? newRole}」，其登录已失效，须重新登录`);
      setRoleFor(null);
      users.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const adminNote = '三员账号只能由运维人员在服务器上管理';

  return (
    <>
      <Typography.Paragraph type="secondary">
        {duty === 'system'
          ? '新增账号、重置密码。新账号须经安全管理员授予角色和管辖范围后才能登录；一次性密码发到用户邮箱或由安全管理员发放，系统管理员看不到。'
          : '为新账号授予角色和管辖范围、发放重置后的一次性密码、修改用户角色、解除登录锁定。新增账号和重置密码由系统管理员处理。'}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="按用户名、姓名或单位筛选本页" onSearch={setFilter} onChange={(e) => !e.target.value && setFilter('')} style={{ width: 280 }} aria-label="筛选用户" />
        <Button icon={<ReloadOutlined />} onClick={users.reload}>
          刷新
        </Button>
        {duty === 'system' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            新增用户
          </Button>
        )}
      </Space>
      {users.error ? <Alert type="error" showIcon title={messageOf(users.error)} action={<Button onClick={users.reload}>重试</Button>} style={{ marginBottom: 12 }} /> : null}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={rows}
        scroll={{ x: 860 }}
        locale={{ emptyText: filter ? '本页没有符合条件的用户' : '还没有用户' }}
        pagination={{
          current: page,
          pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => `共 ${n} 个用户`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 150 },
          { title: '姓名', dataIndex: 'displayName', width: 180 },
          { title: '角色', dataIndex: 'roleLabel', width: 150, render: (label: string, u) => <Tag color={ADMIN_ROLES.has(u.role) ? 'gold' : 'blue'}>{label}</Tag> },
          { title: '单位', dataIndex: ['org', 'name'], width: 140 },
          {
            title: '状态',
            key: 'state',
            width: 150,
            render: (_, u) => (
              <Space size={4} wrap>
                {u.pendingGrant && <Tag color="gold">待授权</Tag>}
                {u.passwordReleasePending && <Tag color="purple">待发放密码</Tag>}
                {!u.active && !u.pendingGrant && <Tag>已停用</Tag>}
                {u.locked && <Tag color="red">登录锁定</Tag>}
                {u.mustChangePassword && !u.pendingGrant && !u.passwordReleasePending && <Tag color="orange">待改密码</Tag>}
                {u.active && !u.locked && !u.mustChangePassword && <Tag color="green">正常</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 200,
            render: (_, u) => {
              const admin = ADMIN_ROLES.has(u.role);
              if (duty === 'system') {
                if (u.pendingGrant) {
                  return (
                    <Tooltip title="待安全管理员授权，授权时生成一次性密码">
                      <Button size="small" disabled>
                        重置密码
                      </Button>
                    </Tooltip>
                  );
                }
                return admin ? (
                  <Tooltip title={adminNote}>
                    <Button size="small" disabled>
                      重置密码
                    </Button>
                  </Tooltip>
                ) : (
                  <Popconfirm
                    title={`重置 ${u.username} 的密码？`}
                    description="原密码立即失效。一次性密码发到用户邮箱，或由安全管理员发放。"
                    okText="重置"
                    cancelText="取消"
                    onConfirm={() => resetPassword(u)}
                  >
                    <Button size="small">重置密码</Button>
                  </Popconfirm>
                );
              }
              if (u.pendingGrant) {
                return (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setGrantFor(u)}
                  >
                    授权
                  </Button>
                );
              }
              return (
                <Space size={4}>
                  {u.passwordReleasePending && (
                    <Popconfirm title={`发放 ${u.username} 的一次性密码？`} description="密码只显示这一次，请当面或电话告知本人。" okText="发放" cancelText="取消" onConfirm={() => release(u)}>
                      <Button size="small" type="primary">
                        发放密码
                      </Button>
                    </Popconfirm>
                  )}
                  <Tooltip title={admin ? adminNote : u.id === me.id ? '不能修改自己的角色' : undefined}>
                    <Button
                      size="small"
                      disabled={admin || u.id === me.id}
                      onClick={() => {
                        setRoleFor(u);
                        setNewRole(u.role);
                      }}
                    >
                      改角色
                    </Button>
                  </Tooltip>
                  {u.locked && (
                    <Popconfirm title={`解除 ${u.username} 的登录锁定？`} okText="解除" cancelText="取消" onConfirm={() => unlock(u)}>
                      <Button size="small" type="primary" ghost>
                        解锁
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              );
            },
          },
        ]}
      />

      <Modal open={adding} title="新增用户" onCancel={() => setAdding(false)} onOk={() => form.submit()} okText="新增" cancelText="取消" confirmLoading={saving} destroyOnHidden>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={create} preserve={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }]} extra="登录用，建议用拼音或工号">
            <Input autoComplete="off" maxLength={40} />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={BUSINESS_ROLES} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="orgId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
            <TreeSelect treeData={treeOptions(orgs.data?.items ?? [])} loading={orgs.loading} showSearch={{ treeNodeFilterProp: 'title' }} placeholder="请选择" treeDefaultExpandAll={false} />
          </Form.Item>
          <Typography.Text type="secondary">保存后由安全管理员确认角色和管辖范围；一次性密码发到用户邮箱，或由安全管理员发放，用户首次登录时须修改。</Typography.Text>
        </Form>
      </Modal>

      <Modal open={!!roleFor} title={`修改角色：${roleFor?.displayName ?? ''}`} onCancel={() => setRoleFor(null)} onOk={() => void changeRole()} okText="保存" cancelText="取消" confirmLoading={saving} okButtonProps={{ disabled: !newRole || newRole === roleFor?.role }} destroyOnHidden>
        <Typography.Paragraph>
          当前角色：<Tag>{roleFor?.roleLabel}</Tag>
        </Typography.Paragraph>
        <label htmlFor="new-role">新角色</label>
        <Select id="new-role" style={{ width: '100%', marginTop: 4 }} value={newRole} onChange={setNewRole} options={BUSINESS_ROLES} />
        <Alert type="info" showIcon style={{ marginTop: 12 }} title="保存后该用户的登录立即失效，重新登录后按新角色使用。" />
      </Modal>

      <Modal
        open={!!grantFor}
        title={`授权：${grantFor?.displayName ?? ''}（${grantFor?.username ?? ''}）`}
        onCancel={() => setGrantFor(null)}
        onOk={() => grantForm.submit()}
        okText="授权并生成一次性密码"
        cancelText="取消"
        confirmLoading={saving}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">系统管理员新建的账号，须由您确认角色和管辖范围后才能登录。</Typography.Paragraph>
        <Form form={grantForm} layout="vertical" onFinish={grant} preserve={false} initialValues={{ role: grantFor?.role, orgId: grantFor?.org.id }}>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={BUSINESS_ROLES} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="orgId" label="管辖范围（所属单位）" rules={[{ required: true, message: '请选择所属单位' }]}>
            <TreeSelect treeData={treeOptions(orgs.data?.items ?? [])} loading={orgs.loading} showSearch={{ treeNodeFilterProp: 'title' }} placeholder="请选择" />
          </Form.Item>
        </Form>
        <Alert type="info" showIcon title="用户设置了邮箱且服务器配置了邮件时，一次性密码直接发到其邮箱；否则只向您显示一次。" />
      </Modal>

      <OneTimePassword shown={password} onClose={() => setPassword(null)} />
    </>
  );
}
