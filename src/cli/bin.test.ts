import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * bin/fazhi.js, the `npx fazhi` entry: the build when there is one, otherwise the sources through tsx
 * (right after `npm install`), otherwise a Chinese message saying what to do. Each case is a copy of the
 * entry in a checkout of its own (the sources and node_modules linked in), so the real dist/ is never touched.
 */
vi.setConfig({ testTimeout: 120_000 });
const repo = resolve(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function checkout(parts: { sources?: boolean; modules?: boolean; built?: string }) {
  const root = mkdtempSync(join(tmpdir(), 'fazhi-bin-'));
  made.push(root);
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(repo, 'bin', 'fazhi.js'), join(root, 'bin', 'fazhi.js'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  if (parts.sources) symlinkSync(join(repo, 'src'), join(root, 'src'));
  if (parts.modules) symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  if (parts.built !== undefined) {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), parts.built);
  }
  return (args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'fazhi.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 90_000 });
}

describe('bin/fazhi.js', () => {
  it('runs the sources through tsx when nothing is built', () => {
    const run = checkout({ sources: true, modules: true })(['help', 'migrate']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('只执行数据库迁移');
  });

  it('runs the build when there is one', () => {
    const run = checkout({ sources: true, modules: true, built: "console.log('已编译的版本', process.argv.slice(2).join(' '));\n" })(['due', '--help']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('已编译的版本 due --help');
  });

  it('says in Chinese what to do when there is neither a build nor tsx', () => {
    const run = checkout({})(['--help']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm run build');
    expect(run.stdout).toBe('');
  });
});
