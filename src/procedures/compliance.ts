/**
 * Compliance checks listed with the due list (待办), in the same shape as statutory deadlines:
 * duties that recur (a village's monthly screening round, the annual report) or lapse (an
 * enforcement certificate, a legal advisor's contract) rather than steps of a record's procedure.
 * Each check reads only what the caller's role may read, and only in the unit's subtree.
 */
import { ANNUAL_REPORT, type Permissions } from '../accounts/permissions.js';
import { todayInChina } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import { ledgerTables } from '../db/ledger-tables.js';
import { tableOf } from '../ledger/kind.js';
import type { AnyKind, KindRegistry } from '../ledger/registry.js';
import { findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { narrow, type Scope } from '../org/scope.js';
import { addDays, daysBetween } from './calendar.js';
import type { DueItem } from '../shared/procedures.js';
import { reportDueDates } from './settings.js';
import { leadersOf } from '../report/unit-wording.js';

export interface ComplianceQuery {
  scope: Scope;
  unit: OrgUnit;
  on: string;
  within: number;
  permissions: Permissions;
  kinds: KindRegistry;
}

/** A certificate is listed at least this many days before it expires: time to apply for a new one. */
export const CERTIFICATE_NOTICE_DAYS = 60;
/** An advisor contract is listed at least this many days before it ends, and for this many after. */
export const ADVISOR_NOTICE_DAYS = 30;

const SCREENING_RULE = '镇村矛盾纠纷月度排查制度：各村（社区）每月开展一次矛盾纠纷排查';
const CERTIFICATE_RULE = '行政执法证件管理办法（省级规定）：有效期届满前换证；行政处罚法第42条：行政处罚由具有行政执法资格的执法人员实施';
const DEPARTMENT_RULE = '行政处罚法第42条：执法人员不得少于两人；各执法科室（站所）至少配备两名持有有效执法证件的人员';
/** A section (科室/站所) needs at least this many officers holding a valid certificate to act on its own. */
export const MIN_CERTIFIED_PER_DEPARTMENT = 2;
const ADVISOR_RULE = '关于推行法律顾问制度和公职律师公司律师制度的意见（2016）；聘期以聘用合同为准';
// The national rule names who reports to whom; the date is set by provincial guidelines (default 1 March).
const REPORT_SUBMIT_RULE = '法治政府建设与责任落实督察工作规定（2019）及省级规定：乡镇党委和政府向上一级党委和政府报告上一年度法治政府建设情况';
const REPORT_PUBLISH_RULE = '法治政府建设与责任落实督察工作规定第24条：每年4月1日之前通过报刊、网站等新闻媒体向社会公开';

/** The query with the scope narrowed to its unit: every check below reads that subtree. */
type Narrowed = ComplianceQuery & { under: Scope };

export async function complianceItems(db: Db, q: ComplianceQuery): Promise<DueItem[]> {
  const under = narrow(q.scope, q.unit);
  if (!under) return [];
  const query: Narrowed = { ...q, under };
  return [
    ...(await screeningItems(db, query)),
    ...(await certificateItems(db, query)),
    ...(await departmentCertificateItems(db, query)),
    ...(await advisorContractItems(db, query)),
    ...(await annualReportItems(db, query)),
  ];
}

/**
 * 矛盾纠纷月度排查: every village holds a screening round each month; a month without one is due on
 * its last day. Only the months of `on`'s year up to `on`'s month are checked (a new year starts a
 * clean list; last year's gaps belong to last year's report). A village is checked from the month
 * it was added, or from its first recorded round when rounds were entered for earlier months.
 */
async function screeningItems(db: Db, q: Narrowed): Promise<DueItem[]> {
  const kind = await readableKind(q, 'screeningRound');
  if (!kind) return [];
  const villages = await unitsAt(db, q.under, 'village');
  if (!villages.length) return [];
  // A round recorded at a group or grid counts for its village; one dated after `on` was not held yet.
  const rounds = await ledger(db)
    .selectFrom(tableOf(kind))
    .select(['org_path', 'month'])
    .where('org_path', 'like', `${q.under.orgPath}%`)
    .where('date', '<=', q.on)
    .execute();

  const items: DueItem[] = [];
  for (const village of villages) {
    const held = new Set(rounds.filter((r) => String(r.org_path).startsWith(village.path) && r.month).map((r) => String(r.month)));
    const since = [monthOf(village.created_at), ...held].sort()[0] ?? '';
    for (const month of monthsOfYearUntil(q.on)) {
      const due = lastDayOf(month);
      if (month < since || held.has(month) || daysBetween(q.on, due) > q.within) continue;
      items.push(
        itemOn(q.on, {
          source: 'screening',
          check: 'screening.monthly',
          kind: kind.code,
          kindLabel: kind.label,
          title: `${village.name}${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月矛盾纠纷排查`,
          orgId: village.id,
          orgName: village.name,
          step: '开展本月矛盾纠纷排查并登记排查记录',
          due,
          rule: SCREENING_RULE,
        }),
      );
    }
  }
  return items;
}

/**
 * 执法证件有效期: an officer's certificate is renewed before it expires, or cancelled (注销). Listed
 * from CERTIFICATE_NOTICE_DAYS (or `within`, if longer) before expiry; an expired one stays listed
 * until it is marked cancelled or the officer holds a later-expiring certificate of the same type.
 * A suspended (暂扣) certificate still runs out, so it is listed like a valid one.
 */
async function certificateItems(db: Db, q: Narrowed): Promise<DueItem[]> {
  const kind = await readableKind(q, 'enforcementCertificate');
  if (!kind) return [];
  const rows = await ledger(db)
    .selectFrom(tableOf(kind))
    .select(['id', 'org_id', 'title', 'officer', 'certificate_type', 'expires_on'])
    .where('org_path', 'like', `${q.under.orgPath}%`)
    .where('expires_on', 'is not', null)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', '<>', 'cancelled')]))
    .execute();
  const horizon = addDays(q.on, Math.max(CERTIFICATE_NOTICE_DAYS, q.within));
  const renewed = (cert: (typeof rows)[number]) =>
    rows.some((other) => other.officer === cert.officer && other.certificate_type === cert.certificate_type && String(other.expires_on) > String(cert.expires_on));
  const expiring = rows.filter((cert) => String(cert.expires_on) <= horizon && !renewed(cert));
  const units = await findOrgsByIds(db, [...new Set(expiring.map((cert) => String(cert.org_id)))]);
  return expiring.map((cert) =>
    itemOn(q.on, {
      source: 'certificate',
      check: 'certificate.expiry',
      kind: kind.code,
      kindLabel: kind.label,
      recordId: String(cert.id),
      title: String(cert.title),
      orgId: String(cert.org_id),
      orgName: units.get(String(cert.org_id))?.name ?? '',
      step: '有效期届满前申请换发执法证件；不再从事执法的，办理注销',
      due: String(cert.expires_on),
      rule: CERTIFICATE_RULE,
    }),
  );
}

/**
 * 科室（站所）持证人数: a section enforces in pairs, so one with fewer than two officers holding a
 * valid certificate on `on` (not expired, suspended or cancelled, issued by then) is listed, due at
 * once. The sections are those named on the unit's certificates that were not cancelled, so a section
 * whose certificates all ran out is listed with none; one never named is not known here.
 */
async function departmentCertificateItems(db: Db, q: Narrowed): Promise<DueItem[]> {
  const kind = await readableKind(q, 'enforcementCertificate');
  if (!kind?.fields.some((f) => f.name === 'department')) return [];
  const rows = await ledger(db)
    .selectFrom(tableOf(kind))
    .select(['org_id', 'department', 'officer', 'certificate_type', 'status', 'issued_on', 'expires_on'])
    .where('org_path', 'like', `${q.under.orgPath}%`)
    .where('department', 'is not', null)
    .where('date', '<=', q.on)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', '<>', 'cancelled')]))
    .execute();
  const valid = (r: (typeof rows)[number]) =>
    r.certificate_type !== 'supervision' &&
    r.status !== 'suspended' &&
    (r.issued_on === null || String(r.issued_on) <= q.on) &&
    (r.expires_on === null || String(r.expires_on) >= q.on);
  const sections = new Map<string, { orgId: string; department: string; officers: Set<string> }>();
  for (const r of rows) {
    const key = `${String(r.org_id)}\u0000${String(r.department)}`;
    const section = sections.get(key) ?? { orgId: String(r.org_id), department: String(r.department), officers: new Set<string>() };
    if (valid(r) && r.officer !== null) section.officers.add(String(r.officer));
    sections.set(key, section);
  }
  const short = [...sections.values()]
    .filter((s) => s.officers.size < MIN_CERTIFIED_PER_DEPARTMENT)
    .sort((a, b) => a.orgId.localeCompare(b.orgId) || a.department.localeCompare(b.department));
  if (!short.length) return [];
  const units = await findOrgsByIds(db, [...new Set(short.map((s) => s.orgId))]);
  const list = kind.fields.find((f) => f.name === 'department')?.list ?? '';
  const labels = await db.kysely
    .selectFrom('list_item')
    .select(['code', 'label', 'org_id'])
    .where('list', '=', list)
    .where('code', 'in', short.map((s) => s.department))
    .execute();
  // A unit's own label for the item, else the shared one.
  const labelOf = (s: (typeof short)[number]) =>
    labels.find((l) => l.code === s.department && l.org_id === s.orgId)?.label ?? labels.find((l) => l.code === s.department && l.org_id === null)?.label ?? s.department;
  return short.map((s) =>
    itemOn(q.on, {
      source: 'certificate',
      check: 'certificate.department',
      kind: kind.code,
      kindLabel: kind.label,
      title: `${labelOf(s)}持有效执法证的人员${s.officers.size}名，少于${MIN_CERTIFIED_PER_DEPARTMENT}名`,
      orgId: s.orgId,
      orgName: units.get(s.orgId)?.name ?? '',
      step: '为该科室（站所）配齐持证执法人员，或组织符合条件的人员参加执法资格考试、申领执法证件',
      due: q.on,
      rule: DEPARTMENT_RULE,
    }),
  );
}

/**
 * 法律顾问聘期: before an advisor's contract ends the town renews it or engages another advisor.
 * Listed from ADVISOR_NOTICE_DAYS (or `within`, if longer) before the end until ADVISOR_NOTICE_DAYS
 * after it, unless the same unit has a later contract: one starting after it and ending after it
 * (or open-ended). A concurrent advisor that started no later does not count as a renewal.
 */
async function advisorContractItems(db: Db, q: Narrowed): Promise<DueItem[]> {
  const kind = await readableKind(q, 'legalAdvisor');
  if (!kind) return [];
  const rows = await ledger(db)
    .selectFrom(tableOf(kind))
    .select(['id', 'org_id', 'title', 'date', 'end_date'])
    .where('org_path', 'like', `${q.under.orgPath}%`)
    .execute();
  const ahead = Math.max(ADVISOR_NOTICE_DAYS, q.within);
  const followed = (contract: (typeof rows)[number]) =>
    rows.some(
      (other) =>
        other.org_id === contract.org_id &&
        String(other.date) > String(contract.date) &&
        (other.end_date === null || String(other.end_date) > String(contract.end_date)),
    );
  const ending = rows.filter((contract) => {
    if (contract.end_date === null) return false;
    const daysLeft = daysBetween(q.on, String(contract.end_date));
    return daysLeft <= ahead && daysLeft >= -ADVISOR_NOTICE_DAYS && !followed(contract);
  });
  const units = await findOrgsByIds(db, [...new Set(ending.map((contract) => String(contract.org_id)))]);
  return ending.map((contract) =>
    itemOn(q.on, {
      source: 'advisorContract',
      check: 'advisorContract.end',
      kind: kind.code,
      kindLabel: kind.label,
      recordId: String(contract.id),
      title: String(contract.title),
      orgId: String(contract.org_id),
      orgName: units.get(String(contract.org_id))?.name ?? '',
      step: '聘期届满前续聘或另行聘请法律顾问',
      start: String(contract.date),
      due: String(contract.end_date),
      rule: ADVISOR_RULE,
    }),
  );
}

/**
 * 法治政府建设年度报告: each town's report on last year reaches the higher Party committee and
 * government by `report.submitBy` and is public by `report.publishBy` (app_setting; default
 * 1 March and 1 April). A report has no "submitted" state: a leader's approval (审定) is what lets it
 * leave the town, so approved or published counts as reported. Both are judged as of `on`, by
 * approved_at and published_at (approved_at is cleared when a report is sent back to draft).
 */
async function annualReportItems(db: Db, q: Narrowed): Promise<DueItem[]> {
  if (!q.permissions.may(q.scope.actor.role, 'read', ANNUAL_REPORT)) return [];
  const towns = await unitsAt(db, q.under, 'town');
  if (!towns.length) return [];
  const year = Number(q.on.slice(0, 4)) - 1;
  const { submitBy, publishBy } = await reportDueDates(db, year);
  const reports = await db.kysely
    .selectFrom('annual_report')
    .select(['org_id', 'approved_at', 'published_at'])
    .where('year', '=', year)
    .where('org_id', 'in', towns.map((t) => t.id))
    .execute();
  const byTown = new Map(reports.map((r) => [r.org_id, r]));
  const doneBy = (at: string | null | undefined) => !!at && todayInChina(new Date(at)) <= q.on;

  const items: DueItem[] = [];
  for (const town of towns) {
    const report = byTown.get(town.id);
    const duties = [
      { check: 'annualReport.submit', due: submitBy, done: doneBy(report?.approved_at), step: `经${leadersOf(town)}审定后报送上一级党委和政府，抄送其法治建设议事协调机构的办事机构`, rule: REPORT_SUBMIT_RULE },
      { check: 'annualReport.publish', due: publishBy, done: doneBy(report?.published_at), step: '通过政府网站或报刊向社会公开', rule: REPORT_PUBLISH_RULE },
    ];
    for (const duty of duties) {
      if (duty.done || daysBetween(q.on, duty.due) > q.within) continue;
      items.push(
        itemOn(q.on, {
          source: 'annualReport',
          check: duty.check,
          title: `${town.name}${year}年法治政府建设情况报告`,
          orgId: town.id,
          orgName: town.name,
          step: duty.step,
          due: duty.due,
          rule: duty.rule,
        }),
      );
    }
  }
  return items;
}

// ---- helpers ---------------------------------------------------------------------------------

/** The kind, when the caller's role may read it. */
async function readableKind(q: ComplianceQuery, code: string): Promise<AnyKind | undefined> {
  const kind = await q.kinds.resolve(q.scope, code);
  return q.permissions.may(q.scope.actor.role, 'read', kind) ? kind : undefined;
}

/** Units of one level in the unit's subtree (the unit itself included). */
async function unitsAt(db: Db, under: Scope, level: 'village' | 'town'): Promise<OrgUnit[]> {
  const rows = await db.kysely.selectFrom('org_unit').selectAll().where('level', '=', level).where('path', 'like', `${under.orgPath}%`).orderBy('path').execute();
  return rows as OrgUnit[];
}

const ledger = (db: Db) => ledgerTables(db.kysely);

function itemOn(on: string, item: Omit<DueItem, 'daysLeft' | 'overdue'>): DueItem {
  const daysLeft = daysBetween(on, item.due);
  return { ...item, daysLeft, overdue: daysLeft < 0 };
}

/** 'YYYY-MM' in China of a stored timestamp. */
const monthOf = (timestamp: string) => todayInChina(new Date(timestamp)).slice(0, 7);

/** 'YYYY-01' … the month of `on`. */
function monthsOfYearUntil(on: string): string[] {
  const year = on.slice(0, 4);
  return Array.from({ length: Number(on.slice(5, 7)) }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}
