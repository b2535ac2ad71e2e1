/**
 * Property tests of every write endpoint (POST, PATCH, PUT, DELETE under /api, taken from the
 * server's route list): arbitrary JSON, mutations of a valid body, raw text, wrong content types,
 * oversized bodies and arbitrary path parameters. Whatever arrives, the server never answers 5xx,
 * an error is always `{ error: { id, message } }`, and a refused request writes nothing — neither
 * the tables the endpoint touches nor the audit log.
 *
 * Each endpoint is called as a town office (with the CSRF header); the administrators' and the
 * leader's endpoints are also called as the role that may use them, so the fuzz gets past the 403.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import type { OrgUnit } from '../org/repository.js';
import { ReportService } from '../report/service.js';
import { TownIndicatorService } from '../indicators/town-defined.js';
import { testContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { signIn, withSession } from '../testing/http.js';
import { buildApp } from './app.js';

// The app is built before the tests are collected: they are generated from its route list.
const ctx = await testContext();
const app = await buildApp(ctx);
await app.ready();

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WRITES = app.routeList.filter((r) => WRITE_METHODS.has(r.method) && r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);

/** Modest by default, to keep the suite fast; FAZHI_FUZZ_RUNS=500 for a longer hunt. */
const RUNS = Number(process.env.FAZHI_FUZZ_RUNS) || 40;
const PASSWORD = 'Fazhi#2025-fuzzing';

/** The role that may use an endpoint a town office may not; it is fuzzed as that role too. */
const OWNER: Record<string, Role> = {
  'POST /api/users': 'systemAdmin',
  'POST /api/users/:id/reset-password': 'systemAdmin',
  'POST /api/orgs': 'systemAdmin',
  'POST /api/users/:id/unlock': 'securityAdmin',
  'POST /api/users/:id/grant': 'securityAdmin',
  'POST /api/users/:id/release-password': 'securityAdmin',
  'PUT /api/users/:id/role': 'securityAdmin',
  'PUT /api/permissions/:role': 'securityAdmin',
  'POST /api/reports/approve': 'leader',
  'POST /api/reports/reopen': 'leader',
};

/** Endpoints whose success ends the caller's sessions: a fresh session is signed in after one. */
const ENDS_SESSION = new Set(['DELETE /api/session', 'POST /api/me/password']);

/**
 * What each endpoint may write, besides the audit log (counted for all). A new endpoint that
 * matches none is checked against all of them.
 */
