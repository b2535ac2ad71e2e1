/**
 * How much of each ledger a town records in a year. 双庙镇 2025 carries the seed report's
 * figures exactly (docs/DESIGN.md §5); the other towns and years are smaller, with the gaps real towns
 * have (unresolved disputes, months without screening, villages without an advisor).
 */
import { MANHUI, SHUANGMIAO, TUANJIE } from './org-tree.js';

export type InspectionDomain = 'foodDrug' | 'publicHealth' | 'naturalResources' | 'ecoEnvironment' | 'workSafety' | 'fireSafety';

export interface YearPlan {
  year: number;
  meetings: { deployment: number; leadingGroup: number; executivePreStudy: number; partyCommitteeStudy: number };
  study: {
    centralGroup: number;
    /** Of the central-group sessions, how many are special study of the General Secretary's remarks. */
    specialStudy: number;
    documentStudy: number;
    lawStudy: number;
    lecture: number;
    warningEducation: number;
    /** Held by village Party branches. */
    threeMeetingsOneLesson: number;
  };
  lawCatalogEntries: number;
  lawExam: boolean;
  /** Villages (the first n) the year's legal advisor serves besides the town; 0: no advisor. */
  advisorVillages: number | 'all';
  disclosures: number;
  /** Of the disclosures, how many were published later than 20 working days after forming. */
  lateDisclosures: number;
  majorDecisions: number;
  contractReviews: number;
  normativeDocuments: number;
  dutyListItems: number;
  reconsiderations: number;
  inspections: Partial<Record<InspectionDomain, number>>;
  penalties: number;
  trainings: number;
  exams: number;
  /** Body cameras put into service this year. */
  bodyCameras: number;
  /** Enforcement certificates registered this year (one per officer, at most). */
  certificates: number;
  caseReviews: number;
  disputes: { resolved: number; mediating: number; unresolved: number; transferred: number; notFromScreening: number };
  /** Village-months without a screening round. */
  screeningGaps: number;
  petitions: number;
  online: { posts: number; reads: number };
  offline: number;
  /** Register the town's and villages' mediation committees (a new term starts this year). */
  mediationCommittees: boolean;
  principalDuties: number;
  legalLiterate: number;
  /** Next year's work plan (the seed's three directions). */
  nextYearPlan: boolean;
  /**
   * Lay the year's procedural records out around the demo's reference days (calendar.ts), so
   * that the due list has overdue, due-soon and met deadlines of every procedural kind to show.
   */
  dueListShowcase?: boolean;
}

export interface GridPlan {
  fullTime: number;
  partTime: number;
  liaison: number;
  /** Liaison heads who are also full-time grid workers (交叉任职). */
  liaisonAlsoWorker: number;
  partyGroups: number;
  /** Party groups led by the grid leader of one of their grids. */
  partyLeadersFromGridLeaders: number;
  /** Full-time posts that ended before the demo years' last year: people who left. */
  endedPosts: number;
}

export interface TownProfile {
  officers: number;
  grid: GridPlan;
  years: YearPlan[];
}

/** The seed: 双庙镇's 2025 report. */
const shuangmiao2025: YearPlan = {
  year: 2025,
  meetings: { deployment: 4, leadingGroup: 2, executivePreStudy: 3, partyCommitteeStudy: 1 },
  study: { centralGroup: 12, specialStudy: 3, documentStudy: 1, lawStudy: 18, lecture: 2, warningEducation: 2, threeMeetingsOneLesson: 4 },
  lawCatalogEntries: 10,
  lawExam: true,
  advisorVillages: 'all',
  disclosures: 63,
  lateDisclosures: 2,
  majorDecisions: 2,
  contractReviews: 4,
  normativeDocuments: 2,
  dutyListItems: 3,
  // A lawsuit received in December, its defence due just after the reference day (no indicator counts it).
  reconsiderations: 1,
  inspections: { foodDrug: 4, publicHealth: 3, naturalResources: 4, ecoEnvironment: 3, workSafety: 4 },
  penalties: 2,
  trainings: 2,
  exams: 1,
  bodyCameras: 5,
  certificates: 0,
  caseReviews: 1,
  disputes: { resolved: 10, mediating: 0, unresolved: 0, transferred: 0, notFromScreening: 2 },
  screeningGaps: 0,
  petitions: 3,
  online: { posts: 83, reads: 1024 },
  offline: 12,
  mediationCommittees: false,
  principalDuties: 5,
  legalLiterate: 4,
  nextYearPlan: true,
  dueListShowcase: true,
};

