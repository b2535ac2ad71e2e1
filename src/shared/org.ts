/** The org tree's levels and the shapes of units as the API gives them. Shared by the server and the UI: imports only zod. */
import { z } from 'zod';

export { ORG_LEVELS, ORG_LEVEL_LABELS, isOrgLevel, levelRank, TOWN_AND_BELOW, VILLAGE_AND_BELOW, type OrgLevel } from './levels.js';

/** A unit named in an answer: the unit a dashboard, a comparison or a session is about. */
export const orgRefSchema = z.object({ id: z.string(), name: z.string(), level: z.string() });
export type OrgRef = z.infer<typeof orgRefSchema>;

/** GET /api/orgs?levels=…: units of the levels asked for, flat, for pickers. */
export const orgUnitSchema = z.object({ id: z.string(), name: z.string(), level: z.string(), parentId: z.string().nullable() });
export type OrgUnitRef = z.infer<typeof orgUnitSchema>;

/** GET /api/orgs: the caller's subtree. */
export const orgNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  levelLabel: z.string(),
  get children() {
    return z.array(orgNodeSchema);
  },
});
export type OrgNode = z.infer<typeof orgNodeSchema>;
export const orgsResponseSchema = z.object({ items: z.union([z.array(orgNodeSchema), z.array(orgUnitSchema)]) });
/** GET /api/orgs without levels: the tree. */
export interface OrgTree {
  items: OrgNode[];
}
/** GET /api/orgs?levels=…: the flat list. */
export interface OrgList {
  items: OrgUnitRef[];
}

/** A person of the people directory (GET /api/people). */
export const personSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string().nullable(),
  name: z.string(),
  gender: z.string().nullable(),
  phone: z.string().nullable(),
  position: z.string().nullable(),
  isExample: z.boolean(),
});
export type Person = z.infer<typeof personSchema>;
