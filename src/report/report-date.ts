/**
 * Which 成文日期 a report of a year may carry. A report is written during or after its year —
 * usually in its last weeks or the first months of the next, a report filled in late even years
 * after, dated the day it is written (the default) — so a date before the year is a slip of the
 * keyboard, as is one far in the future (2205 for 2025): a date may be set ahead for a report about
 * to be signed, by at most a month.
 */
import { fieldError } from '../core/errors.js';
import { isValidDate } from '../core/dates.js';

/** How far ahead of today a 成文日期 may be set. */
export const REPORT_DATE_DAYS_AHEAD = 30;

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Throws a field error naming 「成文日期」 when `date` does not fit a report of `year` written by `today`. */
export function checkReportDate(year: number, date: string, today: string): void {
  if (!isValidDate(date)) throw fieldError('date', '「成文日期」不是有效日期（应为 YYYY-MM-DD）');
  if (date < `${year}-01-01`) throw fieldError('date', `「成文日期」不能早于${year}年1月1日`);
  const latest = addDays(today, REPORT_DATE_DAYS_AHEAD);
  if (date > latest) throw fieldError('date', `「成文日期」不能晚于今天之后${REPORT_DATE_DAYS_AHEAD}天（${latest}）`);
}
