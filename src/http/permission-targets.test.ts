/**
 * GET /api/permissions/targets: the security administrator's permission screen names what it
 * grants on — areas, every kind (including a town's own) and the annual report — in Chinese, and
 * the audit administrator's log names the kinds its rows refer to; neither can read any ledger.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../accounts/roles.js';
import type { PermissionVocabulary } from '../accounts/permission-targets.js';
import type { OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser } from '../testing/http.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;

const signInAs = (role: Role, unit: OrgUnit) => signInNewUser(app, ctx.accounts, role, unit);

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('GET /api/permissions/targets', () => {
  it('names areas, kinds (with a town’s own) and the annual report for the security administrator', async () => {
    const office = await signInAs('townOffice', f.town);
    const defined = await callAs(app, office, 'POST', '/api/kinds', { orgId: f.town.id, label: '调解回访', area: 'governance', fields: [{ label: '回访方式', type: 'text' }] });
    expect(defined.statusCode, defined.body).toBe(201);
    const custom = defined.json<{ code: string }>().code;

    const security = await signInAs('securityAdmin', f.county);
    const res = await callAs(app, security, 'GET', '/api/permissions/targets');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<PermissionVocabulary>();
    expect(body.actions.find((a) => a.code === 'reveal')?.label).toBe('查看敏感信息原文');
    expect(body.targets[0]).toEqual({ code: 'leadership', label: '第一责任人', type: 'area' });
    expect(body.targets.find((t) => t.code === 'dispute')).toEqual({ code: 'dispute', label: '矛盾纠纷', type: 'kind', area: 'governance' });
    expect(body.targets.find((t) => t.code === custom)).toEqual({ code: custom, label: '调解回访', type: 'kind', area: 'governance', custom: true });
    expect(body.targets.at(-1)).toEqual({ code: 'annualReport', label: '年度报告', type: 'report' });
    // Every kind comes after its area, so the screen can group them.
    const governance = body.targets.findIndex((t) => t.code === 'governance');
    expect(body.targets.findIndex((t) => t.code === 'dispute')).toBeGreaterThan(governance);
    // The administrator still reads no ledger.
    expect((await callAs(app, security, 'GET', '/api/ledgers/dispute')).statusCode).toBe(403);
  });

  it('names kinds for the audit administrator too, whose log refers to them by code', async () => {
    const audit = await signInAs('auditAdmin', f.county);
    const res = await callAs(app, audit, 'GET', '/api/permissions/targets');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PermissionVocabulary>().targets.find((t) => t.code === 'screeningRound')?.label).toBe('矛盾排查');
  });

  it('is refused to everyone else, the system administrator included', async () => {
    for (const [role, unit] of [['townOffice', f.town], ['leader', f.town], ['systemAdmin', f.county]] as const) {
      expectError(await callAs(app, await signInAs(role, unit), 'GET', '/api/permissions/targets'), 403, 'forbidden');
    }
    expect((await callAs(app, undefined, 'GET', '/api/permissions/targets')).statusCode).toBe(401);
  });
});
