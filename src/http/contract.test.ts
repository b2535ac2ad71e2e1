/**
 * The one contract between the server and the UI (src/shared): the routes the UI reads declare
 * their answers' schemas, the OpenAPI document carries them, the answers keep what the handlers
 * produce, and the UI reaches into the server only through src/shared.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, signInNewUser } from '../testing/http.js';
import { buildApp } from './app.js';
import { describeKind } from './routes/kinds.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  office = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
});
afterAll(async () => {
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}

/** The routes the UI reads (besides the session and administration routes, which carry their own), with the status they answer. */
const UI_READS: Array<[method: string, path: string, status: string]> = [
  ['get', '/api/kinds', '200'],
  ['get', '/api/kinds/{kind}', '200'],
  ['post', '/api/kinds', '201'],
  ['get', '/api/lists', '200'],
  ['post', '/api/lists/{list}/items', '201'],
  ['patch', '/api/lists/{list}/items/{id}', '200'],
  ['get', '/api/ledgers/{kind}', '200'],
  ['post', '/api/ledgers/{kind}', '201'],
  ['post', '/api/ledgers/{kind}', '200'],
  ['get', '/api/outbox/grid-workers', '200'],
  ['get', '/api/ledgers/{kind}/{id}', '200'],
  ['patch', '/api/ledgers/{kind}/{id}', '200'],
  ['get', '/api/ledgers/{kind}/{id}/procedure', '200'],
  ['post', '/api/ledgers/{kind}/{id}/steps', '200'],
  ['delete', '/api/ledgers/{kind}/{id}/steps/{step}', '200'],
  ['post', '/api/ledgers/{kind}/{id}/extensions', '201'],
  ['post', '/api/ledgers/{kind}/import', '200'],
  ['post', '/api/ledgers/{kind}/import', '201'],
  ['get', '/api/ledgers/{kind}/imports', '200'],
  ['get', '/api/due', '200'],
  ['get', '/api/dashboard', '200'],
  ['get', '/api/dashboard/records', '200'],
  ['get', '/api/dashboard/figures', '200'],
  ['get', '/api/indicators', '200'],
  ['get', '/api/indicators/compare', '200'],
  ['get', '/api/notifications', '200'],
  ['post', '/api/notifications/{id}/read', '200'],
  ['get', '/api/orgs', '200'],
  ['get', '/api/people', '200'],
  ['get', '/api/audit', '200'],
  ['get', '/api/report-templates', '200'],
  ['get', '/api/report-templates/{id}', '200'],
  ['put', '/api/report-templates/{id}', '200'],
  ['get', '/api/reports', '200'],
  ['get', '/api/reports/preview', '200'],
  ['post', '/api/reports/check', '200'],
  ['post', '/api/reports/template-from', '200'],
  ['get', '/api/reports/workflow', '200'],
  ['get', '/api/reports/figure', '200'],
  ['post', '/api/reports/approve', '200'],
  ['post', '/api/reports/date', '200'],
  ['get', '/api/reports/check/aliases', '200'],
  ['post', '/api/reports/check/aliases', '201'],
  ['get', '/api/indicator-definitions', '200'],
  ['post', '/api/indicator-definitions', '201'],
  ['put', '/api/indicator-definitions/{code}', '200'],
  ['get', '/api/indicator-definitions/{code}/versions', '200'],
  ['get', '/api/indicators/{code}/records', '200'],
  ['post', '/api/kinds/{kind}/indicators', '201'],
  ['get', '/api/references', '200'],
  ['post', '/api/ledgers/{kind}/{id}/reveal', '200'],
  ['get', '/api/health', '200'],
  ['get', '/api/health', '503'],
  ['get', '/api/assessment-schemes', '200'],
  ['post', '/api/assessment-schemes', '201'],
  ['get', '/api/assessment-schemes/{id}', '200'],
  ['put', '/api/assessment-schemes/{id}', '200'],
  ['get', '/api/assessment-schemes/{id}/overview', '200'],
  ['get', '/api/assessment-schemes/{id}/towns/{orgId}', '200'],
  ['put', '/api/assessment-schemes/{id}/towns/{orgId}/items/{code}/note', '200'],
  ['post', '/api/assessment-schemes/{id}/towns/{orgId}/items/{code}/adjust', '200'],
  ['get', '/api/assessment-schemes/{id}/towns/{orgId}/items/{code}/evidence', '200'],
];

