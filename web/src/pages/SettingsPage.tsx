/**
 * /settings/*: one tab per duty the role has — town office: its own ledgers and options; system
 * administrator: accounts, units and shared options; security administrator: roles, unlocks
 * and permissions; audit administrator: the audit log. Everyone: their own account.
 */
import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { AccountTab } from '../components/settings/AccountTab';
import { AuditTab } from '../components/settings/AuditTab';
import { CustomKindsTab } from '../components/settings/CustomKindsTab';
import { IndicatorsTab } from '../components/settings/IndicatorsTab';
import { ListsTab } from '../components/settings/ListsTab';
import { OrgBrowser } from '../components/settings/OrgBrowser';
import { PermissionsTab } from '../components/settings/PermissionsTab';
import { UsersTab } from '../components/settings/UsersTab';
import { useMe } from '../lib/session';
import { usePageTitle } from '../lib/title';

interface Tab {
  key: string;
  label: string;
  children: ReactNode;
}

function tabsFor(role: string): Tab[] {
  const account: Tab = { key: 'account', label: '我的账户', children: <AccountTab /> };
  switch (role) {
    case 'townOffice':
      return [
        { key: 'kinds', label: '自定义台账', children: <CustomKindsTab /> },
        { key: 'indicators', label: '自定义指标', children: <IndicatorsTab /> },
        { key: 'lists', label: '选项列表', children: <ListsTab /> },
        account,
      ];
    case 'systemAdmin':
      return [
        { key: 'users', label: '用户', children: <UsersTab duty="system" /> },
        { key: 'units', label: '单位与人员', children: <OrgBrowser /> },
        { key: 'lists', label: '选项列表', children: <ListsTab /> },
        account,
      ];
    case 'securityAdmin':
      return [{ key: 'users', label: '用户与角色', children: <UsersTab duty="security" /> }, { key: 'permissions', label: '角色权限', children: <PermissionsTab /> }, account];
    case 'auditAdmin':
      return [{ key: 'audit', label: '审计日志', children: <AuditTab /> }, account];
    default:
      return [account];
  }
}

export default function SettingsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const tab = useParams()['*']?.split('/')[0] ?? '';
  const tabs = tabsFor(me.role);
  const active = tabs.find((t) => t.key === tab);
  usePageTitle(active ? `设置 · ${active.label}` : undefined);
  if (!active) return <Navigate to={`/settings/${tabs[0]?.key ?? 'account'}`} replace />;
  return (
    <>
      <h1 className="page-title">设置</h1>
      <Tabs activeKey={active.key} onChange={(key) => navigate(`/settings/${key}`)} items={tabs.map((t) => ({ key: t.key, label: t.label, children: t.key === active.key ? t.children : null }))} />
    </>
  );
}
