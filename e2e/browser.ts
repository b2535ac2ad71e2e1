/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. Shared by the
 * end-to-end tests, the screenshot tool and the UI benchmark.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.FAZHI_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BrowserOptions {
  width?: number;
  height?: number;
  /** A phone: touch, a mobile user agent and a device scale of 2. */
  mobile?: boolean;
}

/** A fresh browser profile in a temporary directory (a persistent context, as Chromium wants one). */
export async function openBrowser(options: BrowserOptions = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'fazhi-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: options.width ?? 1366, height: options.height ?? 900 },
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2, userAgent: 'Mozilla/5.0 (Linux; Android 13; Mobile) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36' } : {}),
    acceptDownloads: true,
  });
}
