/**
 * Where scopes come from. A Scope is made at sign-in (and by the reminder job, for the user it
 * writes to), or as the system by the command line and the loaders; everything else receives one
 * and may only narrow it. These checks keep new callers of the two makers from creeping in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchPaths, covers, narrow, onBranch, systemScope, type Scope } from './scope.js';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Non-test source files (relative to src/) that import `name` from org/scope. */
function importersOf(name: string): string[] {
  const imports = new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'[./]*(?:org/)?scope\\.js'`);
  return sources(SRC)
    .filter((file) => imports.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file).split('\\').join('/'))
    .filter((file) => file !== 'org/scope.ts')
    .sort();
}

describe('who may make a scope', () => {
  it('leaves systemScope to the command line, the loaders and test fixtures', () => {
    // The public page reads published data without any Scope (src/public-site), never as the system.
    const allowed = (file: string) => /^(cli|demo|synth|testing)\//.test(file);
    expect(importersOf('systemScope').filter((f) => !allowed(f))).toEqual([]);
  });

  it('leaves scopeOf to sign-in and the reminder job', () => {
    const allowed = (file: string) => ['accounts/service.ts', 'reminders/service.ts'].includes(file) || file.startsWith('testing/');
    expect(importersOf('scopeOf').filter((f) => !allowed(f))).toEqual([]);
  });

  it('finds the files that do import them (the check above looks at something)', () => {
    expect(importersOf('systemScope')).toContain('cli/main.ts');
    expect(importersOf('scopeOf')).toContain('accounts/service.ts');
  });
});

describe('narrowing a scope', () => {
  const county = systemScope({ id: 'c', path: '/p/c/' });

  it('keeps the caller and shrinks the subtree, never widens it', () => {
    const town = narrow(county, { id: 't', path: '/p/c/t/' }) as Scope;
    expect(town).toMatchObject({ orgId: 't', orgPath: '/p/c/t/', actor: county.actor });
    expect(covers(town, '/p/c/t/v/')).toBe(true);
    expect(covers(town, '/p/c/u/')).toBe(false);
    expect(narrow(town, { id: 'c', path: '/p/c/' })).toBeUndefined();
    expect(narrow(town, { id: 'u', path: '/p/c/u/' })).toBeUndefined();
  });

  it('names the paths on the branch above a scope, as onBranch admits them', () => {
    const town = narrow(county, { id: 't', path: '/p/c/t/' }) as Scope;
    expect(branchPaths(town)).toEqual(['/p/', '/p/c/', '/p/c/t/']);
    for (const path of branchPaths(town)) expect(onBranch(town, path)).toBe(true);
    expect(onBranch(town, '/p/c/u/')).toBe(false);
  });
});
