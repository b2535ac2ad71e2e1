/** How the dashboard, the due page and the county view write figures, changes, deadlines and links. */
import { withQuery, type Query } from '../../lib/api';
import type { DueItem } from '../../lib/types';
import type { IndicatorValue } from './types';
import { ADMIN_ROLES as ADMIN } from '../../../../src/shared/roles.js';

/** The figures a town looks at first; the rest are under 「全部指标」. */
export const MAIN_INDICATORS = [
  'dispute.screened',
  'dispute.resolution_rate',
  'enforcement.inspections',
  'enforcement.rectification_rate',
  'study.law',
  'publicity.online_posts',
  'publicity.offline_events',
  'advisor.village_coverage',
];

const number = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });

/** A rate with no denominator has no value: "—" rather than a misleading 0%. */
export const hasValue = (v: IndicatorValue) => v.unit !== '%' || (v.denominator ?? 0) > 0;

export function formatNumber(value: number, unit: string): string {
  return unit === '%' ? percent.format(value) : number.format(value);
}

export function formatValue(v: IndicatorValue): string {
  if (!hasValue(v)) return '—';
  return `${formatNumber(v.value, v.unit)}${v.unit === '%' ? '%' : ''}`;
}

export interface Change {
  direction: 'up' | 'down' | 'same' | 'none';
  text: string;
}

/** Change against last year: a difference of counts, or percentage points for a rate. */
export function changeOf(current: IndicatorValue, previous: IndicatorValue | undefined): Change {
  if (!previous || !hasValue(previous) || !hasValue(current)) return { direction: 'none', text: '上年无可比数据' };
  const diff = current.value - previous.value;
  const rounded = current.unit === '%' ? Math.round(diff * 10) / 10 : Math.round(diff * 100) / 100;
  if (rounded === 0) return { direction: 'same', text: '与上年持平' };
  const size = current.unit === '%' ? `${percent.format(Math.abs(rounded))} 个百分点` : `${number.format(Math.abs(rounded))}${current.unit}`;
  return { direction: rounded > 0 ? 'up' : 'down', text: `${rounded > 0 ? '↑' : '↓'} ${size}` };
}

export const yearPeriod = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y ?? 2000, m ?? 1, 0)).getUTCDate()).padStart(2, '0')}`;
};
export const monthPeriod = (month: string) => ({ from: `${month}-01`, to: lastDay(month) });
export const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;

/** A ledger's list, filtered by the query (exact field values, from/to dates, org). */
export const ledgerHref = (kind: string, query: Query = {}) => withQuery(`/ledgers/${kind}`, query);
export const recordHref = (kind: string, id: string) => `/ledgers/${kind}/${id}`;

export const DUE_SOURCES: Record<string, string> = {
  procedure: '法定程序',
  screening: '月度排查',
  certificate: '执法证件',
  advisorContract: '法律顾问聘期',
  annualReport: '年度报告',
};

/** Where a due item is dealt with: its record, or for a duty without one, the list or the report. */
export function dueHref(item: DueItem): string {
  if (item.kind && item.recordId) return recordHref(item.kind, item.recordId);
  if (item.source === 'annualReport') {
    const year = /(\d{4})年/.exec(item.title)?.[1] ?? String(Number(item.due.slice(0, 4)) - 1);
    return withQuery('/report', { org: item.orgId, year });
  }
  if (item.kind) return ledgerHref(item.kind, { org: item.orgId });
  return '/due';
}

export function daysLeftText(item: Pick<DueItem, 'daysLeft' | 'overdue'>): string {
  if (item.overdue) return `逾期${Math.abs(item.daysLeft)}天`;
  if (item.daysLeft === 0) return '今天到期';
  return `还剩${item.daysLeft}天`;
}

/** Overdue first (most overdue first), then by due date. */
export const byUrgency = (a: DueItem, b: DueItem) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due) || a.title.localeCompare(b.title, 'zh-CN');

export const ADMIN_ROLES = new Set<string>(ADMIN);
