/**
 * Accounts and sessions. A session is a random token in an HttpOnly cookie; the database keeps
 * only its sha256, with an idle and an absolute expiry and a CSRF token for state-changing requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, NotFound, Unauthenticated, fieldError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import { scopeOf, type Actor, type Scope } from '../org/scope.js';
import { checkPasswordPolicy, PASSWORD_HISTORY } from './policy.js';
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
  /** Sent back in the x-csrf-token header on every state-changing request. */
  csrfToken: string;
}

export interface AccountsConfig {
  /** Minutes without a request after which a session ends. */
  idleMinutes: number;
  /** Hours after sign-in after which a session ends whatever happens. */
  absoluteHours: number;
  /** Consecutive failures that lock a user name, and for how long. */
  maxFailures: number;
  lockMinutes: number;
}

export const DEFAULT_ACCOUNTS_CONFIG: AccountsConfig = { idleMinutes: 30, absoluteHours: 12, maxFailures: 5, lockMinutes: 15 };

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  orgId: string;
  /** Forced change at first sign-in: true for accounts an administrator creates. */
  mustChangePassword?: boolean;
}

/** The same words for every failed sign-in: nobody learns whether the user exists. */
const LOGIN_FAILED = '用户名或密码错误';
const lockedMessage = (minutes: number) => `连续登录失败次数过多，该账户已被锁定，请 ${minutes} 分钟后再试，或联系安全管理员解锁`;

