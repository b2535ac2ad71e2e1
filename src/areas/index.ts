/**
 * Every built-in ledger kind, in the order of the annual report's areas.
 * Adding a kind means adding its file, its area index export, and one entry here.
 */
import type { KindDefinition } from '../ledger/kind.js';
import { principalLeaderDuty } from './leadership/index.js';
import { lawCatalog, lawExam, meeting, studySession } from './study/index.js';
import {
  contractReview,
  disclosure,
  dutyList,
  issuedDocument,
  legalAdvisor,
  majorDecision,
  normativeDocument,
  reconsideration,
} from './decision/index.js';
import {
  caseReview,
  enforcementCertificate,
  enforcementTraining,
  equipment,
  inspection,
  penaltyCase,
  specialSupervision,
} from './enforcement/index.js';
import { dispute, enterpriseCheckup, legalService, mediationCommittee, petition, screeningRound } from './governance/index.js';
import { ceremony, legalLiterate, publicityItem } from './publicity/index.js';
import { planItem } from './plan/index.js';
import { gridPartyGroup, gridPost } from './organisation/index.js';

export const builtInKinds: readonly KindDefinition[] = [
  // 第一责任人
  principalLeaderDuty,
  // 学法用法
  meeting,
  studySession,
  lawCatalog,
  lawExam,
  // 依法决策
  majorDecision,
  contractReview,
  legalAdvisor,
  disclosure,
  normativeDocument,
  issuedDocument,
  dutyList,
  reconsideration,
  // 执法规范
  inspection,
  penaltyCase,
  enforcementTraining,
  equipment,
  enforcementCertificate,
  caseReview,
  specialSupervision,
  // 基层治理
  dispute,
  screeningRound,
  petition,
  mediationCommittee,
  legalService,
  enterpriseCheckup,
  // 普法
  publicityItem,
  legalLiterate,
  ceremony,
  // 工作计划
  planItem,
  // 组织与人员
  gridPost,
  gridPartyGroup,
];
