/** Row types of the core tables. Ledger tables are generated from kind definitions (see ledger-tables.ts). */
import type { Generated } from 'kysely';

export type Cell = string | number | null;

export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  name: string;
  level: string;
  /** Materialized path of ids, '/root/child/…/self/': a subtree is one prefix range. */
  path: string;
  code: string | null;
  sort: number;
  created_at: string;
}

export interface PersonTable {
  id: string;
  org_id: string;
  org_path: string;
  name: string;
  gender: string | null;
  phone: string | null;
  position: string | null;
  is_example: number;
  notes: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserTable {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: string;
  org_id: string;
  active: number;
  must_change_password: number;
  password_changed_at: string | null;
  email: string | null;
  /** 1: made by the system administrator, waiting for the security administrator's grant (active is 0 meanwhile). */
  pending_grant: number;
  /** 1: reset by the system administrator, waiting for the security administrator to release the one-time password. */
  password_release_pending: number;
  /** Who last reset the password and when, shown to the user at the next sign-in. */
  password_reset_by: string | null;
  password_reset_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface LoginFailureTable {
  username: string;
  count: number;
  locked_until: string | null;
  last_at: string;
}

export interface PasswordHistoryTable {
  user_id: string;
  password_hash: string;
  created_at: string;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

export interface RolePermissionTable {
  role: string;
  target: string;
  action: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a stolen database does not hold usable sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  csrf_token: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  kind: string | null;
  record_id: string | null;
  org_id: string | null;
  before: string | null;
  after: string | null;
  /** Hash chain (see audit/chain.ts): the previous row's hash, and this row's. */
  prev_hash: string | null;
  hash: string | null;
  /** The chain the row is in: a town's id, or 'global' (see audit/audit.ts). */
  chain: Generated<string>;
  /** Its place in that chain: 1, 2, 3… without gaps (ids may skip). */
  seq: Generated<number>;
}

/** One row (id 1): how long the audit log is kept. */
export interface AuditSettingTable {
  id: number;
  /** Never below 180 (a CHECK constraint and the delete trigger both hold to it). */
  retention_days: number;
  /** Rows up to this id predate the chain and may have id gaps. */
  legacy_last_id: number;
  /** Rows up to this id predate the chains (migration 0015): their hash covers neither chain nor seq. */
  single_chain_last_id: Generated<number>;
}

export interface ListTable {
  code: string;
  label: string;
  /** Lists added by a town for its custom kinds belong to it; built-in lists have none. */
  org_id: string | null;
}

export interface ListItemTable {
  id: string;
  list: string;
  code: string;
  label: string;
  /** null: everyone; otherwise only records in this unit's subtree may use the item. */
  org_id: string | null;
  sort: number;
  active: number;
}

export interface AttachmentTable {
  id: string;
  kind: string;
  record_id: string;
  org_path: string;
  sha256: string;
  size: number;
  mime: string;
  filename: string;
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface CustomKindTable {
  code: string;
  org_id: string;
  org_path: string;
  /** The KindDefinition as JSON. */
  definition: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerColumnTable {
  table_name: string;
  column_name: string;
  column_type: string;
  added_at: string;
}

export interface ReportTemplateTable {
  id: string;
  org_id: string;
  org_path: string;
  name: string;
  body: string;
  version: number;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportTemplateVersionTable {
  template_id: string;
  version: number;
  body: string;
  saved_by: string | null;
  saved_at: string;
}

export interface AnnualReportTable {
  id: string;
  org_id: string;
  org_path: string;
  year: number;
  template_id: string | null;
  status: string;
  frozen: string | null;
  approved_by: string | null;
  approved_at: string | null;
  published_by: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** 成文日期 chosen for the report, 'YYYY-MM-DD'; null: the day it is composed. */
  report_date: string | null;
}

export interface DeadlineExtensionTable {
  id: string;
  kind: string;
  record_id: string;
  org_path: string;
  deadline: string;
  days: number;
  approver: string;
  reason: string;
  approved_on: string;
  created_by: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  topic: string;
  on_date: string;
  title: string;
  body: string;
  kind: string | null;
  record_id: string | null;
  due: string | null;
  severity: string;
  created_at: string;
  read_at: string | null;
}

export interface ImportBatchTable {
  id: string;
  kind: string;
  org_id: string;
  org_path: string;
  file_name: string;
  /** sha256 of the file's bytes, hex. */
  file_hash: string;
  rows: number;
  imported_by: string | null;
  imported_by_name: string;
  imported_at: string;
}

/** A province database read through postgres_fdw for the national roll-up (src/federation/). */
export interface FederatedProvinceTable {
  id: string;
  name: string;
  /** postgres://user@host:port/db — never the password, which only the user mapping holds. */
  url: string;
  remote_schema: string;
  server_name: string;
  /** Local schema holding the province's tables as foreign tables. */
  local_schema: string;
  root_id: string;
  root_name: string;
  root_level: string;
  root_path: string;
  added_at: string;
}

/** Which kinds have a monthly summary, and the definition it was built for (see src/indicators/monthly). */
export interface SummaryStateTable {
  table_name: string;
  signature: string;
  rebuilt_at: string;
}

/** A town's word for an indicator, confirmed in the draft check. */
export interface DraftCheckAliasTable {
  id: string;
  org_id: string;
  org_path: string;
  code: string;
  phrase: string;
  created_by: string | null;
  created_at: string;
}

/** A town's (or county's) own indicator: the current definition (JSON); retired ones are kept for their history. Keyed by (org_id, code): a code is unique along a branch of the tree, not across it. */
export interface TownIndicatorTable {
  code: string;
  org_id: string;
  org_path: string;
  version: number;
  definition: string;
  retired: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Every version of a town's indicator, as saved. */
export interface TownIndicatorVersionTable {
  org_id: string;
  code: string;
  version: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

/** Which record a client-generated id (the phone's offline outbox) created, and for whom: a retry returns it. */
export interface ClientSubmissionTable {
  client_id: string;
  user_id: string;
  kind: string;
  record_id: string;
  created_at: string;
}

/** When a user's phone last reached the server with its outbox, and what it still held then. */
export interface OutboxSyncTable {
  user_id: string;
  synced_at: string;
  pending: number;
  refused: number;
}

/** A unit's assessment scheme for a year (sections and items as JSON); every saved version is in assessment_scheme_version. */
export interface AssessmentSchemeTable {
  id: string;
  org_id: string;
  org_path: string;
  year: number;
  title: string;
  deadline: string;
  version: number;
  status: string;
  sections: string;
  copied_from: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentSchemeVersionTable {
  scheme_id: string;
  version: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

/** A town's assessment against a scheme: notes, adjustments and returns by item (JSON), and the result frozen when confirmed. */
export interface AssessmentTable {
  id: string;
  scheme_id: string;
  org_id: string;
  org_path: string;
  status: string;
  items: string;
  frozen: string | null;
  version: number;
  submitted_at: string | null;
  confirmed_at: string | null;
  updated_at: string;
}

export interface Database {
  assessment_scheme: AssessmentSchemeTable;
  assessment_scheme_version: AssessmentSchemeVersionTable;
  assessment: AssessmentTable;
  client_submission: ClientSubmissionTable;
  outbox_sync: OutboxSyncTable;
  town_indicator: TownIndicatorTable;
  town_indicator_version: TownIndicatorVersionTable;
  draft_check_alias: DraftCheckAliasTable;
  summary_state: SummaryStateTable;
  federated_province: FederatedProvinceTable;
  import_batch: ImportBatchTable;
  deadline_extension: DeadlineExtensionTable;
  notification: NotificationTable;
  login_failure: LoginFailureTable;
  password_history: PasswordHistoryTable;
  role_permission: RolePermissionTable;
  app_setting: AppSettingTable;
  report_template: ReportTemplateTable;
  report_template_version: ReportTemplateVersionTable;
  annual_report: AnnualReportTable;
  org_unit: OrgUnitTable;
  person: PersonTable;
  app_user: UserTable;
  user_session: SessionTable;
  audit_log: AuditTable;
  audit_setting: AuditSettingTable;
  list_def: ListTable;
  list_item: ListItemTable;
  attachment: AttachmentTable;
  custom_kind: CustomKindTable;
  ledger_column: LedgerColumnTable;
}
