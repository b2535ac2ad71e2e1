/**
 * Town- and county-defined indicators on any kind (issue 15, item 2): a county's ratio offered to
 * its towns, a town's filtered count over a built-in kind, year-on-year changes, versions frozen
 * with an approved report, and validation that refuses without changing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomKindService } from '../ledger/custom-kinds.js';
import { ListEditor } from '../ledger/lists.js';
import { checkAgainstLedger } from '../report/draft-check.js';
import { ReportService } from '../report/service.js';
import { isFigure } from '../report/model.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import type { Scope } from '../org/scope.js';
import { resolvePeriod } from './period.js';
import { TownIndicatorService } from './town-defined.js';
import { stringContaining } from '../testing/matchers.js';

let ctx: TestContext;
let f: Fixture;
let own: TownIndicatorService;
let office: Scope;
let countyOffice: Scope;
const Y2025 = resolvePeriod({ year: 2025 });

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  own = new TownIndicatorService(ctx);
  office = await f.as('townOffice');
  countyOffice = await f.as('townOffice', f.county);
  const dispute = (orgId: string, extra: Record<string, unknown>) => ctx.ledger.create(f.system, 'dispute', disputeBody(orgId, extra));
  // 甲镇 2025: three neighbour disputes (two to go to court), one labour; 2024: two neighbour. 乙镇 2025: one neighbour.
  await dispute(f.villageA.id, { category: 'neighbour', seekJudicialConfirmation: true, title: '宅基地边界争执' });
  await dispute(f.villageA.id, { category: 'neighbour', seekJudicialConfirmation: true, date: '2025-09-01', title: '排水沟堵塞争执' });
  await dispute(f.villageB.id, { category: 'neighbour', date: '2025-11-20', title: '噪声扰邻' });
  await dispute(f.villageB.id, { category: 'labour', date: '2025-06-15', title: '拖欠工资' });
  await dispute(f.villageA.id, { category: 'neighbour', date: '2024-04-01', title: '上年边界争执' });
  await dispute(f.villageB.id, { category: 'neighbour', date: '2024-10-01', title: '上年噪声' });
  await dispute(f.otherVillage.id, { category: 'neighbour', title: '乙镇邻里纠纷' });
});
afterAll(() => ctx.close());

const valuesOf = async (scope: Scope, unit = f.town, codes?: string[]) =>
  Object.fromEntries((await ctx.indicators.evaluate(scope, unit, Y2025, codes)).map((v) => [v.code, v]));

describe('a county-defined ratio', () => {
  it('is evaluated for every town under the county, with the records behind both sides', async () => {
    await own.define(countyOffice, { orgId: f.county.id, code: 'cty.neighbour', label: '邻里纠纷数', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
    await own.define(countyOffice, { orgId: f.county.id, code: 'cty.neighbour_share', label: '邻里纠纷占比', measure: 'ratio', numerator: 'cty.neighbour', denominator: 'dispute.screened', precision: 2 });

    const town = await valuesOf(office, f.town, ['cty.neighbour', 'cty.neighbour_share']);
    expect(town['cty.neighbour']?.value).toBe(3);
    expect(town['cty.neighbour_share']).toMatchObject({ unit: '%', numerator: 3, denominator: 4, value: 75, precision: 2 });
    const other = await valuesOf(await f.as('townOffice', f.otherTown), f.otherTown, ['cty.neighbour_share']);
    expect(other['cty.neighbour_share']).toMatchObject({ numerator: 1, denominator: 1, value: 100 });

    const provenance = await ctx.indicators.provenance(office, f.town, Y2025, 'cty.neighbour_share');
    expect(provenance.numerator?.ids).toHaveLength(3);
    expect(provenance.denominator?.ids).toHaveLength(4);
    expect(provenance.numerator?.ids.every((id) => provenance.denominator?.ids.includes(id))).toBe(true);
  });
});

describe('a town indicator on a built-in kind', () => {
  it('filters by choice, yes/no, date range and words, and only its own town is offered it', async () => {
    const defined = await own.define(office, {
      orgId: f.town.id,
      code: 'jz.court_neighbour',
      label: '拟司法确认的邻里纠纷',
      unit: '件次',
      aliases: ['申请司法确认邻里纠纷'],
      measure: 'count',
      kind: 'dispute',
      filters: [
        { field: 'category', op: 'in', values: ['neighbour', 'labour'] },
        { field: 'seekJudicialConfirmation', op: 'is', value: true },
        { field: 'date', op: 'between', from: '2025-01-01', to: '2025-06-30' },
      ],
    });
    expect(defined.version).toBe(1);
    await own.define(office, { orgId: f.town.id, code: 'jz.boundary', label: '边界类纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'title', op: 'contains', words: ['边界', '排水'] }] });
    await own.define(office, { orgId: f.town.id, code: 'jz.categories', label: '纠纷类别数', unit: '类', measure: 'distinct', kind: 'dispute', field: 'category' });

    const values = await valuesOf(office, f.town, ['jz.court_neighbour', 'jz.boundary', 'jz.categories']);
    expect(values['jz.court_neighbour']).toMatchObject({ value: 1, unit: '件次' });
    expect(values['jz.boundary']?.value).toBe(2);
    expect(values['jz.categories']?.value).toBe(2);
    expect((await ctx.indicators.provenance(office, f.town, Y2025, 'jz.court_neighbour')).ids).toHaveLength(1);

    // 乙镇 is not offered 甲镇's figure; the county above sees it.
    const theirs = await ctx.indicators.definitions(await f.as('townOffice', f.otherTown));
    expect(theirs.indicators.map((i) => i.code)).not.toContain('jz.court_neighbour');
    expect(theirs.indicators.map((i) => i.code)).toContain('cty.neighbour');
    expect((await ctx.indicators.definitions(countyOffice)).indicators.map((i) => i.code)).toContain('jz.court_neighbour');

    // Its alias is a word the draft check reads the figure by.
    const check = await checkAgainstLedger(ctx, office, f.town, 2025, '全年申请司法确认邻里纠纷1件次。');
    expect(check.matched.map((m) => [m.code, m.draftValue])).toContainEqual(['jz.court_neighbour', 1]);

    // Every change is audited.
    const audits = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'record_id']).where('kind', '=', 'townIndicator').where('record_id', '=', 'jz.court_neighbour').execute();
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });
});

describe('a town indicator on a custom kind', () => {
  it('sums a number field over records within a number range', async () => {
    const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(office, {
      orgId: f.town.id,
      label: '法治夜校',
      area: 'publicity',
      fields: [{ label: '参加人数', type: 'integer', required: true }],
    });
    for (const n of [8, 30, 45, 120]) await ctx.ledger.create(office, kind.code, { orgId: f.villageA.id, date: '2025-05-10', title: `夜校${n}人`, f1: n });
    await own.define(office, { orgId: f.town.id, code: 'jz.night_mid', label: '中等规模夜校参加人次', unit: '人次', measure: 'sum', kind: kind.code, field: 'f1', filters: [{ field: 'f1', op: 'between', from: 10, to: 100 }] });
    await own.define(office, { orgId: f.town.id, code: 'jz.night_big', label: '大型夜校场次', unit: '场', measure: 'count', kind: kind.code, filters: [{ field: 'f1', op: 'between', from: 100 }] });
    const values = await valuesOf(office, f.town, ['jz.night_mid', 'jz.night_big']);
    expect([values['jz.night_mid']?.value, values['jz.night_big']?.value]).toEqual([75, 1]);
  });
});

describe('change against last year', () => {
  it('absolute and percent, with the records of both years', async () => {
    await own.define(office, { orgId: f.town.id, code: 'jz.neighbour', label: '本镇邻里纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
    await own.define(office, { orgId: f.town.id, code: 'jz.neighbour_delta', label: '邻里纠纷同比增减', unit: '件', measure: 'change', of: 'jz.neighbour', as: 'absolute' });
    await own.define(office, { orgId: f.town.id, code: 'jz.neighbour_yoy', label: '邻里纠纷同比', measure: 'change', of: 'jz.neighbour', as: 'percent', precision: 0 });
    const values = await valuesOf(office, f.town, ['jz.neighbour_delta', 'jz.neighbour_yoy']);
    expect(values['jz.neighbour_delta']).toMatchObject({ value: 1, previous: 2 });
    expect(values['jz.neighbour_yoy']).toMatchObject({ unit: '%', value: 50, numerator: 1, denominator: 2, precision: 0 });
    const provenance = await ctx.indicators.provenance(office, f.town, Y2025, 'jz.neighbour_yoy');
    expect([provenance.current?.ids.length, provenance.previous?.ids.length]).toEqual([3, 2]);
  });
});

describe('versions', () => {
  it('an approved report keeps the version it was approved with after the definition is edited', async () => {
    await own.define(office, { orgId: f.town.id, code: 'jz.labour', label: '劳资纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] });
    const reports = new ReportService(ctx);
    const copy = await reports.copyTemplate(office, { orgId: f.town.id, name: '本镇模板' });
    await reports.saveTemplate(office, copy.id, { version: copy.version, body: { ...copy.body, opening: `全年调处劳资纠纷{{jz.labour|exact}}。${copy.body.opening}` } });
    await reports.chooseTemplate(office, f.town, 2025, copy.id);
    await reports.approve(await f.as('leader'), f.town, 2025);

    // Edited afterwards: now it counts neighbour disputes (3), as version 2.
    const edited = await own.update(office, 'jz.labour', { version: 1, label: '劳资纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
    expect(edited.version).toBe(2);
    expect((await valuesOf(office, f.town, ['jz.labour']))['jz.labour']?.value).toBe(3);

    const report = await reports.composed(office, f.town, 2025);
    const figure = report.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs : [])).find((r) => isFigure(r) && r.figure.code === 'jz.labour');
    expect(figure && isFigure(figure) ? figure.figure.value : undefined).toBe(1);
    const history = await own.versions(office, 'jz.labour');
    expect(history.versions.map((v) => [v.version, v.usedBy.map((u) => `${u.year}:${u.status}`)])).toEqual([
      [2, []],
      [1, ['2025:approved']],
    ]);
    expect((history.versions[1]?.definition.filters?.[0] as { values: string[] }).values).toEqual(['labour']);
  });
});

describe('validation', () => {
  it('names the field and changes nothing', async () => {
    const before = await ctx.db.kysely.selectFrom('town_indicator').select('code').execute();
    const auditBefore = await ctx.db.kysely.selectFrom('audit_log').select('id').where('kind', '=', 'townIndicator').execute();
    const base = { orgId: f.town.id, label: '测试指标', unit: '件', measure: 'count', kind: 'dispute' };
    const refused = async (body: Record<string, unknown>) => appErrorOf(own.define(office, { ...base, ...body }));
    expect(await refused({ filters: [{ field: 'nope', op: 'in', values: ['x'] }] })).toMatchObject({ status: 400, field: 'filters.0.field', message: stringContaining('没有字段') });
    expect(await refused({ filters: [{ field: 'category', op: 'is', value: true }] })).toMatchObject({ field: 'filters.0.op', message: stringContaining('「纠纷类别」是选项字段') });
    expect(await refused({ filters: [{ field: 'category', op: 'in', values: ['noSuchItem'] }] })).toMatchObject({ field: 'filters.0.values' });
    expect(await refused({ filters: [{ field: 'resolvedOn', op: 'between', from: 5 }] })).toMatchObject({ field: 'filters.0.from' });
    expect(await refused({ filters: [{ field: 'title', op: 'between', from: 1, to: 2 }] })).toMatchObject({ field: 'filters.0.op' });
    expect(await refused({ filters: [{ field: 'parties', op: 'contains', words: ['王'] }] })).toMatchObject({ field: 'filters.0.field', message: stringContaining('敏感') });
    expect(await refused({ measure: 'distinct', field: 'parties' })).toMatchObject({ field: 'field', message: stringContaining('敏感') });
    expect(await refused({ measure: 'sum', field: 'category' })).toMatchObject({ field: 'field', message: stringContaining('数字字段') });
    expect(await refused({ kind: 'noSuchKind' })).toMatchObject({ field: 'kind' });
    expect(await refused({ unit: '斤' })).toMatchObject({ field: 'unit', message: stringContaining('单位') });
    expect(await refused({ code: 'dispute.screened' })).toMatchObject({ field: 'code', message: stringContaining('系统指标') });
    expect(await refused({ kind: undefined, measure: 'ratio', numerator: 'no.such', denominator: 'dispute.screened' })).toMatchObject({ field: 'numerator', message: stringContaining('不存在') });
    expect(await refused({ kind: undefined, measure: 'change', of: 'jz.neighbour_delta', as: 'percent' })).toMatchObject({ field: 'of', message: stringContaining('同比') });
    expect(await refused({ orgId: f.otherTown.id })).toMatchObject({ field: 'orgId' });
    expect(await refused({ orgId: f.villageA.id })).toMatchObject({ field: 'orgId' });
    // A cycle through an edit: a → b, then a edited to use b's own target … a.
    await own.define(office, { orgId: f.town.id, code: 'jz.cyc_a', label: '循环甲', unit: '件', measure: 'count', kind: 'dispute' });
    await own.define(office, { orgId: f.town.id, code: 'jz.cyc_b', label: '循环乙', measure: 'ratio', numerator: 'jz.cyc_a', denominator: 'dispute.screened' });
    expect(await appErrorOf(own.update(office, 'jz.cyc_a', { version: 1, label: '循环甲', measure: 'ratio', numerator: 'jz.cyc_b', denominator: 'dispute.screened' }))).toMatchObject({
      field: 'numerator',
      message: stringContaining('循环'),
    });
    // A role that may not edit the report may not define its figures.
    expect(await appErrorOf(own.define(await f.as('departmentClerk'), base))).toMatchObject({ status: 403 });
    expect(await appErrorOf(own.retire(office, 'jz.cyc_a'))).toMatchObject({ status: 409, field: 'code' });

    const after = await ctx.db.kysely.selectFrom('town_indicator').select('code').execute();
    expect(after.length).toBe(before.length + 2);
    const auditAfter = await ctx.db.kysely.selectFrom('audit_log').select('id').where('kind', '=', 'townIndicator').execute();
    expect(auditAfter.length).toBe(auditBefore.length + 2);
    expect((await ctx.db.kysely.selectFrom('town_indicator').select('version').where('code', '=', 'jz.cyc_a').executeTakeFirstOrThrow()).version).toBe(1);
  });

  it('offers the seeded unit words and the words a town adds', async () => {
    const words = await own.unitWords(f.town.path);
    for (const w of ['次', '场', '件次', '项', '类', '批次', '家', '万元']) expect(words.has(w)).toBe(true);
    expect(await appErrorOf(own.define(office, { orgId: f.town.id, label: '法治课时', unit: '课时', measure: 'count', kind: 'dispute' }))).toMatchObject({ field: 'unit' });
    await new ListEditor(ctx.db, ctx.lists).addItem(office, 'indicator.unit', { label: '课时' });
    expect((await own.define(office, { orgId: f.town.id, label: '法治课时', unit: '课时', measure: 'count', kind: 'dispute' })).definition.unit).toBe('课时');
    // Another town does not get 甲镇's word.
    expect((await own.unitWords(f.otherTown.path)).has('课时')).toBe(false);
  });
});
