/** Roles and their names. Shared by the server and the UI: imports nothing. */

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

/** Roles that manage the org tree and accounts but see no ledger (三员分立). */
export const ADMIN_ROLES: Role[] = ['systemAdmin', 'securityAdmin', 'auditAdmin'];

/** The roles an account for ledger work can be given, in the order a picker lists them. */
export const BUSINESS_ROLES: Role[] = ['townOffice', 'departmentClerk', 'gridWorker', 'leader', 'countyReviewer'];

/** Whether an account's role is one of the three administrators'. */
export const isAdminRole = (role: string): boolean => (ADMIN_ROLES as string[]).includes(role);
