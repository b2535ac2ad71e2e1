/**
 * 工作台: the signed-in user's unit at a glance for a year — its main figures against last year
 * (each opening its records), what is overdue or due soon, the annual report's state and
 * deadlines, and charts whose every bar leads to the ledger behind it. The three administrators
 * hold no business data: they get the way to settings instead.
 */
import { AuditOutlined, SafetyOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Row, Select, Skeleton, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DuePanel } from '../components/dashboard/DuePanel';
import { dashboardYear } from '../components/dashboard/first-screen';
import { ADMIN_ROLES } from '../components/dashboard/format';
import { IndicatorCards } from '../components/dashboard/IndicatorCards';
import { ReportPanel } from '../components/dashboard/ReportPanel';
import type { Dashboard, ReportState } from '../components/dashboard/types';
import { ApiError, messageOf } from '../lib/api';
import { useKinds } from '../lib/kinds';
import { useMe } from '../lib/session';
import type { DueList } from '../lib/types';
import { useApi } from '../lib/useApi';

// ECharts is loaded with the charts, after the figures are on screen.
const DashboardCharts = lazy(() => import('../components/dashboard/DashboardCharts'));

const ADMIN_LINKS: Record<string, Array<{ icon: ReactNode; title: string; text: string }>> = {
  systemAdmin: [
    { icon: <TeamOutlined />, title: '用户与单位', text: '建立账号、调整所属单位、重置密码，维护各单位共用的选项列表。' },
    { icon: <SettingOutlined />, title: '系统设置', text: '期限天数、年度报告报送和公开日期等设置。' },
  ],
  securityAdmin: [{ icon: <SafetyOutlined />, title: '角色权限', text: '设置各角色可以查看、新增、修改哪些台账，以及能否查看敏感信息原文。' }],
  auditAdmin: [{ icon: <AuditOutlined />, title: '审计日志', text: '查阅和核验操作日志，包括查看敏感信息的记录。' }],
};

function AdminHome({ role, roleLabel }: { role: string; roleLabel: string }) {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        工作台
      </Typography.Title>
      <Alert type="info" showIcon title={`${roleLabel}不接触业务台账`} description="系统、安全、审计三类管理员分别负责账号、权限和审计，看不到台账数据和指标。请从下面进入设置。" />
      <Row gutter={[16, 16]}>
        {(ADMIN_LINKS[role] ?? []).map((l) => (
          <Col key={l.title} xs={24} md={12} xl={8}>
            <Card size="small" title={<Space>{l.icon}{l.title}</Space>} extra={<Link to="/settings">进入设置</Link>} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {l.text}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}

function ChartsFallback() {
  return (
    <Row gutter={[16, 16]}>
      {[0, 1].map((i) => (
        <Col key={i} xs={24} xl={12}>
          <Card size="small">
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function BusinessDashboard() {
  const me = useMe();
  const { kinds } = useKinds();
  const [params, setParams] = useSearchParams();
  // The first screen asks for everything at once — the figures (perhaps already on their way, see
  // first-screen.ts), the due list and the report's state — and the charts once the figures are in.
  const due = useApi<DueList>('/api/due');
  // The year people work on: the server's day (on the demo, its reference day), which the due list counts from too.
  const currentYear = Number(me.today.slice(0, 4));
  const year = dashboardYear(me.today, `?${params.toString()}`);
  const [figuresIn, setFiguresIn] = useState(false);
  const figuresLoaded = useCallback(() => setFiguresIn(true), []);
  const board = useApi<Dashboard>(figuresIn ? '/api/dashboard' : null, { org: me.org.id, year });
  // A role without the report's grant (a grid worker) has no report card, and the page does not ask for it.
  const report = useApi<ReportState>(me.mayReadReport ? '/api/reports' : null, { org: me.org.id, year });
  const noReport = !me.mayReadReport || (report.error instanceof ApiError && report.error.status === 403);
  const readable = useMemo(() => new Set(kinds.filter((k) => k.permissions.read).map((k) => k.code)), [kinds]);
  const years = Array.from({ length: 6 }, (_, i) => currentYear - i);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            工作台
          </Typography.Title>
          <Typography.Text type="secondary">
            {me.org.name} · {me.displayName}
          </Typography.Text>
        </div>
        <Space>
          <label htmlFor="dashboard-year">年度</label>
          <Select
            id="dashboard-year"
            value={year}
            style={{ width: 110 }}
            onChange={(y) => setParams(y === currentYear ? {} : { year: String(y) }, { replace: true })}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
          />
        </Space>
      </div>

      <IndicatorCards orgId={me.org.id} orgName={me.org.name} year={year} onLoaded={figuresLoaded} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={noReport ? 24 : 14}>
          <DuePanel due={due.data} loading={due.loading} error={due.error} />
        </Col>
        {!noReport && (
          <Col xs={24} xl={10}>
            <ReportPanel orgId={me.org.id} year={year} report={report} on={due.data?.on ?? me.today} dueDates={board.data?.reportDueDates} />
          </Col>
        )}
      </Row>

      <section aria-label="统计图表">
        {board.error ? (
          <Alert type="error" showIcon title="无法加载统计图表" description={messageOf(board.error)} />
        ) : !board.data || board.loading ? (
          <ChartsFallback />
        ) : (
          <Suspense fallback={<ChartsFallback />}>
            <DashboardCharts data={board.data} year={year} readable={readable} />
          </Suspense>
        )}
      </section>
    </Space>
  );
}

export default function DashboardPage() {
  const me = useMe();
  if (ADMIN_ROLES.has(me.role)) return <AdminHome role={me.role} roleLabel={me.roleLabel} />;
  return <BusinessDashboard />;
}
