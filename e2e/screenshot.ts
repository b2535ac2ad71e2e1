/**
 * Look at a page as a user sees it: signs in (optionally) and saves a full-page PNG.
 *   npx tsx e2e/screenshot.ts --url http://localhost:3000/ledgers/dispute --out /tmp/x.png [--user smz_office] [--password Fazhi@2025] [--width 1366] [--height 900] [--mobile] [--wait 文本]
 */
import { parseArgs } from 'node:util';
import { openBrowser } from './browser.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    out: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string', default: 'Fazhi@2025' },
    width: { type: 'string', default: '1366' },
    height: { type: 'string', default: '900' },
    mobile: { type: 'boolean', default: false },
    wait: { type: 'string' },
  },
});
if (!values.url || !values.out) throw new Error('usage: --url URL --out FILE.png [--user NAME]');
const target = new URL(values.url);
const browser = await openBrowser({ width: Number(values.width), height: Number(values.height), mobile: values.mobile });
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  if (values.user) {
    const res = await page.request.post(`${target.origin}/api/session`, { data: { username: values.user, password: values.password } });
    if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
  }
  await page.goto(values.url, { waitUntil: 'networkidle' });
  if (values.wait) await page.getByText(values.wait).first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: values.out, fullPage: true });
  console.log(`saved ${values.out}`);
} finally {
  await browser.close();
}
