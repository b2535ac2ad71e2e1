/**
 * A quiet console: signing in and walking the menu as the town office and as a grid worker logs
 * no error, no failed request and no refused resource (a 401, 403 or 404 in the browser's console
 * is noise a newcomer takes for a fault). Also: each page names itself in the browser tab, and a
 * page opened by its address shows its menu section open.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { baseURL, openSession, PASSWORD, shot, shotsOnFailure, visit, type Session } from './helpers.js';

/** Everything the browser complains about while the page is used. */
function listen(page: Page): string[] {
  const noise: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') noise.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => noise.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) noise.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  page.on('requestfailed', (request) => {
    // A request the page itself dropped (leaving the page, a newer query) is not a fault.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') noise.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
  return noise;
}

/** Signs in through the form, as a person does. */
async function signIn(page: Page, username: string) {
  await visit(page, '/');
  await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(await page.title()).toBe('登录 - 法治台账');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

/** Opens a page by its address and waits for its title (the menu and kinds loaded). */
async function open(page: Page, path: string, title: string) {
  await visit(page, path);
  await page.waitForFunction((want) => document.title === want, `${title} - 法治台账`, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

/** The labels of the menu sections shown open. */
const openSections = (page: Page) => page.locator('nav[aria-label="主导航"] .ant-menu-submenu-open > .ant-menu-submenu-title').allInnerTexts();

describe('a quiet console', () => {
  let session: Session | undefined;
  // Registered first, so it runs last: the screenshots of a failure are taken before the browser closes.
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  shotsOnFailure(() => [session]);

  test('the town office signs in and walks the menu without an error in the console', async () => {
    session = await openSession(null);
    const { page } = session;
    const noise = listen(page);
    await signIn(page, 'smz_office');
    expect(await page.title()).toBe('工作台 - 法治台账');
    for (const [path, title] of [
      ['/area/governance', '基层治理'],
      ['/ledgers/dispute', '矛盾纠纷'],
      ['/ledgers/dispute/new', '新增矛盾纠纷'],
      ['/report', '年度报告'],
      ['/due', '待办与提醒'],
      ['/org', '单位与人员'],
      ['/no-such-page', '页面不存在'],
      ['/settings/lists', '设置 · 选项列表'],
    ] as const) {
      await open(page, path, title);
    }
    // 设置 → 选项列表: each list under its Chinese name, never its code.
    await page.getByRole('navigation', { name: '选项列表' }).getByRole('button', { name: /评查督查类别/ }).click();
    const card = page.locator('.ant-card').filter({ has: page.getByRole('table') });
    await expect.poll(() => card.locator('.ant-card-head').innerText()).toContain('评查督查类别');
    expect(await page.locator('main').first().innerText()).not.toContain('caseReview.kind');
    await shot(page, 'settings-lists');
    expect(noise).toEqual([]);
  });

  test('a page opened by its address shows its menu section open', async () => {
    session = await openSession('smz_office');
    const { page } = session;
    const noise = listen(page);
    await open(page, '/ledgers/dispute', '矛盾纠纷');
    expect(await openSections(page)).toEqual(['基层治理']);
    await expect.poll(() => page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '矛盾纠纷', exact: true }).isVisible()).toBe(true);
    await shot(page, 'opened-by-address', { fullPage: false });
    await open(page, '/org', '单位与人员');
    await expect.poll(() => openSections(page)).toContain('组织与人员');
    await open(page, '/area/publicity', '普法');
    expect(await openSections(page)).toEqual(['普法']);
    expect(noise).toEqual([]);
  });

  test('a grid worker signs in at a desk and walks the menu without an error in the console', async () => {
    session = await openSession(null);
    const { page } = session;
    const noise = listen(page);
    await signIn(page, 'smz_grid');
    // The desk's dashboard has no report card for the role, and does not ask for the report.
    expect(await page.title()).toBe('工作台 - 法治台账');
    for (const [path, title] of [
      ['/ledgers/dispute', '矛盾纠纷'],
      ['/due', '待办与提醒'],
      ['/m', '手机上报'],
    ] as const) {
      await open(page, path, title);
    }
    expect(noise).toEqual([]);
  });

  test('the favicon and the API documentation load without a refusal', async () => {
    session = await openSession(null);
    const { page } = session;
    const noise = listen(page);
    // The listener hears a refusal (so the tests above are not quiet by deafness).
    await visit(page, '/assets/no-such-file.js');
    expect(noise).toEqual(['404 GET /assets/no-such-file.js', expect.stringContaining('console: ')]);
    noise.length = 0;
    const icon = await page.request.get(`${baseURL()}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/x-icon');
    await visit(page, '/api/docs');
    await page.getByText('法治台账 API').first().waitFor({ timeout: 30_000 });
    await shot(page, 'api-docs', { fullPage: false });
    expect(noise).toEqual([]);
  });
});
