/**
 * /m: the grid worker's phone screens, outside the desktop shell — report a dispute, register the
 * month's screening, see what was reported. Plain inputs and no charts, for slow phones and signals.
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
import '../components/mobile/mobile.css';
import { usePageTitle } from '../lib/title';

export default function MobilePage() {
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
    <>
      <Routes>
        <Route index element={<MobileHome />} />
        <Route path="dispute" element={<DisputeReport />} />
        <Route path="screening" element={<ScreeningForm />} />
        <Route path="mine" element={<MyReports />} />
        <Route path="records/:kind/:id" element={<RecordSheet />} />
        <Route path="*" element={<MobileHome />} />
      </Routes>
      <SessionExpiredDialog />
    </>
  );
}
