/**
 * The authorization matrix (SECURITY.md, 访问控制): every route of the server × every role and no
 * session × a target inside and outside the caller's jurisdiction → the status a secure design
 * answers. The tests are generated from app.routeList, so a route added without a rule here fails.
 *
 * Jurisdiction: the town roles sit at 甲镇 (the grid worker at 东村), the county reviewer and the
 * three administrators at 测试旗. "in" is a record or unit in the caller's subtree (东村, or 甲镇 for
 * unit-level questions); "out" is one in a second county (丁旗 → 丙镇 → 北村) that nobody here covers.
 */
import { streamedSheet } from '../testing/xlsx.js';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNUAL_REPORT, ASSESSMENT, DEFAULT_GRANTS, type Action } from '../accounts/permissions.js';
import { ROLES, type Role } from '../accounts/roles.js';
import { findOrg, insertOrg, type OrgUnit } from '../org/repository.js';
import { ReportService } from '../report/service.js';
import { TownIndicatorService } from '../indicators/town-defined.js';
import { schemeWorkbook } from '../assessment/exports.js';
import { saveAlias } from '../report/draft-check/aliases.js';
import { saveNotices } from '../reminders/notifications.js';
import { testContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { signIn, withSession } from '../testing/http.js';
import { buildApp } from './app.js';

type Who = Role | 'anonymous';
type Where = 'in' | 'out';
const WHO: Who[] = [...(Object.keys(ROLES) as Role[]), 'anonymous'];
const WHERE: Where[] = ['in', 'out'];

/** The request a rule makes for one caller and one side of the jurisdiction line. */
interface Probe {
  url: string;
  payload?: Record<string, unknown> | Buffer;
  headers?: Record<string, string>;
  /** A session of its own, for requests that end the caller's sessions (sign out, password change). */
  session?: string;
}

interface Rule {
  probe: (where: Where, who: Who) => Promise<Probe>;
  expect: (who: Who, where: Where) => number;
}

// The app is built before the tests are collected: they are generated from its route list.
const ctx = await testContext();
const app = await buildApp(ctx);
await app.ready();
const ROUTES = app.routeList.map((r) => `${r.method} ${r.url}`);

// ---- who may do what: the least-privilege table, not a copy of it ---------------------------

interface Target {
  code: string;
  area: string;
}
const DISPUTE: Target = { code: 'dispute', area: 'governance' };
const PETITION: Target = { code: 'petition', area: 'governance' };
/** The custom kinds below are defined in the governance area; no grant names their random codes. */
const CUSTOM: Target = { code: 'customKind', area: 'governance' };
const REPORT: Target = ANNUAL_REPORT;
const ASSESS: Target = ASSESSMENT;

const may = (role: Role, action: Action, target: Target) =>
  DEFAULT_GRANTS[role].some((g) => g.action === action && (g.target === target.code || g.target === target.area));
const can = (action: Action, target: Target) => (role: Role) => may(role, action, target);
const only = (...roles: Role[]) => (role: Role) => roles.includes(role);

type Expectation = Rule['expect'];
/** Open to everyone, signed in or not. */
const open = (status: number): Expectation => () => status;
/** Any signed-in user; `inside`/`outside` by where the target is. */
const signedIn = (inside: number, outside = inside): Expectation => (who, where) => (who === 'anonymous' ? 401 : where === 'in' ? inside : outside);
/** The role is checked first (403 whatever the target), then the jurisdiction. */
const roleThenScope = (allowed: (role: Role) => boolean, inside: number, outside: number): Expectation => (who, where) =>
  who === 'anonymous' ? 401 : !allowed(who) ? 403 : where === 'in' ? inside : outside;
/**
 * The target is located first: outside the jurisdiction it does not exist (or is not one's to
 * name) for anybody, so `outside` for every role; inside, the role decides.
 */
const scopeThenRole = (allowed: (role: Role) => boolean, inside: number, outside: number, refused = 403): Expectation => (who, where) =>
  who === 'anonymous' ? 401 : where === 'out' ? outside : allowed(who) ? inside : refused;

// ---- the world the probes act on -----------------------------------------------------------

const PASSWORD = 'Fazhi#2025-matrix';

interface World {
  f: Fixture;
  town2: OrgUnit;
  village2: OrgUnit;
  tokens: Record<Role, string>;
  home: Record<Role, OrgUnit>;
  dispute: Record<Where, string>;
  attachment: Record<Where, string>;
  /** Custom kinds defined by 甲镇 and by 丙镇, each with a choice field (its list is `${code}.f2`). */
  kind: Record<Where, string>;
  /** An option of that list, owned by the defining town. */
  listItem: Record<Where, string>;
  template: Record<Where, string>;
}
let w: World;
const reports = new ReportService(ctx);

let serial = 0;
const next = () => (serial += 1);

const village = (where: Where) => (where === 'in' ? w.f.villageA : w.village2);
/** For unit-level questions (indicators, reports): 甲镇 inside (the grid worker: 东村), 丙镇 outside. */
const unitOf = (where: Where, who: Who) => (where === 'out' ? w.town2 : who === 'gridWorker' ? w.f.villageA : w.f.town);
const townOf = (where: Where) => (where === 'in' ? w.f.town : w.town2);

const disputeBody = (orgId: string) => ({ orgId, date: '2025-03-08', title: '两户因宅基地边界发生争执', source: 'visit', category: 'neighbour', status: 'registered', parties: '王某某' });
/** A new dispute for each call that changes or removes one, so one role's success does not change the next role's answer. */
const freshDispute = async (where: Where) => (await ctx.ledger.create(w.f.system, 'dispute', disputeBody(village(where).id))).id;
/** A dispute already concluded (version 2), for undoing the step. */
async function concludedDispute(where: Where) {
  const id = await freshDispute(where);
  await ctx.ledger.update(w.f.system, 'dispute', id, { version: 1, resolvedOn: '2025-03-20', status: 'resolved' });
  return id;
}
/** A notification of the user's own, as the daily run would leave it. */
async function noticeFor(userId: string): Promise<string> {
  const topic = `matrix:${next()}`;
  await saveNotices(ctx.db, userId, '2025-04-01', [
    { topic, title: '矩阵测试通知', body: '测试', kind: null, recordId: null, due: '2025-04-02', severity: 'dueSoon' },
  ]);
  const row = await ctx.db.kysely.selectFrom('notification').select('id').where('user_id', '=', userId).where('topic', '=', topic).executeTakeFirstOrThrow();
  return row.id;
}
/** A petition accepted and being handled: its handling period may be extended. */
const acceptedPetition = async (where: Where) =>
  (
    await ctx.ledger.create(w.f.system, 'petition', {
      orgId: village(where).id,
      date: '2025-03-03',
      title: '反映村道损毁影响通行',
      petitioner: '李某某',
      form: 'visit',
      acceptedOn: '2025-03-10',
      status: 'accepted',
    })
  ).id;

const signInAs = (username: string) => signIn(app, username, PASSWORD);

async function freshUser(role: Role, unit: OrgUnit) {
  const username = `m${next()}x${role.toLowerCase()}`;
  const user = await ctx.accounts.createUser({ username, password: PASSWORD, displayName: `矩阵用户${serial}`, role, orgId: unit.id });
  return { id: user.id, username };
}

/** An account the system administrator made, waiting for the security administrator's grant. */
async function pendingUser(unit: OrgUnit) {
  const username = `m${next()}xpending`;
  const user = await ctx.accounts.createUser({ username, password: PASSWORD, displayName: `待授权用户${serial}`, role: 'departmentClerk', orgId: unit.id, pendingGrant: true });
  return { id: user.id, username };
}

/** A session of a new user of the role, for calls that end the caller's sessions. */
const freshSession = async (who: Who) => (who === 'anonymous' ? undefined : signInAs((await freshUser(who, w.home[who])).username));

/**
 * The unit's report of `year` put back to a draft, or approved (as the system), before each
 * lifecycle call: what one role did does not change the next role's answer.
 */
async function reportIn(unit: OrgUnit, year: number, status: 'draft' | 'approved') {
  await ctx.db.kysely.deleteFrom('annual_report').where('org_id', '=', unit.id).where('year', '=', year).execute();
  if (status === 'approved') await reports.approve(w.f.system, unit, year);
  return year;
}

function multipart(filename: string, content: Buffer, contentType: string) {
  const boundary = `----fazhi-matrix-${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let sheet: Promise<Buffer> | undefined;
/** One valid dispute row; the import's unit (the probe's `org`) is the record's. */
const importSheet = () => (sheet ??= streamedSheet(['登记日期', '纠纷概要', '来源', '纠纷类别', '状态'], 1, () => ['2025-03-08', '两户因宅基地边界发生争执', '来访', '邻里纠纷', '登记']));
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

// ---- the rules: one per route ----------------------------------------------------------------

/** A fresh town indicator of 甲镇 or 丙镇, so one role's edit does not change the next role's answer. */
const ownIndicator = (where: Where) => new TownIndicatorService(ctx).define(w.f.system, { orgId: townOf(where).id, label: `矩阵指标${next()}`, unit: '件', measure: 'count', kind: 'dispute' });
/** An assessment scheme of 测试旗 (in) or 丁旗 (out), fresh for each call, in the state the probe needs. */
const schemeBody = (where: Where) => ({
  orgId: where === 'in' ? w.f.county.id : (w.town2.parent_id as string),
  year: 2025,
  title: `矩阵考核方案${next()}`,
  deadline: '2099-01-31',
  sections: [{ title: '一、普法宣传', area: 'publicity', items: [{ code: '1', title: '普法宣传活动', points: 5, rule: { type: 'manual' } }] }],
});
async function schemeIn(where: Where, state: 'draft' | 'open' | 'submitted'): Promise<string> {
  const scheme = await ctx.assessments.schemes.define(w.f.system, schemeBody(where));
  if (state !== 'draft') await ctx.assessments.schemes.publish(w.f.system, scheme.id);
  if (state === 'submitted') await ctx.assessments.submit(w.f.system, scheme.id, townOf(where).id);
  return scheme.id;
}
let schemeFile: Promise<Buffer> | undefined;
/** A scheme's workbook, as the export writes it, for the import. */
const schemeSheet = () => (schemeFile ??= schemeIn('in', 'draft').then(async (id) => schemeWorkbook((await ctx.assessments.schemes.find(w.f.system, id)).scheme)));
/** The town's (甲镇 or 丙镇) assessment under such a scheme. */
const assessmentUrl = async (where: Where, state: 'open' | 'submitted') => `/api/assessment-schemes/${await schemeIn(where, state)}/towns/${townOf(where).id}`;
const get = (url: (where: Where, who: Who) => string) => async (where: Where, who: Who): Promise<Probe> => ({ url: url(where, who) });

const RULES: Record<string, Rule> = {
  // Open: the placeholder page, the health check, signing in, the public pages.
  'GET /': { probe: get(() => '/'), expect: open(200) },
  // The web UI's built files are public (the data is behind the API); a missing one is 404 either way.
  'GET /assets/*': { probe: get(() => '/assets/missing-file.js'), expect: open(404) },
  'GET /api/health': { probe: get(() => '/api/health'), expect: open(200) },
  'GET /favicon.ico': { probe: get(() => '/favicon.ico'), expect: open(200) },
  // Whether anyone is signed in: answered to all, with the user only to that user.
  'GET /api/session': { probe: get(() => '/api/session'), expect: open(200) },
  'POST /api/session': {
    probe: async (where) => {
      const user = await freshUser('townOffice', townOf(where));
      return { url: '/api/session', payload: { username: user.username, password: PASSWORD } };
    },
    expect: open(200),
  },
  // The public website: a unit's page and its published reports by readable address (tested in public.test.ts).
  'GET /public': { probe: get(() => '/public'), expect: open(200) },
  'GET /public.css': { probe: get(() => '/public.css'), expect: open(200) },
  'GET /public/*': { probe: get((where) => `/public/${encodeURIComponent(townOf(where).name)}/reports/2024/docx`), expect: open(200) },

  // The session itself: anyone signed in.
  'DELETE /api/session': { probe: async (_where, who) => ({ url: '/api/session', session: await freshSession(who) }), expect: signedIn(204) },
  'GET /api/me': { probe: get(() => '/api/me'), expect: signedIn(200) },
  'POST /api/me/password': {
    probe: async (_where, who) => ({ url: '/api/me/password', session: await freshSession(who), payload: { currentPassword: PASSWORD, newPassword: 'Fazhi#2026-changed' } }),
    expect: signedIn(204),
  },

  // What everyone signed in may see of the org tree, kinds and lists (administrators: no kinds).
  'GET /api/orgs': { probe: get(() => '/api/orgs'), expect: signedIn(200) },
  'GET /api/kinds': { probe: get(() => '/api/kinds'), expect: signedIn(200) },
  'GET /api/lists': { probe: get(() => '/api/lists'), expect: signedIn(200) },
  // Another county's custom kind does not exist for anyone here.
  'GET /api/kinds/:kind': { probe: get((where) => `/api/kinds/${w.kind[where]}`), expect: scopeThenRole(can('read', CUSTOM), 200, 404) },
  'POST /api/kinds': {
    probe: async (where) => ({
      url: '/api/kinds',
      payload: { orgId: townOf(where).id, label: `矩阵台账${next()}`, area: 'governance', fields: [{ label: '人数', type: 'integer' }] },
    }),
    expect: roleThenScope(only('townOffice'), 201, 400),
  },
  'POST /api/kinds/:kind/indicators': {
    probe: async (where) => ({ url: `/api/kinds/${w.kind[where]}/indicators`, payload: { label: `矩阵指标${next()}`, unit: '件', measure: 'count' } }),
    expect: roleThenScope(only('townOffice'), 201, 404),
  },
  // A town office adds options for its own subtree, the system administrator for everyone; another county's list is not there.
  'POST /api/lists/:list/items': {
    probe: async (where) => ({ url: `/api/lists/${w.kind[where]}.f2/items`, payload: { label: `选项${next()}` } }),
    expect: scopeThenRole(only('townOffice', 'systemAdmin'), 201, 404),
  },
  'PATCH /api/lists/:list/items/:id': {
    probe: async (where) => ({ url: `/api/lists/${w.kind[where]}.f2/items/${w.listItem[where]}`, payload: { active: true } }),
    expect: scopeThenRole(only('townOffice', 'systemAdmin'), 200, 404),
  },

  // The ledger: the role's grant on the kind first, then the scope (ids outside: 404; units outside: 400).
  'GET /api/ledgers/:kind': { probe: get((where) => `/api/ledgers/dispute?org=${village(where).id}`), expect: roleThenScope(can('read', DISPUTE), 200, 400) },
  'POST /api/ledgers/:kind': {
    probe: async (where) => ({ url: '/api/ledgers/dispute', payload: disputeBody(village(where).id) }),
    expect: roleThenScope(can('create', DISPUTE), 201, 400),
  },
  // The export takes the list's filters: the same grant and the same refusal of a unit outside (400).
  'GET /api/ledgers/:kind/export.xlsx': {
    probe: get((where) => `/api/ledgers/dispute/export.xlsx?org=${village(where).id}`),
    expect: roleThenScope(can('read', DISPUTE), 200, 400),
  },
  // Excel import: the template and the dry run for whoever may create the kind, for a unit in scope (another is a 400 on「org」).
  'GET /api/ledgers/:kind/import/template.xlsx': {
    probe: get((where) => `/api/ledgers/dispute/import/template.xlsx?org=${village(where).id}`),
    expect: roleThenScope(can('create', DISPUTE), 200, 400),
  },
  'POST /api/ledgers/:kind/import': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/import?dryRun=true&org=${village(where).id}`, ...multipart('矛盾纠纷.xlsx', await importSheet(), XLSX) }),
    expect: roleThenScope(can('create', DISPUTE), 200, 400),
  },
  'GET /api/ledgers/:kind/imports': {
    probe: get((where) => `/api/ledgers/dispute/imports?org=${village(where).id}`),
    expect: roleThenScope(can('read', DISPUTE), 200, 400),
  },
  // Names for ids: anyone signed in; ids outside the scope (or of kinds the role may not read) are left out of a 200.
  'GET /api/references': {
    probe: get((where) => `/api/references?orgs=${village(where).id}&records=dispute:${w.dispute[where]}`),
    expect: signedIn(200),
  },
  'GET /api/ledgers/:kind/:id': { probe: get((where) => `/api/ledgers/dispute/${w.dispute[where]}`), expect: roleThenScope(can('read', DISPUTE), 200, 404) },
  'PATCH /api/ledgers/:kind/:id': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/${await freshDispute(where)}`, payload: { version: 1, status: 'mediating' } }),
    expect: roleThenScope(can('update', DISPUTE), 200, 404),
  },
  'DELETE /api/ledgers/:kind/:id': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/${await freshDispute(where)}?version=1` }),
    expect: roleThenScope(can('delete', DISPUTE), 204, 404),
  },
  'GET /api/ledgers/:kind/:id/procedure': {
    probe: get((where) => `/api/ledgers/dispute/${w.dispute[where]}/procedure?on=2025-04-01`),
    expect: roleThenScope(can('read', DISPUTE), 200, 404),
  },
  'POST /api/ledgers/:kind/:id/steps': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/${await freshDispute(where)}/steps`, payload: { step: 'concluded', date: '2025-03-20', version: 1 } }),
    expect: roleThenScope(can('update', DISPUTE), 200, 404),
  },
  'DELETE /api/ledgers/:kind/:id/steps/:step': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/${await concludedDispute(where)}/steps/concluded?version=2` }),
    expect: roleThenScope(can('update', DISPUTE), 200, 404),
  },
  'POST /api/ledgers/:kind/:id/extensions': {
    probe: async (where) => ({
      url: `/api/ledgers/petition/${await acceptedPetition(where)}/extensions`,
      payload: { deadline: 'handling', days: 20, approver: '张镇长', reason: '涉及多个部门，需联合调查', approvedOn: '2025-04-20' },
    }),
    expect: roleThenScope(can('update', PETITION), 201, 404),
  },
  // Notifications are the caller's own: nobody reads or marks anybody else's.
  'GET /api/notifications': { probe: get(() => '/api/notifications'), expect: signedIn(200) },
  'GET /api/notifications/digest': { probe: get(() => '/api/notifications/digest?on=2025-04-01'), expect: signedIn(200) },
  'POST /api/notifications/read-all': { probe: async () => ({ url: '/api/notifications/read-all' }), expect: signedIn(200) },
  'POST /api/notifications/:id/read': {
    probe: async (where, who) => {
      if (who === 'anonymous') return { url: `/api/notifications/${await noticeFor((await freshUser('leader', w.f.town)).id)}/read` };
      const owner = await freshUser(who, w.home[who]);
      const session = await signInAs(owner.username);
      const other = await freshUser(who, w.home[who]);
      return { url: `/api/notifications/${await noticeFor(where === 'in' ? owner.id : other.id)}/read`, session };
    },
    expect: signedIn(200, 404),
  },
  'GET /api/due': { probe: get((where, who) => `/api/due?org=${unitOf(where, who).id}&on=2025-04-01`), expect: signedIn(200, 400) },
  'POST /api/ledgers/:kind/:id/reveal': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/${w.dispute[where]}/reveal`, payload: { reason: '核实当事人身份，办理调解' } }),
    expect: roleThenScope(can('reveal', DISPUTE), 200, 404),
  },
  'POST /api/ledgers/:kind/:id/attachments': {
    probe: async (where) => ({ url: `/api/ledgers/dispute/${w.dispute[where]}/attachments`, ...multipart('现场.png', PNG, 'image/png') }),
    expect: roleThenScope((role) => may(role, 'update', DISPUTE) && may(role, 'read', DISPUTE), 201, 404),
  },
  // An attachment is found before its kind is known: outside the scope it does not exist.
  'GET /api/attachments/:id': { probe: get((where) => `/api/attachments/${w.attachment[where]}`), expect: scopeThenRole(can('read', DISPUTE), 200, 404) },

  // The phone outbox: any signed-in user reports their own sync; when grid workers last synced is for those who follow up on them (no target: the caller's own subtree).
  'POST /api/outbox/sync': { probe: async () => ({ url: '/api/outbox/sync', payload: { pending: 0, refused: 0 } }), expect: signedIn(204) },
  'GET /api/outbox/grid-workers': { probe: get(() => '/api/outbox/grid-workers'), expect: roleThenScope(only('townOffice', 'leader', 'countyReviewer'), 200, 200) },

  // People: kept by the town office and the system administrator; the security and audit administrators have no use for them.
  'GET /api/people': {
    probe: get((where) => `/api/people?org=${village(where).id}`),
    expect: roleThenScope((role) => role !== 'securityAdmin' && role !== 'auditAdmin', 200, 400),
  },
  'POST /api/people': {
    probe: async (where) => ({ url: '/api/people', payload: { orgId: village(where).id, name: '矩阵人员' } }),
    expect: roleThenScope(only('townOffice', 'systemAdmin'), 201, 400),
  },

  // Indicators filter by permission (administrators get empty lists); a unit outside is a bad `org`.
  'GET /api/indicators': { probe: get((where, who) => `/api/indicators?org=${unitOf(where, who).id}&year=2025`), expect: signedIn(200, 400) },
  'GET /api/dashboard/figures': { probe: get((where, who) => `/api/dashboard/figures?org=${unitOf(where, who).id}&year=2025`), expect: signedIn(200, 400) },
  // The evidence binder: a probe that passed would start a build per role in the background, so these
  // check only that a session is required; roles, scope, reveal rights and job ownership are tested
  // request by request in binder.http.test.ts.
  'POST /api/binders': { probe: async () => ({ url: '/api/binders', payload: { org: 'no-such-unit', year: 2025 } }), expect: signedIn(400) },
  'GET /api/binders/:id': { probe: get(() => '/api/binders/no-such-job'), expect: signedIn(404) },
  'GET /api/binders/:id/file': { probe: get(() => '/api/binders/no-such-job/file'), expect: signedIn(404) },
  'GET /api/indicators/compare': { probe: get((where, who) => `/api/indicators/compare?org=${unitOf(where, who).id}&year=2025&level=village`), expect: signedIn(200, 400) },
  // An indicator over a kind the role may not read is not among the role's indicators.
  'GET /api/indicators/:code/records': {
    probe: get((where, who) => `/api/indicators/dispute.screened/records?org=${unitOf(where, who).id}&year=2025`),
    expect: scopeThenRole(can('read', DISPUTE), 200, 400, 404),
  },
  // The dashboard counts only kinds the role may read (administrators: all empty); a unit outside is a bad `org`.
  'GET /api/dashboard': { probe: get((where, who) => `/api/dashboard?org=${unitOf(where, who).id}&year=2025`), expect: signedIn(200, 400) },
  'GET /api/dashboard/records': {
    probe: get((where, who) => `/api/dashboard/records?org=${unitOf(where, who).id}&year=2025&code=dispute.screened`),
    expect: scopeThenRole(can('read', DISPUTE), 200, 400, 404),
  },

  // The annual report: read, update (templates, choice of template), approve, publish — each a grant.
  'GET /api/report-templates': { probe: get(() => '/api/report-templates'), expect: roleThenScope(can('read', REPORT), 200, 200) },
  'GET /api/report-templates/:id': { probe: get((where) => `/api/report-templates/${w.template[where]}`), expect: roleThenScope(can('read', REPORT), 200, 404) },
  'POST /api/report-templates': {
    probe: async (where) => ({ url: '/api/report-templates', payload: { orgId: townOf(where).id, name: `矩阵模板${next()}` } }),
    expect: roleThenScope(can('update', REPORT), 201, 400),
  },
  'PUT /api/report-templates/:id': {
    probe: async (where) => {
      const template = await reports.copyTemplate(w.f.system, { orgId: townOf(where).id });
      return { url: `/api/report-templates/${template.id}`, payload: { version: template.version, body: { ...template.body, name: `矩阵模板${next()}` } } };
    },
    expect: roleThenScope(can('update', REPORT), 200, 404),
  },
  // A unit's own indicators: read with the report, defined by whoever may edit the report template;
  // another county's definition does not exist for anyone here.
  'GET /api/indicator-definitions': { probe: get(() => '/api/indicator-definitions'), expect: roleThenScope(can('read', REPORT), 200, 200) },
  'POST /api/indicator-definitions': {
    probe: async (where) => ({ url: '/api/indicator-definitions', payload: { orgId: townOf(where).id, label: `矩阵指标${next()}`, unit: '件', measure: 'count', kind: 'dispute' } }),
    expect: roleThenScope(can('update', REPORT), 201, 400),
  },
  'PUT /api/indicator-definitions/:code': {
    probe: async (where) => {
      const d = await ownIndicator(where);
      return { url: `/api/indicator-definitions/${d.code}`, payload: { version: d.version, label: `矩阵指标${next()}`, unit: '件', measure: 'count', kind: 'dispute' } };
    },
    expect: roleThenScope(can('update', REPORT), 200, 404),
  },
  'DELETE /api/indicator-definitions/:code': {
    probe: async (where) => ({ url: `/api/indicator-definitions/${(await ownIndicator(where)).code}` }),
    expect: roleThenScope(can('update', REPORT), 204, 404),
  },
  'GET /api/indicator-definitions/:code/versions': {
    probe: async (where) => ({ url: `/api/indicator-definitions/${(await ownIndicator(where)).code}/versions` }),
    expect: roleThenScope(can('read', REPORT), 200, 404),
  },
  // The report routes resolve the unit (a bad `org`, 400) before the service checks the grant.
  // 2024 is approved and published: its figures are frozen in it, so reading it needs the grant too.
  'GET /api/reports': { probe: get((where, who) => `/api/reports?org=${unitOf(where, who).id}&year=2024`), expect: scopeThenRole(can('read', REPORT), 200, 400) },
  'GET /api/reports/preview': { probe: get((where, who) => `/api/reports/preview?org=${unitOf(where, who).id}&year=2024`), expect: scopeThenRole(can('read', REPORT), 200, 400) },
  'GET /api/reports/document': {
    probe: get((where, who) => `/api/reports/document?org=${unitOf(where, who).id}&year=2024&format=html`),
    expect: scopeThenRole(can('read', REPORT), 200, 400),
  },
  // Checking a draft shows only the figures the caller's indicators show.
  'POST /api/reports/check': {
    probe: async (where, who) => ({ url: '/api/reports/check', payload: { org: unitOf(where, who).id, year: 2025, text: '全年共排查矛盾纠纷3件，化解率100%。' } }),
    expect: signedIn(200, 400),
  },
  // The town's own words for the draft check (本镇用语): kept by those who edit the report.
  'GET /api/reports/check/aliases': { probe: get((where, who) => `/api/reports/check/aliases?org=${unitOf(where, who).id}`), expect: scopeThenRole(can('read', REPORT), 200, 400) },
  'POST /api/reports/check/aliases': {
    probe: async (where, who) => ({ url: '/api/reports/check/aliases', payload: { org: unitOf(where, who).id, code: 'dispute.screened', phrase: `摸排纠纷${'甲乙丙丁戊己庚辛'[next() % 8]}` } }),
    expect: scopeThenRole(can('update', REPORT), 201, 400),
  },
  'DELETE /api/reports/check/aliases/:id': {
    probe: async (where) => ({ url: `/api/reports/check/aliases/${(await saveAlias(ctx, w.f.system, { org: townOf(where).id, code: 'dispute.screened', phrase: `矩阵用语${'甲乙丙丁戊己庚辛'[next() % 8]}` })).id}` }),
    expect: roleThenScope(can('update', REPORT), 204, 404),
  },
  // Last year's report as a template: saving it is editing the unit's templates.
  'POST /api/reports/template-from': {
    probe: async (where, who) => ({ url: '/api/reports/template-from', payload: { org: unitOf(where, who).id, year: 2024, text: '一、主要工作举措及成效\n全年共排查矛盾纠纷3件。', save: true } }),
    expect: scopeThenRole(can('update', REPORT), 201, 400),
  },
  'POST /api/reports/template': {
    probe: async (where, who) => ({ url: '/api/reports/template', payload: { org: unitOf(where, who).id, year: await reportIn(unitOf(where, who), 2030, 'draft'), template: 'default' } }),
    expect: scopeThenRole(can('update', REPORT), 200, 400),
  },
  'POST /api/reports/date': {
    // A past year's report: a 成文日期 may lie at most a month after today.
    probe: async (where, who) => ({ url: '/api/reports/date', payload: { org: unitOf(where, who).id, year: await reportIn(unitOf(where, who), 2019, 'draft'), date: '2019-12-20' } }),
    expect: scopeThenRole(can('update', REPORT), 200, 400),
  },
  'POST /api/reports/approve': {
    probe: async (where, who) => ({ url: '/api/reports/approve', payload: { org: unitOf(where, who).id, year: await reportIn(unitOf(where, who), 2031, 'draft') } }),
    expect: scopeThenRole(can('approve', REPORT), 200, 400),
  },
  'POST /api/reports/reopen': {
    probe: async (where, who) => ({ url: '/api/reports/reopen', payload: { org: unitOf(where, who).id, year: await reportIn(unitOf(where, who), 2032, 'approved') } }),
    expect: scopeThenRole(can('approve', REPORT), 200, 400),
  },
  'POST /api/reports/publish': {
    probe: async (where, who) => ({ url: '/api/reports/publish', payload: { org: unitOf(where, who).id, year: await reportIn(unitOf(where, who), 2033, 'approved') } }),
    expect: scopeThenRole(can('publish', REPORT), 200, 400),
  },
  // The report page: its sign-off and next steps, and the records behind a figure (2024 is approved: frozen ids).
  'GET /api/reports/workflow': { probe: get((where, who) => `/api/reports/workflow?org=${unitOf(where, who).id}&year=2024`), expect: scopeThenRole(can('read', REPORT), 200, 400) },
  'GET /api/reports/figure': {
    probe: get((where, who) => `/api/reports/figure?org=${unitOf(where, who).id}&year=2024&code=dispute.screened`),
    expect: scopeThenRole(can('read', REPORT), 200, 400),
  },

  // The county's assessment: schemes are the county reviewer's (another county's do not exist here);
  // a town writes its own self-assessment, the reviewer adjusts, returns and confirms.
  'GET /api/assessment-schemes': { probe: get(() => '/api/assessment-schemes'), expect: roleThenScope(can('read', ASSESS), 200, 200) },
  'POST /api/assessment-schemes': { probe: async (where) => ({ url: '/api/assessment-schemes', payload: schemeBody(where) }), expect: roleThenScope(can('create', ASSESS), 201, 400) },
  'GET /api/assessment-schemes/:id': { probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'open')}` }), expect: roleThenScope(can('read', ASSESS), 200, 404) },
  'PUT /api/assessment-schemes/:id': {
    probe: async (where) => {
      const { orgId: _owner, ...body } = schemeBody(where);
      return { url: `/api/assessment-schemes/${await schemeIn(where, 'open')}`, payload: { ...body, version: 1 } };
    },
    expect: roleThenScope(can('create', ASSESS), 200, 404),
  },
  'POST /api/assessment-schemes/:id/publish': { probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'draft')}/publish` }), expect: roleThenScope(can('create', ASSESS), 200, 404) },
  'POST /api/assessment-schemes/:id/copy': {
    probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'open')}/copy`, payload: { year: 2026 } }),
    expect: roleThenScope(can('create', ASSESS), 201, 404),
  },
  'GET /api/assessment-schemes/:id/overview': { probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'open')}/overview` }), expect: roleThenScope(can('approve', ASSESS), 200, 404) },
  'GET /api/assessment-schemes/:id/towns/:orgId': { probe: async (where) => ({ url: await assessmentUrl(where, 'open') }), expect: roleThenScope(can('read', ASSESS), 200, 404) },
  'PUT /api/assessment-schemes/:id/towns/:orgId/items/:code/note': {
    probe: async (where) => ({ url: `${await assessmentUrl(where, 'open')}/items/1/note`, payload: { note: '全年开展普法宣传活动' } }),
    expect: roleThenScope(can('update', ASSESS), 200, 404),
  },
  'POST /api/assessment-schemes/:id/towns/:orgId/submit': { probe: async (where) => ({ url: `${await assessmentUrl(where, 'open')}/submit` }), expect: roleThenScope(can('update', ASSESS), 200, 404) },
  'POST /api/assessment-schemes/:id/towns/:orgId/items/:code/adjust': {
    probe: async (where) => ({ url: `${await assessmentUrl(where, 'submitted')}/items/1/adjust`, payload: { score: 4, reason: '活动记录齐全，形式丰富' } }),
    expect: roleThenScope(can('approve', ASSESS), 200, 404),
  },
  'POST /api/assessment-schemes/:id/towns/:orgId/items/:code/return': {
    probe: async (where) => ({ url: `${await assessmentUrl(where, 'submitted')}/items/1/return`, payload: { reason: '请补充活动照片' } }),
    expect: roleThenScope(can('approve', ASSESS), 200, 404),
  },
  'POST /api/assessment-schemes/:id/towns/:orgId/confirm': { probe: async (where) => ({ url: `${await assessmentUrl(where, 'submitted')}/confirm` }), expect: roleThenScope(can('approve', ASSESS), 200, 404) },
  'GET /api/assessment-schemes/:id/towns/:orgId/items/:code/evidence': {
    probe: async (where) => ({ url: `${await assessmentUrl(where, 'open')}/items/1/evidence` }),
    expect: roleThenScope(can('read', ASSESS), 200, 404),
  },

  'GET /api/assessment-schemes/:id/export.xlsx': { probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'open')}/export.xlsx` }), expect: roleThenScope(can('read', ASSESS), 200, 404) },
  'POST /api/assessment-schemes/import': {
    probe: async (where) => ({ url: `/api/assessment-schemes/import?orgId=${schemeBody(where).orgId}&year=2025`, ...multipart('考核方案.xlsx', await schemeSheet(), XLSX) }),
    expect: roleThenScope(can('create', ASSESS), 201, 400),
  },
  'GET /api/assessment-schemes/:id/scores.xlsx': { probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'open')}/scores.xlsx` }), expect: roleThenScope(can('approve', ASSESS), 200, 404) },
  'GET /api/assessment-schemes/:id/notice.docx': { probe: async (where) => ({ url: `/api/assessment-schemes/${await schemeIn(where, 'open')}/notice.docx` }), expect: roleThenScope(can('approve', ASSESS), 200, 404) },

  // 三员分立: users and the org tree (system), roles, grants and unlocking (security), the audit log (audit).
  'GET /api/users': { probe: get(() => '/api/users'), expect: roleThenScope(only('systemAdmin', 'securityAdmin'), 200, 200) },
  'POST /api/users': {
    probe: async (where) => ({ url: '/api/users', payload: { username: `new${next()}clerk`, displayName: '新经办人', role: 'departmentClerk', orgId: townOf(where).id } }),
    expect: roleThenScope(only('systemAdmin'), 201, 400),
  },
  'POST /api/users/:id/reset-password': {
    probe: async (where) => ({ url: `/api/users/${(await freshUser('departmentClerk', townOf(where))).id}/reset-password` }),
    expect: roleThenScope(only('systemAdmin'), 200, 404),
  },
  // 三员分立: the security administrator grants an account the system administrator made, and releases a reset's password.
  'POST /api/users/:id/grant': {
    probe: async (where) => ({ url: `/api/users/${(await pendingUser(townOf(where))).id}/grant`, payload: { role: 'departmentClerk', orgId: townOf(where).id } }),
    expect: roleThenScope(only('securityAdmin'), 200, 404),
  },
  'POST /api/users/:id/release-password': {
    probe: async (where) => {
      const user = await freshUser('departmentClerk', townOf(where));
      await ctx.accounts.requestPasswordReset(user.id, w.f.system.actor);
      return { url: `/api/users/${user.id}/release-password` };
    },
    expect: roleThenScope(only('securityAdmin'), 200, 404),
  },
  'POST /api/users/:id/unlock': {
    probe: async (where) => ({ url: `/api/users/${(await freshUser('departmentClerk', townOf(where))).id}/unlock` }),
    expect: roleThenScope(only('securityAdmin'), 204, 404),
  },
  'PUT /api/users/:id/role': {
    probe: async (where) => ({ url: `/api/users/${(await freshUser('departmentClerk', townOf(where))).id}/role`, payload: { role: 'leader' } }),
    expect: roleThenScope(only('securityAdmin'), 200, 404),
  },
  'POST /api/orgs': {
    probe: async (where) => ({ url: '/api/orgs', payload: { parentId: townOf(where).id, name: `矩阵村${next()}`, level: 'village' } }),
    expect: roleThenScope(only('systemAdmin'), 201, 400),
  },
  'GET /api/permissions': { probe: get(() => '/api/permissions'), expect: roleThenScope(only('securityAdmin'), 200, 200) },
  'GET /api/permissions/targets': { probe: get(() => '/api/permissions/targets'), expect: roleThenScope(only('securityAdmin', 'auditAdmin'), 200, 200) },
  // Grants are per role, not per unit; setting a role's defaults again changes nothing for the other probes.
  'PUT /api/permissions/:role': {
    probe: async () => ({ url: '/api/permissions/leader', payload: { grants: DEFAULT_GRANTS.leader } }),
    expect: roleThenScope(only('securityAdmin'), 200, 200),
  },
  // An `org` filter outside the audit administrator's scope: 404 (the audit query's answer for an unknown unit).
  'GET /api/audit': { probe: get((where) => `/api/audit?org=${townOf(where).id}`), expect: roleThenScope(only('auditAdmin'), 200, 404) },
  'GET /api/audit/export': { probe: get((where) => `/api/audit/export?org=${townOf(where).id}`), expect: roleThenScope(only('auditAdmin'), 200, 404) },
};

// ---- setup -----------------------------------------------------------------------------------

beforeAll(async () => {
  const f = await smallTown(ctx);
  const city = await findOrg(ctx.db, f.county.parent_id ?? '');
  if (!city) throw new Error('the fixture county has no city');
  const county2 = await insertOrg(ctx.db, { parentId: city.id, name: '丁旗', level: 'county' }, city.path);
  const town2 = await insertOrg(ctx.db, { parentId: county2.id, name: '丙镇', level: 'town' }, county2.path);
  const village2 = await insertOrg(ctx.db, { parentId: town2.id, name: '北村', level: 'village' }, town2.path);

  const home = f.homes;
  w = { f, town2, village2, home } as World;
  const tokens = {} as Record<Role, string>;
  for (const role of Object.keys(ROLES) as Role[]) tokens[role] = await signInAs((await freshUser(role, home[role])).username);
  w.tokens = tokens;

  const disputes = { in: await freshDispute('in'), out: await freshDispute('out') };
  w.dispute = disputes;
  const attach = async (where: Where) => (await ctx.attachments.add(f.system, 'dispute', disputes[where], '现场.png', PNG)).id;
  w.attachment = { in: await attach('in'), out: await attach('out') };

  // Custom kinds of each town, defined through the API by each town's own office.
  const defineKind = async (town: OrgUnit) => {
    const office = await signInAs((await freshUser('townOffice', town)).username);
    const res = await app.inject({
      method: 'POST',
      url: '/api/kinds',
      ...withSession(office),
      payload: { orgId: town.id, label: `${town.name}自定义台账`, area: 'governance', fields: [{ label: '人数', type: 'integer' }, { label: '方式', type: 'choice', options: ['线上', '线下'] }] },
    });
    if (res.statusCode !== 201) throw new Error(`defining a kind failed: ${res.body}`);
    const code = res.json<{ code: string }>().code;
    const item = await ctx.db.kysely.selectFrom('list_item').select('id').where('list', '=', `${code}.f2`).orderBy('sort').executeTakeFirstOrThrow();
    return { code, item: item.id };
  };
  const kindIn = await defineKind(f.town);
  const kindOut = await defineKind(town2);
  w.kind = { in: kindIn.code, out: kindOut.code };
  w.listItem = { in: kindIn.item, out: kindOut.item };

  const templateOf = async (town: OrgUnit) => (await reports.copyTemplate(f.system, { orgId: town.id })).id;
  w.template = { in: await templateOf(f.town), out: await templateOf(town2) };

  // A published report of each town, for the public pages.
  for (const town of [f.town, town2]) {
    await reports.approve(f.system, town, 2024);
    await reports.publish(f.system, town, 2024);
  }
});

afterAll(async () => {
  await app.close();
  await ctx.close();
});

// ---- the matrix --------------------------------------------------------------------------------

it('has a rule for every route, and a route for every rule', () => {
  const missing = ROUTES.filter((route) => !(route in RULES));
  const stale = Object.keys(RULES).filter((rule) => !ROUTES.includes(rule));
  expect(missing, `routes without a rule in RULES (add one: who may call it, inside and outside their scope):\n  ${missing.join('\n  ')}`).toEqual([]);
  expect(stale, `rules for routes the server no longer has (remove them):\n  ${stale.join('\n  ')}`).toEqual([]);
});

/** One row of the table: `in 200 · out 404`. */
const row = (status: (where: Where) => number) => WHERE.map((where) => `${where} ${status(where)}`).join(' · ');

describe.each(ROUTES)('%s', (route) => {
  it('answers every role, inside and outside its scope, as the rule says', async () => {
    const rule = RULES[route];
    if (!rule) throw new Error(`no rule for ${route} in RULES: add one`);
    const method = route.slice(0, route.indexOf(' ')) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const actual = {} as Record<Who, string>;
    const expected = {} as Record<Who, string>;
    const surprises: string[] = [];
    for (const who of WHO) {
      const statuses = {} as Record<Where, number>;
      for (const where of WHERE) {
        const probe = await rule.probe(where, who);
        const token = who === 'anonymous' ? undefined : (probe.session ?? w.tokens[who]);
        const headers = probe.headers ?? {};
        const res = await app.inject({
          method,
          url: probe.url,
          ...(token ? withSession(token, headers) : { headers }),
          ...(probe.payload === undefined ? {} : { payload: probe.payload }),
        });
        statuses[where] = res.statusCode;
        if (res.statusCode !== rule.expect(who, where)) surprises.push(`${who} ${where} ${probe.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      actual[who] = row((where) => statuses[where]);
      expected[who] = row((where) => rule.expect(who, where));
    }
    expect(actual, `${route}\n${surprises.join('\n')}`).toEqual(expected);
  });
});

