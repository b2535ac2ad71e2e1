/**
 * What a reminder says: the day's summary of one user's due list — how many items of each kind
 * are overdue or due soon, and the most pressing few by name — as one notification and as the
 * digest in plain text. Pure functions over the due list's items — no database, no clock. The
 * items are counted as they come (DueTally), never gathered: a county with 100,000 open records
 * gets one notification a day of the same size as a village's.
 */
import type { DueItem } from '../procedures/due.js';

/** Items due within this many days (or overdue) are reminded of. */
export const REMINDER_WITHIN_DAYS = 7;
/** Items named in the digest, in each section (overdue, due soon); the rest are counted. */
export const LISTED_ITEMS = 10;
/** Items named in the day's notification, the most pressing first. */
export const NOTICE_ITEMS = 5;
/** The day's notification is one per user: this topic with the unique (user, topic, day) index. */
export const DAY_TOPIC = 'due:day';

export type Severity = 'overdue' | 'dueSoon';

export interface Notice {
  /** With the user and the day, what makes a notification unique (DAY_TOPIC: one a day). */
  topic: string;
  title: string;
  body: string;
  kind: string | null;
  recordId: string | null;
  due: string;
  severity: Severity;
}

/** One kind (or compliance duty) of the summary. */
export interface DueGroup {
  label: string;
  overdue: number;
  dueSoon: number;
}

export interface DueSummary {
  overdue: number;
  dueSoon: number;
  /** Per kind or duty, the most items first. */
  groups: DueGroup[];
  /** The longest overdue first, at most LISTED_ITEMS. */
  firstOverdue: DueItem[];
  /** The nearest due first, at most LISTED_ITEMS. */
  firstDueSoon: DueItem[];
}

/** Compliance checks are not records of a kind: their duty names the group. */
const DUTY_LABELS: Record<DueItem['source'], string> = {
  procedure: '法定程序',
  screening: '矛盾纠纷排查',
  certificate: '执法证',
  advisorContract: '法律顾问',
  annualReport: '法治政府建设年度报告',
};

/** The due list's order: by due date, then unit and title. */
const pressing = (a: DueItem, b: DueItem) => a.due.localeCompare(b.due) || a.orgName.localeCompare(b.orgName, 'zh-CN') || a.title.localeCompare(b.title, 'zh-CN');

/** Keeps the first `max` items in order, dropping the rest as they come. */
function keepFirst(list: DueItem[], item: DueItem, max: number) {
  let at = list.length;
  while (at > 0 && pressing(item, list[at - 1] as DueItem) < 0) at--;
  if (at >= max) return;
  list.splice(at, 0, item);
  if (list.length > max) list.pop();
}

/** Counts due items one at a time in bounded memory: per group, and the most pressing LISTED_ITEMS of each section. */
export class DueTally {
  private overdue = 0;
  private dueSoon = 0;
  private readonly groups = new Map<string, DueGroup>();
  private readonly firstOverdue: DueItem[] = [];
  private readonly firstDueSoon: DueItem[] = [];

  add(item: DueItem): void {
    const label = item.kindLabel ?? DUTY_LABELS[item.source];
    const group = this.groups.get(label) ?? { label, overdue: 0, dueSoon: 0 };
    this.groups.set(label, group);
    if (item.overdue) {
      this.overdue++;
      group.overdue++;
      keepFirst(this.firstOverdue, item, LISTED_ITEMS);
    } else {
      this.dueSoon++;
      group.dueSoon++;
      keepFirst(this.firstDueSoon, item, LISTED_ITEMS);
    }
  }

  summary(): DueSummary {
    const groups = [...this.groups.values()].sort((a, b) => b.overdue + b.dueSoon - (a.overdue + a.dueSoon) || a.label.localeCompare(b.label, 'zh-CN'));
    return { overdue: this.overdue, dueSoon: this.dueSoon, groups, firstOverdue: [...this.firstOverdue], firstDueSoon: [...this.firstDueSoon] };
  }
}

/** A summary of the items, counted through a DueTally. */
export function summarise(items: Iterable<DueItem>): DueSummary {
  const tally = new DueTally();
  for (const item of items) tally.add(item);
  return tally.summary();
}

