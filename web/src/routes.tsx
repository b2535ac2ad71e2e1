/** Every screen, loaded on demand so the first page carries only the shell and the dashboard. */
import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Shell } from './components/Shell';
import { landsOnPhone } from './components/mobile/landing';
import { KindsProvider } from './lib/kinds';
import { useSession } from './lib/session';
import { LoginPage } from './pages/LoginPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';

const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const AreaPage = lazy(() => import('./pages/AreaPage'));
const LedgerListPage = lazy(() => import('./pages/LedgerListPage'));
const RecordPage = lazy(() => import('./pages/RecordPage'));
const RecordFormPage = lazy(() => import('./pages/RecordFormPage'));
const DuePage = lazy(() => import('./pages/DuePage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));
const CountyPage = lazy(() => import('./pages/CountyPage'));
const AssessmentPage = lazy(() => import('./pages/AssessmentPage'));
const OrgPage = lazy(() => import('./pages/OrgPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const MobilePage = lazy(() => import('./pages/MobilePage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin description="正在加载…" size="large">
      <div style={{ height: 48 }} />
    </Spin>
  </div>
);

const lazyPage = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

/** Where the login page leads once signed in: its ?next= when that is a path of this site. */
const nextPath = (search: string) => {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
};

export function AppRoutes() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />} />
      </Routes>
    );
  }
  if (me.mustChangePassword) return <ChangePasswordPage forced />;
  return (
    <KindsProvider>
      <Routes>
        <Route path="/login" element={<Navigate to={nextPath(location.search)} replace />} />
        <Route path="/m/*" element={lazyPage(<MobilePage />)} />
        <Route element={<Shell />}>
          <Route index element={landsOnPhone(me.role) ? <Navigate to="/m" replace /> : lazyPage(<DashboardPage />)} />
          <Route path="area/:area" element={lazyPage(<AreaPage />)} />
          <Route path="ledgers/:kind" element={lazyPage(<LedgerListPage />)} />
          <Route path="ledgers/:kind/new" element={lazyPage(<RecordFormPage />)} />
          <Route path="ledgers/:kind/:id" element={lazyPage(<RecordPage />)} />
          <Route path="ledgers/:kind/:id/edit" element={lazyPage(<RecordFormPage />)} />
          <Route path="due" element={lazyPage(<DuePage />)} />
          <Route path="report" element={lazyPage(<ReportPage />)} />
          <Route path="county" element={lazyPage(<CountyPage />)} />
          <Route path="assessment" element={lazyPage(<AssessmentPage />)} />
          <Route path="org" element={lazyPage(<OrgPage />)} />
          <Route path="settings/*" element={lazyPage(<SettingsPage />)} />
          <Route path="password" element={<ChangePasswordPage />} />
          <Route path="*" element={lazyPage(<NotFoundPage />)} />
        </Route>
      </Routes>
    </KindsProvider>
  );
}
