/**
 * Accounts and sessions. A session is a random token in an HttpOnly cookie; the database keeps
 * only its sha256, with an idle and an absolute expiry and a CSRF token for state-changing requests.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { AppError, Forbidden, NotFound, RateLimited, Unauthenticated, fieldError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import { covers, scopeOf, type Actor, type Scope } from '../org/scope.js';
import { checkPasswordPolicy, PASSWORD_HISTORY } from './policy.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { ADMIN_ROLES, isRole, ROLES, type Role } from './roles.js';
import { smtpLocation, smtpMailer, type MailConfig } from '../reminders/mail.js';
import type { UserPage } from '../shared/accounts.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  mustChangePassword: boolean;
  /** Made by the system administrator and not yet granted by the security administrator: cannot sign in. */
  pendingGrant: boolean;
  /** Who last reset the password and when, for the user to see at the next sign-in. */
  lastReset: { by: string; at: string } | null;
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
  /** FAZHI_SMTP_URL: one-time passwords go to the user's mailbox when set and the user has an address. */
  mail?: MailConfig;
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
  /**
   * 三员分立: made by the system administrator, the account cannot sign in (active = 0) until the
   * security administrator grants its role and unit (grantAccount); its password is never told.
   */
  pendingGrant?: boolean;
}

/** Where a one-time password went: the user's mailbox, or the security administrator's screen, once. */
export type Delivery = { delivery: 'mail' } | { delivery: 'securityAdmin'; oneTimePassword: string };

/** A line of the administrators' user list, and a page of them: the shapes GET /api/users answers (src/shared/accounts.ts). */
export type { UserListItem, UserPage } from '../shared/accounts.js';

/** What the system administrator fills in for a new account; the role and unit are checked, the password is never chosen. */
export interface PendingUserRequest {
  username: string;
  displayName: string;
  role: string;
  orgId: string;
}

