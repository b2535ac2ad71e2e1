/** Shapes of the answers the dashboard, the due page and the county view read: the server's own, from the shared contract (src/shared/dashboard.ts). */
export type {
  CompareResponse,
  Dashboard,
  DashboardFigures,
  IndicatorRecords,
  IndicatorsResponse,
  Notification,
  NotificationPage,
  RecordGroup,
  RecordRef,
} from '../../../../src/shared/dashboard.js';
export type { IndicatorValue } from '../../../../src/shared/indicators.js';
export type { OrgRef } from '../../../../src/shared/org.js';
export type { ReportState } from '../../../../src/shared/report.js';
