/**
 * Roles of SPEC §1. What each may do is in permissions.ts (editable grants); the three
 * administrators (三员分立) hold no business data at all.
 */

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

/** Own keys only: `in` would also accept 'constructor', 'toString' and the rest of Object.prototype. */
export const isRole = (value: string): value is Role => Object.hasOwn(ROLES, value);

/** Roles that manage the org tree and accounts but see no ledger. */
export const ADMIN_ROLES: Role[] = ['systemAdmin', 'securityAdmin', 'auditAdmin'];
