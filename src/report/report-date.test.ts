/**
 * A report's 成文日期 lies between 1 January of its year and 31 December of the next, and not more
 * than a month after today; a refused date names the field and leaves the report as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../core/dates.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { checkReportDate, REPORT_DATE_DAYS_AHEAD } from './report-date.js';
import { ReportService } from './service.js';
import { stringContaining, stringMatching } from '../testing/matchers.js';

const refusal = (year: number, date: string, today: string) => {
  try {
    checkReportDate(year, date, today);
    return undefined;
  } catch (error) {
    return error as { status: number; field: string; message: string };
  }
};

describe('checkReportDate', () => {
  it('takes any day from the year on, up to a month ahead of today', () => {
    for (const date of ['2024-01-01', '2024-12-28', '2025-01-20', '2025-06-30', '2025-12-31']) expect(refusal(2024, date, '2026-03-01'), date).toBeUndefined();
    // Written ahead for a report about to be signed: 30 days after today is the last day allowed.
    expect(refusal(2025, '2026-01-31', '2026-01-01')).toBeUndefined();
  });

  it('refuses a day before the year or more than a month ahead, naming 「成文日期」', () => {
    expect(refusal(2024, '2023-12-31', '2025-02-01')).toMatchObject({ status: 400, field: 'date', message: stringMatching(/^「成文日期」不能早于2024年1月1日/) });
    // A report filled in years late carries the day it is written, as it does by default.
    expect(refusal(2024, '2026-12-07', '2026-12-07')).toBeUndefined();
    // A slipped key: 2205 for 2025.
    expect(refusal(2025, '2205-01-10', '2026-01-05')).toMatchObject({ field: 'date', message: stringContaining('「成文日期」') });
    expect(refusal(2025, '2026-02-01', '2026-01-01')).toMatchObject({ field: 'date', message: stringContaining(`今天之后${REPORT_DATE_DAYS_AHEAD}天（2026-01-31）`) });
    expect(refusal(2025, '2025-02-29', '2026-01-01')).toMatchObject({ field: 'date', message: stringContaining('不是有效日期') });
  });
});

describe('ReportService.setReportDate', () => {
  let ctx: TestContext;
  let f: Fixture;
  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
  });
  afterAll(() => ctx.close());

  it('keeps the date set before when a later one is refused', async () => {
    const reports = new ReportService(ctx);
    const office = await f.as('townOffice');
    const today = todayInChina();
    const year = Number(today.slice(0, 4));
    const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

    expect((await reports.setReportDate(office, f.town, year, inDays(10))).reportDate).toBe(inDays(10));
    expect(await appErrorOf(reports.setReportDate(office, f.town, year, inDays(45)))).toMatchObject({ status: 400, field: 'date', message: stringContaining('「成文日期」') });
    expect(await appErrorOf(reports.setReportDate(office, f.town, year - 1, `${year + 1}-06-05`))).toMatchObject({ status: 400, field: 'date', message: stringContaining(`今天之后${REPORT_DATE_DAYS_AHEAD}天`) });
    expect((await reports.state(office, f.town, year)).reportDate).toBe(inDays(10));
    const audits = await ctx.db.kysely.selectFrom('audit_log').select('id').where('kind', '=', 'annualReport').execute();
    expect(audits).toHaveLength(1);
  });
});
