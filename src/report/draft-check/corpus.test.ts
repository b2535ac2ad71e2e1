/**
 * The draft check read against a corpus of sentences in the styles of town reports (./corpus.ts):
 * every figure goes to the indicator its words name, or stays unmatched; numbers that are not
 * figures (years, articles, document and phone numbers, ordinals) are not read at all. Run on the
 * demo ledger's own definitions (built-in kinds, their indicators, the kinds' words). A confirmed
 * or corrected match becomes the town's alias and is read by its later checks, not its neighbours'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../demo/load.js';
import { isLedger, type IndicatorValue } from '../../indicators/definition.js';
import { resolvePeriod } from '../../indicators/period.js';
import { findOrg, type OrgUnit } from '../../org/repository.js';
import { scopeOf, systemScope } from '../../org/scope.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { checkDraft } from '../check.js';
import { checkAgainstLedger } from '../draft-check.js';
import { aliasesFor, deleteAlias, saveAlias } from './aliases.js';
import { CORPUS, type Expected } from './corpus.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

/** The codes issue 15 asks the check to read; each that exists must be stated in at least two sentences. */
const ASKED = [
  'study.collective', 'study.special', 'study.law.attendance', 'duty_list.items', 'duty_list.items.basic', 'duty_list.items.cooperative',
  'duty_list.items.withdrawn', 'normative_document.reviewed', 'normative_document.filed', 'normative_document.repealed', 'document.issued',
  'document.issued.party', 'document.issued.government', 'document.legality_review_rate', 'contract_review.count', 'contract_review.yoy_rate',
  'major_decision.count', 'major_decision.legality_review_rate', 'law_exam.candidates', 'law_exam.sat', 'law_exam.passed',
  'law_exam.participation_rate', 'law_exam.pass_rate', 'training.participation_rate', 'enforcement.certified', 'enforcement.certified.new',
  'enforcement.certification_rate', 'enforcement.legal_review', 'enforcement.training.attendance', 'enforcement.training.passed',
  'case_review.count', 'case_review.problems_rectified', 'supervision.count', 'supervision.problems_rectified', 'legal_service.items',
  'legal_service.categories', 'ceremony.constitutional_oath', 'enterprise_checkup.enterprises', 'leader_duty.reported',
];

let ctx: TestContext;
let town: OrgUnit;
let neighbour: OrgUnit;
let values: IndicatorValue[];
let vocabulary: Vocabulary;
let codes: Set<string>;

const unitNamed = async (name: string) => {
  const { id } = await ctx.db.kysely.selectFrom('org_unit').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  const unit = await findOrg(ctx.db, id);
  if (!unit) throw new Error(`${name} missing`);
  return unit;
};

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  town = await unitNamed('双庙镇');
  neighbour = await unitNamed('蛮会镇');
  const scope = systemScope(town);
  const { kinds, indicators } = await ctx.indicators.definitions(scope);
  values = await ctx.indicators.evaluate(scope, town, resolvePeriod({ year: 2025 }));
  vocabulary = buildVocabulary(indicators.map((i) => ({ ...i, ...(isLedger(i) ? { kind: i.kind } : {}) })), kinds);
  codes = new Set(indicators.map((i) => i.code));
  // Loading the demo on PostgreSQL on a busy machine takes a while.
}, 180_000);
afterAll(() => ctx.close());

/** What the check made of a sentence: each figure found, in order, with its indicator or null. */
function readOf(text: string): Expected[] {
  const result = checkDraft(text, values, vocabulary);
  return [
    ...[...result.matched, ...result.mismatched].map((m) => ({ start: m.start, code: m.code, value: m.draftValue })),
    ...result.unmatched.map((u) => ({ start: u.start, code: null, value: u.draftValue })),
  ]
    .sort((a, b) => a.start - b.start)
    .map((f) => [f.code, f.value] as const);
}

