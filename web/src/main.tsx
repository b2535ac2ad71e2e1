import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './routes';
import { askSessionEarly, SessionProvider } from './lib/session';
import { THEME } from './theme';
import './styles.css';

dayjs.locale('zh-cn');

// Before the first render: who is signed in, and on the dashboard's address its page's code, each
// fetched beside the shell's rendering rather than after it (bench/ui.ts: first figure on screen).
askSessionEarly();
if (window.location.pathname === '/') import('./pages/DashboardPage').catch(() => undefined);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
