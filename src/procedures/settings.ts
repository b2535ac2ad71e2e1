/**
 * Configurable periods. Where the law leaves a period to provincial rules (a dispute's mediation
 * period, a document's filing period, the annual report's dates), the town's setting replaces the
 * declared default. Settings live in app_setting:
 *   period.<kind>.<deadline>  days, e.g. period.dispute.mediation = 30
 *   report.submitBy           MM-DD the report reaches the higher level (default 03-01)
 *   report.publishBy          MM-DD the report is public (default 04-01)
 *   demo.asOf                 the demo database's reference day (see today())
 */
import { todayInChina } from '../core/dates.js';
import type { Db } from '../db/connect.js';

const PERIOD_PREFIX = 'period.';

export async function loadPeriods(db: Db, kind: string): Promise<Record<string, number>> {
  const prefix = `${PERIOD_PREFIX}${kind}.`;
  const rows = await db.kysely.selectFrom('app_setting').select(['key', 'value']).where('key', 'like', `${prefix}%`).execute();
  const periods: Record<string, number> = {};
  for (const row of rows) {
    const days = Number(row.value);
    if (Number.isInteger(days) && days > 0) periods[row.key.slice(prefix.length)] = days;
  }
  return periods;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('app_setting').where('key', '=', key).execute();
    await trx.insertInto('app_setting').values({ key, value }).execute();
  });
}

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.kysely.selectFrom('app_setting').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** The annual report's two dates in the year after the one it covers. */
export async function reportDueDates(db: Db, year: number): Promise<{ submitBy: string; publishBy: string }> {
  const monthDay = (value: string | undefined, fallback: string) => (value && /^\d{2}-\d{2}$/.test(value) ? value : fallback);
  return {
    submitBy: `${year + 1}-${monthDay(await getSetting(db, 'report.submitBy'), '03-01')}`,
    publishBy: `${year + 1}-${monthDay(await getSetting(db, 'report.publishBy'), '04-01')}`,
  };
}

/**
 * The day deadlines are counted to when nobody names one: today in China, except on the demo
 * database, which is seen as of its reference day (demo.asOf, in December of its last year);
 * counted to today, everything still open in it would be long overdue.
 */
export async function today(db: Db): Promise<string> {
  return (await getSetting(db, 'demo.asOf')) ?? todayInChina();
}

/** The settings the HTTP routes read, on the context (ctx.settings): the routes hold no database. */
export class Settings {
  constructor(private readonly db: Db) {}

  /** See today(): the demo database's reference day there, today in China elsewhere. */
  today(): Promise<string> {
    return today(this.db);
  }

  /** Whether this is the demo database (loaded by the demo loader; the web client shows it). */
  async isDemo(): Promise<boolean> {
    return (await getSetting(this.db, 'demo')) === '1';
  }
}
