/**
 * First start outside demo mode: the root of the org tree and the three separated administrators,
 * each with a random password shown once and changed at first sign-in.
 */
import type { AppContext } from '../context.js';
import { isOrgLevel, type OrgLevel } from '../org/levels.js';
import { insertOrg } from '../org/repository.js';
import { oneTimePassword } from './service.js';
import type { Role } from './roles.js';

export interface BootstrapResult {
  rootName: string;
  accounts: Array<{ username: string; role: Role; password: string }>;
}

const ADMINS: Array<{ username: string; role: Role; displayName: string }> = [
  { username: 'sysadmin', role: 'systemAdmin', displayName: '系统管理员' },
  { username: 'secadmin', role: 'securityAdmin', displayName: '安全管理员' },
  { username: 'auditadmin', role: 'auditAdmin', displayName: '审计管理员' },
];

export async function bootstrap(ctx: AppContext, env = process.env): Promise<BootstrapResult> {
  const level: OrgLevel = isOrgLevel(env.FAZHI_ROOT_LEVEL) ? env.FAZHI_ROOT_LEVEL : 'county';
  const rootName = env.FAZHI_ROOT_NAME?.trim() || '本级单位';
  const root = await insertOrg(ctx.db, { parentId: null, name: rootName, level });
  const accounts = [];
  for (const admin of ADMINS) {
    const password = oneTimePassword();
    await ctx.accounts.createUser({ ...admin, password, orgId: root.id, mustChangePassword: true });
    accounts.push({ username: admin.username, role: admin.role, password });
  }
  return { rootName, accounts };
}