/** 逾期3天 / 今天到期 / 还剩5天 */
export function daysText(daysLeft: number): string {
  if (daysLeft < 0) return `逾期${-daysLeft}天`;
  if (daysLeft === 0) return '今天到期';
  return `还剩${daysLeft}天`;
}

/** 「行政处罚」某案：作出处罚决定 — compliance checks have no kind label. */
const subjectOf = (item: DueItem) => `${item.kindLabel ? `「${item.kindLabel}」` : ''}${item.title}：${item.step}`;

/** 逾期 3 项，7天内到期 2 项 — a part with none left out. */
function counts(overdue: number, dueSoon: number, within: number): string {
  return [overdue ? `逾期 ${overdue} 项` : '', dueSoon ? `${within}天内到期 ${dueSoon} 项` : ''].filter(Boolean).join('，');
}

const brief = (item: DueItem, n: number) => `${n}. ${item.orgName}｜${subjectOf(item)}｜期限 ${item.due}｜${daysText(item.daysLeft)}`;

/** The user's one notification of the day, or none when nothing is due. */
export function dayNotice(summary: DueSummary, within: number): Notice | undefined {
  const total = summary.overdue + summary.dueSoon;
  if (!total) return undefined;
  const named = [...summary.firstOverdue, ...summary.firstDueSoon].slice(0, NOTICE_ITEMS);
  const lines = [
    ...summary.groups.map((g) => `${g.label}：${counts(g.overdue, g.dueSoon, within)}`),
    '',
    '最紧要的：',
    ...named.map((item, i) => brief(item, i + 1)),
    ...(total > named.length ? [`……另有 ${total - named.length} 项，见「待办」。`] : []),
  ];
  return {
    topic: DAY_TOPIC,
    title: `待办提醒：${counts(summary.overdue, summary.dueSoon, within)}`,
    body: lines.join('\n'),
    kind: null,
    recordId: null,
    due: (named[0] as DueItem).due,
    severity: summary.overdue ? 'overdue' : 'dueSoon',
  };
}

export interface DigestInput {
  displayName: string;
  on: string;
  within: number;
  summary: DueSummary;
}

const line = (item: DueItem, n: number) =>
  `${n}. ${item.orgName}｜${subjectOf(item)}｜期限 ${item.due}｜${daysText(item.daysLeft)}｜依据：${item.rule}`;

/** The subject line of the digest e-mail. */
export function digestSubject(input: DigestInput): string {
  return `法治台账待办提醒（${input.on}）：逾期 ${input.summary.overdue} 项，即将到期 ${input.summary.dueSoon} 项`;
}

/** A section of the digest: the first items by name, and how many more there are. */
function section(heading: string, first: readonly DueItem[], count: number): string {
  const more = count > first.length ? [`……另有 ${count - first.length} 项，请登录查看「待办」。`] : [];
  return [heading, ...first.map((item, i) => line(item, i + 1)), ...more].join('\n');
}

/** The day's digest: greeting, date, counts in all and per kind, then the first overdue items, then the first due soon. */
export function formatDigest(input: DigestInput): string {
  const greeting = `${input.displayName}，您好：`;
  const { summary } = input;
  if (!summary.overdue && !summary.dueSoon) {
    return `${greeting}\n\n截至 ${input.on}，您管辖范围内没有逾期或 ${input.within} 天内到期的事项。\n`;
  }
  const sections = [
    `${greeting}\n\n截至 ${input.on}，您管辖范围内逾期 ${summary.overdue} 项，${input.within} 天内到期 ${summary.dueSoon} 项。`,
    summary.groups.map((g) => `${g.label}：${counts(g.overdue, g.dueSoon, input.within)}`).join('\n'),
  ];
  if (summary.overdue) sections.push(section('【已逾期】', summary.firstOverdue, summary.overdue));
  if (summary.dueSoon) sections.push(section(`【${input.within}天内到期】`, summary.firstDueSoon, summary.dueSoon));
  sections.push('请登录法治台账办理。');
  return `${sections.join('\n\n')}\n`;
}
