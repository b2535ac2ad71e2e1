/**
 * The contract between the server and the UI: the shapes of the API's answers (as Zod schemas and
 * their types) and the pure constants both sides use. Nothing here reaches into the server's
 * runtime: these files import only zod and each other, so the UI may import them (types, or
 * constants) and the server's routes declare them as their response schemas (docs/DESIGN.md §8).
 */
export * from './accounts.js';
export * from './audit.js';
export * from './binder.js';
export * from './dashboard.js';
export * from './fields.js';
export * from './health.js';
export * from './imports.js';
export * from './indicators.js';
export * from './kinds.js';
export * from './ledger.js';
export * from './org.js';
export * from './procedures.js';
export * from './report.js';
export * from './roles.js';
export * from './outbox.js';
