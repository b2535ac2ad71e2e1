/**
 * An approved report keeps what stands behind its figures: a town's own ratio and year-on-year
 * change keep their records on both sides, their kinds and labels and the definition version they
 * were counted with, whatever happens later to the definitions or the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomKindService } from '../ledger/custom-kinds.js';
import { resolvePeriod } from '../indicators/period.js';
import { TownIndicatorService } from '../indicators/town-defined.js';
import type { Scope } from '../org/scope.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { blockText, type ComposedReport } from './model.js';
import { ReportView, type FigureRecords } from './report-view.js';
import { ReportService, type Frozen } from './service.js';
import { stringContaining } from '../testing/matchers.js';

let ctx: TestContext;
let f: Fixture;
let own: TownIndicatorService;
let reports: ReportService;
let view: ReportView;
let office: Scope;
let agreements: string;
const disputes: Record<string, { id: string; version: number }> = {};

const text = (report: ComposedReport) => report.blocks.map(blockText).join('\n');
const PAGE = { page: 1, pageSize: 50 };
const figure = (code: string, side?: 'numerator' | 'denominator' | 'current' | 'previous', year = 2025) => view.figureRecords(office, f.town, year, code, PAGE, side);
const titles = (r: FigureRecords) => r.records.map((x) => x.title).sort();

/** Everything the report page can ask about the two figures. */
const explained = async () => ({
  share: await figure('jz.court_share'),
  shareNumerator: await figure('jz.court_share', 'numerator'),
  yoy: await figure('jz.neighbour_yoy'),
  yoyPrevious: await figure('jz.neighbour_yoy', 'previous'),
});