const ADMIN_ROLE_FIXED = '三员的角色不能在系统内授予或改变';
const UNIT_OUT_OF_SCOPE = '「所属单位」不存在或不在您的管辖范围内';
const isAdminRole = (role: string) => (ADMIN_ROLES as string[]).includes(role);

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
      active: input.pendingGrant ? 0 : 1,
      must_change_password: input.mustChangePassword || input.pendingGrant ? 1 : 0,
      pending_grant: input.pendingGrant ? 1 : 0,
      password_release_pending: 0,
      password_reset_by: null,
      password_reset_at: null,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('app_user').values(row).execute();
      await trx.insertInto('password_history').values({ user_id: row.id, password_hash: hash, created_at: now }).execute();
      if (actor) {
        const after = { username: row.username, role: row.role, ...(input.pendingGrant ? { pendingGrant: true } : {}) };
        await writeAudit(trx, actor, { action: 'create', kind: 'user', recordId: row.id, orgId: row.org_id, after });
      }
    });
    return toUser(row);
  }

  /**
   * Returns a new session. Failures are counted per user name — existing or not — so the
   * answer never tells whether a user exists; five in a row lock the name for fifteen minutes.
   * Every attempt is counted before its password is checked, in one statement, so parallel
   * guesses each take their own number: none is lost, and none past the limit is checked.
   */
  async login(username: string, password: string, ip: string | null): Promise<{ token: string; csrfToken: string; session: SessionUser }> {
    const now = this.iso();
    const actor = { userId: null, name: username, role: 'system' as const, ip };
    const { attempt, lockedUntil } = await this.countAttempt(username, now);
    if (lockedUntil && lockedUntil > now) {
      await writeAudit(this.db.kysely, actor, { action: 'login_failed', after: { username, reason: 'locked' } });
      throw new AppError(401, 'locked', lockedMessage(this.config.lockMinutes));
    }
    if (attempt > this.config.maxFailures) {
      // More attempts on the name are under way than failures may lock it: this one is not checked,
      // and locks nothing (one person signing in on several devices at once is not an attack).
      await writeAudit(this.db.kysely, actor, { action: 'login_failed', after: { username, reason: 'busy', attempt } });
      throw RateLimited('该账户同时有多次登录正在进行，请稍候几秒再试', 5);
    }
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
    const ok = row ? row.active === 1 && (await verifyPassword(password, row.password_hash)) : await verifyPassword(password, await decoyHash()).then(() => false);
    if (!row || !ok) {
      const locked = attempt >= this.config.maxFailures;
      // Only a failure locks: the one whose number reaches the limit (a lock already set stays as it is).
      if (locked) {
        await this.db.kysely
          .updateTable('login_failure')
          .set({ locked_until: this.iso(this.config.lockMinutes * 60_000) })
          .where('username', '=', username)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
          .execute();
      }
      await writeAudit(this.db.kysely, { ...actor, userId: row?.id ?? null }, { action: 'login_failed', after: { username, consecutive: attempt, locked } });
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

  /**
   * Counts one sign-in attempt on a name and returns its number since the last success, unlock
   * or lock that ran out, with the lock in force: one upsert, atomic on both engines, so no
   * read-then-write race and no duplicate-key error when the first attempts on a name arrive
   * together. After a lock has run out the count starts again at 1.
   */
  private async countAttempt(username: string, now: string): Promise<{ attempt: number; lockedUntil: string | null }> {
    const counted = await this.db.kysely
      .insertInto('login_failure')
      .values({ username, count: 1, locked_until: null, last_at: now })
      .onConflict((oc) =>
        oc.column('username').doUpdateSet((eb) => {
          const ranOut = eb.and([eb('login_failure.locked_until', 'is not', null), eb('login_failure.locked_until', '<=', now)]);
          return {
            count: eb.case().when(ranOut).then(1).else(eb('login_failure.count', '+', 1)).end(),
            locked_until: eb.case().when(ranOut).then(null).else(eb.ref('login_failure.locked_until')).end(),
            last_at: now,
          };
        }),
      )
      .returning(['count', 'locked_until'])
      .executeTakeFirstOrThrow();
    return { attempt: Number(counted.count), lockedUntil: counted.locked_until };
  }

  /** The signed-in user behind a cookie token, or undefined when unknown, idle too long, or too old. */
  async resume(token: string, ip: string | null): Promise<SessionUser | undefined> {
    const id = tokenHash(token);
    // The session and its (active) user in one query: every request signed in starts here.
    const session = await this.db.kysely
      .selectFrom('user_session as s')
      .leftJoin('app_user as u', (join) => join.onRef('u.id', '=', 's.user_id').on('u.active', '=', 1))
      .select(['s.user_id', 's.last_seen_at', 's.created_at', 's.csrf_token'])
      .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.org_id', 'u.must_change_password', 'u.pending_grant', 'u.password_reset_by', 'u.password_reset_at'])
      .where('s.id', '=', id)
      .executeTakeFirst();
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
    const { id: userId, username, display_name, role, org_id, must_change_password, pending_grant, password_reset_by, password_reset_at } = session;
    if (userId === null || username === null || display_name === null || role === null || org_id === null || must_change_password === null || pending_grant === null) return undefined;
    return this.sessionOf({ id: userId, username, display_name, role, org_id, must_change_password, pending_grant, password_reset_by, password_reset_at }, ip, session.csrf_token ?? '');
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

  /** The operator's reset on the server (`fazhi user reset`): a one-time password the user must change at next sign-in. */
  async resetPassword(userId: string, actor: Actor): Promise<string> {
    await this.userRow(userId);
    const oneTime = oneTimePassword();
    await this.setPassword(userId, oneTime, true, actor, 'password_reset', { resetBy: resetByName(actor), via: 'operator' });
    return oneTime;
  }

  /**
   * 三员分立: the system administrator's reset, which never hands them a password. The old password
   * stops working at once; the one-time password is mailed to the user when mail is configured and
   * the user has an address, otherwise it waits for the security administrator (releasePassword).
   */
  async requestPasswordReset(userId: string, actor: Actor): Promise<'mail' | 'securityAdmin'> {
    const row = await this.userRow(userId);
    if (row.pending_grant === 1) throw new AppError(409, 'pending_grant', '该账户尚待安全管理员授予角色和管辖范围，授权时才生成一次性密码');
    const resetBy = resetByName(actor);
    if (this.config.mail && row.email) {
      const oneTime = oneTimePassword();
      const text = `您的密码已于 ${this.iso()} 由${resetBy}重置，原密码已失效。`;
      if (await this.mailPassword(row, oneTime, text)) {
        await this.setPassword(userId, oneTime, true, actor, 'password_reset', { resetBy, via: 'mail', delivered: true });
        return 'mail';
      }
    }
    // A secret nobody is told: the account is closed until the security administrator releases one.
    await this.setPassword(userId, randomBytes(32).toString('base64url'), true, actor, 'password_reset', { resetBy, via: 'securityAdmin', releasePending: true });
    return 'securityAdmin';
  }

  /** The security administrator releases the one-time password of a reset waiting for it; shown to them once. */
  async releasePassword(userId: string, actor: Actor): Promise<string> {
    const row = await this.userRow(userId);
    if (row.password_release_pending !== 1) throw new AppError(409, 'nothing_to_release', '该账户没有待发放的一次性密码（已发放过，或未被重置）');
    const oneTime = oneTimePassword();
    await this.setPassword(userId, oneTime, true, actor, 'credential_delivered', { via: 'securityAdmin' });
    return oneTime;
  }

  /**
   * The security administrator grants a pending account its role and unit; only then does it get a
   * password: mailed to the user when possible, otherwise shown to the security administrator once.
   */
  async grantAccount(userId: string, grant: { role: Role; orgId: string }, actor: Actor): Promise<Delivery> {
    const row = await this.userRow(userId);
    if (!isRole(grant.role) || ADMIN_ROLES.includes(grant.role)) throw fieldError('role', '「角色」只能是业务角色');
    if (!(await findOrg(this.db, grant.orgId))) throw fieldError('orgId', '「所属单位」不存在');
    if (row.pending_grant !== 1) throw new AppError(409, 'not_pending', '该账户不在待授权状态（已授权过）');
    const oneTime = oneTimePassword();
    const now = this.iso();
    const hash = await hashPassword(oneTime);
    await this.db.kysely.transaction().execute(async (trx) => {
      const set = { role: grant.role, org_id: grant.orgId, active: 1, pending_grant: 0, password_hash: hash, must_change_password: 1, password_changed_at: now, updated_at: now };
      // Guarded by the state, so two grants at once cannot both hand out a password.
      const done = await trx.updateTable('app_user').set(set).where('id', '=', userId).where('pending_grant', '=', 1).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'not_pending', '该账户不在待授权状态（已授权过）');
      await trx.insertInto('password_history').values({ user_id: userId, password_hash: hash, created_at: now }).execute();
      const before = { role: row.role, orgId: row.org_id };
      await writeAudit(trx, actor, { action: 'update', kind: 'user', recordId: userId, orgId: grant.orgId, before, after: { change: 'grant', role: grant.role, orgId: grant.orgId } });
    });
    const mailed = !!row.email && (await this.mailPassword(row, oneTime, `您的账户已由${resetByName(actor)}授予角色「${ROLES[grant.role]}」，可以登录了。`));
    const via = mailed ? 'mail' : 'securityAdmin';
    await writeAudit(this.db.kysely, actor, { action: 'update', kind: 'user', recordId: userId, after: { change: 'credential_delivered', via } });
    return mailed ? { delivery: 'mail' } : { delivery: 'securityAdmin', oneTimePassword: oneTime };
  }

  private async userRow(userId: string) {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!row) throw NotFound('用户');
    return row;
  }

  /** Best effort: false (and a line in the log) when mail is not configured or the server refuses. */
  private async mailPassword(user: { id: string; username: string; display_name: string; email: string | null }, oneTime: string, why: string): Promise<boolean> {
    const mail = this.config.mail;
    if (!mail || !user.email) return false;
    const mailer = smtpMailer(mail);
    const text = [
      `${user.display_name}（${user.username}）：`,
      why,
      `一次性密码：${oneTime}`,
      '请尽快登录，登录后须先修改密码。如非您本人或单位安排，请立即联系安全管理员。',
    ].join('\n');
    try {
      await mailer.send({ to: user.email, subject: '法治台账：您的一次性密码', text });
      return true;
    } catch (error) {
      // The SMTP error usually quotes the recipient's address: the log names the account's id only.
      console.warn(`一次性密码邮件未能发送（账户 ${user.id}，${smtpLocation(mail.smtpUrl)}）：${error instanceof Error ? error.name : 'Error'}`);
      return false;
    } finally {
      mailer.close();
    }
  }

  private async setPassword(userId: string, password: string, mustChange: boolean, actor: Actor, reason: string, handover: Handover = {}) {
    const now = this.iso();
    const hash = await hashPassword(password);
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({
          password_hash: hash,
          must_change_password: mustChange ? 1 : 0,
          password_changed_at: now,
          updated_at: now,
          // Any new password settles a release that was waiting.
          password_release_pending: handover.releasePending ? 1 : 0,
          ...(handover.resetBy ? { password_reset_by: handover.resetBy, password_reset_at: now } : {}),
        })
        .where('id', '=', userId)
        .execute();
      await trx.insertInto('password_history').values({ user_id: userId, password_hash: hash, created_at: now }).execute();
      await trx.deleteFrom('user_session').where('user_id', '=', userId).execute();
      const via = handover.via ? { via: handover.via } : {};
      await writeAudit(trx, actor, { action: 'update', kind: 'user', recordId: userId, after: { change: reason, ...via } });
      if (handover.delivered) await writeAudit(trx, actor, { action: 'update', kind: 'user', recordId: userId, after: { change: 'credential_delivered', ...via } });
    });
  }

  /** The security administrator lifts a lock before it runs out. */
  async unlock(username: string, actor: Actor): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('login_failure').where('username', '=', username).execute();
      await writeAudit(trx, actor, { action: 'update', kind: 'user', recordId: username, after: { change: 'unlock' } });
    });
  }

  // The administrators' operations (三员分立). The route checks who may call each; these hold the
  // rules: every account and unit is looked up inside the administrator's own scope, no
  // administrator account is made, reset, granted or re-roled here, and no password is chosen or
  // shown to the system administrator.

  /** Accounts of units in the scope, by user name, with whether each is locked out now. */
  async listUsers(scope: Scope, paging: { page?: number; pageSize?: number } = {}): Promise<UserPage> {
    const page = paging.page ?? 1;
    const pageSize = paging.pageSize ?? 50;
    const base = this.db.kysely.selectFrom('app_user').innerJoin('org_unit', 'org_unit.id', 'app_user.org_id').where('org_unit.path', 'like', `${scope.orgPath}%`);
    // PostgreSQL counts in bigint, which arrives as a string.
    const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const rows = await base
      .select([
        'app_user.id',
        'app_user.username',
        'app_user.display_name',
        'app_user.role',
        'app_user.active',
        'app_user.must_change_password',
        'app_user.pending_grant',
        'app_user.password_release_pending',
        'org_unit.id as org_id',
        'org_unit.name as org_name',
      ])
      .orderBy('app_user.username')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const names = rows.map((r) => r.username);
    const locks = names.length
      ? new Map((await this.db.kysely.selectFrom('login_failure').select(['username', 'locked_until']).where('username', 'in', names).execute()).map((l) => [l.username, l.locked_until]))
      : new Map<string, string | null>();
    const now = this.iso();
    return {
      items: rows.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        roleLabel: isRole(r.role) ? ROLES[r.role] : r.role,
        active: r.active === 1,
        mustChangePassword: r.must_change_password === 1,
        pendingGrant: r.pending_grant === 1,
        passwordReleasePending: r.password_release_pending === 1,
        locked: (locks.get(r.username) ?? '') > now,
        org: { id: r.org_id, name: r.org_name },
      })),
      total: Number(total?.n ?? 0),
      page,
      pageSize,
    };
  }

  /** An account of a unit in the scope; one elsewhere does not exist for the administrator. */
  private async userInScope(scope: Scope, id: string) {
    const row = await this.db.kysely
      .selectFrom('app_user')
      .innerJoin('org_unit', 'org_unit.id', 'app_user.org_id')
      .select(['app_user.id', 'app_user.username', 'app_user.role', 'org_unit.path'])
      .where('app_user.id', '=', id)
      .executeTakeFirst();
    if (!row || !covers(scope, row.path)) throw NotFound('用户');
    return row;
  }

  private async unitInScope(scope: Scope, orgId: string): Promise<OrgUnit> {
    const org = await findOrg(this.db, orgId);
    if (!org || !covers(scope, org.path)) throw fieldError('orgId', UNIT_OUT_OF_SCOPE);
    return org;
  }

  /**
   * The system administrator's new account: a business role in a unit of their scope, closed until
   * the security administrator grants it (grantUser). Its password is a secret nobody is told.
   */
  async createPendingUser(scope: Scope, input: PendingUserRequest): Promise<User> {
    if (isAdminRole(input.role)) throw fieldError('role', '三员账号只能由运维人员在服务器上用 fazhi user add 创建');
    if (!isRole(input.role)) throw fieldError('role', '「角色」不在可选范围内');
    await this.unitInScope(scope, input.orgId);
    return this.createUser({ ...input, role: input.role, password: oneTimePassword(), pendingGrant: true }, scope.actor);
  }

  /** The system administrator resets an account of their scope; never an administrator's (no one takes over another). */
  async resetUserPassword(scope: Scope, id: string): Promise<{ username: string; delivery: 'mail' | 'securityAdmin' }> {
    const user = await this.userInScope(scope, id);
    if (isAdminRole(user.role)) throw Forbidden('三员账号的密码只能由本人修改，或由运维人员在服务器上用 fazhi user reset 重置');
    return { username: user.username, delivery: await this.requestPasswordReset(user.id, scope.actor) };
  }

  /** The security administrator releases the one-time password of a reset account in their scope. */
  async releaseUserPassword(scope: Scope, id: string): Promise<{ username: string; oneTimePassword: string }> {
    const user = await this.userInScope(scope, id);
    return { username: user.username, oneTimePassword: await this.releasePassword(user.id, scope.actor) };
  }

  /** The security administrator grants a pending account of their scope a business role and a unit of their scope. */
  async grantUser(scope: Scope, id: string, grant: { role: string; orgId: string }): Promise<{ username: string } & Delivery> {
    const user = await this.userInScope(scope, id);
    if (isAdminRole(grant.role)) throw fieldError('role', ADMIN_ROLE_FIXED);
    if (!isRole(grant.role)) throw fieldError('role', '「角色」不在可选范围内');
    const org = await this.unitInScope(scope, grant.orgId);
    return { username: user.username, ...(await this.grantAccount(user.id, { role: grant.role, orgId: org.id }, scope.actor)) };
  }

  /** The security administrator lifts the lock of an account in their scope. */
  async unlockUser(scope: Scope, id: string): Promise<void> {
    const user = await this.userInScope(scope, id);
    await this.unlock(user.username, scope.actor);
  }

  /**
   * The security administrator changes the business role of an account in their scope (not their
   * own, and never to or from an administrator's); its sessions end, so the new role applies at once.
   */
  async setUserRole(scope: Scope, id: string, role: string): Promise<{ id: string; role: Role }> {
    const user = await this.userInScope(scope, id);
    if (user.id === scope.actor.userId) throw fieldError('role', '不能修改自己的角色');
    if (isAdminRole(user.role) || isAdminRole(role)) throw fieldError('role', ADMIN_ROLE_FIXED);
    if (!isRole(role)) throw fieldError('role', '「角色」不在可选范围内');
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ role, updated_at: this.iso() }).where('id', '=', user.id).execute();
      await trx.deleteFrom('user_session').where('user_id', '=', user.id).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'user', recordId: user.id, before: { role: user.role }, after: { role } });
    });
    return { id: user.id, role };
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toUser(row);
  }

  private async sessionFor(userId: string, ip: string | null, csrfToken: string): Promise<SessionUser | undefined> {
    const row = await this.db.kysely.selectFrom('app_user').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
    if (!row) return undefined;
    return this.sessionOf(row, ip, csrfToken);
  }

  /** The signed-in user's session, given their active account row. */
  private async sessionOf(row: Parameters<typeof toUser>[0], ip: string | null, csrfToken: string): Promise<SessionUser | undefined> {
    const org = await findOrg(this.db, row.org_id);
    if (!org) return undefined;
    const user = toUser(row);
    return { user, org, csrfToken, scope: scopeOf(org, { userId: user.id, name: user.displayName, role: user.role, ip }) };
  }
}

