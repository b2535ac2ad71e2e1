/**
 * One test (at least) per procedure rule (docs/DESIGN.md §4), named by its article, run against the real kind
 * declarations with hand-built records. Expected dates are counted by hand in the comments
 * (holidays from chinese-days: 2025 清明 04-04..06, 劳动节 05-01..05, 端午 05-31..06-02,
 * 国庆 10-01..08 with 调休 Sun 09-28 and Sat 10-11; 春节 01-28..02-04 with 调休 Sun 01-26 and Sat 02-08).
 */
import { describe, expect, it } from 'vitest';
import { disclosure } from '../areas/decision/disclosure.js';
import { majorDecision } from '../areas/decision/major-decision.js';
import { reconsideration } from '../areas/decision/reconsideration.js';
import { penaltyCase } from '../areas/enforcement/penalty-case.js';
import { dispute } from '../areas/governance/dispute.js';
import { petition } from '../areas/governance/petition.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { RecordValues } from '../ledger/validation.js';
import { evaluate, extensionProblems, procedureProblems, type EvaluateOptions, type Extension } from './procedure.js';

const procedureOf = (kind: KindDefinition) => {
  if (!kind.procedure) throw new Error(`${kind.code} declares no procedure`);
  return kind.procedure;
};

const problemsOf = (kind: KindDefinition, values: RecordValues) => procedureProblems(procedureOf(kind), values);
const messagesOf = (kind: KindDefinition, values: RecordValues) => problemsOf(kind, values).map((p) => p.message).join('\n');

const deadlineOf = (kind: KindDefinition, values: RecordValues, code: string, options: EvaluateOptions = {}) =>
  evaluate(procedureOf(kind), values, options).deadlines.find((d) => d.code === code);

const stepOf = (kind: KindDefinition, values: RecordValues, code: string, options: EvaluateOptions = {}) =>
  evaluate(procedureOf(kind), values, options).steps.find((s) => s.code === code);

const extension = (deadline: string, days: number, approvedOn: string): Extension => ({ deadline, days, approver: '镇长', reason: '案情复杂', approvedOn });