describe('the sentence corpus', () => {
  it('has at least 150 sentences, every asked-for code that exists stated at least twice', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    const stated = new Map<string, number>();
    for (const s of CORPUS) for (const [code] of s.figures) if (code) stated.set(code, (stated.get(code) ?? 0) + 1);
    const existing = ASKED.filter((c) => codes.has(c));
    expect(existing.filter((c) => (stated.get(c) ?? 0) < 2)).toEqual([]);
    const missing = ASKED.filter((c) => !codes.has(c));
    if (missing.length) console.log(`indicators not defined yet (their sentences must stay unmatched): ${missing.join(', ')}`);
  });

  // A figure whose indicator is not defined (yet) must stay unmatched: never given to a neighbour.
  it.each(CORPUS.map((s) => [s.text, s.figures] as const))('%s', (text, figures) => {
    const expected = figures.map(([code, value]) => [code && codes.has(code) ? code : null, value]);
    expect(readOf(text)).toEqual(expected);
  });
});

describe('a town’s own words', () => {
  // "督导整改" is no indicator's word ("督查整改" is 专项督查's own).
  const SENTENCE = '开展法治建设专项督查3次，督导整改15个问题。';

  it('keeps a user’s match as the town’s alias, read by its later checks and not by other towns', async () => {
    const before = await checkAgainstLedger(ctx, systemScope(town), town, 2025, SENTENCE);
    const fifteen = [...before.matched, ...before.mismatched, ...before.unmatched].find((f) => f.text === '15个');
    expect(fifteen).toBeDefined();
    expect('code' in (fifteen as object)).toBe(false);
    expect(fifteen?.phrase).toBe('督导整改');

    const office = scopeOf(town, { userId: null, name: '镇法治办', role: 'townOffice', ip: null });
    const alias = await saveAlias(ctx, office, { org: town.id, code: 'enforcement.problems_rectified', phrase: fifteen?.phrase ?? '' });
    const after = await checkAgainstLedger(ctx, systemScope(town), town, 2025, SENTENCE);
    expect([...after.matched, ...after.mismatched].filter((m) => m.text === '15个').map((m) => [m.code, m.draftValue, m.keyword])).toEqual([
      ['enforcement.problems_rectified', 15, '督导整改'],
    ]);
    const elsewhere = await checkAgainstLedger(ctx, systemScope(neighbour), neighbour, 2025, SENTENCE);
    expect(elsewhere.unmatched.map((f) => f.text)).toContain('15个');

    // A correction replaces the former meaning of the same words.
    await saveAlias(ctx, office, { org: town.id, code: 'supervision.problems_rectified', phrase: '督导 整改' });
    expect((await aliasesFor(ctx, town)).map((a) => [a.code, a.phrase])).toEqual([['supervision.problems_rectified', '督导整改']]);
    const corrected = await checkAgainstLedger(ctx, systemScope(town), town, 2025, SENTENCE);
    expect([...corrected.matched, ...corrected.mismatched].find((m) => m.text === '15个')?.code).toBe('supervision.problems_rectified');

    const audit = await ctx.db.kysely.selectFrom('audit_log').select(['action', 'kind']).where('kind', '=', 'draftCheckAlias').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(alias.orgId).toBe(town.id);
    for (const a of await aliasesFor(ctx, town)) await deleteAlias(ctx, office, a.id);
    expect(await aliasesFor(ctx, town)).toEqual([]);
  });

  it('refuses words that are not words, unknown indicators, roles that may not edit the report, and other towns', async () => {
    const office = scopeOf(town, { userId: null, name: '镇法治办', role: 'townOffice', ip: null });
    await expect(saveAlias(ctx, office, { org: town.id, code: 'dispute.screened', phrase: '排查15件' })).rejects.toMatchObject({ field: 'phrase' });
    await expect(saveAlias(ctx, office, { org: town.id, code: 'dispute.screened', phrase: '排' })).rejects.toMatchObject({ field: 'phrase' });
    await expect(saveAlias(ctx, office, { org: town.id, code: 'no.such', phrase: '排查纠纷' })).rejects.toMatchObject({ field: 'code' });
    const grid = scopeOf(town, { userId: null, name: '网格员', role: 'gridWorker', ip: null });
    await expect(saveAlias(ctx, grid, { org: town.id, code: 'dispute.screened', phrase: '摸排纠纷' })).rejects.toMatchObject({ status: 403 });
    await expect(saveAlias(ctx, office, { org: neighbour.id, code: 'dispute.screened', phrase: '摸排纠纷' })).rejects.toMatchObject({ field: 'org' });
    expect(await aliasesFor(ctx, neighbour)).toEqual([]);
  });
});
