// 组织与人员 — not a report section; its grid figures are quoted in section (四)
export { gridPost } from './grid-post.js';
export { gridPartyGroup } from './grid-party-group.js';
