/** What every browser test needs: the server's address, a signed-in browser, screenshots kept as artifacts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, inject } from 'vitest';
import { openBrowser, type BrowserOptions } from './browser.js';
import { ROOT } from './server.js';

export const PASSWORD = 'Fazhi@2025';
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

export const baseURL = () => inject('baseURL');

export interface Session {
  browser: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a crash must fail the test even when the screen looks fine. */
  errors: string[];
  close: () => Promise<void>;
}

/** The standard phone of the issue: 390×844 with touch. */
export const PHONE: BrowserOptions = { width: 390, height: 844, mobile: true };

/** A fresh browser; signed in as `username` through the API (the login form has its own test). */
export async function openSession(username: string | null, options: BrowserOptions = {}, setup?: (browser: BrowserContext) => Promise<void>): Promise<Session> {
  const browser = await openBrowser(options);
  try {
    if (setup) await setup(browser);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (username) await signIn(page, username);
    return { browser, page, errors, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Signs the page's browser in as `username` through the API (its cookies then go with every page it
 * opens); throws unless the server answers 200.
 */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  const res = await page.request.post(`${baseURL()}/api/session`, { data: { username, password } });
  if (res.status() !== 200) throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`);
}

/** Opens a path of the UI and waits for the network to settle. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${baseURL()}${path}`, { waitUntil: 'networkidle' });
}

/** A full-page screenshot kept in e2e/artifacts/ (gitignored) for people to look at. */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.waitForTimeout(300); // let drawers and transitions settle
  // A drawer or dialog is fixed to the window: take the window, not the whole page behind it.
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/** The page is not the placeholder of an unfinished screen. */
export async function expectBuilt(page: Page): Promise<void> {
  const placeholder = await page.getByText('建设中').count();
  if (placeholder) throw new Error(`${page.url()} is still the placeholder (建设中)`);
}

/** After a failed test, a screenshot of each open page (e2e/artifacts/FAILED-…), to see what the test saw. */
export function shotsOnFailure(sessions: () => Array<Session | undefined>): void {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const name = context.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    let i = 0;
    for (const session of sessions()) {
      if (!session || session.page.isClosed()) continue;
      await shot(session.page, `FAILED-${name}-${i++}`, { fullPage: false }).catch(() => undefined);
    }
  });
}