describe('行政处罚 (penaltyCase)', () => {
  const filed: RecordValues = { date: '2025-03-05', status: 'filed', legalAuditRequired: false, hearingRequested: false };
  const notified: RecordValues = { ...filed, investigatedOn: '2025-03-20', notifiedOn: '2025-03-24', status: 'notified' };

  it('行政处罚法第60条: a decision is due 90 days after filing; an approved extension moves it', () => {
    // 90 calendar days after Wed 03-05: 03-31 is +26, 04-30 is +56, 05-31 is +87, 06-03 is +90 — a Tuesday, a working day.
    const open = deadlineOf(penaltyCase, filed, 'decision', { on: '2025-05-24' });
    expect(open).toMatchObject({ start: '2025-03-05', statutoryDue: '2025-06-03', due: '2025-06-03', status: 'open', daysLeft: 10, extendable: 90 });

    // A 30-day extension: 120 calendar days after 03-05 → Thu 07-03.
    const extended = deadlineOf(penaltyCase, filed, 'decision', { on: '2025-05-24', extensions: [extension('decision', 30, '2025-05-20')] });
    expect(extended).toMatchObject({ statutoryDue: '2025-06-03', due: '2025-07-03', extendedDays: 30, extendable: 60, daysLeft: 40 });

    // Decided on 06-20, after the statutory date but within the extension: met, not late.
    const decided = { ...notified, decidedOn: '2025-06-20', status: 'decided' };
    expect(deadlineOf(penaltyCase, decided, 'decision')?.status).toBe('metLate');
    expect(deadlineOf(penaltyCase, decided, 'decision', { extensions: [extension('decision', 30, '2025-05-20')] })).toMatchObject({ status: 'met', metOn: '2025-06-20' });

    // The declaration caps extensions at 90 days in all.
    expect(extensionProblems(procedureOf(penaltyCase), 'decision', 90, [])).toEqual([]);
    expect(extensionProblems(procedureOf(penaltyCase), 'decision', 61, [extension('decision', 30, '2025-05-20')])[0]?.message).toContain('60');
  });

  it('行政处罚法第58条: a flagged case cannot be decided until the legal review (法制审核) is recorded', () => {
    const flagged = { ...notified, legalAuditRequired: true };
    const decided = { ...flagged, decidedOn: '2025-04-10', status: 'decided' };
    expect(messagesOf(penaltyCase, decided)).toContain('法制审核');
    expect(problemsOf(penaltyCase, decided).some((p) => p.field === 'decidedOn')).toBe(true);
    expect(stepOf(penaltyCase, flagged, 'decided')).toMatchObject({ status: 'waiting', waitingFor: ['legalAudit'] });

    expect(problemsOf(penaltyCase, { ...decided, legalAuditOn: '2025-04-08' })).toEqual([]);
    // A review dated after the decision is out of order.
    expect(messagesOf(penaltyCase, { ...decided, legalAuditOn: '2025-04-11' })).toContain('法制审核');
    // An unflagged case needs none.
    expect(problemsOf(penaltyCase, { ...notified, decidedOn: '2025-04-10', status: 'decided' })).toEqual([]);
    expect(stepOf(penaltyCase, notified, 'legalAudit')?.status).toBe('notApplicable');
  });

  it('行政处罚法第44、62条: a decision before the notice of the intended penalty (告知) is refused', () => {
    const withoutNotice = { ...filed, investigatedOn: '2025-03-20', decidedOn: '2025-04-10', status: 'decided' };
    const problems = problemsOf(penaltyCase, withoutNotice);
    expect(problems.map((p) => p.message).join('\n')).toContain('告知');
    expect(problems.find((p) => p.field === 'decidedOn')?.message).toContain('尚未登记「告知」');

    // Notice dated after the decision: refused too, naming both dates.
    const late = messagesOf(penaltyCase, { ...withoutNotice, notifiedOn: '2025-04-11' });
    expect(late).toContain('告知');
    expect(late).toContain('2025-04-11');

    // The status alone cannot claim a decision either.
    expect(messagesOf(penaltyCase, { ...notified, status: 'decided' })).toContain('作出决定');
  });

  it('行政处罚法第62、64条: a decision inside the 5 working days the party has after the notice needs the party heard first', () => {
    // Notified Mon 03-24; 5 working days: 03-25..03-28 (4), Mon 03-31 (5). A decision on 03-31 is still inside.
    const hasty = problemsOf(penaltyCase, { ...notified, decidedOn: '2025-03-31', status: 'decided' });
    expect(hasty).toHaveLength(1);
    expect(hasty[0]).toMatchObject({ field: 'decidedOn' });
    expect(hasty[0]?.message).toContain('陈述申辩');
    expect(problemsOf(penaltyCase, { ...notified, decidedOn: '2025-04-01', status: 'decided' })).toEqual([]);
    // The party stated its case (or waived) on 03-26: the decision may follow at once.
    expect(problemsOf(penaltyCase, { ...notified, statementOn: '2025-03-26', decidedOn: '2025-03-27', status: 'decided' })).toEqual([]);
  });

  describe('行政处罚法第64条: hearings', () => {
    const heard: RecordValues = { ...notified, hearingRequested: true };

    it('行政处罚法第64条: the hearing step needs the hearing notice (听证通知) first', () => {
      expect(messagesOf(penaltyCase, { ...heard, hearingOn: '2025-04-15' })).toContain('听证通知');
      expect(stepOf(penaltyCase, heard, 'hearing')).toMatchObject({ status: 'waiting', waitingFor: ['hearingNotice'] });
      // Once a hearing is requested, the decision waits for it.
      expect(messagesOf(penaltyCase, { ...heard, decidedOn: '2025-04-20', status: 'decided' })).toContain('听证');
    });

    it('行政处罚法第64、85条: the hearing is notified at least 7 working days ahead (crossing 清明)', () => {
      // 7 working days after Tue 04-01: 04-02=1, 04-03=2, 04-04..04-06 清明, 04-07 Mon=3, 04-08=4, 04-09=5, 04-10=6, Fri 04-11=7.
      const early = problemsOf(penaltyCase, { ...heard, hearingNoticeOn: '2025-04-01', hearingOn: '2025-04-10' });
      expect(early).toHaveLength(1);
      expect(early[0]).toMatchObject({ field: 'hearingOn' });
      expect(early[0]?.message).toContain('2025-04-11');
      expect(problemsOf(penaltyCase, { ...heard, hearingNoticeOn: '2025-04-01', hearingOn: '2025-04-11' })).toEqual([]);
    });
  });

  it('行政处罚法第61条: a decision is served within 7 working days', () => {
    // 7 working days after Wed 03-05: 03-06=1, 03-07=2, 03-10=3, 03-11=4, 03-12=5, 03-13=6, Fri 03-14=7.
    const decided = { ...filed, investigatedOn: '2025-03-05', notifiedOn: '2025-03-05', decidedOn: '2025-03-05', status: 'decided' };
    expect(deadlineOf(penaltyCase, decided, 'service')).toMatchObject({ count: 'working', start: '2025-03-05', due: '2025-03-14', status: 'open' });
    expect(deadlineOf(penaltyCase, { ...decided, servedOn: '2025-03-14', status: 'served' }, 'service')?.status).toBe('met');
    expect(deadlineOf(penaltyCase, { ...decided, servedOn: '2025-03-17', status: 'served' }, 'service')?.status).toBe('metLate');
    // Service before a decision is refused.
    expect(messagesOf(penaltyCase, { ...notified, servedOn: '2025-04-01' })).toContain('作出决定');
    // 第61条 sets no extension.
    expect(extensionProblems(procedureOf(penaltyCase), 'service', 1, [])[0]?.message).toContain('不能延长');
  });

  it('行政处罚法第85条: the 7-day periods are working days, so service crosses the Spring Festival', () => {
    // Decided Fri 01-24. Counted as calendar days, 7 days would end on 01-31 (a holiday, moved to 02-05).
    // As working days: Sun 01-26 (调休)=1, 01-27=2, 01-28..02-04 春节, 02-05=3, 02-06=4, 02-07=5, Sat 02-08 (调休)=6, Mon 02-10=7.
    const decided = { date: '2025-01-02', status: 'decided', investigatedOn: '2025-01-10', notifiedOn: '2025-01-15', decidedOn: '2025-01-24' };
    expect(problemsOf(penaltyCase, decided)).toEqual([]);
    const service = deadlineOf(penaltyCase, decided, 'service');
    expect(service).toMatchObject({ count: 'working', due: '2025-02-10' });
    expect(deadlineOf(penaltyCase, { ...decided, servedOn: '2025-02-10', status: 'served' }, 'service')?.status).toBe('met');
  });

  it('国办发〔2018〕118号: a penalty decision is made public within 7 working days (crossing National Day)', () => {
    // 7 working days after Tue 09-30: 10-01..10-08 国庆, 10-09=1, 10-10=2, Sat 10-11 (调休)=3, 10-13=4, 10-14=5, 10-15=6, Thu 10-16=7.
    const decided = { date: '2025-09-01', status: 'decided', investigatedOn: '2025-09-10', notifiedOn: '2025-09-15', decidedOn: '2025-09-30' };
    expect(deadlineOf(penaltyCase, decided, 'publicity')).toMatchObject({ count: 'working', due: '2025-10-16', status: 'open' });
    expect(deadlineOf(penaltyCase, { ...decided, publishedOn: '2025-10-16' }, 'publicity')?.status).toBe('met');
    expect(deadlineOf(penaltyCase, { ...decided, publishedOn: '2025-10-17' }, 'publicity')?.status).toBe('metLate');
    // Publishing before a decision is refused.
    expect(messagesOf(penaltyCase, { ...filed, publishedOn: '2025-03-10' })).toContain('作出决定');
  });
});

