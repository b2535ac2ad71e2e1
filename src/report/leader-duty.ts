/**
 * 党政主要负责人履行推进法治建设第一责任人职责情况, written from the year's 履职 records rather
 * than as a fixed paragraph that says the same whatever was done. Pure: records in, paragraphs out;
 * the counts are placeholders, so each figure links to its records like any other.
 */
import { asTemplateText } from './template-schema.js';
import type { UnitWording } from './unit-wording.js';

/** One principalLeaderDuty record, as the report needs it. */
export interface LeaderDutyFact {
  /** 镇党委书记, 镇党委副书记、镇长 */
  post: string;
  /** deploy | inquire | coordinate | supervise | annualLawReport */
  action: string;
  /** 涉及工作, or the record's title when that is blank. */
  subject: string;
}

const PERSONALLY: ReadonlyArray<readonly [action: string, verb: string, code: string]> = [
  ['deploy', '亲自部署', 'leader_duty.deployed'],
  ['inquire', '亲自过问', 'leader_duty.inquired'],
  ['coordinate', '亲自协调', 'leader_duty.coordinated'],
  ['supervise', '亲自督办', 'leader_duty.supervised'],
];

/** Words typed into the ledger go into template text: a record can neither print a figure nor name an unknown one. */
const literal = (text: string) => asTemplateText(text.trim());

/** At most three subjects named, then 等. */
function subjects(facts: LeaderDutyFact[]): string {
  const names = [...new Set(facts.map((f) => literal(f.subject)).filter(Boolean))];
  return names.length > 3 ? `${names.slice(0, 3).join('、')}等` : names.join('、');
}

const posts = (facts: LeaderDutyFact[]) => [...new Set(facts.map((f) => literal(f.post)).filter(Boolean))].join('和');

export function draftLeadership(facts: LeaderDutyFact[], words: UnitWording): string[] {
  if (!facts.length) return [`（台账中尚未登记本年度党政主要负责人履职记录。请在“党政主要负责人履职”台账中补充${words.secretary}、${words.head}的履职事项后重新生成本部分。）`];
  const who = posts(facts) || `${words.secretary}、${words.head}`;
  const acts = PERSONALLY.flatMap(([action, verb, code]) => {
    const done = facts.filter((f) => f.action === action);
    if (!done.length) return [];
    const named = subjects(done);
    return [`${verb}${named || '法治建设工作'}{{${code}|exact}}`];
  });
  const first = `${who}履行推进法治建设第一责任人职责，全年登记履职事项{{leader_duty.actions|exact}}${acts.length ? `，其中${acts.join('，')}` : ''}。`;
  const reported = facts.filter((f) => f.action === 'annualLawReport');
  if (!reported.length) return [first];
  const reporters = posts(reported) || `${words.secretary}、${words.head}`;
  return [first, `${reporters}在年度述职中专门报告履行推进法治建设第一责任人职责情况，全年述法{{leader_duty.reported|exact}}。`];
}
