/**
 * /m: the grid worker's phone screens, outside the desktop shell — report a dispute, register the
 * month's screening, see what was reported. Plain inputs and no charts, for slow phones and signals;
 * an installable app that keeps working without signal (records wait in the outbox, web/src/offline).
 */
import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { SessionExpiredDialog } from '../components/SessionExpiredDialog';
import { DisputeReport } from '../components/mobile/DisputeReport';
import { MobileHome } from '../components/mobile/MobileHome';
import { MyReports } from '../components/mobile/MyReports';
import { RecordSheet } from '../components/mobile/RecordSheet';
import { ScreeningForm } from '../components/mobile/ScreeningForm';
import { MOBILE_VISITED } from '../components/mobile/landing';
import { OutboxPage } from '../components/mobile/OutboxPage';
import '../components/mobile/mobile.css';
import { useMe } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { OutboxProvider } from '../offline/OutboxContext';
import { installPhoneApp, keepForOffline } from '../offline/register';

export default function MobilePage() {
  const me = useMe();
  // Installable, and opens without signal once visited (offline/register.ts): the app shell, and
  // the forms' data as the forms ask for it (the same addresses: the cache matches them exactly).
  useEffect(installPhoneApp, []);
  useEffect(() => {
    keepForOffline(me.id, me.org.id);
  }, [me.id, me.org.id]);
  useEffect(() => {
    // Once here, "电脑版" leads to the dashboard instead of straight back (see routes.tsx).
    try {
      sessionStorage.setItem(MOBILE_VISITED, '1');
    } catch {
      // no storage: the landing redirect is then decided by screen width alone
    }
  }, []);
  usePageTitle('手机上报');
  return (
    <OutboxProvider userId={me.id}>
      <Routes>
        <Route index element={<MobileHome />} />
        <Route path="dispute" element={<DisputeReport />} />
        <Route path="screening" element={<ScreeningForm />} />
        <Route path="mine" element={<MyReports />} />
        <Route path="outbox" element={<OutboxPage />} />
        <Route path="records/:kind/:id" element={<RecordSheet />} />
        <Route path="*" element={<MobileHome />} />
      </Routes>
      <SessionExpiredDialog />
    </OutboxProvider>
  );
}
