// 普法 — report section (五)
export { publicityItem } from './publicity-item.js';
export { legalLiterate } from './legal-literate.js';
export { ceremony } from './ceremony.js';
