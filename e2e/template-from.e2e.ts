/**
 * 上年报告转模板 in the browser: an uploaded report's unbound figures are listed as last year's
 * numbers, a proposed town indicator is edited in place and defined, and the figure is then bound.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openSession, shot, shotsOnFailure, visit, type Session } from './helpers.js';

// Our own sentences, as a town's report of the year before the demo's.
const REPORT = [
  '双庙镇2024年法治政府建设情况报告',
  '县委、县政府：',
  '2024年，我镇坚持依法行政，现将有关情况报告如下。',
  '一、主要工作举措及成效',
  '（一）普法宣传',
  '镇司法所联合派出所开展防范电信诈骗专题宣讲11场，发放宣传折页2600余份。',
  '（二）执法规范',
  '全镇共配备网格长100人。购置执法记录仪等装备投入资金2.6万元。',
  '二、2025年工作打算',
  '2025年，我镇将持续深化法治建设。到2025年底，实现村级法律顾问全覆盖。',
].join('\n');

describe('last year’s report as this year’s template', () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  shotsOnFailure(() => [session]);

  test('lists the figures that stay last year’s, and defines an edited proposal that binds its figure', async () => {
    session = await openSession('smz_office', { width: 1440, height: 1000 });
    const { page } = session;
    await visit(page, '/report');
    await page.getByRole('tab', { name: '上年报告转模板' }).click();
    const file = join(mkdtempSync(join(tmpdir(), 'fazhi-template-from-')), '2024年报告.txt');
    writeFileSync(file, REPORT, 'utf8');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('仍为去年数字，需手工修改（3处）').waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: /修改后新建/ }).first().click();
    const label = page.getByLabel('指标名称');
    await label.fill('电信诈骗防范宣讲场次');
    await shot(page, 'template-from-editing');
    await page.getByRole('button', { name: /新建此指标并对应/ }).click();
    await page.getByText('已手动对应').waitFor({ timeout: 30_000 });
    await page.getByText('仍为去年数字，需手工修改（2处）').waitFor();
    await shot(page, 'template-from-bound');
    expect(session.errors).toEqual([]);
  });
});
