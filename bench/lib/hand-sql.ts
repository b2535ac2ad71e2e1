/**
 * The report's figures as a person would write them by hand for one subtree and period: one
 * grouped query per table. The reference the indicator engine is measured against.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.js';
import type { Period } from '../../src/indicators/period.js';

/** The kinds whose figures the hand-written SQL below computes (with the counts of units): the engine is timed on the same. */
export const HAND_WRITTEN_KINDS: ReadonlySet<string> = new Set(['meeting', 'studySession', 'legalAdvisor', 'disclosure', 'inspection', 'penaltyCase', 'enforcementTraining', 'equipment', 'gridPost', 'gridPartyGroup', 'dispute', 'screeningRound', 'petition', 'publicityItem']);

export function handWrittenFigures(db: Db, orgPath: string, { from, to }: Period): () => Promise<void> {
  const like = `${orgPath}%`;
  const q = async (text: ReturnType<typeof sql>) => {
    await text.execute(db.kysely);
  };
  return async () => {
    await q(sql`select meeting_kind, count(*) from ledger_meeting where org_path like ${like} and date between ${from} and ${to} group by meeting_kind`);
    await q(sql`select study_kind, count(*), sum(case when tags like '%"specialStudy"%' then 1 else 0 end), sum(attendee_count) from ledger_study_session where org_path like ${like} and date between ${from} and ${to} group by study_kind`);
    await q(sql`select count(distinct advisor) from ledger_legal_advisor where org_path like ${like} and is_lawyer = 1 and date <= ${to} and (end_date is null or end_date >= ${from})`);
    await q(sql`select count(*), sum(case when published_on is null then 1 else 0 end) from ledger_disclosure where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select count(*), sum(targets_inspected), sum(problems_found), sum(problems_rectified) from ledger_inspection where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select count(*), sum(amount) from ledger_penalty_case where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select activity_kind, count(*) from ledger_enforcement_training where org_path like ${like} and date between ${from} and ${to} group by activity_kind`);
    await q(sql`select count(*) from ledger_equipment where org_path like ${like} and equipment_type = 'bodyCamera' and status in ('inService','repair') and date <= ${to}`);
    await q(sql`select post, count(*), count(distinct person) from ledger_grid_post where org_path like ${like} and date <= ${to} and (end_date is null or end_date >= ${from}) group by post`);
    await q(sql`select count(*) from ledger_grid_party_group where org_path like ${like} and date <= ${to} and (end_date is null or end_date >= ${from})`);
    await q(sql`select status, category, count(*) from ledger_dispute where org_path like ${like} and date between ${from} and ${to} group by status, category`);
    await q(sql`select count(*), count(distinct org_id) from ledger_screening_round where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select count(*), sum(key_person), sum(skip_level) from ledger_petition where org_path like ${like} and date between ${from} and ${to}`);
    await q(sql`select mode, count(*), sum(reads), sum(audience) from ledger_publicity_item where org_path like ${like} and date between ${from} and ${to} group by mode`);
    await q(sql`select level, count(*) from org_unit where path like ${like} group by level`);
    // The two figures that unpack a multi-valued field: villages an advisor serves, and the 法律五进 target kinds.
    if (db.engine === 'sqlite') {
      await q(sql`select count(distinct j.value) from ledger_legal_advisor t join json_each(t.served_units) j join org_unit u on u.id = j.value and u.level = 'village' and u.path like ${like}
        where t.org_path like ${like} and t.date <= ${to} and (t.end_date is null or t.end_date >= ${from})`);
      await q(sql`select count(distinct j.value) from ledger_publicity_item t join json_each(t.five_into) j where t.org_path like ${like} and t.mode = 'offline' and t.date between ${from} and ${to}`);
    } else {
      await q(sql`select count(distinct j.value) from ledger_legal_advisor t cross join lateral jsonb_array_elements_text(t.served_units::jsonb) j(value) join org_unit u on u.id = j.value and u.level = 'village' and u.path like ${like}
        where t.org_path like ${like} and t.date <= ${to} and (t.end_date is null or t.end_date >= ${from})`);
      await q(sql`select count(distinct j.value) from ledger_publicity_item t cross join lateral jsonb_array_elements_text(t.five_into::jsonb) j(value) where t.org_path like ${like} and t.mode = 'offline' and t.date between ${from} and ${to}`);
    }
  };
}
