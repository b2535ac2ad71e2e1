import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg } from '../org/repository.js';
import type { Actor } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountLines } from './load.js';

/** The start-up banner's list of demo accounts says which still take the demo password. */
let ctx: TestContext;
const OPERATOR: Actor = { userId: null, name: '测试', role: 'system', ip: null };

beforeAll(async () => {
  ctx = await testContext();
});
afterAll(() => ctx.close());

describe('demoAccountLines', () => {
  it('claims the demo password for every account only while it holds for every account', async () => {
    const unit = await insertOrg(ctx.db, { parentId: null, name: '演示测试县', level: 'county' });
    const create = (username: string, password: string) =>
      ctx.accounts.createUser({ username, password, displayName: username, role: 'townOffice', orgId: unit.id, mustChangePassword: false });
    for (const a of DEMO_ACCOUNTS) await create(a.username, DEMO_PASSWORD);

    const fresh = await demoAccountLines(ctx);
    expect(fresh[0]).toBe(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    expect(fresh).toHaveLength(DEMO_ACCOUNTS.length + 1);
    expect(fresh.slice(1).every((line) => !line.includes('（密码已修改'))).toBe(true);

    // One account reset by an operator, one changed by its user: the heading no longer says "均为".
    const [reset, changed, untouched] = DEMO_ACCOUNTS;
    if (!reset || !changed || !untouched) throw new Error('too few demo accounts');
    const resetUser = await ctx.accounts.findByUsername(reset.username);
    await ctx.accounts.resetPassword(resetUser?.id ?? '', OPERATOR);
    const { session } = await ctx.accounts.login(changed.username, DEMO_PASSWORD, null);
    await ctx.accounts.changePassword(session, DEMO_PASSWORD, 'Another#2026pw');

    const after = await demoAccountLines(ctx);
    expect(after[0]).toBe(`演示账号（密码为 ${DEMO_PASSWORD}，注明的除外）：`);
    const line = (username: string) => after.find((l) => l.trimStart().startsWith(`${username} `)) ?? '';
    expect(line(reset.username)).toContain(`密码已修改或重置，不是 ${DEMO_PASSWORD}`);
    expect(line(changed.username)).toContain(`密码已修改或重置，不是 ${DEMO_PASSWORD}`);
    expect(line(untouched.username)).not.toContain('（密码已修改');
  });
});
