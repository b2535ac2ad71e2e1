/**
 * axe-core's WCAG 2 A and AA rules on the screens people use most: sign-in, the town office's
 * dashboard, a ledger list, a record and the annual report, the grid worker's phone screens, and
 * the public page a town publishes. Any violation fails, listed with its rule, impact, elements and (for
 * contrast) the colours measured, so the failure says what to fix.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_AS_OF } from '../src/demo/calendar.js';
import { expectAccessible } from './axe.js';
import { expectBuilt, openSession, PHONE, shot, shotsOnFailure, visit, type Session } from './helpers.js';

describe('WCAG 2 A/AA (axe-core)', () => {
  let guest: Session;
  let office: Session;
  let grid: Session;
  shotsOnFailure(() => [guest, office, grid]);

  beforeAll(async () => {
    guest = await openSession(null);
    office = await openSession('smz_office');
    // The phone's clock on the demo's reference day, as in dispute.e2e.ts: the phone form dates by it.
    grid = await openSession('smz_grid', PHONE, (browser) => browser.clock.install({ time: new Date(`${DEMO_AS_OF}T10:00:00+08:00`) }));
  });
  afterAll(async () => {
    await (guest as Session | undefined)?.close();
    await (office as Session | undefined)?.close();
    await (grid as Session | undefined)?.close();
  });

  test('the sign-in page', async () => {
    await visit(guest.page, '/login');
    await guest.page.getByRole('button', { name: /登\s*录/ }).waitFor({ timeout: 30_000 });
    await shot(guest.page, 'a11y-login');
    await expectAccessible(guest.page, '/login');
    // A failed sign-in shows its message: that too must be readable.
    await guest.page.getByLabel('用户名').fill('nobody_here');
    await guest.page.getByLabel('密码').fill('not-the-password');
    await guest.page.getByRole('button', { name: /登\s*录/ }).click();
    await guest.page.getByRole('alert').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => guest.page.getByLabel('用户名').isEnabled(), { timeout: 10_000 }).toBe(true);
    await expectAccessible(guest.page, '/login (wrong password)');
    expect(guest.errors).toEqual([]);
  });

  for (const [path, heading, name] of [
    ['/', '工作台', 'a11y-dashboard'],
    ['/ledgers/dispute', '矛盾纠纷', 'a11y-dispute-list'],
    ['/area/governance', '基层治理', 'a11y-area'],
    ['/report', '年度报告', 'a11y-report'],
  ] as const) {
    test(`${path} for the town office`, async () => {
      await visit(office.page, path);
      await office.page.getByRole('heading', { name: heading, exact: true }).first().waitFor({ timeout: 30_000 });
      await expectBuilt(office.page);
      await office.page.waitForLoadState('networkidle');
      await shot(office.page, name);
      await expectAccessible(office.page, path);
      expect(office.errors).toEqual([]);
    });
  }

  test('a dispute record with its procedure deadlines', async () => {
    const { page } = office;
    await visit(page, '/ledgers/dispute');
    const first = page.locator('tbody a[href^="/ledgers/dispute/"]').first();
    await first.waitFor({ timeout: 30_000 });
    const path = (await first.getAttribute('href')) ?? '';
    const title = ((await first.textContent()) ?? '').trim();
    await visit(page, path);
    await page.getByRole('heading', { name: title }).first().waitFor({ timeout: 30_000 });
    await expectBuilt(page);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, path);
    expect(office.errors).toEqual([]);
  });

  test("the report's figure drawer", async () => {
    const { page } = office;
    await visit(page, '/report');
    const figure = page.locator('a.figure-link[data-code="dispute.screened"]').first();
    await figure.waitFor({ timeout: 30_000 });
    await figure.click();
    await page.getByRole('dialog').getByText(/共 \d+ 条记录/).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await shot(page, 'a11y-report-drawer', { fullPage: false });
    await expectAccessible(page, '/report, the drawer of a figure');
    expect(office.errors).toEqual([]);
  });

  test("the grid worker's phone screens", async () => {
    const { page } = grid;
    await visit(page, '/m');
    await page.getByRole('button', { name: /上报矛盾纠纷/ }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await shot(page, 'a11y-phone-home');
    await expectAccessible(page, '/m');

    await page.getByRole('button', { name: /上报矛盾纠纷/ }).click();
    await page.getByText('第 1 步，共 3 步').waitFor();
    await expectAccessible(page, '/m/dispute step 1');
    // Step 1 left empty: the errors shown must be readable as well.
    await page.getByRole('button', { name: '下一步' }).click();
    await expectAccessible(page, '/m/dispute step 1 with errors');

    await visit(page, '/m/screening');
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, '/m/screening');

    await visit(page, '/m/mine');
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await shot(page, 'a11y-phone-mine');
    await expectAccessible(page, '/m/mine');
    expect(grid.errors).toEqual([]);
  });

  // The public site is read without signing in: the index of the units that publish, and a town's page at its readable address.
  for (const [path, heading, name] of [
    ['/public', '信息公开', 'a11y-public-index'],
    [`/public/${encodeURIComponent('双庙镇')}`, '双庙镇', 'a11y-public'],
  ] as const) {
    test(`the public site: ${decodeURIComponent(path)}`, async () => {
      const { page } = guest;
      await visit(page, path);
      await page.getByRole('heading', { level: 1, name: new RegExp(heading) }).waitFor({ timeout: 30_000 });
      // The readable address is the page itself, not a redirect to another.
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(decodeURIComponent(path));
      await shot(page, name);
      await expectAccessible(page, decodeURIComponent(path));
      expect(guest.errors).toEqual([]);
    });
  }
});
