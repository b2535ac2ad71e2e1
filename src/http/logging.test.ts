/**
 * Unexpected errors reach the log whatever FAZHI_LOG says, as one line with the method, the path,
 * the message and the stack, and nothing a person typed: no body, cookie or query string.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown } from '../testing/fixtures.js';
import { expectError, signInNewUser, withSession } from '../testing/http.js';
import { unparsableWorkbook } from '../testing/xlsx.js';
import { buildApp } from './app.js';
import { logLevelOf } from './errors.js';
import { anyString, stringContaining } from '../testing/matchers.js';

describe('the error log', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let logged = '';

  beforeAll(async () => {
    ctx = await testContext();
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
    // As `fazhi serve` builds it with FAZHI_LOG unset.
    app = await buildApp(ctx, { logLevel: logLevelOf(undefined), logStream: stream });
    await app.ready();
  });
  afterAll(async () => {
    // Unset when beforeAll failed.
    await (app as FastifyInstance | undefined)?.close();
    await (ctx as TestContext | undefined)?.close();
  });

  it('logs a forced unexpected error with its path, and none of the request’s personal data', async () => {
    // A driver error that echoes a value, as PostgreSQL's do.
    const login = vi.spyOn(ctx.accounts, 'login').mockRejectedValueOnce(new Error('invalid input syntax for type bigint: "张三丰" near 13912345678'));
    const res = await app.inject({
      method: 'POST',
      url: '/api/session?idNumber=110101199003071234',
      headers: { cookie: 'fazhi_session=s3cr3t-session-token' },
      payload: { username: 'zhangsanfeng', password: 'Secret#Pass-2025' },
    });
    login.mockRestore();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { id: 'internal', message: '服务器内部错误，请稍后再试或联系管理员' } });

    await vi.waitFor(() => expect(logged).toContain('unhandled error'));
    const lines = logged.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'unhandled error',
      method: 'POST',
      path: '/api/session',
      error: { type: 'Error', message: stringContaining('invalid input syntax for type bigint'), stack: stringContaining('logging.test.ts') },
    });
    for (const personal of ['110101199003071234', 'idNumber', '13912345678', '张三丰', 'zhangsanfeng', 'Secret#Pass-2025', 's3cr3t-session-token']) {
      expect(logged, personal).not.toContain(personal);
    }
  });

  it('logs what lay behind an error answered in plain words: a file the reader could not parse', async () => {
    logged = '';
    const f = await smallTown(ctx);
    const office = await signInNewUser(app, ctx.accounts, 'townOffice', f.town);
    const boundary = '----fazhi-logging';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="纠纷.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const payload = Buffer.concat([head, unparsableWorkbook('纠纷概要'), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const res = await app.inject({ method: 'POST', url: '/api/ledgers/dispute/import?dryRun=true', payload, ...withSession(office, { 'content-type': `multipart/form-data; boundary=${boundary}` }) });
    // The person reads that the file could not be read, and nothing of the parser.
    const error = expectError(res, 400, 'validation', 'file');
    expect(error.message).toContain('文件已损坏或不是有效的 Excel 表格');

    await vi.waitFor(() => expect(logged).toContain('answered error with a cause'));
    const lines = logged.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'answered error with a cause',
      method: 'POST',
      path: '/api/ledgers/dispute/import',
      answered: { status: 400, id: 'validation' },
      error: { type: anyString(), message: anyString(), stack: anyString() },
    });
    const cause = (lines[0] as { error: { message: string } }).error.message;
    expect(cause).not.toContain('文件已损坏');
    expect(res.body).not.toContain(cause);
  });

  it('reads FAZHI_LOG: error by default, info (or 1) for every request; never off', () => {
    expect([undefined, '', '0', 'silent', 'error'].map(logLevelOf)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(['1', 'info', 'INFO', 'debug', 'warn'].map(logLevelOf)).toEqual(['info', 'info', 'info', 'debug', 'warn']);
  });
});
