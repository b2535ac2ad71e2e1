/** The due list as plain text, for the command line and the daily digest. */
import type { DueItem, DueList } from './due.js';

export const daysText = (item: Pick<DueItem, 'daysLeft'>) =>
  item.daysLeft < 0 ? `逾期${-item.daysLeft}天` : item.daysLeft === 0 ? '今天到期' : `还剩${item.daysLeft}天`;

export const dueLine = (item: DueItem) =>
  `${item.due}  ${daysText(item).padEnd(7, '　')}  ${item.orgName}｜${item.kindLabel ? `${item.kindLabel}：` : ''}${item.title}｜${item.step}${item.extendedDays ? `（已延长${item.extendedDays}天）` : ''}｜依据：${item.rule}`;

export function formatDueList(due: DueList): string {
  const lines = [`${due.unit.name}  截至 ${due.on}：已逾期 ${due.overdue} 项，${due.within} 天内到期 ${due.dueSoon} 项`];
  if (due.calendarWarning) lines.push(`注意：${due.calendarWarning}`);
  if (!due.items.length) lines.push('没有逾期或即将到期的事项。');
  for (const item of due.items) lines.push(`  ${dueLine(item)}`);
  return lines.join('\n');
}
