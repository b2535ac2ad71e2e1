// 依法决策 — report section (二); duty lists and reconsideration/litigation (依法行政) are reported here too
export { majorDecision } from './major-decision.js';
export { contractReview } from './contract-review.js';
export { legalAdvisor } from './legal-advisor.js';
export { disclosure } from './disclosure.js';
export { normativeDocument } from './normative-document.js';
export { dutyList } from './duty-list.js';
export { reconsideration } from './reconsideration.js';
export { issuedDocument } from './issued-document.js';
