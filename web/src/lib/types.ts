/**
 * Shapes of the API's answers that the UI reads. They are the server's own, from the shared
 * contract (src/shared/, the routes' response schemas; the OpenAPI document at /api/docs is the
 * full reference): type-only here, so nothing of the server reaches the bundle but the few pure
 * constants a page uses.
 */
export type { Me } from '../../../src/shared/accounts.js';
export type { Field, FieldType, Option } from '../../../src/shared/fields.js';
export { COMMON_FIELDS, isNumericType } from '../../../src/shared/field-types.js';
export type { Kind, KindsResponse } from '../../../src/shared/kinds.js';
export type { LedgerPage, LedgerRecord, Page, RecordValue, TotalKind } from '../../../src/shared/ledger.js';
export type { Deadline, DeadlineState, DueItem, DueList, RecordProcedure, Step, StepState } from '../../../src/shared/procedures.js';
/** The Excel import's shapes: the dry run's check, the result, a listed problem, a past batch. */
export type {
  ImportBatchView as ImportBatch,
  ImportCheck,
  ImportError as ImportProblem,
  ImportResult as ImportDone,
  PriorImport as ImportBatchRef,
} from '../../../src/shared/imports.js';
