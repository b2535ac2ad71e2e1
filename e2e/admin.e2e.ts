/**
 * 三员分立 in the browser: the system administrator's new account waits for the security
 * administrator's grant, a reset hands the system administrator no password, and the user is told
 * who reset it. A user of its own (e2e_handover), so the demo accounts the other files use keep
 * their passwords.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { openSession, shot, shotsOnFailure, signIn, visit, type Session } from './helpers.js';

const USERNAME = 'e2e_handover';

/** A request through the page's own fetch with its CSRF token, as the UI's buttons send them. */
const callApi = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fazhi_csrf='))?.slice('fazhi_csrf='.length) ?? '';
      const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    },
    { method, path, body },
  );

/** The password the one-time-password dialog shows. */
async function shownPassword(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog', { name: '一次性密码' });
  await dialog.waitFor();
  const text = (await dialog.locator('div.ant-typography').nth(1).innerText()).trim();
  expect(text).toMatch(/^\S{12}$/);
  return text;
}

describe('三员分立', () => {
  const sessions: Session[] = [];
  const open = async (username: string | null) => {
    const session = await openSession(username);
    sessions.push(session);
    return session;
  };
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });
  shotsOnFailure(() => sessions);

  test('the system administrator’s new account works only after the security administrator grants it', async () => {
    const sys = await open('sysadmin');
    await visit(sys.page, '/settings');
    await sys.page.getByRole('button', { name: /新增用户/ }).click();
    await sys.page.getByText('保存后由安全管理员确认角色和管辖范围').waitFor();
    await shot(sys.page, 'admin-new-user-sysadmin', { fullPage: false });
    await sys.page.getByRole('button', { name: /取\s*消/ }).click();

    const orgs = (await callApi(sys.page, 'GET', '/api/orgs')).body as { items: Array<{ id: string; name: string }> };
    const created = await callApi(sys.page, 'POST', '/api/users', { username: USERNAME, displayName: '交接测试', role: 'townOffice', orgId: orgs.items[0]?.id });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('oneTimePassword');
    await visit(sys.page, '/settings');
    const sysRow = sys.page.getByRole('row', { name: new RegExp(USERNAME) });
    await sysRow.getByText('待授权').waitFor({ timeout: 30_000 });
    await shot(sys.page, 'admin-users-sysadmin-pending');

    const sec = await open('secadmin');
    await visit(sec.page, '/settings');
    await sec.page.getByRole('row', { name: new RegExp(USERNAME) }).getByRole('button', { name: /授\s*权/ }).click();
    await sec.page.getByText('系统管理员新建的账号，须由您确认角色和管辖范围后才能登录。').waitFor();
    await shot(sec.page, 'admin-grant-secadmin', { fullPage: false });
    await sec.page.getByRole('button', { name: /授权并生成一次性密码/ }).click();
    const oneTime = await shownPassword(sec.page);
    await shot(sec.page, 'admin-grant-password-secadmin', { fullPage: false });

    const user = await open(null);
    await signIn(user.page, USERNAME, oneTime);
    for (const s of sessions) expect(s.errors).toEqual([]);
  });

  test('a reset gives the system administrator no password; the security administrator releases it and the user sees who reset it', async () => {
    const sys = await open('sysadmin');
    await visit(sys.page, '/settings');
    await sys.page.getByRole('row', { name: new RegExp(USERNAME) }).getByRole('button', { name: /重置密码/ }).click();
    await sys.page.getByText('一次性密码发到用户邮箱，或由安全管理员发放').waitFor();
    await shot(sys.page, 'admin-reset-sysadmin', { fullPage: false });
    await sys.page.getByRole('button', { name: /^重\s*置$/ }).click();
    await sys.page.getByText(`已重置 ${USERNAME} 的密码，一次性密码由安全管理员发放`).waitFor();
    expect(await sys.page.getByRole('dialog', { name: '一次性密码' }).count()).toBe(0);

    const sec = await open('secadmin');
    await visit(sec.page, '/settings');
    const row = sec.page.getByRole('row', { name: new RegExp(USERNAME) });
    await row.getByText('待发放密码').waitFor({ timeout: 30_000 });
    await shot(sec.page, 'admin-users-secadmin-release');
    await row.getByRole('button', { name: /发放密码/ }).click();
    await sec.page.getByRole('button', { name: /^发\s*放$/ }).click();
    const oneTime = await shownPassword(sec.page);

    const user = await open(null);
    await signIn(user.page, USERNAME, oneTime);
    await visit(user.page, '/');
    await user.page.getByText(/您的密码已于 .+ 由系统管理员「系统管理员（演示）」重置/).waitFor({ timeout: 30_000 });
    await shot(user.page, 'admin-reset-notice-user');
    for (const s of sessions) expect(s.errors).toEqual([]);
  });
});
