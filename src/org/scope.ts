/**
 * Scope: the subtree of the org tree a caller may see, and who the caller is.
 * Every repository function over business data takes one. It can only be made here, from a
 * signed-in user or, for the command line, explicitly as the system — so forgetting the check
 * is a type error, not a data leak. See docs/DESIGN.md §2.
 */
import type { Role } from '../accounts/roles.js';

declare const scopeBrand: unique symbol;

export interface Actor {
  userId: string | null;
  name: string;
  role: Role | 'system';
  ip: string | null;
}

export interface Scope {
  readonly [scopeBrand]: true;
  readonly orgId: string;
  /** Materialized path of the scope's root unit; a unit is in scope when its path starts with this. */
  readonly orgPath: string;
  readonly actor: Actor;
}

const make = (root: { id: string; path: string }, actor: Actor): Scope => ({ orgId: root.id, orgPath: root.path, actor }) as Scope;

/**
 * A signed-in user's scope: their unit's subtree. Only sign-in (src/accounts) and jobs that act for
 * a user (the reminder digest) make one; everything else receives a Scope, or narrows one.
 */
export function scopeOf(root: { id: string; path: string }, actor: Actor): Scope {
  return make(root, actor);
}

/**
 * Acting as the system over a subtree: only for the command line (src/cli) and jobs (the demo and
 * synthetic loaders). A service that needs a whole tree gets a scope passed in by its job; a guard
 * test (scope.test.ts) keeps the list of callers short.
 */
export function systemScope(root: { id: string; path: string }): Scope {
  return make(root, { userId: null, name: '系统', role: 'system', ip: null });
}

/**
 * The scope under one of its units: the same caller over a smaller subtree, or undefined when the
 * unit is outside the scope. This is how a service hands a unit's subtree to the repositories and
 * the indicator SQL, which take a Scope rather than a bare path.
 */
export function narrow(scope: Scope, unit: { id: string; path: string }): Scope | undefined {
  return covers(scope, unit.path) ? make(unit, scope.actor) : undefined;
}

export const covers = (scope: Scope, path: string) => path.startsWith(scope.orgPath);

/** Same branch: one is an ancestor of (or is) the other. People above the scope may be referenced. */
export const onBranch = (scope: Scope, path: string) => path.startsWith(scope.orgPath) || scope.orgPath.startsWith(path);

/** The paths of the scope's root and every unit above it ('/a/', '/a/b/' for '/a/b/'): with the subtree, what onBranch admits. */
export function branchPaths(scope: Scope): string[] {
  const parts = scope.orgPath.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}
