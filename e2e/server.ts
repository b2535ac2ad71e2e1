/**
 * A real Fazhi for the browser tests and the UI benchmark: the UI built into a temporary folder
 * and `fazhi serve --demo` on a fresh SQLite database, on a free port of 127.0.0.1.
 *
 * SQLite only: the end-to-end tests look at the UI, which is the same on either database, and the
 * API and indicator tests already run on both. A DATABASE_URL in the caller's environment (CI sets
 * one for the second `npm test`) is therefore blanked for the spawned server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `vite build` into `outDir` (with `extraArgs`, e.g. --manifest); returns the build's output. */
export function buildWeb(outDir: string, extraArgs: string[] = []): string {
  mkdirSync(outDir, { recursive: true });
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn', ...extraArgs], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  dir: string;
  /** What the server printed (for a failure's message). */
  log: () => string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** A built UI to serve; by default the UI is built into the temporary folder first. */
  webDir?: string;
  /** How long to wait for the demo to load and the server to answer (default 3 minutes). */
  timeoutMs?: number;
}

/** Builds the UI (unless given one), starts `serve --demo` on a fresh database and waits for /api/health. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-e2e-'));
  const webDir = options.webDir ?? join(dir, 'web');
  if (!options.webDir) buildWeb(webDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '', // SQLite only, see above
      FAZHI_DB: join(dir, 'fazhi.db'),
      FAZHI_KEY: '',
      FAZHI_KEY_FILE: join(dir, 'fazhi.key'),
      FAZHI_DATA_DIR: join(dir, 'files'),
      FAZHI_WEB_DIR: webDir,
      FAZHI_SMTP_URL: '',
      // The tests sign in more often than a person would from one address.
      FAZHI_LOGIN_RATE_PER_MINUTE: '1000',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server stopped before answering (exit ${child.exitCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet: the demo is still loading
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer within ${(options.timeoutMs ?? 180_000) / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, dir, log: () => output, stop };
}
