/**
 * Towns' and counties' own indicators across the tree: a code is unique along one branch (a unit,
 * those above it and those below it), so two towns may each use one; a county user names the owner
 * where two of its towns do; a unit's figures are checked and evaluated with the definitions that
 * apply to it; and editing a figure is refused when a ratio or change resting on it would no longer hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstLedger } from '../report/draft-check.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import type { Scope } from '../org/scope.js';
import { resolvePeriod } from './period.js';
import { TownIndicatorService } from './town-defined.js';
import { stringContaining, stringMatching } from '../testing/matchers.js';

let ctx: TestContext;
let f: Fixture;
let own: TownIndicatorService;
let jia: Scope;
let yi: Scope;
let county: Scope;
const Y2025 = resolvePeriod({ year: 2025 });

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  own = new TownIndicatorService(ctx);
  jia = await f.as('townOffice');
  yi = await f.as('townOffice', f.otherTown);
  county = await f.as('townOffice', f.county);
  const dispute = (orgId: string, extra: Record<string, unknown>) => ctx.ledger.create(f.system, 'dispute', disputeBody(orgId, extra));
  // 甲镇 2025: three neighbour disputes, one over wages. 乙镇 2025: one neighbour, two over wages.
  for (const title of ['院墙滴水争执', '共用通道堵塞', '树木遮挡采光']) await dispute(f.villageA.id, { category: 'neighbour', title });
  await dispute(f.villageB.id, { category: 'labour', title: '工地工钱未结' });
  await dispute(f.otherVillage.id, { category: 'neighbour', title: '宅前堆放杂物' });
  for (const title of ['季节工工钱', '装修队欠款']) await dispute(f.otherVillage.id, { category: 'labour', title });
});
afterAll(() => ctx.close());

const valuesFor = async (scope: Scope, unit: Fixture['town']) => Object.fromEntries((await ctx.indicators.evaluate(scope, unit, Y2025)).map((v) => [v.code, v]));
const codeRows = (code: string) => ctx.db.kysely.selectFrom('town_indicator').select(['org_id', 'version', 'retired']).where('code', '=', code).orderBy('org_id').execute();

describe('codes along a branch', () => {
  it('two towns may each use a code; a unit above or below either may not', async () => {
    const jiaCases = await own.define(jia, { orgId: f.town.id, code: 'own.hotspot_cases', label: '本镇邻里纠纷', unit: '件', aliases: ['邻里矛盾'], measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
    const yiCases = await own.define(yi, { orgId: f.otherTown.id, code: 'own.hotspot_cases', label: '本镇欠薪纠纷', unit: '件', aliases: ['欠薪纠纷'], measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] });
    expect([jiaCases.orgId, yiCases.orgId]).toEqual([f.town.id, f.otherTown.id]);

    // Each town's figure is its own, whoever evaluates it.
    expect((await valuesFor(county, f.town))['own.hotspot_cases']).toMatchObject({ label: '本镇邻里纠纷', value: 3 });
    expect((await valuesFor(county, f.otherTown))['own.hotspot_cases']).toMatchObject({ label: '本镇欠薪纠纷', value: 2 });
    expect((await valuesFor(yi, f.otherTown))['own.hotspot_cases']?.value).toBe(2);

    // The county would offer its figure of that code to both towns: refused, naming a town that uses it.
    expect(await appErrorOf(own.define(county, { orgId: f.county.id, code: 'own.hotspot_cases', label: '全旗热点纠纷', unit: '件', measure: 'count', kind: 'dispute' }))).toMatchObject({
      status: 400,
      field: 'code',
      message: stringMatching(/^「编码」own\.hotspot_cases 已被“[甲乙]镇”的指标使用/),
    });
    expect(await appErrorOf(own.define(jia, { orgId: f.town.id, code: 'own.hotspot_cases', label: '再建一个', unit: '件', measure: 'count', kind: 'dispute' }))).toMatchObject({
      field: 'code',
      message: stringContaining('已被本单位的指标使用'),
    });
    // A town may not take a code its county uses, nor one it retired (reports approved with it keep the code).
    await own.define(county, { orgId: f.county.id, code: 'cty.wage_help', label: '欠薪求助', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] });
    expect(await appErrorOf(own.define(jia, { orgId: f.town.id, code: 'cty.wage_help', label: '本镇欠薪求助', unit: '件', measure: 'count', kind: 'dispute' }))).toMatchObject({
      field: 'code',
      message: stringContaining('“测试旗”'),
    });
    await own.define(jia, { orgId: f.town.id, code: 'own.old_figure', label: '旧口径纠纷', unit: '件', measure: 'count', kind: 'dispute' });
    await own.retire(jia, 'own.old_figure');
    expect(await appErrorOf(own.define(county, { orgId: f.county.id, code: 'own.old_figure', label: '新口径纠纷', unit: '件', measure: 'count', kind: 'dispute' }))).toMatchObject({ field: 'code' });
    expect((await codeRows('own.old_figure')).map((r) => r.org_id)).toEqual([f.town.id]);
  });

  it('two creates of one code on a branch at once: exactly one is saved', async () => {
    const body = (orgId: string, code: string) => ({ orgId, code, label: '同时新建的指标', unit: '件', measure: 'count', kind: 'dispute' });
    for (const [code, callers] of [
      ['own.race_a', [[county, f.county.id], [jia, f.town.id]]],
      ['own.race_b', [[jia, f.town.id], [jia, f.town.id], [jia, f.town.id]]],
    ] as const) {
      const results = await Promise.allSettled(callers.map(([scope, orgId]) => own.define(scope, body(orgId, code))));
      expect(results.filter((r) => r.status === 'fulfilled'), code).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 400, field: 'code' });
      expect(await codeRows(code)).toHaveLength(1);
    }
  });

  it('a ratio saved while its part is retired: never a ratio over a retired part', async () => {
    for (let round = 0; round < 4; round++) {
      const part = `own.part_${round}`;
      await own.define(jia, { orgId: f.town.id, code: part, label: '邻里纠纷件数', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
      const [ratio, retired] = await Promise.allSettled([
        own.define(jia, { orgId: f.town.id, code: `own.share_${round}`, label: '邻里纠纷占比', measure: 'ratio', numerator: part, denominator: 'dispute.screened' }),
        own.retire(jia, part),
      ]);
      // One of the two wins; the other is refused naming why, never both.
      expect([ratio.status, retired.status].filter((s) => s === 'fulfilled'), `round ${round}`).toHaveLength(1);
      const rows = await codeRows(part);
      if (ratio.status === 'fulfilled') expect(rows.map((r) => r.retired)).toEqual([0]);
      else expect(ratio.reason).toMatchObject({ field: 'numerator' });
      if (retired.status === 'rejected') expect(retired.reason).toMatchObject({ status: 409 });
    }
  });

  it('a county user names the owner where two towns use the code, and nothing changes until it does', async () => {
    const edit = { version: 1, label: '本镇欠薪纠纷', unit: '件', aliases: ['欠薪纠纷', '讨薪'], measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] };
    for (const refused of [() => own.update(county, 'own.hotspot_cases', edit), () => own.retire(county, 'own.hotspot_cases'), () => own.versions(county, 'own.hotspot_cases')]) {
      const error = await appErrorOf(refused());
      expect(error).toMatchObject({ status: 422, id: 'ambiguous_owner', field: 'orgId', message: stringContaining('请指明「所属单位」') });
      for (const town of ['甲镇', '乙镇']) expect(error.message).toContain(town);
    }
    expect((await codeRows('own.hotspot_cases')).map((r) => r.version)).toEqual([1, 1]);

    expect((await own.update(county, 'own.hotspot_cases', edit, f.otherTown.id)).version).toBe(2);
    expect((await own.versions(county, 'own.hotspot_cases', f.otherTown.id)).versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await own.versions(county, 'own.hotspot_cases', f.town.id)).versions.map((v) => v.version)).toEqual([1]);
    // A town addresses its own without naming it, and never its neighbour's.
    expect((await own.versions(jia, 'own.hotspot_cases')).orgId).toBe(f.town.id);
    expect(await appErrorOf(own.update(jia, 'own.hotspot_cases', { ...edit, version: 2 }, f.otherTown.id))).toMatchObject({ status: 404 });
    expect((await codeRows('own.hotspot_cases')).map((r) => [r.org_id, r.version])).toEqual(
      [
        [f.town.id, 1],
        [f.otherTown.id, 2],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});

describe('a unit is checked with the definitions that apply to it', () => {
  it('a county user checking 甲镇’s draft reads 甲镇’s words, not 乙镇’s', async () => {
    await own.define(yi, { orgId: f.otherTown.id, code: 'yz.wage_visits', label: '讨薪接访', unit: '件', aliases: ['讨薪来访'], measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] });

    const ownCodes = (check: Awaited<ReturnType<typeof checkAgainstLedger>>) => [...check.matched, ...check.mismatched].map((m) => m.code).filter((c) => c.startsWith('own.') || c.startsWith('yz.'));
    // 乙镇's words, in a draft of 甲镇: neither 乙镇's figure nor 甲镇's figure of the same code is read by them.
    const theirWords = await checkAgainstLedger(ctx, county, f.town, 2025, '全年接待讨薪来访2件，调处欠薪纠纷2件。');
    expect(ownCodes(theirWords)).toEqual([]);
    // 甲镇's own word finds 甲镇's figure, with 甲镇's value.
    const ourWords = await checkAgainstLedger(ctx, county, f.town, 2025, '全年化解邻里矛盾3件。');
    expect(ourWords.matched.map((m) => [m.code, m.draftValue])).toContainEqual(['own.hotspot_cases', 3]);
    // Checking 乙镇's draft, the county user gets 乙镇's.
    const theirs = await checkAgainstLedger(ctx, county, f.otherTown, 2025, '全年接待讨薪来访2件。');
    expect(theirs.matched.map((m) => [m.code, m.draftValue])).toContainEqual(['yz.wage_visits', 2]);

    // Evaluated for 甲镇, 乙镇's figure is not there; listed for the county's management, both towns' are.
    expect(Object.keys(await valuesFor(county, f.town))).not.toContain('yz.wage_visits');
    const listed = (await ctx.indicators.definitions(county)).indicators.filter((i) => i.code === 'own.hotspot_cases').map((i) => i.ownerOrgId);
    expect(listed.sort()).toEqual([f.town.id, f.otherTown.id].sort());
  });
});

describe('ratios and changes', () => {
  it('are refused over a ratio, across units, or in another unit than what they compare', async () => {
    await own.define(jia, { orgId: f.town.id, code: 'jz.mediated', label: '调委会调解', unit: '件', measure: 'count', kind: 'dispute' });
    await own.define(jia, { orgId: f.town.id, code: 'jz.mediated_share', label: '调委会调解占比', measure: 'ratio', numerator: 'jz.mediated', denominator: 'dispute.screened' });
    await own.define(jia, { orgId: f.town.id, code: 'jz.fee', label: '调解补贴', unit: '元', measure: 'count', kind: 'dispute' });
    const ratio = { orgId: f.town.id, label: '比率测试', measure: 'ratio' };
    expect(await appErrorOf(own.define(jia, { ...ratio, numerator: 'jz.mediated_share', denominator: 'dispute.screened' }))).toMatchObject({ field: 'numerator', message: stringContaining('不能是比率或百分比') });
    expect(await appErrorOf(own.define(jia, { ...ratio, numerator: 'jz.mediated', denominator: 'dispute.resolution_rate' }))).toMatchObject({ field: 'denominator', message: stringContaining('比率') });
    expect(await appErrorOf(own.define(jia, { ...ratio, numerator: 'jz.fee', denominator: 'dispute.screened' }))).toMatchObject({ field: 'denominator', message: stringContaining('（元）') });
    // A plain quotient may divide across units: 元 per 件.
    expect((await own.define(jia, { ...ratio, label: '件均补贴', unit: '元', percent: false, numerator: 'jz.fee', denominator: 'dispute.screened' })).definition.percent).toBe(false);

    const change = { orgId: f.town.id, label: '同比测试', measure: 'change', of: 'jz.mediated' };
    expect(await appErrorOf(own.define(jia, { ...change, unit: '场' }))).toMatchObject({ field: 'unit', message: stringContaining('（件）') });
    // Without a unit, an absolute change counts in the unit of what it compares.
    expect((await own.define(jia, { ...change, code: 'jz.mediated_delta' })).definition.unit).toBe('件');
  });

  it('editing a figure that ratios and changes rest on is refused when they would no longer hold, naming them', async () => {
    const before = (await own.versions(jia, 'jz.mediated')).current;
    const audits = async () => (await ctx.db.kysely.selectFrom('audit_log').select('id').where('kind', '=', 'townIndicator').where('record_id', '=', 'jz.mediated').execute()).length;
    const auditsBefore = await audits();
    const count = { version: before, label: '调委会调解', unit: '件', measure: 'count', kind: 'dispute' };

    // Made a ratio: the share would be a ratio of a ratio, and the change, in 件, would compare a percentage.
    const asRatio = await appErrorOf(own.update(jia, 'jz.mediated', { version: before, label: '调委会调解率', measure: 'ratio', numerator: 'dispute.resolved', denominator: 'dispute.screened' }));
    expect(asRatio).toMatchObject({ status: 400, field: 'measure' });
    expect(asRatio.message).toMatch(/^本指标被其他指标引用/);
    expect(asRatio.message).toContain('“调委会调解占比”（jz.mediated_share）');
    expect(asRatio.message).toContain('“同比测试”（jz.mediated_delta）');
    // Made a change: the change resting on it would be a change of a change.
    const asChange = await appErrorOf(own.update(jia, 'jz.mediated', { version: before, label: '调解增减', unit: '件', measure: 'change', of: 'dispute.screened' }));
    expect(asChange).toMatchObject({ field: 'measure', message: stringContaining('不能对同比指标“调解增减”再求同比') });
    // Counted in 元: the percentage would divide 元 by 件, the change be in 件 of a figure in 元.
    const inYuan = await appErrorOf(own.update(jia, 'jz.mediated', { ...count, unit: '元' }));
    expect(inYuan).toMatchObject({ field: 'unit' });
    expect(inYuan.message).toContain('jz.mediated_share');
    expect(inYuan.message).toContain('jz.mediated_delta');
    expect([(await own.versions(jia, 'jz.mediated')).current, await audits()]).toEqual([before, auditsBefore]);

    // An edit they still hold under is saved.
    expect((await own.update(jia, 'jz.mediated', { ...count, filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] })).version).toBe(before + 1);

    // A change saved before these rules, in another unit than what it compares, does not block an edit that does not touch it.
    await ctx.db.kysely
      .updateTable('town_indicator')
      .set({ definition: JSON.stringify({ code: 'jz.mediated_delta', label: '同比测试', unit: '次', measure: 'change', of: 'jz.mediated', as: 'absolute' }) })
      .where('org_id', '=', f.town.id)
      .where('code', '=', 'jz.mediated_delta')
      .execute();
    ctx.indicators.own.invalidate();
    expect((await own.update(jia, 'jz.mediated', { ...count, version: before + 1, label: '调委会调解件数' })).version).toBe(before + 2);
  });

  it('a county’s figure resting under a town’s ratio: the town’s ratio is named', async () => {
    await own.define(county, { orgId: f.county.id, code: 'cty.visits', label: '来访纠纷', unit: '件', measure: 'count', kind: 'dispute' });
    await own.define(yi, { orgId: f.otherTown.id, code: 'yz.visit_share', label: '来访纠纷占比', measure: 'ratio', numerator: 'cty.visits', denominator: 'dispute.screened' });
    const refused = await appErrorOf(own.update(county, 'cty.visits', { version: 1, label: '来访纠纷', unit: '人', measure: 'count', kind: 'dispute' }));
    expect(refused).toMatchObject({ field: 'unit', message: stringContaining('“来访纠纷占比”（yz.visit_share）') });
    // Retiring it is refused while the town's ratio uses it.
    expect(await appErrorOf(own.retire(county, 'cty.visits'))).toMatchObject({ status: 409, message: stringContaining('来访纠纷占比') });
  });
});
