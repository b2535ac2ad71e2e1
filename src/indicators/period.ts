/** Periods people ask about: a year, a quarter, a month, or any date range. */
import { isValidDate } from '../core/dates.js';
import { fieldError } from '../core/errors.js';

export interface Period {
  from: string;
  to: string;
}

export interface PeriodInput {
  year?: number;
  quarter?: number;
  month?: number;
  from?: string;
  to?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function resolvePeriod(input: PeriodInput): Period {
  if (input.from || input.to) {
    if (!input.from || !isValidDate(input.from)) throw fieldError('from', '「开始日期」不是有效日期');
    if (!input.to || !isValidDate(input.to)) throw fieldError('to', '「结束日期」不是有效日期');
    if (input.to < input.from) throw fieldError('to', '「结束日期」不能早于「开始日期」');
    return { from: input.from, to: input.to };
  }
  const year = input.year;
  if (year === undefined || !Number.isInteger(year) || year < 2000 || year > 2100) throw fieldError('year', '请提供「年度」（2000–2100），或开始和结束日期');
  if (input.quarter !== undefined) {
    if (![1, 2, 3, 4].includes(input.quarter)) throw fieldError('quarter', '「季度」应为 1 到 4');
    const first = (input.quarter - 1) * 3 + 1;
    return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${lastDay(year, first + 2)}` };
  }
  if (input.month !== undefined) {
    if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12) throw fieldError('month', '「月份」应为 1 到 12');
    return { from: `${year}-${pad(input.month)}-01`, to: `${year}-${pad(input.month)}-${lastDay(year, input.month)}` };
  }
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The same period one year earlier, for change against last year. */
export function previousYear(period: Period): Period {
  const shift = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    const md = d.slice(5);
    return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
  };
  return { from: shift(period.from), to: shift(period.to) };
}
