/**
 * The web UI's weight and speed, as a user on the demo meets them:
 * - gzipped size of the JavaScript the first page loads (the entry chunk and what index.html
 *   modulepreloads — the login page and the shell), and of the dashboard's chunks fetched after
 *   sign-in, without ECharts (loaded later, with the charts);
 * - time from navigation to a rendered dashboard in Chromium, signed in, until the first indicator
 *   card is visible: median of 5, each in a fresh browser profile (cold cache); and when the
 *   figures' request started and ended, which shows how long a chain of requests preceded it.
 * Goals (issues): initial JavaScript ≤ 400 KB gzipped; first figure < 1 s.
 * Usage: npm run bench:ui   (builds the UI and starts a demo server on a temporary SQLite database)
 */
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openBrowser } from '../e2e/browser.js';
import { buildWeb, startServer } from '../e2e/server.js';

const RUNS = 5;
const GOAL_KB = 400;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const dir = mkdtempSync(join(tmpdir(), 'fazhi-bench-ui-'));
const webDir = join(dir, 'web');
try {
  const buildStart = Date.now();
  buildWeb(webDir, ['--manifest']);
  const buildSeconds = (Date.now() - buildStart) / 1000;
  const manifest = JSON.parse(readFileSync(join(webDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const gzipped = (file: string) => gzipSync(readFileSync(join(webDir, file))).length;
  const raw = (file: string) => readFileSync(join(webDir, file)).length;

  /** A chunk and everything it imports statically (what the browser fetches with it). */
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) return into;
    into.add(chunk.file);
    for (const imported of chunk.imports ?? []) closure(imported, into);
    return into;
  };

  const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry) as string;
  const initial = closure(entryKey);
  // The same set as the page declares it: the entry script and its modulepreloads.
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const declared = new Set([...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1] as string));
  for (const file of declared) initial.add(file);

  const dashboardKey = Object.keys(manifest).find((k) => k.endsWith('pages/DashboardPage.tsx'));
  if (!dashboardKey) throw new Error('no DashboardPage chunk in the manifest');
  const dashboard = [...closure(dashboardKey)].filter((f) => !initial.has(f));
  const chartsKey = Object.keys(manifest).find((k) => k.endsWith('dashboard/DashboardCharts.tsx'));
  const charts = chartsKey ? [...closure(chartsKey)].filter((f) => !initial.has(f) && !dashboard.includes(f)) : [];
  const echartsInDashboard = dashboard.some((f) => readFileSync(join(webDir, f), 'utf8').includes('echarts'));

  const sum = (files: Iterable<string>, size: (f: string) => number) => [...files].reduce((n, f) => n + size(f), 0);
  const initialGz = sum(initial, gzipped);
  const dashboardGz = sum(dashboard, gzipped);
  const chartsGz = sum(charts, gzipped);

  // Time to a rendered dashboard, and the JavaScript the browser actually fetched on the way. The
  // demo loads slowly on a busy machine: the server is given ten minutes to come up.
  const server = await startServer({ webDir, timeoutMs: 600_000 });
  const times: number[] = [];
  const shellTimes: number[] = [];
  const apiTimes: number[] = [];
  const figuresStarts: number[] = [];
  const figuresEnds: number[] = [];
  const fetchedBeforeCard: number[] = [];
  let chartsBeforeCard = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const browser = await openBrowser();
      try {
        const page = browser.pages()[0] ?? (await browser.newPage());
        const res = await page.request.post(`${server.url}/api/session`, { data: { username: 'smz_office', password: 'Fazhi@2025' } });
        if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
        const fetched = new Set<string>();
        page.on('request', (r) => {
          const path = new URL(r.url()).pathname;
          if (path.endsWith('.js')) fetched.add(path.slice(1));
        });
        await page.goto(`${server.url}/`, { waitUntil: 'commit' });
        const rendered = await page.waitForFunction(
          () => {
            const card = document.querySelector('section[aria-label="主要指标"] .ant-card');
            return card && card.getBoundingClientRect().height > 0 ? performance.now() : null;
          },
          undefined,
          { polling: 'raf', timeout: 60_000 },
        );
        times.push((await rendered.jsonValue()) as number);
        // Where the time went: the script loaded and run (DOMContentLoaded), and the slowest API answer.
        const split = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const api = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => new URL(r.name).pathname.startsWith('/api/'));
          // The request carrying the figures (one since the first-screen endpoint, two before it).
          const figures = api.filter((r) => /^\/api\/(dashboard\/figures|indicators)$/.test(new URL(r.name).pathname));
          return {
            shell: nav?.domContentLoadedEventEnd ?? NaN,
            api: Math.max(0, ...api.map((r) => r.duration)),
            figuresStart: Math.min(...figures.map((r) => r.startTime)),
            figuresEnd: Math.max(...figures.map((r) => r.responseEnd)),
          };
        });
        shellTimes.push(split.shell);
        apiTimes.push(split.api);
        figuresStarts.push(split.figuresStart);
        figuresEnds.push(split.figuresEnd);
        const scripts = [...fetched].filter((f) => f.startsWith('assets/'));
        fetchedBeforeCard.push(sum(scripts, gzipped));
        if (scripts.some((f) => charts.includes(f))) chartsBeforeCard++;
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.stop();
  }

  const rows: Array<[string, string]> = [
    [`initial JavaScript (login page and shell: entry + ${initial.size - 1} modulepreloaded chunks)`, `${kb(initialGz)} gzipped (${kb(sum(initial, raw))} raw) — goal ≤ ${GOAL_KB} KB: ${initialGz / 1024 <= GOAL_KB ? 'met' : 'NOT met'}`],
    [`dashboard chunks after sign-in (${dashboard.length} chunks, ECharts ${echartsInDashboard ? 'INCLUDED' : 'not included'})`, `${kb(dashboardGz)} gzipped`],
    [`JavaScript Chromium had requested when the first card showed, median`, `${kb(median(fetchedBeforeCard))} gzipped (the charts' chunks among them in ${chartsBeforeCard} of ${RUNS} runs)`],
    [`charts, loaded after the figures (${charts.length} chunks, with ECharts)`, `${kb(chartsGz)} gzipped`],
    [`navigation → first indicator card visible (signed in, cold cache, median of ${RUNS})`, `${Math.round(median(times))} ms (runs: ${times.map((t) => Math.round(t)).join(', ')} ms)`],
    ['  of which: navigation → DOMContentLoaded (initial scripts fetched and run), median', `${Math.round(median(shellTimes))} ms`],
    ['  slowest API answer on the way (parallel to the scripts), median', `${Math.round(median(apiTimes))} ms`],
    ['  the figures requested → answered (after navigation), median', `${Math.round(median(figuresStarts))} → ${Math.round(median(figuresEnds))} ms`],
    ['vite build', `${buildSeconds.toFixed(1)} s`],
  ];
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);
  console.log('| benchmark | value |\n|---|---|');
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
