import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import type { SchemeInput } from '../shared/assessment.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { appErrorOf } from '../testing/errors.js';

/** The call fails with this status, id and (when given) field. */
async function expectAppError(call: Promise<unknown>, status: number, id: string, field?: string) {
  const error = await appErrorOf(call);
  expect({ status: error.status, id: error.id, ...(field ? { field: error.field } : {}) }, error.message).toEqual({ status, id, ...(field ? { field } : {}) });
}

let ctx: TestContext;
let f: Fixture;
let reviewer: Scope;
let office: Scope;
let otherOffice: Scope;
let strangerReviewer: Scope;
let disputes: string;

const scheme = (orgId: string, deadline = '2099-01-31'): SchemeInput => ({
  orgId,
  year: 2025,
  title: '2025年度乡镇法治政府建设考核方案',
  deadline,
  sections: [
    {
      title: '一、基层治理',
      area: 'governance',
      items: [
        { code: '1.1', title: '矛盾纠纷排查登记不少于3件', points: 4, evidenceKinds: ['dispute'], attachmentsRequired: true, rule: { type: 'threshold', indicator: disputes, min: 3 } },
        { code: '1.2', title: '矛盾纠纷登记按比例得分', points: 2, evidenceKinds: [], attachmentsRequired: false, rule: { type: 'proportional', indicator: disputes, from: 0, to: 4 } },
      ],
    },
    { title: '二、普法', area: 'publicity', items: [{ code: '2.1', title: '普法宣传活动形式多样', points: 5, evidenceKinds: [], attachmentsRequired: false, rule: { type: 'manual' } }] },
  ],
});

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  // A county's own figure: every dispute registered, offered to its towns.
  disputes = (await ctx.townIndicators.define(f.system, { orgId: f.county.id, label: '矛盾纠纷登记数', unit: '件', measure: 'count', kind: 'dispute' })).code;
  reviewer = await f.as('countyReviewer');
  office = await f.as('townOffice');
  otherOffice = await f.as('townOffice', f.otherTown);
  const elsewhere: OrgUnit = await insertOrg(ctx.db, { parentId: f.county.parent_id, name: '丁旗', level: 'county' }, f.county.path.replace(/[^/]+\/$/, ''));
  strangerReviewer = await f.as('countyReviewer', elsewhere);
});
afterAll(async () => {
  await ctx.close();
});

const addDispute = (extra: Record<string, unknown> = {}) => ctx.ledger.create(office, 'dispute', disputeBody(f.villageA.id, extra));

