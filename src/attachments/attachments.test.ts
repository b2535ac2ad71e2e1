/**
 * Attachments through the API: the type comes from the content, size is capped, files are stored
 * once by their hash, and a refused upload leaves nothing behind — no file, no row.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import type { Attachment } from './service.js';
import { buildApp } from '../http/app.js';
import { signInNewUser, withSession } from '../testing/http.js';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** A minimal PDF: header, one empty page, trailer. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
/** The start of a Linux executable. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);
/** The start of a Windows executable. */
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(126, 0x90)]);

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** A multipart/form-data body built by hand: one file part under the field name `file`. */
function multipart(filename: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----fazhi-test-boundary-7d93a1';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (token: string | undefined, kind: string, recordId: string, filename: string, content: Buffer, contentType?: string) => {
  const { payload, headers } = multipart(filename, content, contentType);
  return app.inject({
    method: 'POST',
    url: `/api/ledgers/${kind}/${recordId}/attachments`,
    payload,
    ...(token ? withSession(token, headers) : { headers }),
  });
};

const get = (token: string, url: string) => app.inject({ method: 'GET', url, ...withSession(token) });

function expectError(res: LightMyRequestResponse, status: number, id: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ error: { id: string; message: string; field?: string } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.id).toBe(id);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  return body.error;
}