const shuangmiao2024: YearPlan = {
  year: 2024,
  meetings: { deployment: 3, leadingGroup: 1, executivePreStudy: 2, partyCommitteeStudy: 1 },
  study: { centralGroup: 10, specialStudy: 2, documentStudy: 1, lawStudy: 14, lecture: 1, warningEducation: 2, threeMeetingsOneLesson: 3 },
  lawCatalogEntries: 8,
  lawExam: true,
  advisorVillages: 9,
  disclosures: 48,
  lateDisclosures: 4,
  majorDecisions: 1,
  contractReviews: 3,
  normativeDocuments: 1,
  dutyListItems: 0,
  reconsiderations: 1,
  inspections: { foodDrug: 3, publicHealth: 2, naturalResources: 3, ecoEnvironment: 2, workSafety: 3, fireSafety: 1 },
  penalties: 1,
  trainings: 1,
  exams: 1,
  bodyCameras: 0,
  certificates: 6,
  caseReviews: 1,
  disputes: { resolved: 12, mediating: 0, unresolved: 0, transferred: 1, notFromScreening: 3 },
  screeningGaps: 5,
  petitions: 5,
  online: { posts: 61, reads: 730 },
  offline: 9,
  mediationCommittees: true,
  principalDuties: 3,
  legalLiterate: 2,
  nextYearPlan: false,
};

/** A smaller town's year; the fields given override it. */
const smallTownYear = (year: number, overrides: Partial<YearPlan>): YearPlan => ({
  year,
  meetings: { deployment: 2, leadingGroup: 1, executivePreStudy: 2, partyCommitteeStudy: 0 },
  study: { centralGroup: 8, specialStudy: 1, documentStudy: 1, lawStudy: 8, lecture: 1, warningEducation: 1, threeMeetingsOneLesson: 2 },
  lawCatalogEntries: 6,
  lawExam: false,
  advisorVillages: 3,
  disclosures: 28,
  lateDisclosures: 3,
  majorDecisions: 1,
  contractReviews: 2,
  normativeDocuments: 1,
  dutyListItems: 0,
  reconsiderations: 0,
  inspections: { foodDrug: 2, naturalResources: 2, ecoEnvironment: 1, workSafety: 3 },
  penalties: 1,
  trainings: 1,
  exams: 1,
  bodyCameras: 0,
  certificates: 0,
  caseReviews: 0,
  disputes: { resolved: 6, mediating: 1, unresolved: 1, transferred: 0, notFromScreening: 2 },
  screeningGaps: 4,
  petitions: 3,
  online: { posts: 36, reads: 410 },
  offline: 6,
  mediationCommittees: false,
  principalDuties: 2,
  legalLiterate: 1,
  nextYearPlan: false,
  ...overrides,
});

export const TOWN_PROFILES: Record<string, TownProfile> = {
  [SHUANGMIAO]: {
    officers: 6,
    grid: { fullTime: 291, partTime: 17, liaison: 90, liaisonAlsoWorker: 20, partyGroups: 26, partyLeadersFromGridLeaders: 10, endedPosts: 0 },
    years: [shuangmiao2024, shuangmiao2025],
  },
  [MANHUI]: {
    officers: 4,
    grid: { fullTime: 64, partTime: 4, liaison: 26, liaisonAlsoWorker: 5, partyGroups: 7, partyLeadersFromGridLeaders: 3, endedPosts: 3 },
    years: [
      smallTownYear(2024, { certificates: 4, mediationCommittees: true, advisorVillages: 2, disclosures: 24, screeningGaps: 7, disputes: { resolved: 7, mediating: 0, unresolved: 2, transferred: 1, notFromScreening: 3 } }),
      smallTownYear(2025, {
        bodyCameras: 3,
        advisorVillages: 4,
        disclosures: 32,
        inspections: { foodDrug: 2, publicHealth: 1, naturalResources: 2, ecoEnvironment: 1, workSafety: 3 },
        disputes: { resolved: 7, mediating: 1, unresolved: 1, transferred: 1, notFromScreening: 3 },
        online: { posts: 41, reads: 520 },
        petitions: 4,
      }),
    ],
  },
  [TUANJIE]: {
    officers: 4,
    grid: { fullTime: 52, partTime: 3, liaison: 21, liaisonAlsoWorker: 4, partyGroups: 6, partyLeadersFromGridLeaders: 2, endedPosts: 0 },
    years: [
      smallTownYear(2024, { certificates: 4, bodyCameras: 2, mediationCommittees: true, advisorVillages: 0, disclosures: 20, screeningGaps: 9, online: { posts: 25, reads: 260 }, offline: 4 }),
      smallTownYear(2025, {
        advisorVillages: 3,
        disclosures: 26,
        disputes: { resolved: 5, mediating: 2, unresolved: 0, transferred: 1, notFromScreening: 2 },
        screeningGaps: 3,
        online: { posts: 30, reads: 355 },
        offline: 5,
      }),
    ],
  },
};
