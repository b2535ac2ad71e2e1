/**
 * Every main screen opens for the role that uses it — a heading, no placeholder, no crash — at the
 * office's 1366×900 and on a 390×844 phone. The screenshots in e2e/artifacts/ are for people to look at.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectBuilt, openSession, PHONE, shot, shotsOnFailure, visit, type Session } from './helpers.js';

const OFFICE_PAGES: Array<[path: string, heading: string | RegExp, name: string]> = [
  ['/area/governance', '基层治理', 'area-governance'],
  ['/ledgers/dispute/new', '新增矛盾纠纷', 'record-form-new'],
  ['/due', '待办与提醒', 'due'],
  ['/org', '单位与人员', 'org'],
  ['/settings', '设置', 'settings'],
];

describe('the main screens', () => {
  let office: Session;
  let phone: Session;
  shotsOnFailure(() => [office, phone]);

  beforeAll(async () => {
    office = await openSession('smz_office');
    phone = await openSession('smz_office', PHONE);
  });
  afterAll(async () => {
    // Unset when beforeAll failed.
    await (office as Session | undefined)?.close();
    await (phone as Session | undefined)?.close();
  });

  for (const [path, heading, name] of OFFICE_PAGES) {
    test(`${path} opens for the town office`, async () => {
      await visit(office.page, path);
      await office.page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }).first().waitFor({ timeout: 30_000 });
      await expectBuilt(office.page);
      await shot(office.page, name);
      expect(office.errors).toEqual([]);
    });
  }

  for (const [path, heading, name] of [
    ['/', '工作台', 'phone-dashboard'],
    ['/ledgers/dispute', '矛盾纠纷', 'phone-dispute-list'],
    ['/report', '年度报告', 'phone-report'],
  ] as const) {
    test(`${path} does not break on a phone`, async () => {
      await visit(phone.page, path);
      await phone.page.getByRole('heading', { name: heading, exact: true }).first().waitFor({ timeout: 30_000 });
      await expectBuilt(phone.page);
      await phone.page.waitForLoadState('networkidle');
      // Nothing wider than the screen. (A phone widens the layout to fit what sticks out and zooms
      // out, so a page that overflows shows as a layout wider than the 390 px screen.)
      const layout = await phone.page.evaluate(() => ({
        width: Math.max(window.innerWidth, document.documentElement.scrollWidth),
        wider: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('[aria-hidden="true"], .ant-table-content, .ant-table-body'))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} 「${e.textContent.slice(0, 20)}」`),
      }));
      await shot(phone.page, name);
      expect(layout, `wider than the phone: ${layout.wider.join(', ')}`).toMatchObject({ width: PHONE.width });
      expect(phone.errors).toEqual([]);
    });
  }
});
