/** Days as the township counts them: Beijing time, whatever the phone's own time zone. */

import { today } from '../../lib/today';

/** Today in Beijing, 'YYYY-MM-DD' (the server's day: the demo's reference day on the demo). */
export const todayInBeijing = today;

/** This month in Beijing, 'YYYY-MM'. */
export const monthInBeijing = () => todayInBeijing().slice(0, 7);

/** The last day of a 'YYYY-MM' month, 'YYYY-MM-DD'. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y ?? 2000, m ?? 1, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** '2025-11' → '2025年11月'. */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** A moment in Beijing time, short: '12/7 14:05'. */
export const clockLabel = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : CLOCK.format(d);
};
