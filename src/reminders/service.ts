/**
 * Reminders (提醒): once a day, every user who works with ledgers gets one notification in the app
 * summarising their own due list — overdue, or due within REMINDER_WITHIN_DAYS: counts per kind
 * and the most pressing few — and, when an SMTP server is configured and the user has an address,
 * the day's digest by e-mail. The due list is walked a page of records at a time and only counted
 * (DueTally), and users who share a unit and role share one count: memory stays bounded however
 * many records are due (a first start after a 100,000-row import once made 18,586 notifications).
 *
 * E-mail is best effort: a failure is logged and never stops the run or the notifications.
 */
import { ADMIN_ROLES, isRole, type Role } from '../accounts/roles.js';
import { fieldError, NotFound } from '../core/errors.js';
import { isValidDate } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import type { DueService } from '../procedures/due.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import { scopeOf, type Scope } from '../org/scope.js';
import { dayNotice, digestSubject, DueTally, formatDigest, REMINDER_WITHIN_DAYS, type DueSummary } from './digest.js';
import { smtpLocation, smtpMailer, type MailConfig, type Mailer } from './mail.js';
import { saveNotices } from './notifications.js';

export interface ReminderUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  org: OrgUnit;
  /** Set with `fazhi user email`. */
  email?: string;
}

export interface ReminderLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ReminderOptions {
  /** Absent: no e-mail is sent (FAZHI_SMTP_URL not set). */
  mail?: MailConfig;
  /** Where a user's digest is mailed: by default the address on the account, if any. */
  addressOf?: (user: ReminderUser) => string | undefined;
  log?: ReminderLog;
}

export interface UserReminders {
  userId: string;
  username: string;
  displayName: string;
  /** Items of the user's due list on the day: overdue and due soon. */
  overdue: number;
  dueSoon: number;
  /** Notifications added by this run: 1, or 0 when nothing is due or the day's was made already. */
  created: number;
  emailed: boolean;
  /** Why this user's reminders could not be made, when they could not. */
  error?: string;
}

export interface ReminderRun {
  on: string;
  users: UserReminders[];
}

const consoleLog: ReminderLog = { info: (m) => console.log(m), warn: (m) => console.warn(m) };
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The three administrators (三员) hold no business data: they have no due list. */
const worksWithLedgers = (role: Role) => !ADMIN_ROLES.includes(role);

export class ReminderService {
  private readonly log: ReminderLog;

  constructor(
    private readonly db: Db,
    private readonly due: DueService,
    private readonly options: ReminderOptions = {},
  ) {
    this.log = options.log ?? consoleLog;
  }

  /** Makes the day's notifications for every active user who works with ledgers, and mails the digests. */
  async run(on: string): Promise<ReminderRun> {
    if (!isValidDate(on)) throw fieldError('on', '「日期」不是有效日期（格式 YYYY-MM-DD）');
    const users = (await this.activeUsers()).filter((u) => worksWithLedgers(u.role));
    const mailer = this.options.mail ? smtpMailer(this.options.mail) : undefined;
    const results: UserReminders[] = [];
    // Users of one unit and role see the same due list: counted once a run.
    const summaries = new Map<string, Promise<DueSummary>>();
    const summaryOf = (user: ReminderUser) => {
      const key = `${user.org.id}\u0000${user.role}`;
      let summary = summaries.get(key);
      if (!summary) {
        summary = this.summary(user, on);
        summaries.set(key, summary);
      }
      return summary;
    };
    try {
      for (const user of users) results.push(await this.remind(user, on, mailer, summaryOf));
    } finally {
      mailer?.close();
    }
    const created = results.reduce((n, r) => n + r.created, 0);
    const emailed = results.filter((r) => r.emailed).length;
    this.log.info(`提醒（${on}）：${results.length} 名用户，新增通知 ${created} 条${mailer ? `，发送邮件 ${emailed} 封` : ''}`);
    return { on, users: results };
  }

  /** The user's digest for the day, computed from their due list as it stands. */
  async digest(userId: string, on: string): Promise<string> {
    const user = (await this.activeUsers(userId))[0];
    if (!user) throw NotFound('用户');
    const summary = worksWithLedgers(user.role) ? await this.summary(user, on) : new DueTally().summary();
    return formatDigest({ displayName: user.displayName, on, within: REMINDER_WITHIN_DAYS, summary });
  }

  private async remind(user: ReminderUser, on: string, mailer: Mailer | undefined, summaryOf: (user: ReminderUser) => Promise<DueSummary>): Promise<UserReminders> {
    const result: UserReminders = { userId: user.id, username: user.username, displayName: user.displayName, overdue: 0, dueSoon: 0, created: 0, emailed: false };
    let summary: DueSummary;
    try {
      summary = await summaryOf(user);
      result.overdue = summary.overdue;
      result.dueSoon = summary.dueSoon;
      const notice = dayNotice(summary, REMINDER_WITHIN_DAYS);
      result.created = notice ? await saveNotices(this.db, user.id, on, [notice]) : 0;
    } catch (error) {
      // One account in a bad state (its unit removed) does not stop everyone else's reminders.
      this.log.warn(`提醒（${on}）：用户 ${user.username} 的待办未能生成：${messageOf(error)}`);
      return { ...result, error: messageOf(error) };
    }
    // Mail only when something is due: a daily "nothing to do" teaches people to ignore it.
    const address = summary.overdue + summary.dueSoon && mailer ? (this.options.addressOf ?? ((u: ReminderUser) => u.email))(user) : undefined;
    if (!address || !mailer) return result;
    const input = { displayName: user.displayName, on, within: REMINDER_WITHIN_DAYS, summary };
    try {
      await mailer.send({ to: address, subject: digestSubject(input), text: formatDigest(input) });
      return { ...result, emailed: true };
    } catch (error) {
      const server = this.options.mail ? smtpLocation(this.options.mail.smtpUrl) : '';
      this.log.warn(`提醒（${on}）：给用户 ${user.username} 发送邮件失败（${server}）：${messageOf(error)}`);
      return result;
    }
  }

  /** The user's due list of the day, counted as it is walked: never held whole. */
  private async summary(user: ReminderUser, on: string): Promise<DueSummary> {
    const tally = new DueTally();
    await this.due.walk(this.scopeOf(user), { on, within: REMINDER_WITHIN_DAYS }, (item) => tally.add(item));
    return tally.summary();
  }

  /** The user's own scope, as when they are signed in. */
  private scopeOf(user: ReminderUser): Scope {
    return scopeOf(user.org, { userId: user.id, name: user.displayName, role: user.role, ip: null });
  }

  private async activeUsers(id?: string): Promise<ReminderUser[]> {
    const rows = await this.db.kysely
      .selectFrom('app_user')
      .select(['id', 'username', 'display_name', 'role', 'org_id', 'email'])
      .where('active', '=', 1)
      .$if(id !== undefined, (qb) => qb.where('id', '=', id ?? ''))
      .orderBy('username')
      .execute();
    const users: ReminderUser[] = [];
    for (const row of rows) {
      const org = await findOrg(this.db, row.org_id);
      if (!org || !isRole(row.role)) {
        this.log.warn(`提醒：用户 ${row.username} 的单位或角色无效，已跳过`);
        continue;
      }
      users.push({ id: row.id, username: row.username, displayName: row.display_name, role: row.role, org, email: row.email ?? undefined });
    }
    return users;
  }
}