describe('信访 (petition), 信访工作条例 (2022)', () => {
  const registered: RecordValues = { date: '2025-03-03', status: 'registered' };
  const accepted: RecordValues = { ...registered, acceptedOn: '2025-03-10', status: 'accepted' };

  it('信访工作条例第22、23条: acceptance (or refusal) is notified within 15 days of registration', () => {
    // Mon 03-03 + 15 calendar days = Tue 03-18.
    expect(deadlineOf(petition, registered, 'acceptance')).toMatchObject({ count: 'calendar', due: '2025-03-18', status: 'open' });
    expect(deadlineOf(petition, { ...registered, acceptedOn: '2025-03-18', status: 'accepted' }, 'acceptance')?.status).toBe('met');
    expect(deadlineOf(petition, { ...registered, declinedOn: '2025-03-19', status: 'declined' }, 'acceptance')?.status).toBe('metLate');
    // Accepted before it was registered: refused.
    expect(messagesOf(petition, { ...registered, acceptedOn: '2025-03-01' })).toContain('登记');
    // Both accepted and declined: refused.
    expect(messagesOf(petition, { ...accepted, declinedOn: '2025-03-11' })).toContain('不予受理');
  });

  it('信访工作条例第34条: handled within 60 days of acceptance; a declined petition has no handling deadline', () => {
    // Mon 03-10 + 60: 03-31 is +21, 04-30 is +51, Fri 05-09 is +60.
    expect(deadlineOf(petition, accepted, 'handling')).toMatchObject({ start: '2025-03-10', due: '2025-05-09', status: 'open', extendable: 30 });
    expect(deadlineOf(petition, { ...registered, declinedOn: '2025-03-10', status: 'declined' }, 'handling')).toBeUndefined();
    // Handled without being accepted: refused, naming the step.
    expect(messagesOf(petition, { ...registered, handledOn: '2025-04-01', status: 'handled' })).toContain('受理并书面告知');
  });

  it('信访工作条例第34条: an approved extension of at most 30 days; a 31-day extension is refused', () => {
    const rules = procedureOf(petition);
    expect(extensionProblems(rules, 'handling', 30, [])).toEqual([]);
    const tooLong = extensionProblems(rules, 'handling', 31, []);
    expect(tooLong).toHaveLength(1);
    expect(tooLong[0]).toMatchObject({ field: 'days' });
    expect(tooLong[0]?.message).toContain('30');
    // Two extensions share the 30 days.
    const first = extension('handling', 20, '2025-05-01');
    expect(extensionProblems(rules, 'handling', 11, [first])[0]?.message).toContain('10');
    expect(extensionProblems(rules, 'handling', 10, [first])).toEqual([]);
    expect(extensionProblems(rules, 'handling', 1, [first, extension('handling', 10, '2025-05-05')])[0]?.message).toContain('上限');

    // 30 more days: 03-10 + 90 = Sun 06-08, a rest day → Mon 06-09.
    expect(deadlineOf(petition, accepted, 'handling', { extensions: [extension('handling', 30, '2025-05-01')] })).toMatchObject({
      statutoryDue: '2025-05-09',
      due: '2025-06-09',
      extendable: 0,
    });
  });

  it('信访工作条例第35条: a review is requested within 30 days of the reply', () => {
    // Reply Fri 05-09 + 30 = Sun 06-08, a rest day → Mon 06-09 is the last day.
    const handled = { ...accepted, handledOn: '2025-05-09', status: 'handled' };
    expect(problemsOf(petition, { ...handled, reviewRequestedOn: '2025-06-09', status: 'reviewing' })).toEqual([]);
    const late = problemsOf(petition, { ...handled, reviewRequestedOn: '2025-06-10', status: 'reviewing' });
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ field: 'reviewRequestedOn' });
    expect(late[0]?.message).toContain('2025-06-09');
    // A review requested before any reply: refused, naming the step.
    expect(messagesOf(petition, { ...accepted, reviewRequestedOn: '2025-04-01' })).toContain('办结并书面答复');
  });

  it('信访工作条例第35、36条: a review is answered within 30 days of the request', () => {
    // Mon 06-09 + 30 = Wed 07-09.
    const reviewing = { ...accepted, handledOn: '2025-05-09', reviewRequestedOn: '2025-06-09', status: 'reviewing' };
    expect(deadlineOf(petition, reviewing, 'review')).toMatchObject({ count: 'calendar', due: '2025-07-09', status: 'open' });
    expect(deadlineOf(petition, { ...reviewing, reviewAnsweredOn: '2025-07-10' }, 'review')?.status).toBe('metLate');
    expect(extensionProblems(procedureOf(petition), 'review', 5, [])[0]?.message).toContain('不能延长');
  });
});

