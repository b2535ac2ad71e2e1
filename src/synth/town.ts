/**
 * One town's synthetic ledger: exactly `recordsPerTown` records shared among every built-in kind in
 * realistic proportions (publicity, disclosure, screening rounds, disputes and study many; penalty
 * cases, normative documents and lawsuits few), each town a little different. Pure and
 * deterministic: the same seed and town give the same people and records, ids included.
 */
import type { PersonTable } from '../db/schema.js';
import type { RecordValues } from '../ledger/validation.js';
import { Rng } from '../demo/random.js';
import type { SynthCalendar } from './calendar.js';
import { IdSource, seedPrefix, TOWN_ROWS_START } from './ids.js';
import type { SynthUnit, TownNode } from './tree.js';
import { TownWorld, type KindGenerator } from './world.js';
import { contractReview, disclosure, dutyList, legalAdvisor, majorDecision, normativeDocument, reconsideration } from './kinds/decision.js';
import { caseReview, enforcementCertificate, enforcementTraining, equipment, inspection, penaltyCase } from './kinds/enforcement.js';
import { dispute, mediationCommittee, petition, screeningRound } from './kinds/governance.js';
import { gridPartyGroup, gridPost, planItem, principalLeaderDuty } from './kinds/organisation.js';
import { legalLiterate, publicityItem } from './kinds/publicity.js';
import { lawCatalog, lawExam, meeting, studySession } from './kinds/study.js';
import { ceremony, enterpriseCheckup, issuedDocument, legalService, specialSupervision } from './kinds/services.js';

/** Every built-in kind; a kind comes after the kinds its records link to. */
export const GENERATORS: readonly KindGenerator[] = [
  lawCatalog,
  meeting,
  majorDecision,
  screeningRound,
  principalLeaderDuty,
  studySession,
  lawExam,
  contractReview,
  legalAdvisor,
  disclosure,
  normativeDocument,
  dutyList,
  reconsideration,
  inspection,
  penaltyCase,
  enforcementTraining,
  equipment,
  enforcementCertificate,
  caseReview,
  specialSupervision,
  issuedDocument,
  legalService,
  ceremony,
  enterpriseCheckup,
  dispute,
  petition,
  mediationCommittee,
  publicityItem,
  legalLiterate,
  planItem,
  gridPost,
  gridPartyGroup,
];

/** The fewest records a town can have: one of every kind. */
export const MIN_RECORDS_PER_TOWN = GENERATORS.length;

export interface SynthRecord {
  kind: string;
  id: string;
  unit: SynthUnit;
  values: RecordValues;
  createdAt: string;
}

export interface TownData {
  people: PersonTable[];
  records: SynthRecord[];
}

/**
 * `total` split by weight (largest remainders), every share at least 1.
 * Requires total ≥ weights.length.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (total < weights.length) throw new RangeError(`${total} records cannot cover ${weights.length} kinds`);
  const spare = total - weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * spare);
  const counts = exact.map((x) => 1 + Math.floor(x));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

/** When a record was entered: its own date, during office hours (Beijing time), spread by its position. */
function enteredAt(date: string, n: number): string {
  const minutes = (n * 37) % 480;
  const hour = String(1 + Math.floor(minutes / 60)).padStart(2, '0');
  return `${date}T${hour}:${String(minutes % 60).padStart(2, '0')}:00.000Z`;
}

export function generateTown(seed: string, town: TownNode, provinceName: string, cal: SynthCalendar, recordsPerTown: number): TownData {
  const ids = new IdSource(seedPrefix(seed), town.index + 1, TOWN_ROWS_START);
  const world = new TownWorld(seed, town, provinceName, cal, ids);
  // Towns differ: each kind's share varies by up to a quarter either way.
  const variation = new Rng(`${seed}:town:${town.index}:mix`);
  const counts = allocate(
    recordsPerTown,
    GENERATORS.map((g) => g.weight * (0.75 + variation.float() * 0.5)),
  );
  const records: SynthRecord[] = [];
  GENERATORS.forEach((generator, k) => {
    const n = counts[k] as number;
    const made: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = world.nextId();
      const draft = generator.make(world, i, n, id);
      records.push({ kind: generator.kind, id, unit: draft.unit, values: draft.values, createdAt: enteredAt(String(draft.values.date), records.length) });
      made.push(id);
    }
    world.links.set(generator.kind, made);
  });
  return { people: world.people, records };
}
