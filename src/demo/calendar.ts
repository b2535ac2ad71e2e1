/**
 * Dates for demo records: 'YYYY-MM-DD', on weekdays and away from the long holidays, so the
 * data looks like an office's year. (The product's own working-day calendar lives elsewhere;
 * here a rough one is enough.)
 */
import type { Rng } from './random.js';

/**
 * The day the demo is seen from: the due list and the dashboard open on this Monday (stored as
 * the setting `demo.asOf`). No record carries a date after it: the demo's ledger is what an
 * office would have entered by then, every step dated on or before it and every status the one
 * its dates reach (a step still to come is not taken, and its record stays in the status before
 * it). The seed town's records of its year are laid out around it, and around 1 October (the
 * first day of the National Day holiday), so that on both days some statutory deadlines are
 * overdue, some fall due within two weeks and the rest were met.
 */
export const DEMO_AS_OF = '2025-12-15';
export const DEMO_YEAR = 2025;
/** The second day the seed town's year is laid out around. */
export const DEMO_AUTUMN_DAY = '2025-10-01';

const pad = (n: number) => String(n).padStart(2, '0');

export const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

const toUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
const fromUtc = (t: Date) => ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());

export const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The last day a year's ledger can hold: its 31 December, or the demo's day for the demo's year and after. */
export const lastDayOf = (year: number) => {
  const end = ymd(year, 12, 31);
  return end > DEMO_AS_OF ? DEMO_AS_OF : end;
};

export function addDays(date: string, days: number): string {
  const t = toUtc(date);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtc(t);
}

/** Public holidays of the demo years (adjusted working weekends are ignored: nothing is dated on them). */
const HOLIDAYS: ReadonlyArray<readonly [string, string]> = [
  ['2024-01-01', '2024-01-01'],
  ['2024-02-10', '2024-02-17'],
  ['2024-04-04', '2024-04-06'],
  ['2024-05-01', '2024-05-05'],
  ['2024-06-10', '2024-06-10'],
  ['2024-09-15', '2024-09-17'],
  ['2024-10-01', '2024-10-07'],
  ['2025-01-01', '2025-01-01'],
  ['2025-01-28', '2025-02-04'],
  ['2025-04-04', '2025-04-06'],
  ['2025-05-01', '2025-05-05'],
  ['2025-05-31', '2025-06-02'],
  ['2025-10-01', '2025-10-08'],
];

export function isWorkday(date: string): boolean {
  const dow = toUtc(date).getUTCDay();
  if (dow === 0 || dow === 6) return false;
  return !HOLIDAYS.some(([from, to]) => date >= from && date <= to);
}

/** The first working day on or after the date. */
export function nextWorkday(date: string): string {
  let d = date;
  while (!isWorkday(d)) d = addDays(d, 1);
  return d;
}

/** `n` working days after the date. */
export function addWorkdays(date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkday(addDays(d, 1));
  return d;
}

/** The working day `n` working days before the date. */
export function workdaysBefore(date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) {
    d = addDays(d, -1);
    while (!isWorkday(d)) d = addDays(d, -1);
  }
  return d;
}

/**
 * A working day in the month, between the given days of the month. In the demo day's month the
 * window ends on that day (moved back, as wide as it was, when it would start after it).
 */
export function workdayIn(rng: Rng, year: number, month: number, fromDay = 1, toDay = 31): string {
  const limit = lastDayOf(year);
  const cap = limit.slice(0, 7) === ymd(year, month, 1).slice(0, 7) ? Number(limit.slice(8)) : 31;
  const last = Math.min(toDay, daysInMonth(year, month), cap);
  const first = fromDay <= last ? fromDay : Math.max(1, last - (toDay - fromDay));
  for (let tries = 0; tries < 40; tries++) {
    const d = ymd(year, month, rng.int(first, last));
    if (isWorkday(d)) return d;
  }
  const next = nextWorkday(ymd(year, month, first));
  return next <= ymd(year, month, last) ? next : workdaysBefore(addDays(ymd(year, month, last), 1), 1);
}

/**
 * `count` working days spread over the year's months (from `firstMonth` to `lastMonth`),
 * sorted: an even rhythm with a little noise, like a real ledger.
 */
export function spreadOverYear(rng: Rng, year: number, count: number, firstMonth = 1, lastMonth = 12): string[] {
  const months = lastMonth - firstMonth + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const month = firstMonth + Math.min(months - 1, Math.floor(((i + rng.float()) * months) / count));
    out.push(workdayIn(rng, year, month, 1, 28));
  }
  return out.sort();
}

/** The date, but never past the end of its year (follow-up steps must stay in the ledger's year) nor past the demo's day. */
export const clampToYear = (date: string, year: number) => (date > lastDayOf(year) ? lastDayOf(year) : date);
