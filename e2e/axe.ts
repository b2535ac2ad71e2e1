/**
 * axe-core in the page under test: the WCAG 2 A and AA rules, run on whatever the browser shows.
 * The script is the installed axe-core package's own axe.min.js, evaluated in the page through the
 * DevTools protocol (the app's Content-Security-Policy rightly refuses an inline <script>), so the
 * check needs no network and follows the version in package-lock.json.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | undefined;
const axeSource = () => (source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** The parts of axe's own result read here (the page's axe object, typed by hand). */
interface AxeCheck {
  data?: unknown;
}
interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
  any: AxeCheck[];
  all: AxeCheck[];
  none: AxeCheck[];
}
interface AxeResult {
  id: string;
  impact?: string | null;
  help: string;
  nodes: AxeNode[];
}

/** What the tests keep of an axe result: enough to find the element and see why it failed. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string; html: string; summary: string; colours?: string }>;
}

/**
 * Waits (up to 5 s) for running transitions and finite animations to end: a field fading from its
 * disabled grey to black would be measured half-way. Endless ones (a spinner) are not waited for.
 */
async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 5_000 })
    .catch(() => undefined);
}

/** Runs axe (tags wcag2a and wcag2aa) on the page once it has settled; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await settle(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeResult[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => {
        // color-contrast says which colours it measured: the fix is in those.
        const data = [...n.any, ...n.all, ...n.none].map((c) => c.data).find((d) => d && typeof d === 'object' && 'contrastRatio' in d) as
          | { fgColor: string; bgColor: string; contrastRatio: number; expectedContrastRatio: string; fontSize: string; fontWeight: string }
          | undefined;
        return {
          target: n.target.map(String).join(' '),
          html: n.html.slice(0, 160),
          summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
          ...(data ? { colours: `${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}:1, needs ${data.expectedContrastRatio} (${data.fontSize} ${data.fontWeight})` } : {}),
        };
      }),
    }));
  });
}

/** The violations as a readable list: rule, impact, then each element with its selector and colours. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target}${n.colours ? `  [${n.colours}]` : ''}\n      ${n.html}${n.colours ? '' : `\n      ${n.summary}`}`);
      return `  ${v.id} (${v.impact ?? 'no impact'}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Fails with every violation listed when axe finds any on the page as it is now. */
export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(`axe found ${violations.length} WCAG 2 A/AA violation${violations.length === 1 ? '' : 's'} on ${where}:\n${describeViolations(violations)}`);
}