/** Every file under the data directory (relative paths), temporary ones included. */
const storedFiles = (): string[] =>
  existsSync(ctx.config.dataDir)
    ? readdirSync(ctx.config.dataDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .sort()
    : [];
const attachmentRows = async () => Number((await ctx.db.kysely.selectFrom('attachment').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Runs the refused upload and checks nothing reached the disk or the database. */
async function expectNothingStored(attempt: () => Promise<LightMyRequestResponse>, status: number, id: string) {
  const [files, rows] = [storedFiles(), await attachmentRows()];
  const error = expectError(await attempt(), status, id);
  expect(storedFiles()).toEqual(files);
  expect(await attachmentRows()).toBe(rows);
  return error;
}

const signInAs = (role: Role, unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);

let office: string;
let otherOffice: string;
let recordId: string;

async function newDispute(token: string, orgId: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/ledgers/dispute',
    ...withSession(token),
    payload: { orgId, date: '2025-03-08', title: '邻里排水纠纷', source: 'visit', category: 'neighbour', status: 'registered' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  [office, otherOffice] = await Promise.all([signInAs('townOffice', f.town), signInAs('townOffice', f.otherTown)]);
  recordId = await newDispute(office, f.villageA.id);
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('attachments', () => {
  it('stores a PNG under its hash, shows it on the record and serves the same bytes back', async () => {
    const res = await upload(office, 'dispute', recordId, 'scene.png', PNG, 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const attachment = res.json<Attachment>();
    expect(attachment).toMatchObject({ kind: 'dispute', recordId, filename: 'scene.png', mime: 'image/png', size: PNG.length, sha256: sha256(PNG) });
    expect(storedFiles()).toContain(ctx.attachments.pathOf(sha256(PNG)));

    const record = await get(office, `/api/ledgers/dispute/${recordId}`);
    expect(record.json<{ attachments: Attachment[] }>().attachments).toEqual([attachment]);

    const download = await get(office, `/api/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe("inline; filename*=UTF-8''scene.png");
    expect(download.rawPayload.equals(PNG)).toBe(true);
  });

  it('accepts a PDF, and keeps a Chinese file name', async () => {
    const res = await upload(office, 'dispute', recordId, '调解协议书.pdf', PDF, 'application/pdf');
    expect(res.statusCode, res.body).toBe(201);
    const attachment = res.json<Attachment>();
    expect(attachment).toMatchObject({ mime: 'application/pdf', filename: '调解协议书.pdf', size: PDF.length });
    const download = await get(office, `/api/attachments/${attachment.id}`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('调解协议书.pdf')}`);
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('stores the same bytes once, with one row per upload', async () => {
    const content = Buffer.concat([PNG, Buffer.from('dedupe-check')]);
    const second = await newDispute(office, f.villageB.id);
    const before = storedFiles().length;
    const a = (await upload(office, 'dispute', recordId, 'a.png', content)).json<Attachment>();
    const b = (await upload(office, 'dispute', second, 'b.png', content)).json<Attachment>();
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(storedFiles().length).toBe(before + 1);
    const rows = await ctx.db.kysely.selectFrom('attachment').select(['id', 'record_id']).where('sha256', '=', sha256(content)).execute();
    expect(rows.map((r) => r.record_id).sort()).toEqual([recordId, second].sort());
    expect((await get(office, `/api/attachments/${b.id}`)).rawPayload.equals(content)).toBe(true);
  });

  it.each([
    ['an executable named as a PDF', 'report.pdf', ELF],
    ['a Windows program named as a photo', 'photo.jpg', EXE],
    ['plain text named as a photo', 'photo.jpg', Buffer.from('这不是照片，是一段文字。'.repeat(20), 'utf8')],
    ['a PNG named as a PDF', 'scan.pdf', PNG],
    ['a PDF named as a Word file', 'minutes.docx', PDF],
  ])('refuses %s with 415 and stores nothing', async (_what, filename, content) => {
    const error = await expectNothingStored(() => upload(office, 'dispute', recordId, filename, content, 'application/pdf'), 415, 'unsupported_type');
    expect(error.field).toBe('file');
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const oversized = Buffer.concat([PNG, Buffer.alloc(ctx.config.maxUploadBytes, 0x20)]);
    const error = await expectNothingStored(() => upload(office, 'dispute', recordId, 'big.png', oversized), 413, 'too_large');
    expect(error.field).toBe('file');
    const huge = Buffer.concat([PNG, Buffer.alloc(3 * ctx.config.maxUploadBytes, 0x20)]);
    await expectNothingStored(() => upload(office, 'dispute', recordId, 'huge.png', huge), 413, 'too_large');
  });

  it('accepts a file of exactly the size limit', async () => {
    const atLimit = Buffer.concat([PNG, Buffer.alloc(ctx.config.maxUploadBytes - PNG.length, 0x21)]);
    const res = await upload(office, 'dispute', recordId, 'limit.png', atLimit);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Attachment>().size).toBe(ctx.config.maxUploadBytes);
  });

  it('refuses an empty file and a request that is not multipart', async () => {
    await expectNothingStored(() => upload(office, 'dispute', recordId, 'empty.png', Buffer.alloc(0)), 400, 'validation');
    await expectNothingStored(
      () => app.inject({ method: 'POST', url: `/api/ledgers/dispute/${recordId}/attachments`, ...withSession(office), payload: { file: 'x' } }),
      400,
      'validation',
    );
  });

  it("keeps another town's users out: 404 to download or upload, 401 without a session", async () => {
    const attachment = (await upload(office, 'dispute', recordId, 'private.png', PNG)).json<Attachment>();
    expectError(await get(otherOffice, `/api/attachments/${attachment.id}`), 404, 'not_found');
    expectError(await get(otherOffice, '/api/attachments/doesnotexist00'), 404, 'not_found');
    await expectNothingStored(() => upload(otherOffice, 'dispute', recordId, 'x.png', Buffer.concat([PNG, Buffer.from('other')])), 404, 'not_found');
    await expectNothingStored(() => upload(undefined, 'dispute', recordId, 'x.png', Buffer.concat([PNG, Buffer.from('anon')])), 401, 'unauthenticated');
    await expectNothingStored(() => upload(office, 'noSuchKind', recordId, 'x.png', PNG), 404, 'unknown_kind');
    expect((await app.inject({ method: 'GET', url: `/api/attachments/${attachment.id}` })).statusCode).toBe(401);
  });

  it('lets only roles that may edit the record attach to it', async () => {
    const leader = await signInAs('leader', f.town);
    await expectNothingStored(() => upload(leader, 'dispute', recordId, 'x.png', Buffer.concat([PNG, Buffer.from('leader')])), 403, 'forbidden');
    const attachment = (await upload(office, 'dispute', recordId, 'seen-by-leader.png', PNG)).json<Attachment>();
    expect((await get(leader, `/api/attachments/${attachment.id}`)).statusCode).toBe(200);
  });

  it("follows its record: after the record moves out of a grid worker's village, its photo is 404 to them as the record is", async () => {
    const worker = await signInAs('gridWorker', f.villageA);
    const disputeId = await newDispute(worker, f.villageA.id);
    const photo = Buffer.concat([PNG, Buffer.from('grid-worker-photo')]);
    const uploaded = await upload(worker, 'dispute', disputeId, '现场照片.png', photo);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const attachment = uploaded.json<Attachment>();
    expect((await get(worker, `/api/attachments/${attachment.id}`)).statusCode).toBe(200);

    // The town office moves the record to another village, outside the worker's scope.
    const moved = await app.inject({ method: 'PATCH', url: `/api/ledgers/dispute/${disputeId}`, ...withSession(office), payload: { version: 1, orgId: f.villageB.id } });
    expect(moved.statusCode, moved.body).toBe(200);

    expectError(await get(worker, `/api/ledgers/dispute/${disputeId}`), 404, 'not_found');
    expectError(await get(worker, `/api/attachments/${attachment.id}`), 404, 'not_found');
    const workerScope = await f.as('gridWorker', f.villageA);
    await expect(ctx.attachments.listFor(workerScope, 'dispute', disputeId)).rejects.toMatchObject({ status: 404 });
    // The town office, whose scope holds the new village, still has both.
    const download = await get(office, `/api/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(photo)).toBe(true);
    expect((await get(office, `/api/ledgers/dispute/${disputeId}`)).json<{ attachments: Attachment[] }>().attachments.map((a) => a.id)).toEqual([attachment.id]);
  });

  it('follows its record the other way: moved into the village, the record brings its attachments', async () => {
    const worker = await signInAs('gridWorker', f.villageA);
    const disputeId = await newDispute(office, f.villageB.id);
    const attachment = (await upload(office, 'dispute', disputeId, 'minutes.png', Buffer.concat([PNG, Buffer.from('moved-in')]))).json<Attachment>();
    expectError(await get(worker, `/api/attachments/${attachment.id}`), 404, 'not_found');

    const moved = await app.inject({ method: 'PATCH', url: `/api/ledgers/dispute/${disputeId}`, ...withSession(office), payload: { version: 1, orgId: f.villageA.id } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await get(worker, `/api/attachments/${attachment.id}`)).statusCode).toBe(200);
    expect((await get(worker, `/api/ledgers/dispute/${disputeId}`)).json<{ attachments: Attachment[] }>().attachments.map((a) => a.id)).toEqual([attachment.id]);
  });

  it('drops the rows when the record is deleted', async () => {
    const doomed = await newDispute(office, f.villageA.id);
    const attachment = (await upload(office, 'dispute', doomed, 'doomed.png', PNG)).json<Attachment>();
    const del = await app.inject({ method: 'DELETE', url: `/api/ledgers/dispute/${doomed}?version=1`, ...withSession(office) });
    expect(del.statusCode).toBe(204);
    expectError(await get(office, `/api/attachments/${attachment.id}`), 404, 'not_found');
  });
});
