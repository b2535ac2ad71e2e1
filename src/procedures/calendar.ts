/**
 * The Chinese working-day calendar for statutory periods: public holidays and the adjusted
 * working weekends (调休) come from the maintained `chinese-days` package. Dates are
 * 'YYYY-MM-DD' in Asia/Shanghai, so arithmetic on them never crosses a time zone.
 *
 * Two ways of counting, as the laws do:
 * - working days (行政处罚法 art. 85: its 二日、三日、五日、七日 are working days);
 * - calendar days, where a period ending on a rest day ends on the next working day instead
 *   (the general rule on periods, e.g. 行政诉讼法 art. 82, 民事诉讼法 art. 85).
 * In both, the day the period starts from is not counted.
 */
import chineseDays from 'chinese-days';
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

const { isWorkday } = chineseDays;

const DAY_MS = 86_400_000;

const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromTime = (time: number) => new Date(time).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => fromTime(toTime(date) + days * DAY_MS);

/** The last year whose holidays the calendar knows; later dates fall back to plain weekends. */
export const LAST_KNOWN_YEAR = Math.max(...Object.keys(calendarData.holidays).map((d) => Number(d.slice(0, 4))));

export function isWorkingDay(date: string): boolean {
  return isWorkday(date);
}

/** The date `n` working days after `start` (the start itself not counted). */
export function addWorkingDays(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let date = start;
  for (let counted = 0; counted < n; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** The date `n` calendar days after `start`; a period ending on a rest day runs to the next working day. */
export function addCalendarDays(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`calendar days must be a whole number ≥ 0, got ${n}`);
  let date = addDays(start, n);
  while (!isWorkingDay(date)) date = addDays(date, 1);
  return date;
}

export type DayCount = 'working' | 'calendar';

export const addPeriod = (start: string, n: number, count: DayCount) => (count === 'working' ? addWorkingDays(start, n) : addCalendarDays(start, n));

/** Signed difference in calendar days (positive when `to` is later). */
export const daysBetween = (from: string, to: string) => Math.round((toTime(to) - toTime(from)) / DAY_MS);

/** A warning when a date lies beyond the years the holiday calendar knows (update `chinese-days`). */
export function coverageWarning(date: string): string | undefined {
  const year = Number(date.slice(0, 4));
  if (year <= LAST_KNOWN_YEAR) return undefined;
  return `节假日日历只收录到 ${LAST_KNOWN_YEAR} 年，${date} 按普通周末计算，可能不准确；请更新节假日数据（chinese-days）`;
}

/** The longest period counted ahead from a day in practice (a penalty decision's 90 days plus an extension). */
export const LOOKAHEAD_DAYS = 180;

/**
 * Checked at start-up: a warning when deadlines counted from today can fall past the last year the
 * holiday calendar knows. It says what that does to the deadlines and what the operator does about it:
 * the holiday data (`chinese-days`) comes with the release, so the fix is a release that carries the
 * next year's data, not a package command run on the server.
 */
export function startupCalendarWarning(today: string): string | undefined {
  const horizon = addDays(today, LOOKAHEAD_DAYS);
  if (Number(horizon.slice(0, 4)) <= LAST_KNOWN_YEAR) return undefined;
  const next = LAST_KNOWN_YEAR + 1;
  return (
    `节假日数据只收录到 ${LAST_KNOWN_YEAR} 年。落在 ${next} 年及以后的法定期限暂按普通周末计算，不计入法定节假日和调休上班日，` +
    `可能比实际的到期日早或晚几天（自今天 ${today} 起算的期限最晚可到 ${horizon.slice(0, 4)} 年）。` +
    `处理办法：系统运维人员升级到带有 ${next} 年节假日数据（chinese-days 包）的法治台账新版本，重启服务后期限即按新数据重新计算`
  );
}