// 第42条: 乡级人民政府 make major decisions 参照 (by reference to) this regulation — the town's procedure follows it.
describe('重大行政决策程序暂行条例 (2019), applied by towns by reference (第42条)', () => {
  const consulted: RecordValues = { date: '2025-03-03', status: 'consulting', consultedOn: '2025-03-05', commentDays: 30, needsExpertArgument: false, needsRiskAssessment: false };
  const reviewed: RecordValues = {
    ...consulted,
    status: 'reviewing',
    legalityReviewSentOn: '2025-04-07',
    legalityReviewOn: '2025-04-21',
    legalityReviewOpinion: '合法',
  };

  it('重大行政决策程序暂行条例第15条: a comment period under 30 days without a reason is refused; with a reason it is accepted', () => {
    expect(problemsOf(majorDecision, consulted)).toEqual([]);
    const short = problemsOf(majorDecision, { ...consulted, commentDays: 20 });
    expect(short).toHaveLength(1);
    expect(short[0]).toMatchObject({ field: 'shortCommentReason' });
    expect(short[0]?.message).toContain('30');
    expect(problemsOf(majorDecision, { ...consulted, commentDays: 20, shortCommentReason: '防汛工作紧急' })).toEqual([]);
    // A blank reason is no reason.
    expect(problemsOf(majorDecision, { ...consulted, commentDays: 20, shortCommentReason: '  ' })).toHaveLength(1);
    // The length of the period must be recorded at all.
    expect(messagesOf(majorDecision, { ...consulted, commentDays: null })).toContain('公开征求意见天数');
  });

  it('重大行政决策程序暂行条例第25、30条: "decided" is impossible without the legality review (合法性审查) and the collective decision (集体讨论决定)', () => {
    const decidedUnreviewed = { ...consulted, decidedOn: '2025-04-25', status: 'decided' };
    expect(messagesOf(majorDecision, decidedUnreviewed)).toContain('合法性审查');
    expect(messagesOf(majorDecision, { ...decidedUnreviewed, legalityReviewSentOn: '2025-04-07' })).toContain('合法性审查');

    // The status alone: refused, naming the collective decision.
    const statusOnly = problemsOf(majorDecision, { ...reviewed, status: 'decided' });
    expect(statusOnly).toHaveLength(1);
    expect(statusOnly[0]).toMatchObject({ field: 'status' });
    expect(statusOnly[0]?.message).toContain('集体讨论决定');

    expect(problemsOf(majorDecision, { ...reviewed, decidedOn: '2025-04-25', status: 'decided' })).toEqual([]);
    // Decided before the review's opinion: out of order.
    expect(messagesOf(majorDecision, { ...reviewed, decidedOn: '2025-04-18', status: 'decided' })).toContain('合法性审查');
    // Not while the comment period (30 days from 03-05, to 04-04) is running, whatever the review says.
    const during = problemsOf(majorDecision, { ...reviewed, legalityReviewSentOn: '2025-03-20', legalityReviewOn: '2025-03-31', decidedOn: '2025-04-02', status: 'decided' });
    expect(during.map((p) => p.message).join('\n')).toContain('2025-04-04 届满');
    // Public participation is always required before the decision, too.
    expect(messagesOf(majorDecision, { ...reviewed, consultedOn: null, decidedOn: '2025-04-25', status: 'decided' })).toContain('公众参与');
  });

  it('重大行政决策程序暂行条例第27条: a legality review shorter than 7 working days needs a recorded reason', () => {
    // Sent Fri 09-26: 7 working days are Sun 09-28 (调休)=1, 09-29=2, 09-30=3, 10-09=4, 10-10=5, Sat 10-11 (调休)=6, Mon 10-13=7.
    const sent = { ...consulted, status: 'reviewing', consultedOn: '2025-08-01', legalityReviewSentOn: '2025-09-26', legalityReviewOpinion: '合法' };
    const quick = problemsOf(majorDecision, { ...sent, legalityReviewOn: '2025-10-10' });
    expect(quick).toHaveLength(1);
    expect(quick[0]).toMatchObject({ field: 'shortReviewReason' });
    expect(quick[0]?.message).toContain('7个工作日');
    expect(problemsOf(majorDecision, { ...sent, legalityReviewOn: '2025-10-10', shortReviewReason: '上级督办，时间紧急' })).toEqual([]);
    expect(problemsOf(majorDecision, { ...sent, legalityReviewOn: '2025-10-13' })).toEqual([]);
    // 第28条: the written opinion itself is required.
    expect(messagesOf(majorDecision, { ...sent, legalityReviewOpinion: '', legalityReviewOn: '2025-10-13' })).toContain('合法性审查意见');
  });

  it('重大行政决策程序暂行条例第19、22条: expert argument (专家论证) and risk assessment (风险评估) are required only when the matter is flagged', () => {
    const decided = { ...reviewed, decidedOn: '2025-04-25', status: 'decided' };
    expect(problemsOf(majorDecision, decided)).toEqual([]);

    const expert = { ...decided, needsExpertArgument: true };
    expect(messagesOf(majorDecision, expert)).toContain('专家论证');
    expect(problemsOf(majorDecision, { ...expert, expertArgumentOn: '2025-03-20' })).toEqual([]);

    const risky = { ...decided, needsRiskAssessment: true };
    expect(messagesOf(majorDecision, risky)).toContain('风险评估');
    expect(problemsOf(majorDecision, { ...risky, riskAssessmentOn: '2025-03-25' })).toEqual([]);

    // Both go before the legality review is sent.
    expect(messagesOf(majorDecision, { ...reviewed, needsRiskAssessment: true })).toContain('风险评估');
    expect(stepOf(majorDecision, consulted, 'expertArgument')?.status).toBe('notApplicable');
  });
});

