/** A county reviewer sees the county's towns side by side, reads their records and can change nothing. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectBuilt, openSession, shot, shotsOnFailure, visit, type Session } from './helpers.js';

const TOWNS = ['双庙镇', '蛮会镇', '团结镇'];

describe('the county reviewer', () => {
  let reviewer: Session;
  shotsOnFailure(() => [reviewer]);

  beforeAll(async () => {
    reviewer = await openSession('hjhq_review');
  });
  afterAll(async () => {
    await (reviewer as Session | undefined)?.close(); // unset when beforeAll failed
  });

  test('sees the three towns side by side', async () => {
    const { page } = reviewer;
    await visit(page, '/county');
    await expectBuilt(page);
    await page.getByRole('heading', { name: '各镇对比' }).waitFor();
    // One table, one row per town, each with the same figures.
    const table = page.getByRole('table').filter({ hasText: TOWNS[0] as string }).first();
    await table.waitFor({ timeout: 30_000 });
    for (const town of TOWNS) await table.getByRole('button', { name: `查看${town}的指标` }).waitFor();
    const rows = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: /^查看.+的指标$/ }) });
    expect(await rows.count()).toBe(TOWNS.length);
    for (let i = 0; i < TOWNS.length; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      // The unit's name and at least one figure for it.
      expect(cells.slice(1).some((c) => /\d/.test(c))).toBe(true);
    }
    await shot(page, 'county');
    expect(reviewer.errors).toEqual([]);
  });

  test('opens a dispute record without 编辑 or 删除, and the server refuses a change', async () => {
    const { page } = reviewer;
    await visit(page, '/ledgers/dispute');
    await expectBuilt(page);
    const first = page.locator('a[href^="/ledgers/dispute/"]').first();
    await first.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: /新增/ }).count()).toBe(0);
    // Every town has a 新华村 of its own: above towns, the list names the town beside the unit.
    expect(await page.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['乡镇（街道）', '所属单位']));
    await shot(page, 'county-dispute-list');

    await first.click();
    await page.waitForURL(/\/ledgers\/dispute\/[^/]+$/);
    await page.getByText('登记内容').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('button', { name: /编辑/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /删除/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /上传/ }).count()).toBe(0);
    await shot(page, 'county-dispute-record');

    // What the buttons would have sent, through the page's own fetch with its CSRF token: refused.
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    const answer = await page.evaluate(async (recordId) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fazhi_csrf='))?.slice('fazhi_csrf='.length) ?? '';
      const path = `/api/ledgers/dispute/${recordId}`;
      const record = (await (await fetch(path)).json()) as { version: number; title: string };
      const res = await fetch(path, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ version: record.version, title: `${record.title}（改）` }),
      });
      const after = (await (await fetch(path)).json()) as { title: string };
      return { status: res.status, body: (await res.json()) as { error?: { id?: string; message?: string } }, before: record.title, after: after.title };
    }, id);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.id).not.toBe('csrf'); // refused for the role, not for a missing token
    expect(answer.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(answer.after).toBe(answer.before);
  });
});
