/** The levels of the org tree, top to bottom. Any level may be a deployment's root. Defined with the API's shapes in src/shared/org.ts. */
export { ORG_LEVELS, ORG_LEVEL_LABELS, isOrgLevel, levelRank, TOWN_AND_BELOW, VILLAGE_AND_BELOW, type OrgLevel } from '../shared/org.js';