// Role names are checked against ROLES; with `in`, Object.prototype's names passed as roles.
it('takes only real role names, not the ones every object inherits', async () => {
  const victim = await freshUser('departmentClerk', w.f.town);
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    const grants = await app.inject({ method: 'PUT', url: `/api/permissions/${name}`, ...withSession(w.tokens.securityAdmin), payload: { grants: [{ target: 'governance', action: 'read' }] } });
    expect(grants.statusCode, `grants for “${name}”: ${grants.body}`).toBe(400);
    const user = await app.inject({ method: 'POST', url: '/api/users', ...withSession(w.tokens.systemAdmin), payload: { username: `proto${next()}`, displayName: '原型', role: name, orgId: w.f.town.id } });
    expect(user.statusCode, `a user of role “${name}”: ${user.body}`).toBe(400);
    const role = await app.inject({ method: 'PUT', url: `/api/users/${victim.id}/role`, ...withSession(w.tokens.securityAdmin), payload: { role: name } });
    expect(role.statusCode, `role “${name}” for a user: ${role.body}`).toBe(400);
  }
  const seeded = await ctx.db.kysely.selectFrom('role_permission').select('role').distinct().execute();
  expect(seeded.map((r) => r.role).filter((r) => !Object.hasOwn(ROLES, r))).toEqual([]);
});
