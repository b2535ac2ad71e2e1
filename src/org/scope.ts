/**
 * Scope: the subtree of the org tree a caller may see, and who the caller is.
 * Every repository function over business data takes one. It can only be made here, from a
 * signed-in user or, for the command line, explicitly as the system — so forgetting the check
 * is a type error, not a data leak.
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

export function scopeOf(root: { id: string; path: string }, actor: Actor): Scope {
  return { orgId: root.id, orgPath: root.path, actor } as Scope;
}

/** For the command line and the demo loader: acts as the system over a subtree. */
export function systemScope(root: { id: string; path: string }): Scope {
  return scopeOf(root, { userId: null, name: '系统', role: 'system', ip: null });
}

export const covers = (scope: Scope, path: string) => path.startsWith(scope.orgPath);

/** Same branch: one is an ancestor of (or is) the other. People above the scope may be referenced. */
export const onBranch = (scope: Scope, path: string) => path.startsWith(scope.orgPath) || scope.orgPath.startsWith(path);
