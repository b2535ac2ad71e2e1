/**
 * The offline outbox's retries: a record sent again with its client id is created once, however
 * many sends arrive and however they overlap; another user's id is refused; the phone's sync is
 * recorded and shown to the town office per grid worker.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../http/app.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser, withSession } from '../testing/http.js';
import type { GridWorkerSync } from '../shared/outbox.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let worker: string;
let otherWorker: string;
let office: string;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  worker = await signInNewUser(app, ctx.accounts, 'gridWorker', f.villageA, { displayName: '网格员甲' });
  otherWorker = await signInNewUser(app, ctx.accounts, 'gridWorker', f.villageA, { displayName: '网格员乙' });
  office = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const send = (token: string, clientId: string, body: unknown, kind = 'dispute') =>
  app.inject({ method: 'POST', url: `/api/ledgers/${kind}`, payload: body as Record<string, unknown>, ...withSession(token, { 'x-client-id': clientId }) });

const recordsTitled = async (title: string) =>
  Number((await ctx.db.kysely.selectFrom('ledger_dispute' as never).select((eb) => eb.fn.countAll().as('n')).where('title' as never, '=', title as never).executeTakeFirstOrThrow()).n);

describe('create with a client id', () => {
  it('creates once: a retry with the same id answers 200 with the same record and writes nothing', async () => {
    const clientId = randomUUID();
    const body = disputeBody(f.villageA.id, { title: '离线上报：两户因灌溉用水起争执' });
    const first = await send(worker, clientId, body);
    expect(first.statusCode, first.body).toBe(201);
    const audits = Number((await ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    const again = await send(worker, clientId, body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect(await recordsTitled('离线上报：两户因灌溉用水起争执')).toBe(1);
    expect(Number((await ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(audits);
  });

  it('keeps exactly one record when the same id arrives many times at once', async () => {
    const clientId = randomUUID();
    const body = disputeBody(f.villageA.id, { title: '离线上报：并发重发的纠纷' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(worker, clientId, body)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201), answers.map((a) => a.body).join('\n')).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(new Set(answers.map((a) => a.json<{ id: string }>().id)).size).toBe(1);
    expect(await recordsTitled('离线上报：并发重发的纠纷')).toBe(1);
    expect(await ctx.db.kysely.selectFrom('client_submission').selectAll().where('client_id', '=', clientId).execute()).toHaveLength(1);
  });

  it('refuses another user reusing the id, and the id for another kind of record', async () => {
    const clientId = randomUUID();
    expect((await send(worker, clientId, disputeBody(f.villageA.id, { title: '离线上报：编号被他人重用' }))).statusCode).toBe(201);
    const stolen = expectError(await send(otherWorker, clientId, disputeBody(f.villageA.id, { title: '离线上报：他人的记录' })), 409, 'client_id_taken', 'clientId');
    expect(stolen.message).toContain('其他用户');
    expect(await recordsTitled('离线上报：他人的记录')).toBe(0);
    const screening = { orgId: f.villageA.id, date: '2025-03-31', title: '东村排查', month: '2025-03', disputesFound: 0 };
    expectError(await send(worker, clientId, screening, 'screeningRound'), 409, 'client_id_taken', 'clientId');
  });

  it('validates as usual: a refused record leaves the id free for the fixed one', async () => {
    const clientId = randomUUID();
    const refused = await send(worker, clientId, disputeBody(f.villageA.id, { title: '离线上报：类别有误', category: 'no-such-category' }));
    expectError(refused, 400, 'validation', 'category');
    const fixed = await send(worker, clientId, disputeBody(f.villageA.id, { title: '离线上报：类别有误' }));
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(await recordsTitled('离线上报：类别有误')).toBe(1);
  });

  it('refuses an id that is not a UUID, naming the field', async () => {
    expectError(await send(worker, 'not-a-uuid', disputeBody(f.villageA.id)), 400, 'validation', 'clientId');
  });

  it('creates as before without a client id', async () => {
    const body = disputeBody(f.villageA.id, { title: '在线上报：没有编号' });
    expect((await callAs(app, worker, 'POST', '/api/ledgers/dispute', body)).statusCode).toBe(201);
    expect((await callAs(app, worker, 'POST', '/api/ledgers/dispute', body)).statusCode).toBe(201);
    expect(await recordsTitled('在线上报：没有编号')).toBe(2);
  });
});

describe('sync status', () => {
  it('records when a grid worker last synced and shows it to the town office only', async () => {
    const before = await callAs(app, office, 'GET', '/api/outbox/grid-workers');
    expect(before.statusCode, before.body).toBe(200);
    const named = (items: GridWorkerSync[], name: string) => items.find((i) => i.displayName === name);
    expect(named(before.json<{ items: GridWorkerSync[] }>().items, '网格员甲')).toMatchObject({ syncedAt: null, pending: 0, refused: 0 });

    expect((await callAs(app, worker, 'POST', '/api/outbox/sync', { pending: 2, refused: 1 })).statusCode).toBe(204);
    const after = (await callAs(app, office, 'GET', '/api/outbox/grid-workers')).json<{ items: GridWorkerSync[] }>().items;
    const synced = named(after, '网格员甲');
    expect(synced).toMatchObject({ orgName: '东村', pending: 2, refused: 1 });
    expect(Date.now() - Date.parse(synced?.syncedAt ?? '')).toBeLessThan(60_000);
    // Never synced first: whom to call.
    expect(after.findIndex((i) => i.displayName === '网格员乙')).toBeLessThan(after.findIndex((i) => i.displayName === '网格员甲'));

    expect((await callAs(app, worker, 'POST', '/api/outbox/sync', { pending: 0, refused: 0 })).statusCode).toBe(204);
    expect(named((await callAs(app, office, 'GET', '/api/outbox/grid-workers')).json<{ items: GridWorkerSync[] }>().items, '网格员甲')).toMatchObject({ pending: 0, refused: 0 });

    expectError(await callAs(app, worker, 'GET', '/api/outbox/grid-workers'), 403, 'forbidden');
    expectError(await callAs(app, worker, 'POST', '/api/outbox/sync', { pending: -1, refused: 0 }), 400, 'validation', 'pending');
  });

  it('lists only the grid workers inside the office’s town', async () => {
    await signInNewUser(app, ctx.accounts, 'gridWorker', f.otherVillage, { displayName: '外镇网格员' });
    const items = (await callAs(app, office, 'GET', '/api/outbox/grid-workers')).json<{ items: GridWorkerSync[] }>().items;
    expect(items.map((i) => i.displayName)).not.toContain('外镇网格员');
    expect(items.map((i) => i.displayName)).toContain('网格员乙');
  });
});