describe('政府信息公开条例 (2019)', () => {
  it('政府信息公开条例第26条: information is disclosed within 20 working days of being formed (crossing National Day)', () => {
    // Formed Mon 09-15: 09-16..09-19=1..4, 09-22..09-26=5..9, Sun 09-28 (调休)=10, 09-29=11, 09-30=12,
    // 10-01..10-08 国庆, 10-09=13, 10-10=14, Sat 10-11 (调休)=15, 10-13..10-17=16..20 → Fri 10-17.
    const formed: RecordValues = { date: '2025-09-15', formedOn: '2025-09-15' };
    expect(deadlineOf(disclosure, formed, 'disclosure', { on: '2025-10-10' })).toMatchObject({ count: 'working', due: '2025-10-17', status: 'open', daysLeft: 7 });
    expect(deadlineOf(disclosure, { ...formed, publishedOn: '2025-10-17' }, 'disclosure')?.status).toBe('met');
    expect(deadlineOf(disclosure, { ...formed, publishedOn: '2025-10-20' }, 'disclosure')?.status).toBe('metLate');
    expect(deadlineOf(disclosure, formed, 'disclosure', { on: '2025-10-20' })?.daysLeft).toBe(-3);
  });
});

describe('人民调解 (dispute)', () => {
  const registered: RecordValues = { date: '2025-03-03', status: 'registered', seekJudicialConfirmation: false };

  it('人民调解工作若干规定第33条: mediation is concluded within 30 days, a period the town may configure', () => {
    // Mon 03-03 + 30 = Wed 04-02; configured to 45 days: Thu 04-17.
    expect(deadlineOf(dispute, registered, 'mediation')).toMatchObject({ count: 'calendar', due: '2025-04-02', status: 'open' });
    expect(deadlineOf(dispute, registered, 'mediation', { periods: { mediation: 45 } })).toMatchObject({ statutoryDue: '2025-04-17', due: '2025-04-17' });
    expect(deadlineOf(dispute, { ...registered, resolvedOn: '2025-04-02', status: 'resolved' }, 'mediation')?.status).toBe('met');
    // Concluded status without a conclusion date: refused, naming the step.
    expect(messagesOf(dispute, { ...registered, status: 'resolved' })).toContain('办结');
  });

  it('人民调解法第33条: 司法确认 is applied for within 30 days of the agreement, only when the parties seek it', () => {
    const resolved = { ...registered, resolvedOn: '2025-04-02', status: 'resolved' };
    expect(deadlineOf(dispute, resolved, 'judicialConfirmation')).toBeUndefined();
    // Wed 04-02 + 30 = Fri 05-02, inside 劳动节 (05-01..05-05) → Tue 05-06.
    const seeking = { ...resolved, seekJudicialConfirmation: true };
    expect(deadlineOf(dispute, seeking, 'judicialConfirmation')).toMatchObject({ start: '2025-04-02', due: '2025-05-06', status: 'open' });
    expect(deadlineOf(dispute, { ...seeking, judicialConfirmationOn: '2025-05-06' }, 'judicialConfirmation')?.status).toBe('met');
    // Applying before the dispute was concluded is refused.
    expect(messagesOf(dispute, { ...registered, seekJudicialConfirmation: true, judicialConfirmationOn: '2025-03-20' })).toContain('办结');
  });
});

