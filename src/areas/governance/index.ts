// 基层治理 — report section (四)
export { dispute } from './dispute.js';
export { screeningRound } from './screening-round.js';
export { petition } from './petition.js';
export { mediationCommittee } from './mediation-committee.js';
export { legalService } from './legal-service.js';
export { enterpriseCheckup } from './enterprise-checkup.js';
