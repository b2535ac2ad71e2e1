/**
 * Accounts and sessions. A session is a random token in an HttpOnly cookie; the database
 * keeps only its sha256. Hardening (lockout, rotation, CSRF) builds on this.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, Unauthenticated, fieldError } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import { scopeOf, type Scope } from '../org/scope.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { isRole, ROLES, type Role } from './roles.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  mustChangePassword: boolean;
}

export interface SessionUser {
  user: User;
  org: OrgUnit;
  scope: Scope;
}

export interface AccountsConfig {
  /** Minutes without a request after which a session ends. */
  idleMinutes: number;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly config: AccountsConfig = { idleMinutes: 30 },
  ) {}

  async createUser(input: { username: string; password: string; displayName: string; role: Role; orgId: string; mustChangePassword?: boolean }): Promise<User> {
    if (!/^[a-zA-Z0-9_.-]{3,40}$/.test(input.username)) throw fieldError('username', '「用户名」应为3到40位字母、数字或 _ . -');
    if (!isRole(input.role)) throw fieldError('role', '「角色」不在可选范围内');
    const org = await findOrg(this.db, input.orgId);
    if (!org) throw fieldError('orgId', '「所属单位」不存在');
    const now = nowIso();
    const row = {
      id: newId(),
      username: input.username,
      password_hash: await hashPassword(input.password),
      display_name: input.displayName,
      role: input.role,
      org_id: input.orgId,
      active: 1,
      must_change_password: input.mustChangePassword ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await this.db.kysely.insertInto('app_user').values(row).execute();
    return toUser(row);
  }

  /** Returns a new session token. The same message whether the user is unknown or the password wrong. */
  async login(username: string, password: string, ip: string | null): Promise<{ token: string; session: SessionUser }> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
    const ok = row ? row.active === 1 && (await verifyPassword(password, row.password_hash)) : await verifyPassword(password, await decoyHash()).then(() => false);
    const actor = { userId: row?.id ?? null, name: row?.display_name ?? username, role: 'system' as const, ip };
    if (!row || !ok) {
      await writeAudit(this.db.kysely, actor, { action: 'login_failed', after: { username } });
      throw new AppError(401, 'login_failed', '用户名或密码错误');
    }
    const token = randomBytes(32).toString('base64url');
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('user_session').values({ id: tokenHash(token), user_id: row.id, created_at: now, last_seen_at: now, ip }).execute();
      await writeAudit(trx, { ...actor, role: row.role as Role }, { action: 'login' });
    });
    const session = await this.sessionFor(row.id, ip);
    if (!session) throw Unauthenticated();
    return { token, session };
  }

  /** The signed-in user behind a cookie token, or undefined when it is unknown or idle too long. */
  async resume(token: string, ip: string | null): Promise<SessionUser | undefined> {
    const id = tokenHash(token);
    const session = await this.db.kysely.selectFrom('user_session').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) return undefined;
    const idleMs = Date.now() - Date.parse(session.last_seen_at);
    if (idleMs > this.config.idleMinutes * 60_000) {
      await this.db.kysely.deleteFrom('user_session').where('id', '=', id).execute();
      return undefined;
    }
    // Touch at most once a minute: fewer writes, same idle timeout to the minute.
    if (idleMs > 60_000) await this.db.kysely.updateTable('user_session').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
    return this.sessionFor(session.user_id, ip);
  }

  async logout(token: string, session: SessionUser): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_session').where('id', '=', tokenHash(token)).execute();
      await writeAudit(trx, session.scope.actor, { action: 'logout' });
    });
  }

  private async sessionFor(userId: string, ip: string | null): Promise<SessionUser | undefined> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
    if (!row) return undefined;
    const org = await findOrg(this.db, row.org_id);
    if (!org) return undefined;
    const user = toUser(row);
    return { user, org, scope: scopeOf(org, { userId: user.id, name: user.displayName, role: user.role, ip }) };
  }
}

function toUser(row: { id: string; username: string; display_name: string; role: string; org_id: string; must_change_password: number }): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    orgId: row.org_id,
    mustChangePassword: row.must_change_password === 1,
  };
}

export const roleLabel = (role: Role) => ROLES[role];
