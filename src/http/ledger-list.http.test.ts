/**
 * A ledger list over HTTP pages by the cursor it returns: nextCursor and totalKind reach the
 * client through the response schema, a cursor sent back gives the next page, a tampered one is a
 * 400 naming the field in Chinese, and count=exact counts. A fixture kind, not a real definition.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { syncLedgerTables } from '../db/ledger-tables.js';
import { text } from '../ledger/fields.js';
import { defineKind } from '../ledger/kind.js';
import { KindRegistry } from '../ledger/registry.js';
import { LedgerService } from '../ledger/service.js';
import type { LedgerPage, LedgerRecord } from '../shared/ledger.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser } from '../testing/http.js';
import { buildApp } from './app.js';

const memo = defineKind({
  code: 'testListMemo',
  label: '测试列表备忘',
  area: 'governance',
  description: '测试用',
  orgLevels: ['town', 'village'],
  fields: [text('topic', '事由')],
  indicators: [],
});

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;
let otherOffice: string;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  await syncLedgerTables(ctx.db, [memo]);
  // The application as built, with a ledger service that also knows the fixture kind.
  const ledger = new LedgerService(ctx.db, new KindRegistry(ctx.db, [...builtInKinds, memo]), ctx.lists, ctx.permissions, ctx.cipher);
  app = await buildApp(Object.assign(Object.create(ctx) as TestContext, { ledger }));
  await app.ready();
  office = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
  otherOffice = await signInNewUser(app, ctx.accounts, 'townOffice', f.otherTown);
  for (const [i, date] of ['2025-01-10', '2025-01-10', '2025-01-10', '2025-02-01', '2024-12-31'].entries()) {
    const res = await callAs(app, office, 'POST', `/api/ledgers/${memo.code}`, { orgId: f.villageA.id, date, title: `备忘${i}`, topic: '事由' });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

const list = async (token: string, query: string) => {
  const res = await callAs(app, token, 'GET', `/api/ledgers/${memo.code}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<LedgerPage<LedgerRecord>>();
};

describe('GET /api/ledgers/:kind by cursor', () => {
  it('pages by the cursor it returns, with the total and how exact it is', async () => {
    const first = await list(office, 'pageSize=2');
    expect(first).toMatchObject({ total: 5, totalKind: 'exact', page: 1, pageSize: 2 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const seen = first.items.map((r) => r.title);
    let next = first.nextCursor;
    while (next) {
      const page = await list(office, `pageSize=2&cursor=${encodeURIComponent(next)}`);
      seen.push(...page.items.map((r) => r.title));
      next = page.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    // The old page numbers still work, for callers that jump.
    expect((await list(office, 'pageSize=2&page=3')).items.map((r) => r.title)).toEqual([seen[4]]);
    expect(await list(office, 'pageSize=2&count=exact')).toMatchObject({ total: 5, totalKind: 'exact' });
  });

  it('refuses a tampered cursor with a 400 that names the field', async () => {
    const first = await list(office, 'pageSize=2');
    const tampered = Buffer.from(Buffer.from(first.nextCursor ?? '', 'base64url').toString('utf8').replace('"p":2', '"p":"2"')).toString('base64url');
    for (const bad of [tampered, 'AAAA', '%%%']) {
      const error = expectError(await callAs(app, office, 'GET', `/api/ledgers/${memo.code}?cursor=${encodeURIComponent(bad)}`), 400, 'validation', 'cursor');
      expect(error.message).toContain('翻页位置');
    }
    expectError(await callAs(app, office, 'GET', `/api/ledgers/${memo.code}?count=all`), 400, 'validation', 'count');
  });

  it('gives another town nothing for a cursor of this town', async () => {
    const first = await list(office, 'pageSize=1');
    expect(await list(otherOffice, `pageSize=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`)).toMatchObject({ items: [], nextCursor: null });
  });
});
