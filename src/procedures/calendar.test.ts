import { describe, expect, it } from 'vitest';
import { addCalendarDays, addWorkingDays, coverageWarning, daysBetween, isWorkingDay, LAST_KNOWN_YEAR, startupCalendarWarning } from './calendar.js';

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

// Holiday facts checked against node_modules/chinese-days/dist/chinese-days.json (2025):
// 春节 holidays 01-28..02-04, adjusted working days (调休上班) 01-26 Sun and 02-08 Sat;
// 国庆/中秋 holidays 10-01..10-08, adjusted working days 09-28 Sun and 10-11 Sat.
// Every expected date below is counted by hand in its comment, not taken from the code.
describe('statutory periods across 2025’s long holidays', () => {
  const days = (from: string, to: string) => {
    const list: string[] = [];
    for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) list.push(d);
    return list;
  };

  it('treats every day of the Spring Festival and National Day breaks as a rest day, and their 调休 weekends as working days', () => {
    for (const day of [...days('2025-01-28', '2025-02-04'), ...days('2025-10-01', '2025-10-08')]) expect(isWorkingDay(day), day).toBe(false);
    for (const day of ['2025-01-26', '2025-02-08', '2025-09-28', '2025-10-11']) expect(isWorkingDay(day), day).toBe(true);
    // Ordinary weekends next to the breaks stay rest days.
    for (const day of ['2025-01-25', '2025-02-09', '2025-09-27', '2025-10-12']) expect(isWorkingDay(day), day).toBe(false);
  });

  it('counts an adjusted working Sunday (2025-01-26) as a working day', () => {
    // 1 working day after Sat 01-25: Sun 01-26 (调休上班) = 1.
    expect(addWorkingDays('2025-01-25', 1)).toBe('2025-01-26');
    // 1 working day after Fri 01-24: Sat 01-25 rest; Sun 01-26 (调休上班) = 1.
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    // A calendar-day period ending on that Sunday stays there: 01-25 + 1 = Sun 01-26, a working day.
    expect(addCalendarDays('2025-01-25', 1)).toBe('2025-01-26');
  });

  it('counts working days across the Spring Festival', () => {
    // 7 working days after 2025-01-24 (Fri): 01-25 Sat rest; 01-26 Sun (调休上班)=1; 01-27 Mon=2;
    // 01-28..02-04 holiday; 02-05 Wed=3; 02-06=4; 02-07 Fri=5; 02-08 Sat (调休上班)=6; 02-09 Sun rest; 02-10 Mon=7.
    expect(addWorkingDays('2025-01-24', 7)).toBe('2025-02-10');
    // 1 working day after Mon 01-27: 01-28..02-04 holiday; Wed 02-05 = 1.
    expect(addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
    // 4 working days after Mon 01-27: 02-05=1, 02-06=2, 02-07=3, Sat 02-08 (调休上班)=4.
    expect(addWorkingDays('2025-01-27', 4)).toBe('2025-02-08');
  });

  it('ends a calendar-day period that falls in the Spring Festival on the first working day after it', () => {
    // 7 calendar days after 01-24 = Fri 01-31, inside the holiday; 02-01..02-04 still holiday; Wed 02-05.
    expect(addCalendarDays('2025-01-24', 7)).toBe('2025-02-05');
    // 14 calendar days after 01-25 = Sat 02-08, an adjusted working day: the period ends there.
    expect(addCalendarDays('2025-01-25', 14)).toBe('2025-02-08');
    // 3 calendar days after 01-23 = Sun 01-26, an adjusted working day: ends there, not on Monday.
    expect(addCalendarDays('2025-01-23', 3)).toBe('2025-01-26');
  });

  it('counts working days across National Day', () => {
    // 5 working days after 2025-09-26 (Fri): 09-27 Sat rest; 09-28 Sun (调休上班)=1; 09-29=2; 09-30=3;
    // 10-01..10-08 holiday; 10-09 Thu=4; 10-10 Fri=5.
    expect(addWorkingDays('2025-09-26', 5)).toBe('2025-10-10');
    // 7 working days after 09-26: as above to 10-10=5; 10-11 Sat (调休上班)=6; 10-12 Sun rest; 10-13 Mon=7.
    expect(addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
    // 3 working days after Tue 09-30: 10-09=1, 10-10=2, Sat 10-11 (调休上班)=3.
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
    // 20 working days after Mon 09-15: 09-16..09-19=1..4; 09-22..09-26=5..9; Sun 09-28 (调休)=10; 09-29=11; 09-30=12;
    // 10-09=13; 10-10=14; Sat 10-11 (调休)=15; 10-13..10-17=16..20.
    expect(addWorkingDays('2025-09-15', 20)).toBe('2025-10-17');
  });

  it('ends a calendar-day period that falls in the National Day break on the first working day after it', () => {
    // 10 calendar days after 09-22 = Thu 10-02, holiday; 10-03..10-08 holiday; Thu 10-09.
    expect(addCalendarDays('2025-09-22', 10)).toBe('2025-10-09');
    // 5 calendar days after 10-06 = Sat 10-11, an adjusted working day: ends there.
    expect(addCalendarDays('2025-10-06', 5)).toBe('2025-10-11');
    // 1 calendar day after Sat 09-27 = Sun 09-28, an adjusted working day.
    expect(addCalendarDays('2025-09-27', 1)).toBe('2025-09-28');
  });
});

describe('the calendar coverage check at start-up', () => {
  it('warns once deadlines counted from today can reach a year the holiday data does not know', () => {
    expect(startupCalendarWarning(`${LAST_KNOWN_YEAR}-03-01`)).toBeUndefined();
    const warning = startupCalendarWarning(`${LAST_KNOWN_YEAR}-11-30`);
    expect(warning).toContain(`只收录到 ${LAST_KNOWN_YEAR} 年`);
    // What it means for deadlines, and the operator's fix (a release with the data), not a package command.
    expect(warning).toContain('不计入法定节假日和调休上班日');
    expect(warning).toContain(`带有 ${LAST_KNOWN_YEAR + 1} 年节假日数据`);
    expect(warning).toContain('chinese-days');
    expect(warning).not.toContain('npm');
  });
});
