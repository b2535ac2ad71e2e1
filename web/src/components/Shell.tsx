/**
 * The frame around every page: navigation by the areas of the annual report, the user's unit and
 * role, notifications, sign-out, and a sign-in dialog when the session expires that leaves the
 * page (and any half-filled form) as it was.
 */
import {
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FlagOutlined,
  LogoutOutlined,
  MobileOutlined,
  NotificationOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, type MenuProps } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useKinds } from '../lib/kinds';
import { useMe, useSession } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { useApi } from '../lib/useApi';
import { SessionExpiredDialog } from './SessionExpiredDialog';
import { levelRank } from '../../../src/shared/levels.js';
import { isAdminRole } from '../../../src/shared/roles.js';
import type { NotificationPage } from '../../../src/shared/dashboard.js';

const AREA_ICONS: Record<string, ReactNode> = {
  leadership: <FlagOutlined />,
  study: <BookOutlined />,
  decision: <BankOutlined />,
  enforcement: <SafetyOutlined />,
  governance: <TeamOutlined />,
  publicity: <NotificationOutlined />,
  plan: <ScheduleOutlined />,
  organisation: <ClusterOutlined />,
};

/** The report's areas first, in the report's order. */
const AREA_ORDER = ['leadership', 'study', 'decision', 'enforcement', 'governance', 'publicity', 'plan'];

/** Units above the town: their people see the towns side by side. */
const aboveTown = (level: string) => levelRank(level) >= 0 && levelRank(level) < levelRank('town');

type MenuItems = NonNullable<MenuProps['items']>;

/** The label of the menu entry `key`, at any depth. */
function labelOf(items: MenuItems, key: string): string | undefined {
  for (const item of items) {
    if (!item || !('key' in item)) continue;
    if (item.key === key && 'label' in item && typeof item.label === 'string') return item.label;
    const found = 'children' in item && item.children ? labelOf(item.children, key) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** What the tab says for a page of the frame: its menu entry, and for a record what is done with it. */
function titleOf(path: string, selected: string, items: MenuItems, areas: Array<{ code: string; label: string }>): string | undefined {
  if (path === '/') return '工作台';
  if (path === '/password') return '修改密码';
  // Each tab of 设置 names itself (设置 · 用户): the page sets the title.
  if (path.startsWith('/settings/')) return undefined;
  const area = /^\/area\/([^/]+)/.exec(path);
  if (area) return areas.find((a) => a.code === area[1])?.label;
  const entry = labelOf(items, selected);
  if (!entry) return '页面不存在';
  const record = /^\/ledgers\/[^/]+\/([^/]+)(\/edit)?$/.exec(path);
  if (!record) return entry;
  return `${record[1] === 'new' ? '新增' : record[2] ? '修改' : '查看'}${entry}`;
}

export function Shell() {
  const me = useMe();
  const { signOut } = useSession();
  const { areas, kinds, loading: kindsLoading } = useKinds();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawer, setDrawer] = useState(false);
  const unread = useApi<NotificationPage>('/api/notifications', { unread: true, pageSize: 1 });

  const items: MenuItems = useMemo(() => {
    const areaItems = AREA_ORDER.filter((code) => kinds.some((k) => k.area === code)).map((code) => ({
      key: `area:${code}`,
      icon: AREA_ICONS[code],
      label: areas.find((a) => a.code === code)?.label ?? code,
      children: [{ key: `/area/${code}`, label: '本领域概览' }, ...kinds.filter((k) => k.area === code).map((k) => ({ key: `/ledgers/${k.code}`, label: k.label }))],
    }));
    const isAdmin = isAdminRole(me.role);
    return [
      ...(isAdmin ? [] : [{ key: '/', icon: <DashboardOutlined />, label: '工作台' }]),
      ...(me.role === 'gridWorker' ? [{ key: '/m', icon: <MobileOutlined />, label: '手机上报' }] : []),
      ...areaItems,
      ...(me.mayReadReport ? [{ key: '/report', icon: <FileTextOutlined />, label: '年度报告' }] : []),
      ...(isAdmin ? [] : [{ key: '/due', icon: <BellOutlined />, label: '待办与提醒' }]),
      ...(aboveTown(me.org.level) && !isAdmin ? [{ key: '/county', icon: <AuditOutlined />, label: '各镇对比' }] : []),
      ...(!isAdmin && me.role !== 'gridWorker' ? [{ key: '/assessment', icon: <TrophyOutlined />, label: aboveTown(me.org.level) ? '法治考核' : '考核自评' }] : []),
      {
        key: 'area:organisation',
        icon: <ClusterOutlined />,
        label: '组织与人员',
        children: [{ key: '/org', label: '单位与人员' }, ...kinds.filter((k) => k.area === 'organisation').map((k) => ({ key: `/ledgers/${k.code}`, label: k.label }))],
      },
      { key: '/settings', icon: <SettingOutlined />, label: '设置' },
    ];
  }, [areas, kinds, me]);

  const selected = location.pathname === '/' ? '/' : (['/report', '/due', '/county', '/assessment', '/org', '/settings'].find((p) => location.pathname.startsWith(p)) ?? location.pathname.split('/').slice(0, 3).join('/'));
  // The section holding the current page is open, however the page was reached (a link, a bookmark, the address bar).
  const section = items.find((item) => item && 'children' in item && item.children?.some((child) => child?.key === selected))?.key as string | undefined;
  const [openKeys, setOpenKeys] = useState<string[]>([]);
  useEffect(() => {
    if (section) setOpenKeys((open) => (open.includes(section) ? open : [...open, section]));
  }, [section]);
  usePageTitle(!kindsLoading ? titleOf(location.pathname, selected, items, areas) : undefined);

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      onClick={({ key }) => {
        if (key.startsWith('/')) void navigate(key);
        setDrawer(false);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <UserOutlined />, label: '修改密码', onClick: () => void navigate('/password') },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => void signOut().then(() => navigate('/login'), () => undefined) },
  ];

  return (
    <Layout style={{ minHeight: '100%' }}>
      {!narrow && (
        <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #eef0f3', overflow: 'auto', height: '100vh', position: 'sticky', top: 0 }}>
          <div style={{ padding: '16px 20px', fontSize: 18, fontWeight: 600, color: '#1d4ed8' }}>法治台账</div>
          <nav aria-label="主导航">{menu}</nav>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #eef0f3', position: 'sticky', top: 0, zIndex: 10 }}>
          <Space>
            {narrow && (
              <Button type="text" aria-label="打开导航" onClick={() => setDrawer(true)}>
                ☰
              </Button>
            )}
            <span style={{ display: 'inline-block', maxWidth: narrow ? '38vw' : 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'middle', fontWeight: 600 }} title={me.org.name}>
              {me.org.name}
            </span>
            {me.demo && <Tag color="orange">演示数据</Tag>}
          </Space>
          <Space size="middle">
            <Badge count={unread.data?.unread ?? 0} size="small" overflowCount={99}>
              <Button type="text" icon={<BellOutlined />} aria-label="通知" onClick={() => navigate('/due')} />
            </Badge>
            <Dropdown menu={{ items: userMenu }} trigger={['click']}>
              <Button type="text" aria-label="用户菜单">
                <Space>
                  <UserOutlined />
                  {!narrow && <span>{me.displayName}</span>}
                  {!narrow && <Tag>{me.roleLabel}</Tag>}
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={260} title="法治台账" styles={{ body: { padding: 0 } }}>
        {menu}
      </Drawer>
      <SessionExpiredDialog />
    </Layout>
  );
}