/** How a new password reached (or will reach) the user, for setPassword's audit and state. */
interface Handover {
  /** Who reset it, shown to the user at the next sign-in. */
  resetBy?: string;
  via?: 'mail' | 'securityAdmin' | 'operator';
  /** The password was delivered by this step (mailed): a second audit row says so. */
  delivered?: boolean;
  /** The password set is a secret nobody holds; the security administrator must release one. */
  releasePending?: boolean;
}

/** “角色「姓名」” of whoever reset a password, as the user will read it. */
const resetByName = (actor: Actor) => (actor.role === 'system' ? actor.name : `${ROLES[actor.role]}「${actor.name}」`);

/** 12 characters from every class, for resets and the first administrator. */
export function oneTimePassword(): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '@#%+=?'];
  const below = (n: number) => randomInt(n);
  const pick = (set: string) => set.charAt(below(set.length));
  const chars = sets.map(pick);
  const all = sets.join('');
  while (chars.length < 12) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

function toUser(row: {
  id: string;
  username: string;
  display_name: string;
  role: string;
  org_id: string;
  must_change_password: number;
  pending_grant: number;
  password_reset_by: string | null;
  password_reset_at: string | null;
}): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    orgId: row.org_id,
    mustChangePassword: row.must_change_password === 1,
    pendingGrant: row.pending_grant === 1,
    lastReset: row.password_reset_by && row.password_reset_at ? { by: row.password_reset_by, at: row.password_reset_at } : null,
  };
}

export const roleLabel = (role: Role) => ROLES[role];
