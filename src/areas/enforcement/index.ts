// 执法规范 — report section (三)
export { inspection } from './inspection.js';
export { penaltyCase } from './penalty-case.js';
export { enforcementTraining } from './enforcement-training.js';
export { equipment } from './equipment.js';
export { enforcementCertificate } from './enforcement-certificate.js';
export { caseReview } from './case-review.js';
export { specialSupervision } from './special-supervision.js';
