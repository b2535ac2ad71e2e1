/** The session and the account list as the API gives them. Imports only zod. */
import { z } from 'zod';

/** GET /api/me (and the answer to signing in). */
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  mustChangePassword: z.boolean(),
  /** Who last reset the password and when (三员分立: the user can tell a reset they did not ask for). */
  lastReset: z.object({ by: z.string(), at: z.string() }).nullable(),
  csrfToken: z.string(),
  demo: z.boolean(),
  /** The day forms and due lists start from: today in China (the demo's reference day on the demo). */
  today: z.string(),
  /** Whether the role may open the annual report (the menu shows it only then). */
  mayReadReport: z.boolean(),
  /** What an Excel import accepts (configurable on the server), for the import dialog to say up front. */
  importLimits: z.object({ maxBytes: z.number(), maxRows: z.number() }),
  org: z.object({ id: z.string(), name: z.string(), level: z.string() }),
});
export type Me = z.infer<typeof meSchema>;

/** GET /api/session: the signed-in user, or null (no 401). */
export const sessionProbeSchema = z.object({ me: meSchema.nullable() });

/** An account as the administrators' list shows it (GET /api/users). */
export const userListItemSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Waiting for the security administrator to grant its role and unit. */
  pendingGrant: z.boolean(),
  /** Reset by the system administrator; the security administrator releases the one-time password. */
  passwordReleasePending: z.boolean(),
  locked: z.boolean(),
  org: z.object({ id: z.string(), name: z.string() }),
});
export type UserListItem = z.infer<typeof userListItemSchema>;

export const userPageSchema = z.object({ items: z.array(userListItemSchema), total: z.number(), page: z.number(), pageSize: z.number() });
export type UserPage = z.infer<typeof userPageSchema>;

/** An account the system administrator made (POST /api/users): no password in it. */
export const createdUserSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    orgId: z.string(),
    mustChangePassword: z.boolean(),
    pendingGrant: z.boolean(),
    lastReset: z.object({ by: z.string(), at: z.string() }).nullable(),
  }),
});
export type CreatedUser = z.infer<typeof createdUserSchema>;

/** The system administrator's reset: where the one-time password goes, never the password itself. */
export const passwordResetSchema = z.object({ username: z.string(), delivery: z.enum(['mail', 'securityAdmin']) });
export type PasswordReset = z.infer<typeof passwordResetSchema>;

/** The security administrator's release: the one-time password, shown this once. */
export const passwordReleaseSchema = z.object({ username: z.string(), oneTimePassword: z.string() });
export type PasswordRelease = z.infer<typeof passwordReleaseSchema>;

/** A grant: the password mailed to the user, or shown to the security administrator once. */
export const grantSchema = z.union([
  z.object({ username: z.string(), delivery: z.literal('mail') }),
  z.object({ username: z.string(), delivery: z.literal('securityAdmin'), oneTimePassword: z.string() }),
]);
export type GrantAnswer = z.infer<typeof grantSchema>;

/** PUT /api/users/:id/role. */
export const roleChangeSchema = z.object({ id: z.string(), role: z.string() });

const grantLineSchema = z.object({ target: z.string(), action: z.string() });

/** GET /api/permissions: each role's grants and its defaults, with the actions there are. */
export const permissionTableSchema = z.object({
  actions: z.array(z.string()),
  roles: z.array(z.object({ role: z.string(), label: z.string(), grants: z.array(grantLineSchema), defaults: z.array(grantLineSchema) })),
});
export type PermissionTable = z.infer<typeof permissionTableSchema>;

/** PUT /api/permissions/:role: the role's grants as saved. */
export const roleGrantsSchema = z.object({ role: z.string(), grants: z.array(grantLineSchema) });

/** POST /api/orgs: the unit the system administrator added. */
export const createdOrgSchema = z.object({ id: z.string(), name: z.string(), level: z.string(), parentId: z.string() });
export type CreatedOrg = z.infer<typeof createdOrgSchema>;

/** What a grant can name: an area, a ledger kind or the annual report. */
export const permissionTargetSchema = z.object({
  code: z.string(),
  label: z.string(),
  type: z.enum(['area', 'kind', 'report']),
  /** The area a kind sits in: a grant on the area covers it. */
  area: z.string().optional(),
  custom: z.boolean().optional(),
});
export type PermissionTarget = z.infer<typeof permissionTargetSchema>;

/** GET /api/permissions/targets: the actions and targets grants name, with their names. */
export const permissionVocabularySchema = z.object({
  actions: z.array(z.object({ code: z.string(), label: z.string() })),
  targets: z.array(permissionTargetSchema),
});
export type PermissionVocabulary = z.infer<typeof permissionVocabularySchema>;