/** The routes whose answer is not JSON: files, pages and empty answers (204). Every other route must describe its answer. */
const NOT_JSON = [
  'DELETE /api/session',
  'POST /api/me/password',
  'GET /api/ledgers/{kind}/export.xlsx',
  'GET /api/ledgers/{kind}/import/template.xlsx',
  'DELETE /api/ledgers/{kind}/{id}',
  'POST /api/outbox/sync',
  'GET /api/attachments/{id}',
  'DELETE /api/indicator-definitions/{code}',
  'GET /api/reports/document',
  'DELETE /api/reports/check/aliases/{id}',
  'GET /public',
  'GET /public/{*}',
  'POST /api/users/{id}/unlock',
  'GET /api/audit/export',
  'GET /api/binders/{id}/file',
  'GET /api/assessment-schemes/{id}/export.xlsx',
  'GET /api/assessment-schemes/{id}/scores.xlsx',
  'GET /api/assessment-schemes/{id}/notice.docx',
].sort();

/** Every `$ref` in a schema, so none points at the document's root (a recursive schema must go through a component). */
const refsIn = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(refsIn)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)))
      : [];

describe('the OpenAPI document', () => {
  let doc: Doc;
  beforeAll(async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json<Doc>();
  });

  it.each(UI_READS)('describes the answer of %s %s (%s)', (method, path, status) => {
    const schema = doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    expect(schema, `${method.toUpperCase()} ${path} ${status}`).toBeDefined();
    expect(JSON.stringify(schema).length).toBeGreaterThan(20);
  });

  it('describes the JSON answer of every route but those answering files, pages or nothing', () => {
    const undescribed = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })))
      .filter(({ op }) => !Object.values(op.responses ?? {}).some((r) => r.content?.['application/json']?.schema))
      .map(({ route }) => route)
      .sort();
    expect(undescribed).toEqual(NOT_JSON);
  });

  it('refers only to its own components', () => {
    const refs = refsIn(doc.paths);
    for (const ref of refs) expect(ref).toMatch(/^#\/components\//);
  });

  it.each([
    ['post', '/api/ledgers/{kind}', 'title'],
    ['patch', '/api/ledgers/{kind}/{id}', 'title'],
    ['post', '/api/ledgers/{kind}/{id}/steps', 'step'],
    ['post', '/api/ledgers/{kind}/{id}/extensions', 'deadline'],
    ['post', '/api/kinds', 'fields'],
    ['post', '/api/kinds/{kind}/indicators', 'measure'],
    ['post', '/api/indicator-definitions', 'label'],
    ['put', '/api/report-templates/{id}', 'version'],
  ])('describes the body of %s %s (it names %s)', (method, path, field) => {
    const schema = doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    expect(JSON.stringify(schema ?? {})).toContain(`"${field}"`);
  });
});

describe('answers keep what the handlers produce', () => {
  it('a record keeps its kind’s own fields and its attachments', async () => {
    const created = await callAs(app, office, 'POST', '/api/ledgers/dispute', disputeBody(f.villageA.id, { parties: '张某、李某' }));
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<Record<string, unknown>>();
    expect(record).toMatchObject({ kind: 'dispute', source: 'monthlyScreening', category: 'neighbour', status: 'registered', orgName: '东村' });
    const read = await callAs(app, office, 'GET', `/api/ledgers/dispute/${String(record.id)}`);
    expect(read.json()).toMatchObject({ id: record.id, category: 'neighbour', attachments: [] });
    const list = await callAs(app, office, 'GET', '/api/ledgers/dispute');
    expect(list.json<{ items: Array<Record<string, unknown>> }>().items.find((r) => r.id === record.id)).toMatchObject({ source: 'monthlyScreening' });
  });

  it('a kind reads as describeKind makes it, nothing dropped', async () => {
    const res = await callAs(app, office, 'GET', '/api/kinds/dispute');
    expect(res.statusCode).toBe(200);
    const kind = await ctx.kinds.resolve(f.system, 'dispute');
    const lists = new Map((await ctx.lists.visibleFrom(f.town.path)).map((l) => [l.code, l]));
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(describeKind(kind, lists, 'townOffice', ctx.permissions))));
  });

  it('a record’s procedure carries its steps, deadlines and what may be done next', async () => {
    const created = await callAs(app, office, 'POST', '/api/ledgers/dispute', disputeBody(f.villageA.id));
    const res = await callAs(app, office, 'GET', `/api/ledgers/dispute/${created.json<{ id: string }>().id}/procedure?on=2025-03-10`);
    expect(res.statusCode, res.body).toBe(200);
    const state = res.json<{ steps: unknown[]; deadlines: unknown[]; next: string[]; on: string; extensions: unknown[] }>();
    expect(state.on).toBe('2025-03-10');
    expect(state.steps.length).toBeGreaterThan(0);
    expect(state.steps[0]).toMatchObject({ status: 'done' });
    expect(state.steps.every((s) => typeof s === 'object' && s !== null && 'waitingFor' in s && 'code' in s)).toBe(true);
  });
});

