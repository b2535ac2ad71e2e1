/** Shapes of the answers the dashboard, the due page and the county view read. */

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

export interface RecordRef {
  id: string;
  title: string;
  date: string | null;
  orgId: string;
  orgName: string | null;
}

export interface RecordGroup {
  part: 'value' | 'numerator' | 'denominator';
  label: string;
  kind: string;
  kindLabel: string;
  total: number;
  records: RecordRef[];
}

export interface IndicatorRecords {
  org: OrgRef;
  year: number;
  indicator: IndicatorValue;
  groups: RecordGroup[];
}

export interface Dashboard {
  org: OrgRef;
  year: number;
  period: { from: string; to: string };
  activityByMonth: Array<{ area: string; areaLabel: string; month: string; count: number; kinds: Array<{ kind: string; kindLabel: string; count: number }> }>;
  disputesByCategory: Array<{ code: string; label: string; count: number; resolved: number }>;
  disputesByVillage: Array<{ orgId: string | null; name: string; count: number; resolved: number }>;
  resolutionByMonth: Array<{ month: string; registered: number; resolved: number }>;
  inspectionsByDomain: Array<{ code: string; label: string; count: number; problemsFound: number; problemsRectified: number }>;
  publicityReach: { online: { posts: number; reads: number }; offline: { events: number; audience: number } };
  reportDueDates: { submitBy: string; publishBy: string };
}

export interface ReportState {
  id: string | null;
  orgId: string;
  year: number;
  templateId: string;
  status: 'draft' | 'approved' | 'published';
  statusLabel: string;
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