const TABLES: Array<[RegExp, string[]]> = [
  [/^\S+ \/api\/ledgers\//, ['ledger_dispute', 'attachment']],
  [/^\S+ \/api\/kinds/, ['custom_kind', 'list_def', 'list_item']],
  [/^\S+ \/api\/lists\//, ['list_def', 'list_item']],
  [/^\S+ \/api\/people/, ['person']],
  [/^\S+ \/api\/report-templates/, ['report_template', 'report_template_version']],
  [/^\S+ \/api\/reports\//, ['annual_report']],
  [/^\S+ \/api\/(users|session|me)/, ['app_user', 'password_history', 'login_failure', 'user_session']],
  [/^\S+ \/api\/orgs/, ['org_unit']],
  [/^\S+ \/api\/permissions/, ['role_permission']],
  [/^\S+ \/api\/indicator-definitions/, ['town_indicator', 'town_indicator_version']],
];
const tablesOf = (route: string) => TABLES.find(([pattern]) => pattern.test(route))?.[1] ?? [...new Set(TABLES.flatMap(([, tables]) => tables))];

/** A failed sign-in is itself recorded: the audit log and the per-name failure count. */
const WRITES_ON_FAILURE: Record<string, string[]> = { 'POST /api/session': ['audit_log', 'login_failure'] };

/** Columns that change by merely being signed in (the idle timer), left out of the comparison. */
const COLUMNS: Record<string, string[]> = { user_session: ['id', 'user_id'] };

async function snapshot(tables: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const columns = COLUMNS[table];
    const query = columns ? sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}` : sql<Record<string, unknown>>`select * from ${sql.table(table)}`;
    const { rows } = await query.execute(ctx.db.kysely);
    out[table] = rows
      .map((r) => JSON.stringify(r))
      .sort()
      .join('\n');
  }
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from audit_log`.execute(ctx.db.kysely);
  out.audit_log = `${Number(rows[0]?.n ?? 0)} rows`;
  return out;
}

// ---- the world -------------------------------------------------------------------------------

interface World {
  f: Fixture;
  sessions: Record<Role, string>;
  /** A town office of its own for the endpoints that end sessions, signed in again after each success. */
  leavingName: string;
  leaving: string;
  kind: string;
  listItem: string;
  disputes: string[];
  template: { id: string; version: number; body: unknown };
  victim: string;
  /** A town indicator of 甲镇, for the routes that edit one. */
  ownIndicator: string;
}
let w: World;
let serial = 0;

async function newUser(role: Role, unit: OrgUnit): Promise<string> {
  serial += 1;
  const username = `fz${serial}${role.toLowerCase()}`;
  await ctx.accounts.createUser({ username, password: PASSWORD, displayName: `模糊测试${serial}`, role, orgId: unit.id });
  return username;
}

const signInAs = (username: string) => signIn(app, username, PASSWORD);

beforeAll(async () => {
  const f = await smallTown(ctx);
  const homes = f.homes;
  const sessions = {} as Record<Role, string>;
  for (const role of ['townOffice', 'leader', 'systemAdmin', 'securityAdmin'] as const) sessions[role] = await signInAs(await newUser(role, homes[role]));

  const defined = await app.inject({
    method: 'POST',
    url: '/api/kinds',
    ...withSession(sessions.townOffice),
    payload: { orgId: f.town.id, label: '模糊测试台账', area: 'governance', fields: [{ label: '人数', type: 'integer' }, { label: '方式', type: 'choice', options: ['线上', '线下'] }] },
  });
  if (defined.statusCode !== 201) throw new Error(`defining a kind failed: ${defined.body}`);
  const kind = defined.json<{ code: string }>().code;
  const item = await ctx.db.kysely.selectFrom('list_item').select('id').where('list', '=', `${kind}.f2`).executeTakeFirstOrThrow();

  const disputes: string[] = [];
  for (let i = 0; i < 3; i++) disputes.push((await ctx.ledger.create(f.system, 'dispute', validDispute(f.villageA.id))).id);
  const template = await new ReportService(ctx).copyTemplate(f.system, { orgId: f.town.id });
  const victim = await ctx.accounts.createUser({ username: 'fz.victim', password: PASSWORD, displayName: '被改的人', role: 'departmentClerk', orgId: f.town.id });

  const leavingName = await newUser('townOffice', f.town);
  w = {
    f,
    sessions,
    leavingName,
    leaving: await signInAs(leavingName),
    kind,
    listItem: item.id,
    disputes,
    template: { id: template.id, version: template.version, body: template.body },
    victim: victim.id,
    ownIndicator: (await new TownIndicatorService(ctx).define(f.system, { orgId: f.town.id, label: '模糊测试指标', unit: '件', measure: 'count', kind: 'dispute' })).code,
  };
});

afterAll(async () => {
  await app.close();
  await ctx.close();
});

// ---- valid requests, to mutate ---------------------------------------------------------------

function validDispute(orgId: string) {
  return { orgId, date: '2025-03-08', title: '两户因宅基地边界发生争执', source: 'visit', category: 'neighbour', status: 'registered', parties: '王某某', partyPhone: '13800001234' };
}

/** A body each endpoint would accept (or nearly): the starting point of the mutations. */
function validBody(route: string): Record<string, unknown> {
  const { f } = w;
  switch (route) {
    case 'POST /api/session':
      return { username: 'nobody.here', password: 'Wrong#2025x' };
    case 'POST /api/me/password':
      return { currentPassword: PASSWORD, newPassword: 'Fazhi#2026-rotated' };
    case 'POST /api/kinds':
      return { orgId: f.town.id, label: '模糊台账', area: 'governance', fields: [{ label: '人数', type: 'integer' }] };
    case 'POST /api/kinds/:kind/indicators':
      return { label: '培训人数', unit: '人', measure: 'sum', field: 'f1' };
    case 'POST /api/lists/:list/items':
      return { label: '新选项' };
    case 'POST /api/indicator-definitions':
      return { orgId: f.town.id, label: '模糊指标', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] };
    case 'PUT /api/indicator-definitions/:code':
      return { version: 1, label: '模糊指标', unit: '件', measure: 'ratio', numerator: 'dispute.resolved', denominator: 'dispute.screened', precision: 2 };
    case 'PATCH /api/lists/:list/items/:id':
      return { label: '改名选项', active: true };
    case 'POST /api/ledgers/:kind':
      return validDispute(f.villageA.id);
    case 'PATCH /api/ledgers/:kind/:id':
      return { version: 1, status: 'resolved', resolvedOn: '2025-03-20' };
    case 'DELETE /api/ledgers/:kind/:id':
      return { version: 1 };
    case 'POST /api/ledgers/:kind/:id/reveal':
      return { reason: '核实当事人身份', fields: ['parties'] };
    case 'POST /api/people':
      return { orgId: f.villageA.id, name: '张三', gender: '男', phone: '13800001234', position: '调解员' };
    case 'POST /api/report-templates':
      return { orgId: f.town.id, name: '模糊模板' };
    case 'PUT /api/report-templates/:id':
      return { version: w.template.version, body: w.template.body };
    case 'POST /api/reports/check':
      return { org: f.town.id, year: 2025, text: '全年共排查矛盾纠纷3件。' };
    case 'POST /api/reports/template':
      return { org: f.town.id, year: 2025, template: 'default' };
    case 'POST /api/reports/approve':
    case 'POST /api/reports/reopen':
    case 'POST /api/reports/publish':
      return { org: f.town.id, year: 2025 };
    case 'POST /api/users':
      return { username: 'fuzz.new', displayName: '新用户', role: 'departmentClerk', orgId: f.town.id };
    case 'PUT /api/users/:id/role':
      return { role: 'leader' };
    case 'POST /api/users/:id/grant':
      return { role: 'departmentClerk', orgId: f.town.id };
    case 'PUT /api/permissions/:role':
      return { grants: [{ target: 'governance', action: 'read' }] };
    case 'POST /api/orgs':
      return { parentId: f.town.id, name: '模糊村', level: 'village' };
    default:
      return {};
  }
}

/** Path parameters that name something real, by parameter name. */
const realParams = (): Record<string, string[]> => ({
  kind: ['dispute', w.kind],
  id: [...w.disputes, w.listItem, w.template.id, w.victim],
  list: ['dispute.category', `${w.kind}.f2`],
  // Not a role any session here holds: replacing its grants changes nothing for the other endpoints.
  role: ['countyReviewer'],
  code: [w.ownIndicator],
});

// ---- arbitraries -----------------------------------------------------------------------------

/** Values that have broken servers before: wrong types, huge, odd unicode, numbers as strings. */
const HUGE = 'x'.repeat(300_000);
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', 'NaN', '-1', '1e308', 'Infinity', 'null', 'undefined', 'true', '0x10', '２０２５', '2025-02-30', '9999-12-31', '\u0000', '\u202e\u0644', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '𠮷野家', '🙂'.repeat(60), HUGE, [], {}, [[[[[]]]]], { $gt: '' }, { version: 1 }, [1, 'a', null]),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A request body; printed short in a counterexample (some are megabytes). */
interface Body {
  payload?: string | Buffer;
  headers: Record<string, string>;
  [fc.toStringMethod]: () => string;
}
const preview = (payload: string | Buffer | undefined) => {
  if (payload === undefined) return '(no body)';
  const text = payload.toString();
  return text.length > 200 ? `${text.slice(0, 200)}…(${text.length} characters)` : text;
};
function body(payload: string | Buffer | undefined, contentType?: string): Body {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  return { ...(payload === undefined ? {} : { payload }), headers, [fc.toStringMethod]: () => `${contentType ?? '(no content type)'} ${preview(payload)}` };
}
const asJson = (value: unknown): Body => {
  // Typed string, but undefined for undefined (and for a function or a symbol).
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? body(undefined) : body(text, 'application/json');
};
const without = (object: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

function multipart(filename: string, content: Uint8Array): Body {
  const boundary = `----fazhi-fuzz-${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8');
  return body(Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), `multipart/form-data; boundary=${boundary}`);
}

function bodies(route: string): fc.Arbitrary<Body> {
  const valid = validBody(route);
  const keys = Object.keys(valid);
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('orgId');
  const choices: Array<fc.Arbitrary<Body>> = [
    fc.jsonValue({ maxDepth: 3 }).map(asJson),
    fc.object({ maxDepth: 2, withBoxedValues: true }).map(asJson),
    // One field of a valid body made wrong, or left out.
    fc.tuple(key, weird).map(([k, v]) => asJson({ ...valid, [k]: v })),
    key.map((k) => asJson(without(valid, k))),
    // Extra fields, including ones that poison prototypes or smuggle a version or a unit.
    fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'prototype', 'version', 'orgId', 'id', 'createdBy'), weird, { maxKeys: 4 }).map((extra) => asJson({ ...valid, ...extra })),
    // Not JSON at all, or not the content type the endpoint reads.
    fc.string({ unit: 'grapheme', maxLength: 200 }).map((text) => body(text, 'application/json')),
    fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'), fc.string({ maxLength: 100 })).map(([type, text]) => body(text, type)),
    // Over the 2 MB body limit.
    fc.constant(asJson({ ...valid, [keys[0] ?? 'filler']: 'y'.repeat(2_200_000) })),
  ];
  if (route.endsWith('/attachments')) choices.push(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.uint8Array({ maxLength: 4096 })).map(([name, bytes]) => multipart(name, bytes)));
  return fc.oneof(...choices);
}

/** Path parameters: something real, or anything — unicode, traversal, percent signs, prototype names, too long. */
const oddParam = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('..', '.', '%2e%2e', '%2F', '%zz', '%E0%A4%A', '__proto__', 'constructor', 'toString', 'NaN', '-1', '1e308', '0', 'null', "'%20OR%20'1'%3D'1", 'x'.repeat(61), encodeURIComponent('𠮷'.repeat(30))),
);

function params(url: string): fc.Arbitrary<Record<string, string>> {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
  const real = realParams();
  const shape: Record<string, fc.Arbitrary<string>> = {};
  for (const name of names) {
    const known = real[name];
    shape[name] = known?.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: oddParam }) : oddParam;
  }
  return fc.record(shape);
}

const fill = (url: string, values: Record<string, string>) => url.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? '');

// ---- the properties ----------------------------------------------------------------------------

function expectErrorShape(res: LightMyRequestResponse, what: string) {
  expect(res.headers['content-type'], what).toMatch(/^application\/json/);
  const body = res.json<{ error?: { id?: unknown; message?: unknown } }>();
  expect(Object.keys(body), what).toEqual(['error']);
  expect(typeof body.error?.id, what).toBe('string');
  expect(typeof body.error?.message, what).toBe('string');
}

const cases = WRITES.flatMap((route): Array<{ route: string; role: Role }> => [
  { route, role: 'townOffice' },
  ...(OWNER[route] ? [{ route, role: OWNER[route] }] : []),
]);

describe.each(cases)('$route as $role', ({ route, role }) => {
  it('never fails with 5xx, always answers errors as { error: { id, message } }, and writes nothing when it refuses', async () => {
    const method = route.slice(0, route.indexOf(' ')) as 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const url = route.slice(route.indexOf(' ') + 1);
    const tables = tablesOf(route);
    const allowed = new Set(WRITES_ON_FAILURE[route] ?? []);
    const sessionOf = () => (ENDS_SESSION.has(route) ? w.leaving : w.sessions[role]);

    // The state as the last request left it: taken again only after a request that may have written.
    let known = await snapshot(tables);
    await fc.assert(
      fc.asyncProperty(params(url), bodies(route), async (values, sent) => {
        const path = fill(url, values);
        const before = known;
        const res = await app.inject({ method, url: path, ...withSession(sessionOf(), sent.headers), ...(sent.payload === undefined ? {} : { payload: sent.payload }) });
        const what = `${method} ${path} ${sent[fc.toStringMethod]()} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expectErrorShape(res, what);
          const after = await snapshot(tables);
          known = after;
          const compared = (state: Record<string, string>) => Object.fromEntries(Object.entries(state).filter(([table]) => !allowed.has(table)));
          expect(compared(after), `refused, yet something was written: ${what}`).toEqual(compared(before));
          return;
        }
        if (ENDS_SESSION.has(route)) {
          // After a password change the old password no longer signs in: a new user takes over.
          if (route === 'POST /api/me/password') w.leavingName = await newUser('townOffice', w.f.town);
          w.leaving = await signInAs(w.leavingName);
        }
        known = await snapshot(tables);
      }),
      { numRuns: RUNS },
    );
  });
});
