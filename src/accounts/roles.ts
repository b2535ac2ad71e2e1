/**
 * Roles of SPEC §1 and what each may do with ledgers. The three administrators (三员分立)
 * hold no business data at all. Fine-grained grants per kind × action × subtree come later;
 * this table is the least privilege each role starts with.
 */
import type { AreaCode, KindDefinition } from '../ledger/kind.js';

export const ROLES = {
  townOffice: '镇法治办/司法所',
  departmentClerk: '部门经办人',
  gridWorker: '网格员',
  leader: '镇领导',
  countyReviewer: '县级审阅人',
  systemAdmin: '系统管理员',
  securityAdmin: '安全管理员',
  auditAdmin: '审计管理员',
} as const;
export type Role = keyof typeof ROLES;

export const isRole = (value: string): value is Role => value in ROLES;

export type LedgerAction = 'read' | 'create' | 'update' | 'delete';

const ALL_AREAS: AreaCode[] = ['leadership', 'study', 'decision', 'enforcement', 'governance', 'publicity', 'plan', 'organisation'];

interface Grant {
  read: AreaCode[] | string[];
  write: AreaCode[] | string[];
}

/** Areas (or, for grid workers, kind codes) each role may read and write. */
const GRANTS: Record<Role, Grant> = {
  townOffice: { read: ALL_AREAS, write: ALL_AREAS },
  // 综合执法队, 党政办, 信访办: the work they record sits in these areas.
  departmentClerk: { read: ALL_AREAS, write: ['decision', 'enforcement', 'governance', 'publicity'] },
  gridWorker: { read: ['dispute', 'screeningRound', 'gridPost', 'gridPartyGroup'], write: ['dispute', 'screeningRound'] },
  leader: { read: ALL_AREAS, write: [] },
  countyReviewer: { read: ALL_AREAS, write: [] },
  systemAdmin: { read: [], write: [] },
  securityAdmin: { read: [], write: [] },
  auditAdmin: { read: [], write: [] },
};

export function mayOnKind(role: Role | 'system', action: LedgerAction, kind: Pick<KindDefinition, 'code' | 'area'>): boolean {
  if (role === 'system') return true;
  const grant = GRANTS[role];
  const list: string[] = action === 'read' ? grant.read : grant.write;
  return list.includes(kind.area) || list.includes(kind.code);
}

/** Roles that manage the org tree and accounts but see no ledger. */
export const ADMIN_ROLES: Role[] = ['systemAdmin', 'securityAdmin', 'auditAdmin'];