describe('a town’s own indicators read as the service makes them', () => {
  it('the list, a saved definition, its versions and a ratio’s records keep every field', async () => {
    await callAs(app, office, 'POST', '/api/ledgers/dispute', disputeBody(f.villageA.id));
    const neighbour = await callAs(app, office, 'POST', '/api/indicator-definitions', {
      orgId: f.town.id,
      code: 'own.neighbour',
      label: '邻里纠纷件数',
      unit: '件',
      aliases: ['邻里矛盾'],
      measure: 'count',
      kind: 'dispute',
      filters: [{ field: 'category', op: 'in', values: ['neighbour'] }],
    });
    expect(neighbour.statusCode, neighbour.body).toBe(201);
    expect(neighbour.json()).toMatchObject({ code: 'own.neighbour', orgId: f.town.id, orgPath: f.town.path, version: 1, definition: { aliases: ['邻里矛盾'], filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] } });
    const all = await callAs(app, office, 'POST', '/api/indicator-definitions', { orgId: f.town.id, code: 'own.all', label: '纠纷件数', unit: '件', measure: 'count', kind: 'dispute' });
    expect(all.statusCode, all.body).toBe(201);
    const share = await callAs(app, office, 'POST', '/api/indicator-definitions', { orgId: f.town.id, code: 'own.share', label: '邻里纠纷占比', measure: 'ratio', numerator: 'own.neighbour', denominator: 'own.all', precision: 2 });
    expect(share.statusCode, share.body).toBe(201);
    const edited = await callAs(app, office, 'PUT', '/api/indicator-definitions/own.neighbour', { version: 1, label: '邻里纠纷', unit: '件', measure: 'count', kind: 'dispute', period: 'active', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, definition: { label: '邻里纠纷', period: 'active' } });

    const scope = await f.as('townOffice', f.town);
    const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    const list = await callAs(app, office, 'GET', '/api/indicator-definitions');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: unknown[] }>().items).toEqual(plain(await ctx.townIndicators.list(scope)));
    const versions = await callAs(app, office, 'GET', `/api/indicator-definitions/own.neighbour/versions?orgId=${f.town.id}`);
    expect(versions.statusCode).toBe(200);
    expect(versions.json()).toEqual(plain(await ctx.townIndicators.versions(scope, 'own.neighbour', f.town.id)));
    expect(versions.json<{ versions: unknown[] }>().versions).toHaveLength(2);

    const records = await callAs(app, office, 'GET', `/api/indicators/own.share/records?org=${f.town.id}&year=2025`);
    expect(records.statusCode, records.body).toBe(200);
    const body = records.json<{ numerator?: { ids: string[] }; denominator?: { ids: string[] }; ids: string[] }>();
    expect(body.numerator?.ids.length).toBeGreaterThan(0);
    expect(body.denominator?.ids.length).toBeGreaterThan(0);
    const unit = await ctx.indicators.unitFor(scope, f.town.id);
    const provenance = await ctx.indicators.provenance(scope, unit, { from: '2025-01-01', to: '2025-12-31' }, 'own.share');
    expect(body).toMatchObject(plain(provenance));
  });
});

describe('the UI reaches the server only through src/shared', () => {
  const root = resolve(import.meta.dirname, '../..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1] ?? '');

  it('web/src imports nothing under src/ but src/shared', () => {
    const outside = files(join(root, 'web/src')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(root, resolve(dirname(file), spec)))
        .filter((target) => target.startsWith('src/') && !target.startsWith('src/shared/'))
        .map((target) => `${relative(root, file)} → ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('src/shared imports only zod and itself', () => {
    const foreign = files(join(root, 'src/shared')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec !== 'zod' && !spec.startsWith('./'))
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(foreign).toEqual([]);
  });
});