let approvedText: string;
let approvedAnswers: Awaited<ReturnType<typeof explained>>;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  own = new TownIndicatorService(ctx);
  reports = new ReportService(ctx);
  view = new ReportView(ctx);
  office = await f.as('townOffice');
  const dispute = async (name: string, orgId: string, extra: Record<string, unknown>) => {
    const created = await ctx.ledger.create(f.system, 'dispute', disputeBody(orgId, { title: name, ...extra }));
    disputes[name] = { id: created.id, version: created.version };
  };
  // 甲镇 2025: four disputes, two of them to go to court, three between neighbours; 2024: two between neighbours.
  await dispute('鱼塘承包期限争议', f.villageA.id, { category: 'neighbour', seekJudicialConfirmation: true, date: '2025-02-11' });
  await dispute('院墙滴水纠纷', f.villageB.id, { category: 'neighbour', seekJudicialConfirmation: true, date: '2025-05-30' });
  await dispute('羊只越界啃食', f.villageA.id, { category: 'neighbour', date: '2025-08-02' });
  await dispute('打工款结算分歧', f.villageB.id, { category: 'labour', date: '2025-10-19' });
  await dispute('上年水渠分水争执', f.villageA.id, { category: 'neighbour', date: '2024-06-03' });
  await dispute('上年宅前道路争执', f.villageB.id, { category: 'neighbour', date: '2024-09-21' });
  await dispute('乙镇邻里争执', f.otherVillage.id, { category: 'neighbour', seekJudicialConfirmation: true, date: '2025-04-04' });

  const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(office, { orgId: f.town.id, label: '调解协议书', area: 'governance', fields: [{ label: '协议金额（元）', type: 'decimal', required: true }] });
  agreements = kind.code;
  await ctx.ledger.create(office, kind.code, { orgId: f.villageA.id, date: '2025-07-07', title: '草场租金分期支付协议', f1: 12000 });

  await own.define(office, { orgId: f.town.id, code: 'jz.court', label: '申请司法确认的纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'seekJudicialConfirmation', op: 'is', value: true }] });
  await own.define(office, { orgId: f.town.id, code: 'jz.court_share', label: '申请司法确认纠纷占比', measure: 'ratio', numerator: 'jz.court', denominator: 'dispute.screened', precision: 0 });
  await own.define(office, { orgId: f.town.id, code: 'jz.neighbour', label: '邻里纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['neighbour'] }] });
  await own.define(office, { orgId: f.town.id, code: 'jz.neighbour_yoy', label: '邻里纠纷同比增幅', measure: 'change', of: 'jz.neighbour', as: 'percent', precision: 0 });

  // The report prints the ratio and the change, not the numerator nor the compared count.
  const copy = await reports.copyTemplate(office, { orgId: f.town.id, name: '甲镇模板' });
  const opening = `本年度纠纷中申请司法确认的占{{jz.court_share|percent}}，邻里纠纷较上年增长{{jz.neighbour_yoy|percent}}。${copy.body.opening}`;
  await reports.saveTemplate(office, copy.id, { version: copy.version, body: { ...copy.body, opening } });
  await reports.chooseTemplate(office, f.town, 2025, copy.id);
  await reports.approve(await f.as('leader'), f.town, 2025);
  approvedText = text(await reports.composed(office, f.town, 2025));
  approvedAnswers = await explained();
});
afterAll(() => ctx.close());

describe('an approved report explains its figures from what it froze', () => {
  it('lists both sides of a ratio, with the records of the numerator marked', async () => {
    expect(approvedText).toContain('申请司法确认的占50%');
    expect(approvedText).toContain('较上年增长50%');
    const { share, shareNumerator } = approvedAnswers;
    expect(share).toMatchObject({
      frozen: true,
      value: 50,
      numerator: 2,
      denominator: 4,
      definitionVersion: 1,
      side: 'denominator',
      kind: 'dispute',
      kindLabel: '矛盾纠纷',
      numeratorLabel: '申请司法确认的纠纷',
      total: 4,
    });
    expect(share.sides?.map((s) => [s.side, s.code, s.value, s.total])).toEqual([
      ['numerator', 'jz.court', 2, 2],
      ['denominator', 'dispute.screened', 4, 4],
    ]);
    expect(share.records.filter((r) => r.inNumerator).map((r) => r.title).sort()).toEqual(['院墙滴水纠纷', '鱼塘承包期限争议']);
    expect(shareNumerator).toMatchObject({ side: 'numerator', kind: 'dispute', total: 2 });
    expect(titles(shareNumerator)).toEqual(['院墙滴水纠纷', '鱼塘承包期限争议']);

    // Stored once: the figure's ids are its provenance, the denominator's are the figure's.
    const row = await ctx.db.kysely.selectFrom('annual_report').select('frozen').where('org_id', '=', f.town.id).where('year', '=', 2025).executeTakeFirstOrThrow();
    const frozen = JSON.parse(row.frozen ?? '{}') as Frozen;
    expect(frozen.provenance['jz.court_share']).toHaveLength(4);
    expect(frozen.figures?.['jz.court_share']).not.toHaveProperty('ids');
    expect(frozen.figures?.['jz.court_share']?.sides?.denominator).not.toHaveProperty('ids');
    expect(frozen.figures?.['jz.court_share']?.sides?.numerator?.ids).toHaveLength(2);
    expect(frozen.figures?.['jz.neighbour_yoy']?.sides?.previous?.ids).toHaveLength(2);
  });

  it("lists a change's records of this year and of last year", async () => {
    const { yoy, yoyPrevious } = approvedAnswers;
    expect(yoy).toMatchObject({ frozen: true, value: 50, definitionVersion: 1, side: 'current', kind: 'dispute', total: 3 });
    expect(yoy.sides?.map((s) => [s.side, s.code, s.value, s.total])).toEqual([
      ['current', 'jz.neighbour', 3, 3],
      ['previous', 'jz.neighbour', 2, 2],
    ]);
    expect(titles(yoy)).toEqual(['羊只越界啃食', '院墙滴水纠纷', '鱼塘承包期限争议']);
    expect(titles(yoyPrevious)).toEqual(['上年宅前道路争执', '上年水渠分水争执']);
    expect(yoyPrevious.records.every((r) => r.date?.startsWith('2024-'))).toBe(true);
  });

  it('refuses a side the figure does not have, naming it', async () => {
    expect(await appErrorOf(figure('jz.court_share', 'previous'))).toMatchObject({ status: 400, field: 'side', message: stringContaining('上年同期') });
    expect(await appErrorOf(figure('jz.neighbour_yoy', 'numerator'))).toMatchObject({ status: 400, field: 'side' });
  });

  it('keeps them after the definitions are edited to another kind and another filter', async () => {
    await own.update(office, 'jz.court', { version: 1, label: '达成调解协议', unit: '件', measure: 'count', kind: agreements });
    await own.update(office, 'jz.neighbour', { version: 1, label: '劳资纠纷', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] });
    // The edit took: counted now, the ratio's numerator is the agreements ledger, the change counts labour disputes.
    const live = await ctx.indicators.provenance(office, f.town, resolvePeriod({ year: 2025 }), 'jz.court_share');
    expect(live.numerator).toMatchObject({ kind: agreements, ids: [expect.any(String)] });
    expect((await ctx.indicators.evaluate(office, f.town, resolvePeriod({ year: 2025 }), ['jz.neighbour']))[0]?.value).toBe(1);

    expect(text(await reports.composed(office, f.town, 2025))).toBe(approvedText);
    expect(await explained()).toEqual(approvedAnswers);
    const history = await own.versions(office, 'jz.court');
    expect(history.versions.map((v) => [v.version, v.usedBy.map((u) => `${u.year}:${u.status}`)])).toEqual([
      [2, []],
      [1, ['2025:approved']],
    ]);
  });

  it('keeps them after the definitions are retired', async () => {
    for (const code of ['jz.court_share', 'jz.neighbour_yoy', 'jz.court', 'jz.neighbour']) await own.retire(office, code);
    expect(await appErrorOf(ctx.indicators.provenance(office, f.town, resolvePeriod({ year: 2025 }), 'jz.court_share'))).toMatchObject({ status: 404 });

    expect(text(await reports.composed(office, f.town, 2025))).toBe(approvedText);
    expect(await explained()).toEqual(approvedAnswers);
    const history = await own.versions(office, 'jz.court_share');
    expect(history).toMatchObject({ retired: true, current: 1 });
    expect(history.versions.map((v) => [v.version, v.usedBy.map((u) => `${u.year}:${u.status}`)])).toEqual([[1, ['2025:approved']]]);
  });

  it('keeps them after a record behind them is deleted, marking it missing', async () => {
    const gone = disputes['鱼塘承包期限争议'] as { id: string; version: number };
    await ctx.ledger.remove(f.system, 'dispute', gone.id, gone.version);

    expect(text(await reports.composed(office, f.town, 2025))).toBe(approvedText);
    const now = await explained();
    for (const answer of [now.share, now.shareNumerator, now.yoy]) {
      const record = answer.records.find((r) => r.id === gone.id);
      expect(record).toMatchObject({ missing: true, title: stringContaining('已删除') });
      expect(answer.total).toBe(answer === now.shareNumerator ? 2 : answer === now.yoy ? 3 : 4);
    }
    const unchanged = (a: FigureRecords) => ({ ...a, records: a.records.filter((r) => r.id !== gone.id) });
    expect(unchanged(now.share)).toEqual(unchanged(approvedAnswers.share));
    expect(now.yoyPrevious).toEqual(approvedAnswers.yoyPrevious);
  });

  it('still answers for a report frozen before kinds and sides were kept', async () => {
    const row = await ctx.db.kysely.selectFrom('annual_report').select(['id', 'frozen']).where('org_id', '=', f.town.id).where('year', '=', 2025).executeTakeFirstOrThrow();
    const { figures: _figures, ...older } = JSON.parse(row.frozen ?? '{}') as Frozen;
    await ctx.db.kysely.updateTable('annual_report').set({ frozen: JSON.stringify(older) }).where('id', '=', row.id).execute();

    const share = await figure('jz.court_share');
    expect(share).toMatchObject({ frozen: true, value: 50, numerator: 2, denominator: 4, definitionVersion: 1, kind: 'dispute', kindLabel: '矛盾纠纷', total: 4 });
    // Its numerator was not printed, so its records were not kept.
    expect(share.sides).toBeUndefined();
    // The compared count is retired: its kind comes from the definition frozen with the report.
    const yoy = await figure('jz.neighbour_yoy');
    expect(yoy).toMatchObject({ frozen: true, value: 50, kind: 'dispute', total: 3 });
    expect(yoy.records.filter((r) => !r.missing).map((r) => r.title).sort()).toEqual(['羊只越界啃食', '院墙滴水纠纷']);
    expect(text(await reports.composed(office, f.town, 2025))).toBe(approvedText);
  });

  it('a draft is explained from the ledger and definitions as they are now', async () => {
    await own.define(office, { orgId: f.town.id, code: 'jz.labour_now', label: '劳资纠纷数', unit: '件', measure: 'count', kind: 'dispute', filters: [{ field: 'category', op: 'in', values: ['labour'] }] });
    const draft = await figure('jz.labour_now', undefined, 2026);
    expect(draft).toMatchObject({ frozen: false, value: 0, definitionVersion: 1, total: 0 });
    expect(draft.side).toBeUndefined();
    const thisYear = await figure('jz.labour_now');
    // Not printed in the approved 2025 report: answered live.
    expect(thisYear).toMatchObject({ frozen: false, value: 1, total: 1 });
  });
});
