import type { Kysely } from 'kysely';

/**
 * A report's own 成文日期, set on its page: without it a report is dated the day it is composed,
 * and a 2023 report must never carry the demo's reference day of 2025.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('annual_report').addColumn('report_date', 'text').execute();
}
