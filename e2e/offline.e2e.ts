/**
 * Grid workers without signal (issue 18): /m installs as an app, opens with the connection off,
 * keeps two disputes (one with a photo) and a screening on the phone, and sends them once the
 * connection returns — each exactly once, the photo attached. An answer lost on the way back
 * makes no second record; a record the server refuses stays on the phone with the server's
 * message until the worker fixes it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_AS_OF } from '../src/demo/calendar.js';
import { baseURL, openSession, PHONE, shot, shotsOnFailure, visit, type Session } from './helpers.js';

// Unique per run: the records found later are this run's.
const RUN = Date.now().toString(36);
const FIRST = `两户因排水沟堵塞起争执（离线一·${RUN}）`;
const SECOND = `邻居院墙倒塌砸坏农机（离线二·${RUN}）`;
const DROPPED = `承包地界桩被挪动（回答丢失·${RUN}）`;
const REFUSED = `养殖场气味扰民（被退回·${RUN}）`;
/** A real 1×1 PNG: the photo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Found {
  items: Array<{ id: string; title: string; category?: string }>;
  total: number;
}

describe('a grid worker records without signal and the records arrive once', () => {
  let office: Session;
  let grid: Session;
  let roundsBefore = 0;
  shotsOnFailure(() => [grid, office]);

  /** The office's view of the ledger, through its API. */
  const officeGet = async <T,>(path: string): Promise<T> => {
    const res = await office.page.request.get(`${baseURL()}${path}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as T;
  };
  const disputesTitled = (title: string) => officeGet<Found>(`/api/ledgers/dispute?q=${encodeURIComponent(title)}&pageSize=10`);
  const screeningRounds = async () => (await officeGet<Found>('/api/ledgers/screeningRound?pageSize=1')).total;

  /** The three screens of the dispute report, up to the submit button. */
  async function fillDispute(page: Page, title: string, category: string, photo?: Buffer) {
    await page.getByRole('button', { name: /上报矛盾纠纷/ }).click();
    await page.getByText('第 1 步，共 3 步').waitFor();
    await page.getByRole('radio', { name: category }).click();
    await page.getByLabel('纠纷概要').fill(title);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('第 2 步，共 3 步').waitFor();
    const village = page.getByLabel('所在村（社区）');
    if (!(await village.inputValue())) await village.selectOption({ index: 1 });
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('第 3 步，共 3 步').waitFor();
    if (photo) {
      await page.locator('input[type="file"]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: photo });
      await page.getByRole('img', { name: '待上传的现场照片' }).waitFor();
    }
  }

  const home = async (page: Page) => {
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByRole('button', { name: /上报矛盾纠纷/ }).waitFor();
  };

  beforeAll(async () => {
    office = await openSession('smz_office');
    grid = await openSession('smz_grid', PHONE, (browser) => browser.clock.install({ time: new Date(`${DEMO_AS_OF}T10:00:00+08:00`) }));
    roundsBefore = await screeningRounds();
  });
  afterAll(async () => {
    await (grid as Session | undefined)?.close();
    await (office as Session | undefined)?.close();
  });

  test('the phone app is installable: manifest and service worker, served with the right headers', async () => {
    const { page } = grid;
    await visit(page, '/m');
    await page.getByRole('button', { name: /上报矛盾纠纷/ }).waitFor();
    // The worker installed and took over the page: the app shell is cached.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    // And the forms' data: the session, the kinds, the worker's units, the people of their village.
    await page.waitForFunction(
      async () => {
        for (const name of await caches.keys()) if (name.startsWith('fazhi-data-')) return (await (await caches.open(name)).keys()).length >= 4;
        return false;
      },
      undefined,
      { timeout: 30_000 },
    );

    const manifest = await page.request.get(`${baseURL()}/assets/manifest.webmanifest`);
    expect(manifest.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers()['cache-control']).toBe('no-cache');
    const app = (await manifest.json()) as { name: string; start_url: string; display: string; scope: string; icons: Array<{ src: string; sizes: string }> };
    expect(app).toMatchObject({ name: '法治台账·网格', start_url: '/m', display: 'standalone', scope: '/' });
    for (const size of ['192x192', '512x512']) {
      const icon = app.icons.find((i) => i.sizes === size);
      expect(icon, size).toBeDefined();
      const png = await page.request.get(`${baseURL()}${icon?.src ?? ''}`);
      expect(png.headers()['content-type']).toBe('image/png');
    }
    const worker = await page.request.get(`${baseURL()}/assets/sw.js`);
    expect(worker.headers()['content-type']).toMatch(/javascript/);
    expect(worker.headers()['cache-control']).toBe('no-cache');
    expect(worker.headers()['service-worker-allowed']).toBe('/');

    // Chromium's own verdict on whether it would offer to install the app.
    const cdp = await grid.browser.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
  });

  test('offline, two disputes (one with a photo) and a screening are kept on the phone', async () => {
    const { page } = grid;
    await grid.browser.setOffline(true);
    await page.getByText('当前没有网络').first().waitFor();

    await fillDispute(page, FIRST, '邻里纠纷');
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('已保存在本机，联网后自动上报（1 条待上报）').waitFor();
    await home(page);

    await fillDispute(page, SECOND, '邻里纠纷', PNG);
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('已保存在本机，联网后自动上报（2 条待上报）').waitFor();
    await shot(page, 'offline-saved');
    await home(page);

    await page.getByRole('button', { name: /登记月度排查/ }).click();
    const village = page.getByLabel('排查的村（社区）');
    await village.waitFor();
    if (!(await village.inputValue())) await village.selectOption({ index: 1 });
    await page.getByRole('button', { name: '加一' }).click();
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByText('已保存在本机，联网后自动上报（3 条待上报）').waitFor();
    expect(await screeningRounds()).toBe(roundsBefore);
    expect((await disputesTitled(FIRST)).total).toBe(0);
  });

  test('the app opens again with the connection still off, the three records waiting', async () => {
    const { page } = grid;
    await page.goto(`${baseURL()}/m`);
    await page.getByText('3 条待上报').waitFor({ timeout: 30_000 });
    await page.getByText('当前没有网络').first().waitFor();
    await shot(page, 'offline-home');
    await page.getByRole('button', { name: '查看待上报' }).click();
    await page.getByText(FIRST).waitFor();
    await page.getByText(SECOND).waitFor();
    await page.getByText('含照片').waitFor();
    await shot(page, 'offline-outbox');
  });

  test('online again, all three reach the office once, the photo with its dispute', async () => {
    const { page } = grid;
    await grid.browser.setOffline(false);
    await page.getByText('本机没有待上报的记录').waitFor({ timeout: 60_000 });

    const first = await disputesTitled(FIRST);
    const second = await disputesTitled(SECOND);
    expect(first.total).toBe(1);
    expect(second.total).toBe(1);
    expect(await screeningRounds()).toBe(roundsBefore + 1);
    const withPhoto = await officeGet<{ attachments: Array<{ filename: string; mime: string }> }>(`/api/ledgers/dispute/${second.items[0]?.id ?? ''}`);
    expect(withPhoto.attachments).toEqual([expect.objectContaining({ filename: 'scene.png', mime: 'image/png' })]);

    // In the office's own list, once each.
    await visit(office.page, `/ledgers/dispute?q=${encodeURIComponent(RUN)}`);
    await office.page.getByText(FIRST).first().waitFor();
    expect(await office.page.getByText(FIRST).count()).toBe(1);
    expect(await office.page.getByText(SECOND).count()).toBe(1);

    // The office sees when the worker last synced.
    const syncs = await officeGet<{ items: Array<{ displayName: string; syncedAt: string | null; pending: number }> }>('/api/outbox/grid-workers');
    const mine = syncs.items.find((s) => s.displayName === '新华村网格员（演示）');
    expect(mine?.pending).toBe(0);
    expect(Date.now() - Date.parse(mine?.syncedAt ?? '')).toBeLessThan(10 * 60_000);
    await visit(office.page, '/org');
    await office.page.getByText('新华村网格员（演示）').first().waitFor();
    await shot(office.page, 'office-grid-sync');
    expect(grid.errors).toEqual([]);
  });

  test('a retry after the answer was lost makes no second record', async () => {
    const { page } = grid;
    await visit(page, '/m');
    // The server creates the record, but no answer reaches the phone (however often it asks).
    let dropped = 0;
    await page.route('**/api/ledgers/dispute', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fetch();
      dropped += 1;
      return route.abort('connectionreset');
    });
    await fillDispute(page, DROPPED, '邻里纠纷');
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('已保存在本机，联网后自动上报（1 条待上报）').waitFor();
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect((await disputesTitled(DROPPED)).total).toBe(1);

    await page.unroute('**/api/ledgers/dispute');
    await home(page);
    await page.getByRole('button', { name: '立即上报' }).click();
    await page.getByText('本机没有待上报的记录').waitFor({ timeout: 30_000 });
    expect((await disputesTitled(DROPPED)).total).toBe(1);
  });

  test('a record the server refuses is shown with its message, fixed and sent', async () => {
    const { page } = grid;
    // The office adds a category; the phone learns of it while online.
    const label = `临时类别${RUN}`;
    const added = await office.page.request.post(`${baseURL()}/api/lists/dispute.category/items`, { data: { label }, headers: await csrf(office) });
    expect(added.status(), await added.text()).toBe(201);
    const option = (await added.json()) as { id: string };
    await visit(page, '/m');

    await grid.browser.setOffline(true);
    await fillDispute(page, REFUSED, label);
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('已保存在本机，联网后自动上报（1 条待上报）').waitFor();
    await home(page);

    // Meanwhile the office stops using that category.
    const stopped = await office.page.request.patch(`${baseURL()}/api/lists/dispute.category/items/${option.id}`, { data: { active: false }, headers: await csrf(office) });
    expect(stopped.status(), await stopped.text()).toBe(200);

    await grid.browser.setOffline(false);
    await page.getByText('1 条被退回，需要修改').waitFor({ timeout: 60_000 });
    expect((await disputesTitled(REFUSED)).total).toBe(0);
    await page.getByRole('button', { name: '查看待上报' }).click();
    await page.getByRole('alert').filter({ hasText: '纠纷类别' }).waitFor();
    await shot(page, 'outbox-refused');

    await page.getByRole('button', { name: '修改后重新提交' }).click();
    await page.getByText('第 1 步，共 3 步').waitFor();
    await page.getByRole('radio', { name: '邻里纠纷' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: /重新提交|提交上报/ }).click();
    await page.getByText('已上报', { exact: true }).waitFor();

    const sent = await disputesTitled(REFUSED);
    expect(sent.total).toBe(1);
    expect(sent.items[0]?.category).toBe('neighbour');
    await visit(page, '/m');
    await page.getByText('本机没有待上报的记录').waitFor();
  });
});

/** The CSRF header of a signed-in browser, for its state-changing API calls. */
async function csrf(session: Session): Promise<Record<string, string>> {
  const cookie = (await session.browser.cookies()).find((c) => c.name === 'fazhi_csrf');
  return cookie ? { 'x-csrf-token': decodeURIComponent(cookie.value) } : {};
}
