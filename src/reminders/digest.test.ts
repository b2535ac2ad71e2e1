import { describe, expect, it } from 'vitest';
import type { DueItem } from '../procedures/due.js';
import { DAY_TOPIC, dayNotice, daysText, digestSubject, formatDigest, LISTED_ITEMS, NOTICE_ITEMS, REMINDER_WITHIN_DAYS, summarise } from './digest.js';
import { msUntilNext } from './schedule.js';

const penaltyCase = (extra: Partial<DueItem> = {}): DueItem => ({
  source: 'procedure',
  check: 'decision',
  kind: 'penaltyCase',
  kindLabel: '行政处罚',
  recordId: 'rec1',
  title: '某商店销售过期食品案',
  orgId: 'town',
  orgName: '甲镇',
  step: '作出处罚决定',
  due: '2025-04-17',
  daysLeft: -3,
  overdue: true,
  rule: '行政处罚法第60条：立案之日起九十日内作出处罚决定',
  ...extra,
});

const annualReport: DueItem = {
  source: 'annualReport',
  check: 'submit',
  title: '2024年度法治政府建设情况报告',
  orgId: 'town',
  orgName: '甲镇',
  step: '报送上级',
  due: '2025-03-01',
  daysLeft: 5,
  overdue: false,
  rule: '法治政府建设与责任落实督察工作规定第24条',
};

describe('the day’s notification', () => {
  it('is one notice summarising the counts per kind and naming the most pressing items', () => {
    const items = [
      penaltyCase({ recordId: 'rec2', title: '某饭店无证经营案', daysLeft: 2, overdue: false, due: '2025-04-22' }),
      penaltyCase(),
      annualReport,
    ];
    const notice = dayNotice(summarise(items), REMINDER_WITHIN_DAYS);
    expect(notice).toMatchObject({ topic: DAY_TOPIC, kind: null, recordId: null, severity: 'overdue', due: '2025-04-17' });
    expect(notice?.title).toBe('待办提醒：逾期 1 项，7天内到期 2 项');
    const lines = notice?.body.split('\n') ?? [];
    expect(lines).toContain('行政处罚：逾期 1 项，7天内到期 1 项');
    expect(lines).toContain('法治政府建设年度报告：7天内到期 1 项');
    // The longest overdue first, then the nearest due.
    expect(lines.filter((l) => /^\d+\. /.test(l))).toEqual([
      '1. 甲镇｜「行政处罚」某商店销售过期食品案：作出处罚决定｜期限 2025-04-17｜逾期3天',
      '2. 甲镇｜2024年度法治政府建设情况报告：报送上级｜期限 2025-03-01｜还剩5天',
      '3. 甲镇｜「行政处罚」某饭店无证经营案：作出处罚决定｜期限 2025-04-22｜还剩2天',
    ]);
  });

  it('names a few of thousands and counts the rest, keeping only the first few in memory', () => {
    const items = Array.from({ length: 3000 }, (_, i) =>
      penaltyCase({ recordId: `r${i}`, title: `案${i}`, due: `2025-0${1 + (i % 3)}-${String(10 + (i % 17)).padStart(2, '0')}`, daysLeft: -(i % 60) - 1 }),
    );
    const summary = summarise(items);
    expect(summary).toMatchObject({ overdue: 3000, dueSoon: 0, groups: [{ label: '行政处罚', overdue: 3000, dueSoon: 0 }] });
    expect(summary.firstOverdue).toHaveLength(LISTED_ITEMS);
    expect(summary.firstOverdue.map((i) => i.due)).toEqual([...items].map((i) => i.due).sort().slice(0, LISTED_ITEMS));
    const notice = dayNotice(summary, REMINDER_WITHIN_DAYS);
    expect(notice?.body.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(NOTICE_ITEMS);
    expect(notice?.body).toContain(`……另有 ${3000 - NOTICE_ITEMS} 项，见「待办」。`);
  });

  it('is not made when nothing is due', () => {
    expect(dayNotice(summarise([]), REMINDER_WITHIN_DAYS)).toBeUndefined();
  });

  it('says today when the day is the due date', () => {
    expect(daysText(0)).toBe('今天到期');
    expect(daysText(-1)).toBe('逾期1天');
    expect(daysText(1)).toBe('还剩1天');
  });
});

describe('digest', () => {
  const input = (items: DueItem[]) => ({ displayName: '王主任', on: '2025-04-20', within: REMINDER_WITHIN_DAYS, summary: summarise(items) });

  it('greets the user, counts per kind and lists the overdue items first', () => {
    const dueSoon = penaltyCase({ recordId: 'rec2', title: '某饭店无证经营案', daysLeft: 2, overdue: false, due: '2025-04-22' });
    const text = formatDigest(input([dueSoon, penaltyCase()]));
    expect(text.startsWith('王主任，您好：')).toBe(true);
    expect(text).toContain('2025-04-20');
    expect(text).toContain('逾期 1 项，7 天内到期 1 项');
    expect(text).toContain('行政处罚：逾期 1 项，7天内到期 1 项');
    const overdueAt = text.indexOf('【已逾期】');
    const soonAt = text.indexOf('【7天内到期】');
    expect(overdueAt).toBeGreaterThan(0);
    expect(soonAt).toBeGreaterThan(overdueAt);
    expect(text).toContain('1. 甲镇｜「行政处罚」某商店销售过期食品案：作出处罚决定｜期限 2025-04-17｜逾期3天｜依据：行政处罚法第60条');
    expect(text.indexOf('某饭店无证经营案')).toBeGreaterThan(soonAt);
    expect(text).not.toContain('另有');
  });

  it('names the first items of a long list and counts the others', () => {
    const items = Array.from({ length: 25 }, (_, i) => penaltyCase({ recordId: `r${i}`, title: `案${i}`, due: `2025-04-${String(i + 1).padStart(2, '0')}` }));
    const text = formatDigest(input(items));
    expect(text).toContain(`${LISTED_ITEMS}. 甲镇`);
    expect(text).not.toContain(`${LISTED_ITEMS + 1}. 甲镇`);
    expect(text).toContain(`……另有 ${25 - LISTED_ITEMS} 项，请登录查看「待办」。`);
  });

  it('leaves out a section with nothing in it', () => {
    const text = formatDigest(input([annualReport]));
    expect(text).not.toContain('【已逾期】');
    expect(text).toContain('【7天内到期】');
  });

  it('says nothing is due when nothing is', () => {
    const text = formatDigest(input([]));
    expect(text).toContain('王主任，您好：');
    expect(text).toContain('没有逾期或 7 天内到期的事项');
    expect(text).not.toContain('【');
  });

  it('counts both in the mail subject', () => {
    expect(digestSubject(input([penaltyCase(), annualReport]))).toBe('法治台账待办提醒（2025-04-20）：逾期 1 项，即将到期 1 项');
  });
});

describe('daily schedule', () => {
  const HOUR = 3_600_000;
  it('waits until 07:00 Beijing time (23:00 UTC the day before)', () => {
    expect(msUntilNext(7, new Date('2025-04-20T22:00:00Z'))).toBe(HOUR);
    // 08:00 in Beijing: 23 hours to the next morning.
    expect(msUntilNext(7, new Date('2025-04-20T00:00:00Z'))).toBe(23 * HOUR);
    // 06:59:30 in Beijing.
    expect(msUntilNext(7, new Date('2025-04-20T22:59:30Z'))).toBe(30_000);
  });

  it('waits a full day when it is 07:00 exactly', () => {
    expect(msUntilNext(7, new Date('2025-04-20T23:00:00Z'))).toBe(24 * HOUR);
  });
});