describe('复议应诉 (reconsideration): the reply period follows the case type', () => {
  const received: RecordValues = { date: '2025-03-03', receivedOn: '2025-03-03' };
  const codes = (values: RecordValues) => evaluate(procedureOf(reconsideration), values).deadlines.map((d) => d.code);

  it('行政复议法第48条: the town replies to a reconsideration within 10 days', () => {
    // Mon 03-03 + 10 = Thu 03-13.
    const values = { ...received, caseType: 'reconsideration' };
    expect(codes(values)).toEqual(['reconsiderationReply']);
    expect(deadlineOf(reconsideration, values, 'reconsiderationReply')).toMatchObject({ due: '2025-03-13', status: 'open' });
    expect(deadlineOf(reconsideration, { ...values, replySubmittedOn: '2025-03-14' }, 'reconsiderationReply')?.status).toBe('metLate');
  });

  it('行政诉讼法第67条: the town files its defence within 15 days of receiving the complaint', () => {
    // Mon 03-03 + 15 = Tue 03-18.
    const values = { ...received, caseType: 'litigation' };
    expect(codes(values)).toEqual(['litigationDefence']);
    expect(deadlineOf(reconsideration, values, 'litigationDefence')).toMatchObject({ due: '2025-03-18', status: 'open' });
    expect(deadlineOf(reconsideration, { ...values, replySubmittedOn: '2025-03-18' }, 'litigationDefence')?.status).toBe('met');
    // A reply before the complaint was received is refused.
    expect(messagesOf(reconsideration, { date: '2025-03-03', caseType: 'litigation', replySubmittedOn: '2025-03-10' })).toContain('收到申请书或起诉状副本');
  });
});
