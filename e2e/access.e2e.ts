/** Pages a user may not open say so in plain Chinese; nobody reaches a page without signing in. */
import { afterEach, describe, expect, test } from 'vitest';
import { expectBuilt, openSession, PASSWORD, shot, shotsOnFailure, visit, type Session } from './helpers.js';

describe('access', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  shotsOnFailure(() => [session]); // declared last: after-hooks run in reverse, so it sees the page open

  test('an anonymous visit goes to the login page, which refuses a wrong password in Chinese and signs in', async () => {
    session = await openSession(null);
    const { page } = session;
    await visit(page, '/ledgers/dispute');
    await page.waitForURL(/\/login\?next=%2Fledgers%2Fdispute$/);
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await shot(page, 'login');

    await page.getByLabel('用户名').fill('smz_office');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: /[\u4e00-\u9fff]/ }).first().waitFor();

    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByText('双庙镇法治办（演示）').first().waitFor({ timeout: 30_000 });
    expect(session.errors).toEqual([]);
  });

  test('after signing in, the login page leads back to the page that was asked for', async () => {
    session = await openSession(null);
    const { page } = session;
    await visit(page, '/ledgers/dispute');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill('smz_office');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('heading', { name: '矛盾纠纷', exact: true }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/ledgers/dispute');
    await expectBuilt(page);
    await shot(page, 'dispute-list');
    expect(session.errors).toEqual([]);
  });

  test('a grid worker opening the annual report is told the role may not see it', async () => {
    session = await openSession('smz_grid');
    const { page } = session;
    await visit(page, '/report');
    await page.getByText('无权查看年度报告').waitFor({ timeout: 30_000 });
    await page.getByText(/无权/).nth(1).waitFor();
    await shot(page, 'forbidden-report-grid');
    expect(session.errors).toEqual([]);
  });

  test('the system administrator, who holds no business data, is told the ledger is not for the role', async () => {
    session = await openSession('sysadmin');
    const { page } = session;
    await visit(page, '/ledgers/dispute');
    await page.getByText('没有这个台账').waitFor({ timeout: 30_000 });
    await page.getByText(/无权查看/).waitFor();
    await page.getByRole('button', { name: '返回工作台' }).waitFor();
    await shot(page, 'forbidden-ledger-sysadmin');
    expect(session.errors).toEqual([]);
  });

  test('a county reviewer opening the new-record form is told the role may not add records', async () => {
    session = await openSession('hjhq_review');
    const { page } = session;
    await visit(page, '/ledgers/dispute/new');
    await page.getByText('无权操作').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: /保\s*存|提\s*交/ }).count()).toBe(0);
    await shot(page, 'forbidden-new-record-county');
    expect(session.errors).toEqual([]);
  });
});