describe('assessment', () => {
  let id: string;

  it('lets the county reviewer define and publish a scheme, and nobody at a town define one', async () => {
    await expectAppError(ctx.assessments.schemes.define(office, scheme(f.county.id)), 403, 'forbidden');
    await expectAppError(ctx.assessments.schemes.define(reviewer, scheme(f.town.id)), 400, 'validation', 'orgId');
    await expectAppError(ctx.assessments.schemes.define(reviewer, { ...scheme(f.county.id), title: '' }), 400, 'validation', 'title');
    const defined = await ctx.assessments.schemes.define(reviewer, scheme(f.county.id));
    id = defined.id;
    expect(defined).toMatchObject({ status: 'draft', version: 1, totalPoints: 11 });
    // A draft is the county's own: the town does not see it yet.
    expect((await ctx.assessments.schemes.list(office)).map((s) => s.id)).not.toContain(id);
    expect((await ctx.assessments.schemes.publish(reviewer, id)).status).toBe('open');
    expect((await ctx.assessments.schemes.list(office)).map((s) => s.id)).toContain(id);
  });

  it('scores the town live from its records and says what is missing', async () => {
    const before = await ctx.assessments.get(office, id, f.town.id);
    expect(before.items.find((i) => i.code === '1.1')).toMatchObject({ value: 0, score: 0, shortfall: { figure: { needed: 3, value: 0 } } });
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await addDispute()).id);
    const after = await ctx.assessments.get(office, id, f.town.id);
    const threshold = after.items.find((i) => i.code === '1.1');
    expect(threshold).toMatchObject({ value: 3, score: 4, records: 3 });
    expect(threshold?.shortfall.figure).toBeUndefined();
    // None of the three has a sign-in sheet or photo yet.
    expect(threshold?.shortfall.withoutAttachments).toEqual([{ kind: 'dispute', ids: expect.arrayContaining(ids) as string[] }]);
    expect(after.items.find((i) => i.code === '1.2')?.score).toBe(1.5);
    expect(after.total).toBe(5.5);
    const evidence = await ctx.assessments.itemEvidence(office, id, f.town.id, '1.1');
    expect(evidence.records.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('shows a town only its own assessment, and a reviewer only their county’s', async () => {
    await expectAppError(ctx.assessments.get(otherOffice, id, f.town.id), 404, 'not_found');
    await expectAppError(ctx.assessments.get(strangerReviewer, id, f.town.id), 404, 'not_found');
    await expectAppError(ctx.assessments.overview(office, id), 403, 'forbidden');
    await expectAppError(ctx.assessments.overview(strangerReviewer, id), 404, 'not_found');
    const overview = await ctx.assessments.overview(reviewer, id);
    expect(overview.towns.map((t) => t.org.name).sort()).toEqual(['乙镇', '甲镇']);
    expect(overview.towns[0]).toMatchObject({ org: { name: '甲镇' }, rank: 1, total: 5.5 });
  });

  it('takes the town’s notes and submission, then freezes the scheme’s items', async () => {
    await expectAppError(ctx.assessments.note(reviewer, id, f.town.id, '2.1', { note: '全年开展普法活动' }), 403, 'forbidden');
    // The roles' permissions allow these; the level does not: a county leader does not self-assess
    // for a town, and an account placed in the town does not review its own score.
    const countyLeader = await f.as('leader', f.county);
    await expectAppError(ctx.assessments.note(countyLeader, id, f.town.id, '2.1', { note: '代为填写' }), 403, 'forbidden');
    await expectAppError(ctx.assessments.submit(countyLeader, id, f.town.id), 403, 'forbidden');
    const reviewerInTown = await f.as('countyReviewer', f.town);
    await expectAppError(ctx.assessments.confirm(reviewerInTown, id, f.town.id), 403, 'forbidden');
    const noted = await ctx.assessments.note(office, id, f.town.id, '2.1', { note: '全年开展“法律进乡村”宣传12场' });
    expect(noted.items.find((i) => i.code === '2.1')?.note).toBe('全年开展“法律进乡村”宣传12场');
    await expectAppError(ctx.assessments.adjust(reviewer, id, f.town.id, '2.1', { score: 4, reason: '活动记录齐全' }), 409, 'state');
    expect((await ctx.assessments.submit(office, id, f.town.id)).status).toBe('submitted');
    await expectAppError(ctx.assessments.note(office, id, f.town.id, '2.1', { note: '改' }), 409, 'state');
    const current = await ctx.assessments.schemes.find(reviewer, id);
    expect(current.scheme.status).toBe('frozen');
    await expectAppError(ctx.assessments.schemes.update(reviewer, id, { ...scheme(f.county.id), version: current.scheme.version }), 409, 'frozen');
  });

  it('needs a reason for an adjustment, and audits it', async () => {
    await expectAppError(ctx.assessments.adjust(reviewer, id, f.town.id, '2.1', { score: 4 }), 400, 'validation', 'reason');
    await expectAppError(ctx.assessments.adjust(reviewer, id, f.town.id, '2.1', { score: 6, reason: '活动记录齐全' }), 400, 'validation', 'score');
    await expectAppError(ctx.assessments.adjust(office, id, f.town.id, '2.1', { score: 4, reason: '活动记录齐全' }), 403, 'forbidden');
    await expectAppError(ctx.assessments.adjust(await f.as('countyReviewer', f.town), id, f.town.id, '2.1', { score: 5, reason: '本镇自评满分' }), 403, 'forbidden');
    const adjusted = await ctx.assessments.adjust(reviewer, id, f.town.id, '2.1', { score: 4, reason: '活动记录齐全，形式较丰富' });
    expect(adjusted.items.find((i) => i.code === '2.1')).toMatchObject({ score: 4, computed: null, adjusted: { score: 4, reason: '活动记录齐全，形式较丰富' } });
    const audit = await ctx.db.kysely.selectFrom('audit_log').selectAll().where('kind', '=', 'assessment').where('record_id', '=', `${id}:${f.town.id}`).execute();
    const entry = audit.find((a) => String(a.after ?? '').includes('活动记录齐全，形式较丰富'));
    expect(entry).toBeDefined();
    expect(entry?.actor_id).toBe(reviewer.actor.userId);
  });

  it('returns an item for correction and takes the resubmission', async () => {
    const returned = await ctx.assessments.returnItem(reviewer, id, f.town.id, '1.1', { reason: '请补充纠纷调解的签到表' });
    expect(returned.status).toBe('returned');
    expect(returned.items.find((i) => i.code === '1.1')?.returned?.reason).toBe('请补充纠纷调解的签到表');
    await expectAppError(ctx.assessments.confirm(reviewer, id, f.town.id), 409, 'state');
    await ctx.assessments.note(office, id, f.town.id, '1.1', { note: '已补充签到表' });
    const again = await ctx.assessments.submit(office, id, f.town.id);
    expect(again.status).toBe('submitted');
    expect(again.items.find((i) => i.code === '1.1')?.returned).toBeNull();
  });

  it('keeps a confirmed result when the records change', async () => {
    const confirmed = await ctx.assessments.confirm(reviewer, id, f.town.id);
    expect(confirmed).toMatchObject({ status: 'confirmed', frozen: true, total: 9.5 });
    await addDispute();
    await addDispute();
    const later = await ctx.assessments.get(office, id, f.town.id);
    expect(later.total).toBe(9.5);
    expect(later.items.find((i) => i.code === '1.2')).toMatchObject({ value: 3, score: 1.5 });
    // The other town, not confirmed, still follows its records.
    expect((await ctx.assessments.get(reviewer, id, f.town.id)).frozen).toBe(true);
    await expectAppError(ctx.assessments.adjust(reviewer, id, f.town.id, '2.1', { score: 5, reason: '复核后加分' }), 409, 'state');
  });

  it('refuses a first submission after the deadline', async () => {
    const late = await ctx.assessments.schemes.define(reviewer, { ...scheme(f.county.id, '2020-01-31'), title: '过期的考核方案（测试）' });
    await ctx.assessments.schemes.publish(reviewer, late.id);
    await expectAppError(ctx.assessments.submit(otherOffice, late.id, f.otherTown.id), 422, 'deadline');
  });

  it('copies last year’s scheme as a draft of the next', async () => {
    const copy = await ctx.assessments.schemes.copy(reviewer, id, 2026);
    expect(copy).toMatchObject({ year: 2026, status: 'draft', title: '2026年度乡镇法治政府建设考核方案', deadline: '2100-01-31', copiedFrom: id });
    expect(copy.sections).toEqual((await ctx.assessments.schemes.find(reviewer, id)).scheme.sections);
  });
});
