/**
 * The county's assessment in the browser: the reviewer defines a scheme with one item and
 * publishes it; 双庙镇's office sees the item's score change when it adds a record and submits;
 * the reviewer adjusts the item with a reason and confirms the result.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectBuilt, openSession, shot, shotsOnFailure, visit, type Session } from './helpers.js';

const TITLE = `2025年度矛盾纠纷排查专项考核（浏览器测试${Date.now() % 100000}）`;

/** A call of the API through the page's own session and CSRF token. */
const call = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fazhi_csrf='))?.slice('fazhi_csrf='.length) ?? '';
      const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    { method, path, body },
  );

/**
 * Picks `option` in the antd Select labelled `label`, typing `search` first when its list is long
 * (only the options in view are in the page); the list is let to finish sliding in before the click.
 */
async function choose(page: Page, label: string, option: string | RegExp, search?: string) {
  await page.getByLabel(label, { exact: true }).click();
  if (search) await page.keyboard.type(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor();
  await page.waitForTimeout(400);
  await item.click();
  await page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) }).last().filter({ hasText: search ?? option }).waitFor({ timeout: 5000 });
}

describe('the county assessment', () => {
  let reviewer: Session;
  let office: Session;
  let schemeId = '';
  let townId = '';
  shotsOnFailure(() => [reviewer, office]);

  beforeAll(async () => {
    reviewer = await openSession('hjhq_review');
    office = await openSession('smz_office');
  });
  afterAll(async () => {
    await (reviewer as Session | undefined)?.close();
    await (office as Session | undefined)?.close();
  });

  test('the reviewer sees the towns side by side and defines a scheme with one item', async () => {
    const { page } = reviewer;
    await visit(page, '/assessment');
    await expectBuilt(page);
    await page.getByRole('heading', { name: '法治建设考核' }).waitFor();
    // The demo's scheme: three towns, ranked.
    await page.getByRole('cell', { name: '团结镇' }).waitFor({ timeout: 30_000 });
    await shot(page, 'assessment-review-overview');

    // Where 双庙镇 stands now, so the item's mark is one record beyond it.
    const orgs = await call(page, 'GET', '/api/orgs?levels=town');
    townId = (orgs.body.items as Array<{ id: string; name: string }>).find((o) => o.name === '双庙镇')?.id ?? '';
    expect(townId).not.toBe('');
    const figures = await call(page, 'GET', `/api/indicators?org=${townId}&year=2025`);
    const screened = (figures.body.items as Array<{ code: string; value: number }>).find((i) => i.code === 'dispute.screened')?.value ?? 0;

    await page.getByRole('tab', { name: '考核方案' }).click();
    await page.getByRole('button', { name: '新建方案' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('方案名称').fill(TITLE);
    await dialog.getByLabel('自评截止日期').fill('2026-01-15');
    await dialog.getByLabel('部分名称').fill('一、基层社会治理');
    await choose(page, '领域', '基层治理');
    await dialog.getByLabel('序号').fill('1');
    await dialog.getByLabel('考核内容').fill('矛盾纠纷排查登记达到目标');
    await dialog.getByLabel('分值').fill('5');
    await choose(page, '依据指标', /^排查矛盾纠纷（件）$/, '排查矛盾纠纷');
    await dialog.getByLabel('达标值（达到即得满分）').fill(String(screened + 1));
    await shot(page, 'assessment-define-item', { fullPage: false });
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('考核方案已建立').waitFor();
    await page.getByRole('button', { name: '发布方案' }).click();
    await page.getByText('方案已发布，各镇可以开始自评').waitFor();
    schemeId = new URL(page.url()).searchParams.get('scheme') ?? '';
    expect(schemeId).not.toBe('');
    expect(reviewer.errors).toEqual([]);
  });

  test('the town office sees the score change when it adds a record, and submits', async () => {
    const { page } = office;
    // The demo county's scheme first: 31 items, each with what it still lacks.
    await visit(page, '/assessment');
    await page.getByRole('cell', { name: /主要负责人亲自部署法治建设重要工作/ }).waitFor({ timeout: 30_000 });
    await page.getByText('待考核组评分').first().waitFor();
    await shot(page, 'assessment-town-demo');

    await visit(page, `/assessment?scheme=${schemeId}`);
    await page.getByRole('heading', { name: '考核自评' }).waitFor();
    const row = page.locator('tr').filter({ hasText: '矛盾纠纷排查登记达到目标' });
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await row.locator('td').nth(4).textContent())?.trim()).toBe('0');
    await shot(page, 'assessment-town-before');

    const created = await call(page, 'POST', '/api/ledgers/dispute', {
      orgId: townId,
      date: '2025-12-10',
      title: '两户因灌溉用水顺序发生争执',
      source: 'monthlyScreening',
      category: 'neighbour',
      status: 'registered',
    });
    expect(created.status).toBe(201);
    await visit(page, `/assessment?scheme=${schemeId}`);
    await expect.poll(async () => (await page.locator('tr').filter({ hasText: '矛盾纠纷排查登记达到目标' }).locator('td').nth(4).textContent())?.trim(), { timeout: 30_000 }).toBe('5');

    await page.getByRole('button', { name: /说\s*明/ }).first().click();
    await page.getByRole('dialog').getByLabel('自评说明').fill('全年按月排查，新增一起灌溉纠纷已登记。');
    const saved = page.waitForResponse((r) => r.url().includes('/note') && r.request().method() === 'PUT');
    await page.getByRole('dialog').getByRole('button', { name: /^保\s*存$/ }).click();
    const answer = await saved;
    expect(answer.status(), await answer.text()).toBe(200);
    await page.getByText('自评说明已保存').waitFor();
    await page.getByRole('button', { name: '提交自评' }).click();
    await page.getByText('自评已提交').waitFor();
    await page.getByText('已提交', { exact: true }).first().waitFor();
    await shot(page, 'assessment-town-submitted');
    expect(office.errors).toEqual([]);
  });

  test('the reviewer adjusts the item with a reason and confirms', async () => {
    const { page } = reviewer;
    await visit(page, `/assessment?scheme=${schemeId}&tab=town&town=${townId}`);
    await page.getByRole('tab', { name: '双庙镇（审核）' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '调整得分' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    // The reason is required.
    await dialog.getByText('请填写「调整理由」').waitFor();
    await dialog.getByLabel(/调整后得分/).fill('4');
    await dialog.getByLabel('调整理由').fill('新增纠纷缺少调解记录，酌情扣1分');
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('得分已调整').waitFor();
    await page.getByText('调整（原 5）').waitFor();
    await shot(page, 'assessment-review-town');
    await page.getByRole('button', { name: '确认结果' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认结果' }).click();
    await page.getByText('考核结果已确认').waitFor();
    await page.getByText('结果已冻结').waitFor();

    const audit = await call(page, 'GET', `/api/assessment-schemes/${schemeId}/towns/${townId}`);
    expect(audit.body).toMatchObject({ status: 'confirmed', frozen: true, total: 4 });
    expect(reviewer.errors).toEqual([]);
  });
});
