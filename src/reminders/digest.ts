/**
 * What a reminder says: one notice per due item, and the day's digest for one user as plain
 * text. Pure functions over the due list's items — no database, no clock.
 */
import type { DueItem } from '../procedures/due.js';

/** Items due within this many days (or overdue) are reminded of. */
export const REMINDER_WITHIN_DAYS = 7;

export type Severity = 'overdue' | 'dueSoon';

export interface Notice {
  /** Stable across days: the same duty of the same record (or unit and due date) is one topic. */
  topic: string;
  title: string;
  body: string;
  kind: string | null;
  recordId: string | null;
  due: string;
  severity: Severity;
}

/** 逾期3天 / 今天到期 / 还剩5天 */
export function daysText(daysLeft: number): string {
  if (daysLeft < 0) return `逾期${-daysLeft}天`;
  if (daysLeft === 0) return '今天到期';
  return `还剩${daysLeft}天`;
}

/** 「行政处罚」某案：作出处罚决定 — compliance checks have no kind label. */
const subjectOf = (item: DueItem) => `${item.kindLabel ? `「${item.kindLabel}」` : ''}${item.title}：${item.step}`;

export function topicOf(item: DueItem): string {
  return `${item.source}:${item.check}:${item.recordId ?? `${item.orgId}@${item.due}`}`;
}

export function noticeOf(item: DueItem): Notice {
  const warning = item.warning ? `\n注意：${item.warning}` : '';
  return {
    topic: topicOf(item),
    title: `${subjectOf(item)} ${daysText(item.daysLeft)}`,
    body: `${item.orgName}：${item.step}，期限 ${item.due}（${daysText(item.daysLeft)}）。\n依据：${item.rule}${warning}`,
    kind: item.kind ?? null,
    recordId: item.recordId ?? null,
    due: item.due,
    severity: item.overdue ? 'overdue' : 'dueSoon',
  };
}

export interface DigestInput {
  displayName: string;
  on: string;
  within: number;
  items: readonly DueItem[];
}

const line = (item: DueItem, n: number) =>
  `${n}. ${item.orgName}｜${subjectOf(item)}｜期限 ${item.due}｜${daysText(item.daysLeft)}｜依据：${item.rule}`;

/** The subject line of the digest e-mail. */
export function digestSubject(input: DigestInput): string {
  const overdue = input.items.filter((i) => i.overdue).length;
  return `法治台账待办提醒（${input.on}）：逾期 ${overdue} 项，即将到期 ${input.items.length - overdue} 项`;
}

/** The day's digest: greeting, date, counts, then the overdue items, then those due soon. */
export function formatDigest(input: DigestInput): string {
  const greeting = `${input.displayName}，您好：`;
  const overdue = input.items.filter((i) => i.overdue);
  const dueSoon = input.items.filter((i) => !i.overdue);
  if (!input.items.length) {
    return `${greeting}\n\n截至 ${input.on}，您管辖范围内没有逾期或 ${input.within} 天内到期的事项。\n`;
  }
  const sections = [
    `${greeting}\n\n截至 ${input.on}，您管辖范围内逾期 ${overdue.length} 项，${input.within} 天内到期 ${dueSoon.length} 项。`,
  ];
  if (overdue.length) sections.push(`【已逾期】\n${overdue.map((item, i) => line(item, i + 1)).join('\n')}`);
  if (dueSoon.length) sections.push(`【${input.within}天内到期】\n${dueSoon.map((item, i) => line(item, i + 1)).join('\n')}`);
  sections.push('请登录法治台账办理。');
  return `${sections.join('\n\n')}\n`;
}
