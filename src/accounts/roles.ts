/**
 * Roles. What each may do is in permissions.ts (editable grants); the three administrators
 * (三员分立) hold no business data at all. The roles and their names are shared with the UI (src/shared/roles.ts).
 */
export { ADMIN_ROLES, BUSINESS_ROLES, isRole, ROLES, type Role } from '../shared/roles.js';
