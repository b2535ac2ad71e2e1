import { describe, expect, it } from 'vitest';
import { addCalendarDays, addWorkingDays, coverageWarning, daysBetween, isWorkingDay, LAST_KNOWN_YEAR } from './calendar.js';

describe('the working-day calendar', () => {
  it('knows 2025’s Spring Festival and its adjusted working Saturday', () => {
    expect(isWorkingDay('2025-01-28')).toBe(false); // 除夕 off
    expect(isWorkingDay('2025-02-04')).toBe(false); // last day of the break
    expect(isWorkingDay('2025-01-26')).toBe(true); // a Sunday worked in lieu
    expect(isWorkingDay('2025-02-08')).toBe(true); // a Saturday worked in lieu
    // 行政处罚法 art. 85: five working days from 27 January skip the break and count the Saturday.
    expect(addWorkingDays('2025-01-27', 5)).toBe('2025-02-10');
  });

  it('knows 2025’s National Day, the adjusted Sunday before it and the Saturday after', () => {
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday worked in lieu
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday worked in lieu
    expect(addWorkingDays('2025-09-26', 3)).toBe('2025-09-30'); // counts the working Sunday
    expect(addWorkingDays('2025-09-30', 7)).toBe('2025-10-16');
  });

  it('moves a calendar-day period that ends on a rest day to the next working day', () => {
    expect(addCalendarDays('2025-01-20', 15)).toBe('2025-02-05'); // would end on 4 February, still the holiday
    expect(addCalendarDays('2025-09-15', 15)).toBe('2025-09-30'); // ends on a working Tuesday
    expect(addCalendarDays('2025-03-07', 15)).toBe('2025-03-24'); // Saturday 22nd → Monday 24th
    expect(daysBetween('2025-01-20', '2025-02-05')).toBe(16);
  });

  it('never moves a deadline before its start, and longer periods never end earlier', () => {
    for (const start of ['2025-01-27', '2025-04-30', '2025-09-30', '2025-12-31']) {
      let previous = start;
      for (let n = 0; n <= 30; n++) {
        const working = addWorkingDays(start, n);
        const calendar = addCalendarDays(start, n);
        expect(working >= previous).toBe(true);
        expect(calendar >= start).toBe(true);
        previous = working;
      }
    }
  });

  it('warns when a date lies beyond the years the calendar knows', () => {
    expect(LAST_KNOWN_YEAR).toBeGreaterThanOrEqual(2026);
    expect(coverageWarning(`${LAST_KNOWN_YEAR}-12-31`)).toBeUndefined();
    expect(coverageWarning(`${LAST_KNOWN_YEAR + 1}-01-05`)).toContain(String(LAST_KNOWN_YEAR));
  });
});
