/**
 * Templates and reports keep to the caller's scope: a town sees its own templates and those of the
 * units above it, never a sibling town's — and the database returns only those rows, the branch
 * being a condition of the query — and a report of a unit outside the scope cannot be given a
 * template, published or reopened.
 */
import type { KyselyPlugin, QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { DEFAULT_COUNTY_TEMPLATE_ID, DEFAULT_TEMPLATE_ID, ReportService } from './service.js';

let ctx: TestContext;
let f: Fixture;
let reports: ReportService;
let townOffice: Scope;
let otherOffice: Scope;
const ids: Record<'county' | 'town' | 'otherTown', string> = { county: '', town: '', otherTown: '' };

/** Rows the database handed back for queries of report_template, query by query. */
const templateRowsRead: number[] = [];
const pending = new WeakSet<QueryId>();
const counter: KyselyPlugin = {
  transformQuery(args) {
    if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"report_template"')) pending.add(args.queryId);
    return args.node;
  },
  transformResult(args) {
    if (pending.has(args.queryId)) templateRowsRead.push(args.result.rows.length);
    return Promise.resolve(args.result);
  },
};

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  reports = new ReportService(ctx);
  townOffice = await f.as('townOffice');
  otherOffice = await f.as('townOffice', f.otherTown);
  const countyOffice = await f.as('townOffice', f.county);
  ids.county = (await reports.copyTemplate(countyOffice, { orgId: f.county.id, name: '旗模板' })).id;
  ids.town = (await reports.copyTemplate(townOffice, { orgId: f.town.id, name: '甲镇模板' })).id;
  ids.otherTown = (await reports.copyTemplate(otherOffice, { orgId: f.otherTown.id, name: '乙镇模板' })).id;
});
afterAll(() => ctx.close());

describe('report templates by scope', () => {
  it('lists the defaults, the town’s own and those above it; a sibling town’s is not found', async () => {
    expect((await reports.templates(townOffice)).map((t) => t.id)).toEqual([DEFAULT_TEMPLATE_ID, DEFAULT_COUNTY_TEMPLATE_ID, ids.county, ids.town]);
    expect((await reports.templates(otherOffice)).map((t) => t.id)).toEqual([DEFAULT_TEMPLATE_ID, DEFAULT_COUNTY_TEMPLATE_ID, ids.county, ids.otherTown]);
    const reviewer = await f.as('countyReviewer');
    expect((await reports.templates(reviewer)).map((t) => t.id)).toEqual([DEFAULT_TEMPLATE_ID, DEFAULT_COUNTY_TEMPLATE_ID, ids.county, ids.town, ids.otherTown]);
    await expect(reports.template(townOffice, ids.otherTown)).rejects.toMatchObject({ status: 404 });
    expect((await reports.template(townOffice, ids.county)).name).toBe('旗模板');
  });

  it('reads only the scope’s template rows from the database', async () => {
    const watched = new ReportService({ ...ctx, db: { ...ctx.db, kysely: ctx.db.kysely.withPlugin(counter) } });
    templateRowsRead.length = 0;
    await watched.templates(townOffice);
    // Three templates are stored; the town's branch holds two of them, and only those two come back.
    expect(templateRowsRead).toEqual([2]);
    templateRowsRead.length = 0;
    await expect(watched.template(townOffice, ids.otherTown)).rejects.toMatchObject({ status: 404 });
    expect(templateRowsRead).toEqual([0]);
  });
});

describe('report actions by scope', () => {
  const reportsOf = (orgId: string) => ctx.db.kysely.selectFrom('annual_report').selectAll().where('org_id', '=', orgId).execute();

  it('refuses to choose a template for, publish or reopen another town’s report, and writes nothing', async () => {
    await expect(reports.chooseTemplate(townOffice, f.otherTown, 2025, DEFAULT_TEMPLATE_ID)).rejects.toMatchObject({ status: 404 });
    expect(await reportsOf(f.otherTown.id)).toEqual([]);

    // 乙镇's own report, approved by its leader: 甲镇 can neither publish nor reopen it.
    await reports.chooseTemplate(otherOffice, f.otherTown, 2025, ids.otherTown);
    await ctx.db.kysely.updateTable('annual_report').set({ status: 'approved' }).where('org_id', '=', f.otherTown.id).execute();
    const [before] = await reportsOf(f.otherTown.id);
    await expect(reports.publish(townOffice, f.otherTown, 2025)).rejects.toMatchObject({ status: 404 });
    await expect(reports.reopen(await f.as('leader'), f.otherTown, 2025)).rejects.toMatchObject({ status: 404 });
    expect(await reportsOf(f.otherTown.id)).toEqual([before]);
    expect(before).toMatchObject({ status: 'approved', template_id: ids.otherTown });
  });
});
