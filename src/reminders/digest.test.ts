import { describe, expect, it } from 'vitest';
import type { DueItem } from '../procedures/due.js';
import { daysText, digestSubject, formatDigest, noticeOf, REMINDER_WITHIN_DAYS } from './digest.js';
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

describe('notice of a due item', () => {
  it('names the kind, the record, the step and how late it is', () => {
    const notice = noticeOf(penaltyCase());
    expect(notice.title).toBe('「行政处罚」某商店销售过期食品案：作出处罚决定 逾期3天');
    expect(notice.severity).toBe('overdue');
    expect(notice.topic).toBe('procedure:decision:rec1');
    expect(notice.kind).toBe('penaltyCase');
    expect(notice.recordId).toBe('rec1');
    expect(notice.body).toContain('甲镇');
    expect(notice.body).toContain('行政处罚法第60条');
  });

  it('counts the days left of an item due soon', () => {
    const notice = noticeOf(penaltyCase({ daysLeft: 5, overdue: false, due: '2025-04-25' }));
    expect(notice.title).toBe('「行政处罚」某商店销售过期食品案：作出处罚决定 还剩5天');
    expect(notice.severity).toBe('dueSoon');
  });

  it('keys a check without a record by unit and due date', () => {
    const notice = noticeOf(annualReport);
    expect(notice.topic).toBe('annualReport:submit:town@2025-03-01');
    expect(notice.title).toBe('2024年度法治政府建设情况报告：报送上级 还剩5天');
    expect(notice.recordId).toBeNull();
  });

  it('says today when the day is the due date', () => {
    expect(daysText(0)).toBe('今天到期');
    expect(daysText(-1)).toBe('逾期1天');
    expect(daysText(1)).toBe('还剩1天');
  });
});

describe('digest', () => {
  it('greets the user and lists the overdue items first', () => {
    const dueSoon = penaltyCase({ recordId: 'rec2', title: '某饭店无证经营案', daysLeft: 2, overdue: false, due: '2025-04-22' });
    const text = formatDigest({ displayName: '王主任', on: '2025-04-20', within: REMINDER_WITHIN_DAYS, items: [dueSoon, penaltyCase()] });
    expect(text.startsWith('王主任，您好：')).toBe(true);
    expect(text).toContain('2025-04-20');
    expect(text).toContain('逾期 1 项，7 天内到期 1 项');
    const overdueAt = text.indexOf('【已逾期】');
    const soonAt = text.indexOf('【7天内到期】');
    expect(overdueAt).toBeGreaterThan(0);
    expect(soonAt).toBeGreaterThan(overdueAt);
    expect(text).toContain('1. 甲镇｜「行政处罚」某商店销售过期食品案：作出处罚决定｜期限 2025-04-17｜逾期3天｜依据：行政处罚法第60条');
    expect(text.indexOf('某饭店无证经营案')).toBeGreaterThan(soonAt);
  });

  it('leaves out a section with nothing in it', () => {
    const text = formatDigest({ displayName: '王主任', on: '2025-04-20', within: 7, items: [annualReport] });
    expect(text).not.toContain('【已逾期】');
    expect(text).toContain('【7天内到期】');
  });

  it('says nothing is due when nothing is', () => {
    const text = formatDigest({ displayName: '王主任', on: '2025-04-20', within: 7, items: [] });
    expect(text).toContain('王主任，您好：');
    expect(text).toContain('没有逾期或 7 天内到期的事项');
    expect(text).not.toContain('【');
  });

  it('counts both in the mail subject', () => {
    expect(digestSubject({ displayName: '王主任', on: '2025-04-20', within: 7, items: [penaltyCase(), annualReport] })).toBe(
      '法治台账待办提醒（2025-04-20）：逾期 1 项，即将到期 1 项',
    );
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
