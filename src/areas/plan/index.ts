// 工作计划 — report part 三 (next year's work plan)
export { planItem } from './plan-item.js';
