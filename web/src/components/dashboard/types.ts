/** Shapes of the answers the dashboard, the due page and the county view read. */

import type { RecordGroup } from '../../../../src/dashboard/service.js';
export type { Dashboard, RecordGroup, RecordRef } from '../../../../src/dashboard/service.js';

export interface OrgRef {
  id: string;
  name: string;
  level: string;
}

export interface IndicatorValue {
  code: string;
  label: string;
  unit: string;
  value: number;
  numerator?: number;
  denominator?: number;
  records: number;
}

export interface IndicatorsResponse {
  org: OrgRef;
  period: { from: string; to: string };
  items: IndicatorValue[];
}

export interface CompareResponse {
  org: OrgRef;
  period: { from: string; to: string };
  rows: Array<{ org: OrgRef; values: IndicatorValue[] }>;
}





export interface ReportState {
  id: string | null;
  orgId: string;
  year: number;
  templateId: string;
  status: 'draft' | 'approved' | 'published';
  statusLabel: string;
  /** Who approves the report: 镇领导, 街道领导, 旗领导… by the unit. */
  approver: string;
  approvedAt: string | null;
  publishedAt: string | null;
  version: number;
  missing: Array<{ item: string; label: string }>;
}

export interface Notification {
  id: string;
  on: string;
  title: string;
  body: string;
  kind: string | null;
  recordId: string | null;
  due: string | null;
  severity: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  total: number;
  page: number;
  pageSize: number;
  unread: number;
}

/** GET /api/dashboard/records: the service's answer with the unit and year asked about. */
export interface IndicatorRecords {
  org: OrgRef;
  year: number;
  indicator: IndicatorValue;
  groups: RecordGroup[];
}
