/**
 * The story, end to end: a grid worker on a phone reports a dispute; the town office sees
 * the dashboard's dispute count rise, finds the new record behind the report's figure and
 * downloads the report as Word.
 *
 * The demo database is seen as of its reference day (DEMO_AS_OF, 2025-12-15): the server's
 * "today", the dashboard's year and the report's year all follow it. The phone form dates a report
 * by the phone's own clock, so the grid worker's phone is set to that day — as a phone in the
 * demo's world would be. (Without it the dispute would be dated the machine's real today, a year
 * the demo's dashboard does not offer.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_AS_OF } from '../src/demo/calendar.js';
import { ARTIFACTS, expectBuilt, openSession, PHONE, shot, shotsOnFailure, visit, type Session } from './helpers.js';

const TOWN = '双庙镇';
// Unique per run, so the record found later is this one.
const TITLE = `两户因灌溉渠占地起争执（测试${Date.now().toString(36)}）`;
const DISPUTE_CARD = /^排查矛盾纠纷 (\d+)件/;

/** The dashboard's 排查矛盾纠纷 figure for the signed-in town. */
async function disputeCount(page: Page): Promise<number> {
  const card = page.getByRole('button', { name: DISPUTE_CARD });
  await card.waitFor({ state: 'visible', timeout: 30_000 });
  const name = (await card.getAttribute('aria-label')) ?? '';
  const match = DISPUTE_CARD.exec(name);
  if (!match) throw new Error(`no count in "${name}"`);
  return Number(match[1]);
}

describe('a dispute reported from a phone reaches the town office and its report', () => {
  let office: Session;
  let grid: Session;
  let before: number;
  let figureText = '';
  shotsOnFailure(() => [grid, office]);

  beforeAll(async () => {
    office = await openSession('smz_office');
    grid = await openSession('smz_grid', PHONE, (browser) => browser.clock.install({ time: new Date(`${DEMO_AS_OF}T10:00:00+08:00`) }));
  });
  afterAll(async () => {
    // Unset when beforeAll failed.
    await (grid as Session | undefined)?.close();
    await (office as Session | undefined)?.close();
  });

  test('the town office reads the dispute count on its dashboard', async () => {
    await visit(office.page, '/');
    await expectBuilt(office.page);
    await office.page.getByRole('heading', { name: '工作台' }).waitFor();
    before = await disputeCount(office.page);
    expect(before).toBeGreaterThan(0);
    // The demo's year: the one the phone's report will be dated in.
    await office.page.getByText(`${DEMO_AS_OF.slice(0, 4)}年`, { exact: true }).first().waitFor();
    await shot(office.page, 'dashboard-before');
  });

  test('a grid worker reports a dispute on a phone in three screens', async () => {
    const { page } = grid;
    await visit(page, '/');
    // A grid worker on a phone-sized screen lands on the phone screens.
    await page.waitForURL(/\/m$/);
    await page.getByRole('button', { name: /上报矛盾纠纷/ }).waitFor();
    await expectBuilt(page);
    await shot(page, 'phone-home');

    await page.getByRole('button', { name: /上报矛盾纠纷/ }).click();
    await page.getByText('第 1 步，共 3 步').waitFor();
    await page.getByRole('radio', { name: '邻里纠纷' }).click();
    await page.getByLabel('纠纷概要').fill(TITLE);
    await shot(page, 'phone-dispute-1');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByText('第 2 步，共 3 步').waitFor();
    const village = page.getByLabel('所在村（社区）');
    await village.waitFor();
    // The worker's own village is chosen already; keep it (or pick the first one offered).
    if (!(await village.inputValue())) await village.selectOption({ index: 1 });
    await page.getByRole('textbox', { name: '当事人（可不填）', exact: true }).fill('张某某、李某某');
    await shot(page, 'phone-dispute-2');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByText('第 3 步，共 3 步').waitFor();
    await page.getByText(TITLE).waitFor();
    await page.getByText(DEMO_AS_OF).waitFor();
    await shot(page, 'phone-dispute-3');
    await page.getByRole('button', { name: '提交上报' }).click();

    await page.getByText('已上报').waitFor();
    await page.getByText(TITLE, { exact: false }).first().waitFor();
    await shot(page, 'phone-dispute-done');
    expect(grid.errors).toEqual([]);
  });

  test('the dashboard count rises by one', async () => {
    await office.page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => disputeCount(office.page), { timeout: 20_000 }).toBe(before + 1);
    await shot(office.page, 'dashboard-after');
  });

  test('the report figure for disputes opens the new record', async () => {
    const { page } = office;
    await visit(page, '/report');
    await expectBuilt(page);
    const figure = page.locator('a.figure-link[data-code="dispute.screened"]').first();
    await figure.waitFor({ timeout: 30_000 });
    figureText = (await figure.textContent()) ?? '';
    expect(figureText).toContain(String(before + 1));
    await shot(page, 'report');

    await figure.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`共 ${before + 1} 条记录`).waitFor();
    const link = drawer.getByRole('link', { name: TITLE });
    await link.waitFor();
    await link.scrollIntoViewIfNeeded();
    await shot(page, 'report-figure-drawer', { fullPage: false });

    await link.click();
    await page.waitForURL(/\/ledgers\/dispute\/[^/]+$/);
    await page.getByText(TITLE).first().waitFor();
    await shot(page, 'record-new-dispute');
    expect(office.errors).toEqual([]);
  });

  test('the report downloads as a Word file about the town', async () => {
    const { page } = office;
    await visit(page, '/report');
    const button = page.getByRole('link', { name: /下载Word/ }).or(page.getByRole('button', { name: /下载Word/ })).first();
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = join(ARTIFACTS, 'report.docx');
    await download.saveAs(file);

    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as every DOCX is
    const zip = await JSZip.loadAsync(bytes);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    const documentXml = await zip.file('word/document.xml')?.async('string');
    expect(documentXml).toBeDefined();
    const text = (documentXml ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain(`${TOWN}${DEMO_AS_OF.slice(0, 4)}年`);
    // The dispute figure as the preview showed it, new record included.
    expect(text).toContain(`矛盾纠纷${figureText}`);
  });
});
