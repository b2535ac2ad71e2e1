/**
 * Who may do what: grants of (role, target, action), where a target is a report area, a kind
 * code, or 'annualReport'. The org subtree is the user's scope. Seeded with least privilege per
 * role (docs/DESIGN.md §7); the security administrator edits them. Read on every request, so kept in memory.
 */
import { Forbidden, fieldError } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import type { AreaCode, KindDefinition } from '../ledger/kind.js';
import type { Scope } from '../org/scope.js';
import { isRole, type Role } from './roles.js';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'approve', 'publish', 'reveal'] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  read: '查看',
  create: '新增',
  update: '修改',
  delete: '删除',
  approve: '审定',
  publish: '公开',
  reveal: '查看敏感信息原文',
};

/** The annual report is a target of its own (approve, publish). */
export const ANNUAL_REPORT = { code: 'annualReport', area: 'report' } as const;

/** The county's assessment of its towns: create (define schemes), update (a town's self-assessment), approve (review). */
export const ASSESSMENT = { code: 'assessment', label: '法治建设考核', area: 'assessment' } as const;

/** An area's code (AreaCode), a ledger kind's code (built-in or a town's own) or `annualReport`. */
type Target = string;
export interface Grant { target: Target; action: Action }

const ALL_AREAS: AreaCode[] = ['leadership', 'study', 'decision', 'enforcement', 'governance', 'publicity', 'plan', 'organisation'];
const grants = (targets: Target[], actions: Action[]): Grant[] => targets.flatMap((target) => actions.map((action) => ({ target, action })));

/** Least privilege each role starts with. The three administrators hold no business data. */
export const DEFAULT_GRANTS: Record<Role, Grant[]> = {
  townOffice: [
    ...grants(ALL_AREAS, ['read', 'create', 'update', 'delete', 'reveal']),
    ...grants(['annualReport'], ['read', 'update', 'publish']),
    ...grants(['assessment'], ['read', 'update']),
  ],
  // 综合执法队, 党政办, 信访办: the work they record sits in these areas.
  departmentClerk: [
    ...grants(ALL_AREAS, ['read']),
    ...grants(['decision', 'enforcement', 'governance', 'publicity'], ['create', 'update', 'delete', 'reveal']),
    ...grants(['annualReport'], ['read']),
    ...grants(['assessment'], ['read']),
  ],
  gridWorker: [...grants(['dispute', 'screeningRound', 'gridPost', 'gridPartyGroup'], ['read']), ...grants(['dispute', 'screeningRound'], ['create', 'update'])],
  leader: [...grants(ALL_AREAS, ['read']), ...grants(['annualReport'], ['read', 'approve', 'publish']), ...grants(['assessment'], ['read', 'update'])],
  countyReviewer: [...grants(ALL_AREAS, ['read']), ...grants(['annualReport'], ['read']), ...grants(['assessment'], ['read', 'create', 'approve'])],
  systemAdmin: [],
  securityAdmin: [],
  auditAdmin: [],
};

const key = (role: string, target: string, action: string) => `${role}\u0000${target}\u0000${action}`;

export class Permissions {
  private table = new Set<string>();

  constructor(private readonly db: Db) {}

  /** Seeds the defaults into an empty table, then reads the grants into memory. */
  async load(): Promise<void> {
    const existing = await this.db.kysely.selectFrom('role_permission').select(['role', 'target', 'action']).execute();
    if (!existing.length) {
      const rows = Object.entries(DEFAULT_GRANTS).flatMap(([role, list]) => list.map((g) => ({ role, target: g.target, action: g.action })));
      for (let i = 0; i < rows.length; i += 200) await this.db.kysely.insertInto('role_permission').values(rows.slice(i, i + 200)).execute();
      existing.push(...rows);
    }
    this.table = new Set(existing.map((r) => key(r.role, r.target, r.action)));
  }

  may(role: Role | 'system', action: Action, kind: Pick<KindDefinition, 'code'> & { area: string }): boolean {
    if (role === 'system') return true;
    return this.table.has(key(role, kind.code, action)) || this.table.has(key(role, kind.area, action));
  }

  require(role: Role | 'system', action: Action, kind: Pick<KindDefinition, 'code' | 'label'> & { area: string }): void {
    if (!this.may(role, action, kind)) throw Forbidden(`您的角色无权${ACTION_LABELS[action]}「${kind.label}」`);
  }

  grantsOf(role: Role): Grant[] {
    return [...this.table]
      .map((k) => k.split('\u0000'))
      .filter(([r]) => r === role)
      .map(([, target, action]) => ({ target: target ?? '', action: action as Action }));
  }

  /** The security administrator replaces a role's grants; administrators' own roles stay empty. */
  async setGrants(scope: Scope, role: Role, next: Grant[]): Promise<Grant[]> {
    if (scope.actor.role !== 'securityAdmin' && scope.actor.role !== 'system') throw Forbidden('只有安全管理员可以设置角色权限');
    if (!isRole(role)) throw fieldError('role', '「角色」不在可选范围内');
    if ((role === 'systemAdmin' || role === 'securityAdmin' || role === 'auditAdmin') && next.length) {
      throw fieldError('grants', '三员（系统、安全、审计管理员）不能被授予业务数据权限');
    }
    for (const [i, g] of next.entries()) if (!ACTIONS.includes(g.action)) throw fieldError(`grants.${i}.action`, '「操作」不在可选范围内');
    const before = this.grantsOf(role);
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('role_permission').where('role', '=', role).execute();
      if (next.length) await trx.insertInto('role_permission').values(next.map((g) => ({ role, target: g.target, action: g.action }))).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'rolePermission', recordId: role, before, after: { grants: next, at: nowIso() } });
    });
    await this.load();
    return this.grantsOf(role);
  }
}