export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly config: AccountsConfig = DEFAULT_ACCOUNTS_CONFIG,
    /** The clock, replaceable in tests of expiry and lockout. */
    readonly now: () => Date = () => new Date(),
  ) {}

  private iso(offsetMs = 0) {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  async createUser(input: NewUser, actor?: Actor): Promise<User> {
    if (!/^[a-zA-Z0-9_.-]{3,40}$/.test(input.username)) throw fieldError('username', '「用户名」应为3到40位字母、数字或 _ . -');
    if (!isRole(input.role)) throw fieldError('role', '「角色」不在可选范围内');
    if (!input.displayName.trim() || input.displayName.length > 40) throw fieldError('displayName', '「姓名」应为1到40个字');
    checkPasswordPolicy(input.password, input.username);
    const org = await findOrg(this.db, input.orgId);
    if (!org) throw fieldError('orgId', '「所属单位」不存在');
    const taken = await this.db.kysely.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw fieldError('username', `用户名“${input.username}”已被使用`);
    const now = this.iso();
    const hash = await hashPassword(input.password);
    const row = {
      id: newId(),
      username: input.username,
      password_hash: hash,
      display_name: input.displayName.trim(),
      role: input.role,
      org_id: input.orgId,
      active: 1,
      must_change_password: input.mustChangePassword ? 1 : 0,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('app_user').values(row).execute();
      await trx.insertInto('password_history').values({ user_id: row.id, password_hash: hash, created_at: now }).execute();
      if (actor) await writeAudit(trx, actor, { action: 'create', kind: 'user', recordId: row.id, orgId: row.org_id, after: { username: row.username, role: row.role } });
    });
    return toUser(row);
  }

  /**
   * Returns a new session. Failures are counted per user name — existing or not — so the
   * answer never tells whether a user exists; five in a row lock the name for fifteen minutes.
   */
  async login(username: string, password: string, ip: string | null): Promise<{ token: string; csrfToken: string; session: SessionUser }> {
    const now = this.iso();
    const failure = await this.db.kysely.selectFrom('login_failure').selectAll().where('username', '=', username).executeTakeFirst();
    const actor = { userId: null, name: username, role: 'system' as const, ip };
    if (failure?.locked_until && failure.locked_until > now) {
      await writeAudit(this.db.kysely, actor, { action: 'login_failed', after: { username, reason: 'locked' } });
      throw new AppError(401, 'locked', lockedMessage(this.config.lockMinutes));
    }
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
    const ok = row ? row.active === 1 && (await verifyPassword(password, row.password_hash)) : await verifyPassword(password, await decoyHash()).then(() => false);
    if (!row || !ok) {
      const count = (failure && (!failure.locked_until || failure.locked_until <= now) ? failure.count : 0) + 1;
      const locked = count >= this.config.maxFailures;
      const values = { count: locked ? 0 : count, locked_until: locked ? this.iso(this.config.lockMinutes * 60_000) : null, last_at: now };
      await this.db.kysely.transaction().execute(async (trx) => {
        if (failure) await trx.updateTable('login_failure').set(values).where('username', '=', username).execute();
        else await trx.insertInto('login_failure').values({ username, ...values }).execute();
        await writeAudit(trx, { ...actor, userId: row?.id ?? null }, { action: 'login_failed', after: { username, consecutive: count, locked } });
      });
      if (locked) throw new AppError(401, 'locked', lockedMessage(this.config.lockMinutes));
      throw new AppError(401, 'login_failed', LOGIN_FAILED);
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('login_failure').where('username', '=', username).execute();
      await trx.insertInto('user_session').values({ id: tokenHash(token), user_id: row.id, created_at: now, last_seen_at: now, ip, csrf_token: csrfToken }).execute();
      await writeAudit(trx, { ...actor, userId: row.id, name: row.display_name, role: row.role as Role }, { action: 'login' });
    });
    const session = await this.sessionFor(row.id, ip, csrfToken);
    if (!session) throw Unauthenticated();
    return { token, csrfToken, session };
  }

  /** The signed-in user behind a cookie token, or undefined when unknown, idle too long, or too old. */
  async resume(token: string, ip: string | null): Promise<SessionUser | undefined> {
    const id = tokenHash(token);
    const session = await this.db.kysely.selectFrom('user_session').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) return undefined;
    const now = this.now().getTime();
    const idleMs = now - Date.parse(session.last_seen_at);
    const ageMs = now - Date.parse(session.created_at);
    if (idleMs > this.config.idleMinutes * 60_000 || ageMs > this.config.absoluteHours * 3_600_000) {
      await this.db.kysely.deleteFrom('user_session').where('id', '=', id).execute();
      return undefined;
    }
    // Touch at most once a minute: fewer writes, same idle timeout to the minute.
    if (idleMs > 60_000) await this.db.kysely.updateTable('user_session').set({ last_seen_at: this.iso() }).where('id', '=', id).execute();
    return this.sessionFor(session.user_id, ip, session.csrf_token ?? '');
  }

  /** Signing out ends every session of the user, on every device. */
  async logout(session: SessionUser): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_session').where('user_id', '=', session.user.id).execute();
      await writeAudit(trx, session.scope.actor, { action: 'logout' });
    });
  }

  /** Changes the user's own password; every session ends, so they sign in again. */
  async changePassword(session: SessionUser, current: string, next: string): Promise<void> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('id', '=', session.user.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(current, row.password_hash))) throw fieldError('currentPassword', '「当前密码」不正确');
    checkPasswordPolicy(next, row.username, 'newPassword');
    const history = await this.db.kysely
      .selectFrom('password_history')
      .select('password_hash')
      .where('user_id', '=', row.id)
      .orderBy('created_at', 'desc')
      .limit(PASSWORD_HISTORY)
      .execute();
    for (const h of [{ password_hash: row.password_hash }, ...history]) {
      if (await verifyPassword(next, h.password_hash)) throw fieldError('newPassword', `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`);
    }
    await this.setPassword(row.id, next, false, session.scope.actor, 'password_change');
  }

  /** An administrator's reset: a one-time password the user must change at next sign-in. */
  async resetPassword(userId: string, actor: Actor): Promise<string> {
    const row = await this.db.kysely.selectFrom('app_user').select(['id']).where('id', '=', userId).executeTakeFirst();
    if (!row) throw NotFound('用户');
    const oneTime = oneTimePassword();
    await this.setPassword(userId, oneTime, true, actor, 'password_reset');
    return oneTime;
  }

  private async setPassword(userId: string, password: string, mustChange: boolean, actor: Actor, reason: string) {
    const now = this.iso();
    const hash = await hashPassword(password);
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: mustChange ? 1 : 0, password_changed_at: now, updated_at: now }).where('id', '=', userId).execute();
      await trx.insertInto('password_history').values({ user_id: userId, password_hash: hash, created_at: now }).execute();
      await trx.deleteFrom('user_session').where('user_id', '=', userId).execute();
      await writeAudit(trx, actor, { action: 'update', kind: 'user', recordId: userId, after: { change: reason } });
    });
  }

  /** The security administrator lifts a lock before it runs out. */
  async unlock(username: string, actor: Actor): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('login_failure').where('username', '=', username).execute();
      await writeAudit(trx, actor, { action: 'update', kind: 'user', recordId: username, after: { change: 'unlock' } });
    });
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toUser(row);
  }

  private async sessionFor(userId: string, ip: string | null, csrfToken: string): Promise<SessionUser | undefined> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
    if (!row) return undefined;
    const org = await findOrg(this.db, row.org_id);
    if (!org) return undefined;
    const user = toUser(row);
    return { user, org, csrfToken, scope: scopeOf(org, { userId: user.id, name: user.displayName, role: user.role, ip }) };
  }
}

/** 12 characters from every class, for resets and the first administrator. */
export function oneTimePassword(): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '@#%+=?'];
  const pick = (set: string) => set[randomBytes(1)[0]! % set.length] as string;
  const chars = sets.map(pick);
  while (chars.length < 12) chars.push(pick(sets[randomBytes(1)[0]! % sets.length] as string));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBytes(1)[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
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
