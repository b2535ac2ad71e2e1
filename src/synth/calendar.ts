/**
 * Days of the synthetic period as small integers, with the working-day calendar worked out once:
 * ten million records pick and shift dates tens of millions of times, and asking the holiday
 * package each time would cost more than writing the rows. Day 0 is 1 January of the first year.
 */
import { isWorkingDay } from '../procedures/calendar.js';
import type { Rng } from '../demo/random.js';

const DAY_MS = 86_400_000;
/** Steps of a record dated late in the last year may fall this many days after it. */
const TAIL_DAYS = 400;

export class SynthCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Day number of 31 December of the last year. */
  readonly lastDay: number;
  private readonly dates: string[] = [];
  private readonly working: boolean[] = [];
  /** Working days in order, and for each day how many working days fall on or before it. */
  private readonly workdays: number[] = [];
  private readonly rank: number[] = [];

  constructor(firstYear: number, lastYear: number) {
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    const start = Date.UTC(firstYear, 0, 1);
    this.lastDay = Math.round((Date.UTC(lastYear, 11, 31) - start) / DAY_MS);
    for (let d = 0; d <= this.lastDay + TAIL_DAYS; d++) {
      const date = new Date(start + d * DAY_MS).toISOString().slice(0, 10);
      const working = isWorkingDay(date);
      this.dates.push(date);
      this.working.push(working);
      if (working) this.workdays.push(d);
      this.rank.push(this.workdays.length);
    }
  }

  date(day: number): string {
    const date = this.dates[this.clamp(day)];
    if (date === undefined) throw new RangeError(`day ${day} outside the synthetic calendar`);
    return date;
  }

  /** The day number of 1 January of a year. */
  yearStart(year: number): number {
    return Math.round((Date.UTC(year, 0, 1) - Date.UTC(this.firstYear, 0, 1)) / DAY_MS);
  }

  /** The day number of the `day`-th of a month (1-based month). */
  dayOf(year: number, month: number, day: number): number {
    return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(this.firstYear, 0, 1)) / DAY_MS);
  }

  yearOf(day: number): number {
    return Number(this.date(day).slice(0, 4));
  }

  isWorking(day: number): boolean {
    return this.working[this.clamp(day)] === true;
  }

  /** The day itself when it is a working day, else the next working day. */
  workdayFrom(day: number): number {
    let d = this.clamp(day);
    while (!this.working[d] && d < this.working.length - 1) d++;
    return d;
  }

  /** The `n`-th working day after `day` (the day itself not counted), as addWorkingDays counts. */
  addWorkdays(day: number, n: number): number {
    if (n <= 0) return day;
    const found = this.workdays[(this.rank[this.clamp(day)] ?? 0) + n - 1];
    if (found === undefined) throw new RangeError(`${n} working days after day ${day} run past the synthetic calendar`);
    return found;
  }

  /** A working day in [from, to] (both day numbers), uniformly over the calendar days. */
  workdayIn(rng: Rng, from: number, to: number): number {
    const day = this.workdayFrom(rng.int(from, Math.max(from, to)));
    return day > to ? this.workdayBefore(to) : day;
  }

  /** The day itself when it is a working day, else the working day before it. */
  workdayBefore(day: number): number {
    let d = this.clamp(day);
    while (!this.working[d] && d > 0) d--;
    return d;
  }

  private clamp(day: number): number {
    return Math.max(0, Math.min(day, this.dates.length - 1));
  }
}
