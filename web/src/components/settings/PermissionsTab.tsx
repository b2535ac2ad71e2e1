/**
 * 角色权限 (security administrator): what each role may do, as a table of areas and their ledger
 * kinds against actions. A grant on an area covers every kind in it; a kind can also be granted
 * alone (a grid worker gets 矛盾纠纷 without the rest of 基层治理).
 */
import { Alert, App, Button, Checkbox, Empty, Modal, Segmented, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { ADMIN_ROLES } from './shared';
import type { PermissionTable, PermissionTarget, PermissionVocabulary } from '../../../../src/shared/accounts.js';

type RoleGrants = PermissionTable['roles'][number];
type Grant = RoleGrants['grants'][number];
type Target = PermissionTarget;
type Vocabulary = PermissionVocabulary;
interface Row {
  key: string;
  target: Target;
  children?: Row[];
}

const key = (target: string, action: string) => `${target}\u0000${action}`;
const asSet = (grants: Grant[]) => new Set(grants.map((g) => key(g.target, g.action)));
/** Actions that mean something for a ledger (approve and publish are for the annual report). */
const LEDGER_ACTIONS = new Set(['read', 'create', 'update', 'delete', 'reveal']);
const REPORT_ACTIONS = new Set(['read', 'update', 'approve', 'publish']);

export function PermissionsTab() {
  const { message } = App.useApp();
  const roles = useApi<PermissionTable>('/api/permissions');
  const vocabulary = useApi<Vocabulary>('/api/permissions/targets');
  const businessRoles = (roles.data?.roles ?? []).filter((r) => !ADMIN_ROLES.has(r.role));
  const [role, setRole] = useState<string>();
  const current = businessRoles.find((r) => r.role === role) ?? businessRoles[0];
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);

  const [open, setOpen] = useState<string[]>([]);

  useEffect(() => {
    if (!current) return;
    setEdited(asSet(current.grants));
    // Areas where the role holds grants on single kinds start open, so those grants are seen.
    const kindArea = new Map((vocabulary.data?.targets ?? []).filter((t) => t.type === 'kind').map((t) => [t.code, t.area ?? '']));
    setOpen([...new Set(current.grants.map((g) => kindArea.get(g.target)).filter((a): a is string => !!a))]);
  }, [current, vocabulary.data]);

  const rows: Row[] = useMemo(() => {
    const targets = vocabulary.data?.targets ?? [];
    return targets
      .filter((t) => t.type !== 'kind')
      .map((t) => {
        const kids = targets.filter((k) => k.type === 'kind' && k.area === t.code).map((k) => ({ key: k.code, target: k }));
        return { key: t.code, target: t, ...(kids.length ? { children: kids } : {}) };
      });
  }, [vocabulary.data]);

  if (roles.loading || vocabulary.loading) return <Skeleton active paragraph={{ rows: 8 }} />;
  const error = roles.error ?? vocabulary.error;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title={`权限表没有加载出来：${messageOf(error)}`}
        action={
          <Button
            onClick={() => {
              roles.reload();
              vocabulary.reload();
            }}
          >
            重试
          </Button>
        }
      />
    );
  }
  if (!current || !vocabulary.data) return <Empty description="没有可设置权限的角色" />;

  const saved = asSet(current.grants);
  const dirty = saved.size !== edited.size || [...edited].some((k) => !saved.has(k));
  const actionLabel = new Map(vocabulary.data.actions.map((a) => [a.code, a.label]));
  const targetLabel = new Map(vocabulary.data.targets.map((t) => [t.code, t.label]));

  const toggle = (target: string, action: string, on: boolean) =>
    setEdited((old) => {
      const next = new Set(old);
      if (on) next.add(key(target, action));
      else next.delete(key(target, action));
      return next;
    });

  const save = () => {
    const grants = [...edited].map((k) => {
      const [target = '', action = ''] = k.split('\u0000');
      return { target, action };
    });
    Modal.confirm({
      title: `保存「${current.label}」的权限？`,
      content: '所有该角色的用户立即按新权限使用。此操作记入审计日志。',
      okText: '保存',
      cancelText: '取消',
      onOk: async () => {
        setSaving(true);
        try {
          await api.put(`/api/permissions/${current.role}`, { grants });
          message.success(`已保存「${current.label}」的权限`);
          roles.reload();
        } catch (e) {
          message.error(messageOf(e));
        } finally {
          setSaving(false);
        }
      },
    });
  };

  const cell = (row: Row, action: string) => {
    const t = row.target;
    const meaningful = t.type === 'report' ? REPORT_ACTIONS.has(action) : LEDGER_ACTIONS.has(action);
    const granted = edited.has(key(t.code, action));
    if (!meaningful && !granted) return <span aria-hidden style={{ color: '#cbd5e1' }}>—</span>;
    const label = `${t.label}：${actionLabel.get(action) ?? action}`;
    if (t.type === 'kind' && t.area && edited.has(key(t.area, action))) {
      return (
        <Tooltip title={`已随「${targetLabel.get(t.area) ?? t.area}」整体授予`}>
          <Checkbox checked disabled aria-label={`${label}（随领域授予）`} />
        </Tooltip>
      );
    }
    return <Checkbox checked={granted} onChange={(e) => toggle(t.code, action, e.target.checked)} aria-label={label} />;
  };

  return (
    <>
      <Typography.Paragraph type="secondary">勾选某个领域即授予其中全部台账；展开领域可对单个台账授权。系统、安全、审计管理员不授予业务权限。</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={current.role}
          onChange={(v) => {
            if (!dirty) {
              setRole(String(v));
              return;
            }
            Modal.confirm({ title: '放弃未保存的修改？', content: `「${current.label}」的修改还没有保存，切换角色后将丢弃。`, okText: '放弃并切换', cancelText: '留在此处', onOk: () => setRole(String(v)) });
          }}
          options={businessRoles.map((r) => ({ value: r.role, label: r.label }))}
        />
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={save} disabled={!dirty} loading={saving}>
          保存
        </Button>
        <Button onClick={() => setEdited(asSet(current.grants))} disabled={!dirty}>
          撤销修改
        </Button>
        <Button onClick={() => setEdited(asSet(current.defaults))}>恢复默认权限</Button>
        {dirty && <Tag color="orange">有未保存的修改</Tag>}
      </Space>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        expandable={{ indentSize: 20, expandedRowKeys: open, onExpandedRowsChange: (keys) => setOpen(keys.map(String)) }}
        columns={[
          {
            title: '领域 / 台账',
            key: 'target',
            fixed: 'left',
            width: 240,
            render: (_, r) => (
              <span style={{ fontWeight: r.target.type === 'kind' ? 400 : 600 }}>
                {r.target.label}
                {r.target.custom && (
                  <Tag color="purple" style={{ marginLeft: 6 }}>
                    自定义
                  </Tag>
                )}
              </span>
            ),
          },
          ...vocabulary.data.actions.map((a) => ({ title: a.label, key: a.code, width: a.code === 'reveal' ? 130 : 70, align: 'center' as const, render: (_: unknown, r: Row) => cell(r, a.code) })),
        ]}
      />
    </>
  );
}
