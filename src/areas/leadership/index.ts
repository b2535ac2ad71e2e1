// 第一责任人 — 党政主要负责人履行推进法治建设第一责任人职责情况 (required content of the report, written inside or after section 一)
export { principalLeaderDuty } from './principal-leader-duty.js';
