/**
 * Statutory procedures through the API: a step out of order is refused with 422 and a Chinese
 * message naming the missing step, and the record in the database is exactly as it was; steps
 * in order move the status; extensions stay within the law; the due list is what a clerk would
 * work out by hand.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import type { OrgUnit } from '../org/repository.js';
import type { DueList } from '../procedures/due.js';
import type { RecordProcedure } from '../procedures/service.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser, type Method } from '../testing/http.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;

const signInAs = (role: Role, unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);
const call = (method: Method, url: string, payload?: unknown) => callAs(app, office, method, url, payload);

/** The stored row itself, and the audit count: a refused step must change neither. */
async function stored(table: string, id: string) {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where id = ${id}`.execute(ctx.db.kysely);
  const { rows: audit } = await sql<{ n: number | string }>`select count(*) as n from audit_log`.execute(ctx.db.kysely);
  return { row: rows[0], audits: Number(audit[0]?.n) };
}

async function create(kind: string, body: Record<string, unknown>): Promise<string> {
  const res = await call('POST', `/api/ledgers/${kind}`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function step(kind: string, id: string, code: string, date: string, version: number, values?: Record<string, unknown>) {
  return call('POST', `/api/ledgers/${kind}/${id}/steps`, { step: code, date, version, ...(values ? { values } : {}) });
}

/** Takes a step that must succeed; returns the record's new version. */
async function took(kind: string, id: string, code: string, date: string, version: number, values?: Record<string, unknown>) {
  const res = await step(kind, id, code, date, version, values);
  expect(res.statusCode, res.body).toBe(200);
  return version + 1;
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  office = await signInAs('townOffice', f.town);
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

const penalty = (extra: Record<string, unknown> = {}) => ({
  orgId: f.town.id,
  date: '2025-03-03',
  title: '某超市销售过期食品',
  caseNo: '甲综执罚〔2025〕1号',
  partyType: 'entity',
  partyName: '某某超市',
  status: 'filed',
  ...extra,
});

describe('a penalty case (行政处罚法)', () => {
  it('refuses a decision before the rights notice (arts. 44, 62): 422, the row and the audit log unchanged', async () => {
    const id = await create('penaltyCase', penalty());
    const before = await stored('ledger_penalty_case', id);
    const error = expectError(await step('penaltyCase', id, 'decided', '2025-03-20', 1), 422, 'procedure', 'decidedOn');
    expect(error.message).toBe('不能登记「作出决定」：尚未登记「告知」（行政处罚法第57、58、62条）');
    expect(await stored('ledger_penalty_case', id)).toEqual(before);
  });

  it('refuses the decision of a flagged case until 法制审核 is recorded (art. 58), then takes it and sets the status', async () => {
    const id = await create('penaltyCase', penalty({ caseNo: '甲综执罚〔2025〕2号', legalAuditRequired: true }));
    let version = await took('penaltyCase', id, 'investigated', '2025-03-10', 1);
    version = await took('penaltyCase', id, 'notified', '2025-03-12', version);
    const before = await stored('ledger_penalty_case', id);
    const error = expectError(await step('penaltyCase', id, 'decided', '2025-03-20', version), 422, 'procedure', 'decidedOn');
    expect(error.message).toContain('尚未登记「法制审核」');
    expect(await stored('ledger_penalty_case', id)).toEqual(before);

    version = await took('penaltyCase', id, 'legalAudit', '2025-03-14', version);
    const res = await step('penaltyCase', id, 'decided', '2025-03-20', version);
    expect(res.statusCode, res.body).toBe(200);
    const state = res.json<RecordProcedure>();
    expect(state.steps.find((s) => s.code === 'decided')).toMatchObject({ status: 'done', date: '2025-03-20' });
    const row = (await stored('ledger_penalty_case', id)).row;
    expect(row).toMatchObject({ status: 'decided', decided_on: '2025-03-20', legal_audit_on: '2025-03-14' });
    // Service and publicity both fall 7 working days after the decision: 3-21, 24..28 → 3-31 is the 7th.
    const state2 = (await call('GET', `/api/ledgers/penaltyCase/${id}/procedure?on=2025-03-25`)).json<RecordProcedure>();
    expect(state2.deadlines.filter((d) => d.status === 'open').map((d) => [d.code, d.due, d.daysLeft])).toEqual([
      ['service', '2025-03-31', 6],
      ['publicity', '2025-03-31', 6],
    ]);
    expect(state2.next).toEqual(expect.arrayContaining(['served', 'published']));
  });

  it('undoes a step only when no later step rests on it', async () => {
    const id = await create('penaltyCase', penalty({ caseNo: '甲综执罚〔2025〕3号' }));
    let version = await took('penaltyCase', id, 'investigated', '2025-03-10', 1);
    version = await took('penaltyCase', id, 'notified', '2025-03-12', version);
    version = await took('penaltyCase', id, 'decided', '2025-03-20', version);
    const before = await stored('ledger_penalty_case', id);
    const refused = expectError(await call('DELETE', `/api/ledgers/penaltyCase/${id}/steps/notified?version=${version}`), 422, 'procedure', 'decidedOn');
    expect(refused.message).toContain('尚未登记「告知」');
    expect(await stored('ledger_penalty_case', id)).toEqual(before);

    const undone = await call('DELETE', `/api/ledgers/penaltyCase/${id}/steps/decided?version=${version}`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect((await stored('ledger_penalty_case', id)).row).toMatchObject({ decided_on: null, status: 'notified' });
  });
});

describe('a major decision (重大行政决策程序暂行条例, applied by towns under art. 42)', () => {
  const decision = () => ({ orgId: f.town.id, date: '2025-04-01', title: '镇区集贸市场搬迁方案', decisionArea: 'construction', status: 'drafting' });

  it('cannot be decided without public participation, legality review and collective decision (arts. 25, 30)', async () => {
    const id = await create('majorDecision', decision());
    const before = await stored('ledger_major_decision', id);
    const error = expectError(await step('majorDecision', id, 'collectiveDecision', '2025-05-20', 1), 422, 'procedure', 'decidedOn');
    expect(error.message).toContain('尚未登记「公众参与」');
    const details = (error.details as Array<{ message: string }>).map((d) => d.message).join('\n');
    expect(details).toContain('尚未登记「合法性审查」');
    // The status alone cannot say so either.
    const status = expectError(await call('PATCH', `/api/ledgers/majorDecision/${id}`, { version: 1, status: 'decided' }), 422, 'procedure', 'status');
    expect(status.message).toBe('状态不能为「已决定」：尚未登记「集体讨论决定」（重大行政决策程序暂行条例第25、30条）');
    expect(await stored('ledger_major_decision', id)).toEqual(before);
  });

  it('refuses a comment period under 30 days without a recorded reason (art. 15), accepts it with one', async () => {
    const id = await create('majorDecision', decision());
    const before = await stored('ledger_major_decision', id);
    const error = expectError(await step('majorDecision', id, 'publicParticipation', '2025-04-10', 1, { commentDays: 20 }), 422, 'procedure', 'shortCommentReason');
    expect(error.message).toBe('征求意见 20 日，少于30日，须填写「缩短征求意见期限的理由」（条例第15条）');
    expect(await stored('ledger_major_decision', id)).toEqual(before);
    await took('majorDecision', id, 'publicParticipation', '2025-04-10', 1, { commentDays: 20, shortCommentReason: '汛期前须完成搬迁，情况紧急' });
    expect((await stored('ledger_major_decision', id)).row).toMatchObject({ status: 'consulting', comment_days: 20 });
  });
});

describe('a step with several outcomes', () => {
  it('takes the outcome sent with it (办结 as 移交), else its first', async () => {
    const id = await create('dispute', { orgId: f.villageA.id, date: '2025-05-06', title: '土地权属争议', source: 'visit', category: 'landTransfer', status: 'registered' });
    await took('dispute', id, 'concluded', '2025-05-20', 1, { status: 'transferred', agreement: '涉及权属认定，移交自然资源部门' });
    expect((await stored('ledger_dispute', id)).row).toMatchObject({ status: 'transferred', resolved_on: '2025-05-20' });
    const other = await create('dispute', { orgId: f.villageA.id, date: '2025-05-06', title: '邻里通行纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
    await took('dispute', other, 'concluded', '2025-05-12', 1);
    expect((await stored('ledger_dispute', other)).row).toMatchObject({ status: 'resolved' });
  });
});

describe('extensions', () => {
  it('extend a petition by at most 30 days in all (信访工作条例第34条), with approver and reason, audited', async () => {
    const id = await create('petition', { orgId: f.villageA.id, date: '2025-03-03', title: '反映灌溉渠堵塞', petitioner: '赵某某', form: 'visit', acceptedOn: '2025-03-10', status: 'accepted' });
    const extend = (days: number) =>
      call('POST', `/api/ledgers/petition/${id}/extensions`, { deadline: 'handling', days, approver: '王镇长', reason: '需水利站现场勘验', approvedOn: '2025-04-25' });
    const before = await stored('ledger_petition', id);
    expect(expectError(await extend(31), 422, 'procedure', 'days').message).toContain('最多还能延长 30 日');
    expect(await stored('ledger_petition', id)).toEqual(before);
    const res = await extend(20);
    expect(res.statusCode, res.body).toBe(201);
    const handling = res.json<RecordProcedure>().deadlines.find((d) => d.code === 'handling');
    // 60 days from 3-10 is 5-09 (Fri); 80 days is 5-29 (Thu).
    expect(handling).toMatchObject({ statutoryDue: '2025-05-09', due: '2025-05-29', extendedDays: 20, extendable: 10 });
    expect(expectError(await extend(11), 422, 'procedure', 'days').message).toContain('最多还能延长 10 日');
    const audit = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('record_id', '=', id).where('action', '=', 'extend_deadline').execute();
    expect(audit).toHaveLength(1);
  });

  it('are refused where the law allows none', async () => {
    const id = await create('dispute', { orgId: f.villageA.id, date: '2025-03-08', title: '邻里排水纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
    const error = expectError(
      await call('POST', `/api/ledgers/dispute/${id}/extensions`, { deadline: 'mediation', days: 10, approver: '王镇长', reason: '当事人外出务工', approvedOn: '2025-03-20' }),
      422,
      'procedure',
      'deadline',
    );
    expect(error.message).toBe('「调解办结」依法不能延长');
  });
});

describe('the due list', () => {
  it('for 乙镇 on 2025-10-09 is what a clerk counts by hand, across National Day', async () => {
    const otherOffice = await signInAs('townOffice', f.otherTown);
    const as = (method: Method, url: string, payload?: unknown) => callAs(app, otherOffice, method, url, payload);
    const make = async (kind: string, body: Record<string, unknown>) => {
      const res = await as('POST', `/api/ledgers/${kind}`, { orgId: f.otherTown.id, ...body });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Formed Mon 9-15; 20 working days: 9-16..19 (4), 22..26 (9), Sun 9-28 调休 (10), 29, 30 (12), 10-09 (13), 10 (14), Sat 10-11 调休 (15), 13..17 (20).
    await make('disclosure', { date: '2025-09-15', title: '2025年秋季低保名单公示', category: 'socialAssistance', channel: 'noticeBoard', formedOn: '2025-09-15' });
    // Registered 8-20, one month to mediate: 9-19 (Fri). 20 days overdue on 10-09.
    await make('dispute', { orgId: f.otherVillage.id, date: '2025-08-20', title: '宅基地通道纠纷', source: 'visit', category: 'neighbour', status: 'mediating' });
    // Concluded in time: not listed.
    await make('dispute', { orgId: f.otherVillage.id, date: '2025-09-01', title: '浇地跑水赔偿纠纷', source: 'visit', category: 'damages', status: 'resolved', resolvedOn: '2025-09-20' });
    // Registered 9-28; 15 days: 10-13 (Mon).
    await make('petition', { date: '2025-09-28', title: '反映村道未硬化', petitioner: '钱某某', form: 'letter', status: 'registered' });
    // Filed 7-15; 90 days: 10-13.
    await make('penaltyCase', { date: '2025-07-15', title: '未经许可占道经营', caseNo: '乙综执罚〔2025〕7号', partyType: 'person', partyName: '孙某某', status: 'filed' });
    // Decided Fri 9-26, not served or published: 7 working days — Sun 9-28 (1), 29, 30 (3), 10-09, 10 (5), Sat 10-11 (6), 10-13 (7).
    await make('penaltyCase', {
      date: '2025-09-01', title: '违规焚烧秸秆', caseNo: '乙综执罚〔2025〕8号', partyType: 'person', partyName: '周某某', status: 'decided',
      investigatedOn: '2025-09-10', notifiedOn: '2025-09-15', decidedOn: '2025-09-26',
    });
    // Received 10-02 (holiday), 10 days: Sun 10-12 is a rest day, so Mon 10-13.
    await make('reconsideration', { date: '2025-10-02', title: '某商户不服罚款决定申请复议', caseType: 'reconsideration', receivedOn: '2025-10-02' });
    // Dated after the day asked about: not listed.
    await make('petition', { date: '2025-10-20', title: '反映路灯损坏', petitioner: '吴某某', form: 'phone', status: 'registered' });

    const res = await as('GET', `/api/due?org=${f.otherTown.id}&on=2025-10-09&within=14`);
    expect(res.statusCode, res.body).toBe(200);
    const due = res.json<DueList>();
    // Listed by due date; within a day, the order here is by kind and rule, to compare with the hand count.
    const procedural = due.items
      .filter((i) => i.source === 'procedure')
      .map((i) => [i.due, i.daysLeft, i.kind, i.check, i.title])
      .sort((a, b) => a.join('|').localeCompare(b.join('|')));
    expect(due.items.map((i) => i.due)).toEqual([...due.items.map((i) => i.due)].sort());
    expect(procedural).toEqual([
      ['2025-09-19', -20, 'dispute', 'mediation', '宅基地通道纠纷'],
      ['2025-10-13', 4, 'penaltyCase', 'decision', '未经许可占道经营'],
      ['2025-10-13', 4, 'penaltyCase', 'publicity', '违规焚烧秸秆'],
      ['2025-10-13', 4, 'penaltyCase', 'service', '违规焚烧秸秆'],
      ['2025-10-13', 4, 'petition', 'acceptance', '反映村道未硬化'],
      ['2025-10-13', 4, 'reconsideration', 'reconsiderationReply', '某商户不服罚款决定申请复议'],
      ['2025-10-17', 8, 'disclosure', 'disclosure', '2025年秋季低保名单公示'],
    ]);
    const overdue = due.items.find((i) => i.check === 'mediation');
    expect(overdue).toMatchObject({ overdue: true, step: '办结（化解、未化解或移交）', orgName: f.otherVillage.name });
    expect(overdue?.rule).toContain('人民调解工作若干规定第33条');

    // 甲镇's office sees none of it.
    const mine = (await call('GET', `/api/due?on=2025-10-09&within=14`)).json<DueList>();
    expect(mine.items.some((i) => i.title === '宅基地通道纠纷')).toBe(false);
    expectError(await call('GET', `/api/due?org=${f.otherTown.id}&on=2025-10-09`), 400, 'validation', 'org');
  });
});
