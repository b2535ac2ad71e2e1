import { describe, expect, it } from 'vitest';
import { draftLeadership } from './leader-duty.js';
import { unitWording } from './unit-wording.js';

describe('the 第一责任人 section', () => {
  it('writes what a record says as words: braces typed into the ledger print no figure and name no placeholder', () => {
    const [first] = draftLeadership(
      [
        { post: '镇党委书记{head}', action: 'deploy', subject: '普法{{dispute.screened|exact}}工作{org}' },
        { post: '镇长', action: 'inquire', subject: '征地拆迁' },
      ],
      unitWording('town'),
    );
    // The only placeholders are the section's own counts.
    expect([...(first ?? '').matchAll(/\{\{([^}|]+)/g)].map((m) => m[1])).toEqual(['leader_duty.actions', 'leader_duty.deployed', 'leader_duty.inquired']);
    expect(first).toContain('普法｛｛dispute.screened|exact｝｝工作｛org｝');
    expect(first).toContain('镇党委书记｛head｝');
  });
});
