/**
 * The town's own words through the HTTP API: a confirmation made in the draft check's page is kept
 * for the user's town, read by the next check, listed and deleted; roles that may not edit the
 * report cannot teach the check words.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../demo/load.js';
import { buildApp } from '../../http/app.js';
import { callAs, expectError, signIn, type Method } from '../../testing/http.js';
import { testContext, type TestContext } from '../../testing/context.js';

let ctx: TestContext;
let app: FastifyInstance;
type Account = 'smz_office' | 'smz_grid' | 'hjhq_review';
const tokens = new Map<Account, string>();
const call = (who: Account, method: Method, url: string, payload?: unknown) => callAs(app, tokens.get(who), method, url, payload);

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  app = await buildApp(ctx);
  await app.ready();
  for (const username of ['smz_office', 'smz_grid', 'hjhq_review'] as const) tokens.set(username, await signIn(app, username, DEMO_PASSWORD));
  // Loading the demo on PostgreSQL on a busy machine takes a while.
}, 180_000);
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

interface Figure {
  text: string;
  code?: string;
  phrase: string;
  draftValue: number;
}
interface Result {
  matched: Figure[];
  mismatched: Figure[];
  unmatched: Figure[];
}

describe('POST /api/reports/check/aliases', () => {
  // "督导整改" is no indicator's word ("督导整改" is 专项督查's own).
  const text = '开展法治建设专项督查，督导整改15个问题。';
  const fifteen = (r: Result) => [...r.matched, ...r.mismatched, ...r.unmatched].find((f) => f.text === '15个');

  it('keeps the words before a figure as the town’s word for the indicator the user chose', async () => {
    const before = (await call('smz_office', 'POST', '/api/reports/check', { year: 2025, text })).json<Result>();
    expect(fifteen(before)).toMatchObject({ draftValue: 15, phrase: '督导整改' });
    expect(fifteen(before)?.code).toBeUndefined();

    const saved = await call('smz_office', 'POST', '/api/reports/check/aliases', { code: 'case_review.problems_rectified', phrase: '督导整改' });
    expect(saved.statusCode, saved.body).toBe(201);
    const after = (await call('smz_office', 'POST', '/api/reports/check', { year: 2025, text })).json<Result>();
    expect(fifteen(after)).toMatchObject({ code: 'case_review.problems_rectified', draftValue: 15 });

    const list = (await call('smz_office', 'GET', '/api/reports/check/aliases')).json<{ items: Array<{ id: string; code: string; phrase: string }> }>();
    expect(list.items.map((a) => [a.code, a.phrase])).toEqual([['case_review.problems_rectified', '督导整改']]);
    // The county reviewer sees the town's words but cannot add any.
    expectError(await call('hjhq_review', 'POST', '/api/reports/check/aliases', { code: 'dispute.screened', phrase: '摸排纠纷' }), 403, 'forbidden');
    expectError(await call('smz_grid', 'DELETE', `/api/reports/check/aliases/${list.items[0]?.id}`), 403, 'forbidden');

    expect((await call('smz_office', 'DELETE', `/api/reports/check/aliases/${list.items[0]?.id}`)).statusCode).toBe(204);
    expect(fifteen((await call('smz_office', 'POST', '/api/reports/check', { year: 2025, text })).json<Result>())?.code).toBeUndefined();
  });

  it('names the field that is wrong', async () => {
    expectError(await call('smz_office', 'POST', '/api/reports/check/aliases', { code: 'dispute.screened', phrase: '排查10件' }), 400, 'validation', 'phrase');
    expectError(await call('smz_office', 'POST', '/api/reports/check/aliases', { code: 'no.such.code', phrase: '排查纠纷' }), 400, 'validation', 'code');
    expectError(await call('smz_office', 'POST', '/api/reports/check/aliases', { phrase: '排查纠纷' }), 400, 'validation', 'code');
  });
});
