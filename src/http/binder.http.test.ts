/**
 * 生成佐证材料 over HTTP: a build starts as a job, its percent is polled, the file downloads when
 * done — and only the user who started it sees the job. Refusals come before any job starts.
 */
import JSZip from 'jszip';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import type { BinderJob } from '../shared/binder.js';
import { callAs, expectError, signInNewUser } from '../testing/http.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;
let office: string;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function finished(token: string, id: string): Promise<BinderJob> {
  for (let i = 0; i < 200; i += 1) {
    const res = await callAs(app, token, 'GET', `/api/binders/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<BinderJob>();
    expect(job.percent).toBeGreaterThanOrEqual(0);
    expect(job.percent).toBeLessThanOrEqual(100);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the binder did not finish');
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  const scope = await f.as('townOffice');
  const record = await ctx.ledger.create(scope, 'dispute', disputeBody(f.villageA.id, { title: '东村土地承包纠纷' }));
  await ctx.attachments.add(scope, 'dispute', record.id, '调解现场.png', PNG);
  office = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
});

afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('POST /api/binders', () => {
  it('builds the ZIP as a job, reports its percent and hands the file to its owner only', async () => {
    const res = await callAs(app, office, 'POST', '/api/binders', { org: f.town.id, year: 2025, format: 'zip' });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<BinderJob>();
    expect(started.status).toBe('running');
    const job = await finished(office, started.id);
    expect(job).toMatchObject({ status: 'done', percent: 100, filename: '甲镇2025年度法治政府建设佐证材料.zip', error: null });

    const other = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
    expectError(await callAs(app, other, 'GET', `/api/binders/${started.id}`), 404, 'not_found');
    expectError(await callAs(app, other, 'GET', `/api/binders/${started.id}/file`), 404, 'not_found');

    const file = await callAs(app, office, 'GET', `/api/binders/${started.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('甲镇2025年度法治政府建设佐证材料.zip'));
    const zip = await JSZip.loadAsync(file.rawPayload);
    const names = Object.values(zip.files).filter((e) => !e.dir).map((e) => e.name);
    expect(names).toContain('甲镇2025年度法治政府建设佐证材料.docx');
    const photo = names.find((n) => n.endsWith('东村土地承包纠纷/调解现场.png'));
    expect(photo).toBeDefined();
    expect((await zip.file(photo ?? '')?.async('nodebuffer'))?.equals(PNG)).toBe(true);
  });

  it('refuses before starting: a year that is no number, full values without the right, a role without the report', async () => {
    expectError(await callAs(app, office, 'POST', '/api/binders', { year: '去年' }), 400, 'validation', 'year');
    expectError(await callAs(app, office, 'POST', '/api/binders', { year: 2025, revealReason: '看' }), 400, 'validation', 'revealReason');
    const leader = await signInNewUser(app, ctx.accounts, 'leader', f.town);
    expect(expectError(await callAs(app, leader, 'POST', '/api/binders', { year: 2025, format: 'docx', revealReason: '核对当事人姓名' }), 403, 'forbidden').message).toContain('无权查看个人信息原文');
    const grid = await signInNewUser(app, ctx.accounts, 'gridWorker', f.villageA);
    expectError(await callAs(app, grid, 'POST', '/api/binders', { year: 2025 }), 403, 'forbidden');
    // Another town is not this office's to choose.
    expect(expectError(await callAs(app, office, 'POST', '/api/binders', { org: f.otherTown.id, year: 2025 }), 400, 'validation', 'org').message).toContain('不在您的管辖范围内');
  });
});
