/** Everything a running Fazhi needs, built once from configuration: the composition root (docs/DESIGN.md §8). */
import { dirname, join } from 'node:path';
import { AccountService } from './accounts/service.js';
import { Permissions } from './accounts/permissions.js';
import { AttachmentService } from './attachments/service.js';
import { builtInKinds } from './areas/index.js';
import { dbConfigFromEnv, openDb, type Db, type DbConfig } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { ListCatalog } from './ledger/lists.js';
import { KindRegistry } from './ledger/registry.js';
import { DEFAULT_SENSITIVE_SEARCH_PER_MINUTE, LedgerService } from './ledger/service.js';
import { LedgerImporter, type ImportLimits } from './ledger/excel/import.js';
import { IndicatorService } from './indicators/service.js';
import { DueService } from './procedures/due.js';
import { ProcedureService } from './procedures/service.js';
import { mailConfigFromEnv, type MailConfig } from './reminders/mail.js';
import { ReminderService } from './reminders/service.js';
import { encryptPlainPhones } from './org/people.js';
import { serverTimeoutsOf, trustedProxiesOf, type ServerTimeouts } from './http/transport.js';
import { auditMacKeys, cipherNameOf, DEFAULT_KEY_FILE, fieldCipher, loadKey, type CipherName, type FieldCipher } from './security/crypto.js';
import { bindAuditChain, keyAuditChain } from './audit/audit.js';
import { ChainKey } from './audit/chain.js';
import { AuditAnchor, CheckpointKey } from './audit/checkpoint.js';
import { assertWritable } from './db/writable.js';
import { AuditLog } from './audit/service.js';
import { CustomKindService } from './ledger/custom-kinds.js';
import { DashboardService } from './dashboard/service.js';
import { HealthCheck } from './health/check.js';
import { LedgerExporter } from './ledger/export.js';
import { ListEditor } from './ledger/lists.js';
import { NotificationService } from './reminders/notifications.js';
import { OrgService } from './org/service.js';
import { PeopleService } from './org/people.js';
import { PublicSite } from './public-site/service.js';
import { ReportService } from './report/service.js';
import { ReportView } from './report/report-view.js';
import { Settings } from './procedures/settings.js';
import { TownIndicatorService } from './indicators/town-defined.js';
import { AssessmentService } from './assessment/service.js';

export interface Config {
  db: DbConfig;
  dataDir: string;
  maxUploadBytes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours?: number;
  maxLoginFailures?: number;
  lockMinutes?: number;
  /** Sign-in attempts allowed per IP address per minute. */
  loginRatePerMinute?: number;
  /** FAZHI_TRUST_PROXY: addresses or networks of the reverse proxies whose X-Forwarded-* headers are believed. */
  trustedProxies?: string[];
  /** FAZHI_HEADERS_TIMEOUT_SECONDS, FAZHI_REQUEST_TIMEOUT_SECONDS, FAZHI_IDLE_TIMEOUT_SECONDS, FAZHI_KEEP_ALIVE_SECONDS. */
  timeouts?: Partial<ServerTimeouts>;
  /** FAZHI_SENSITIVE_SEARCH_PER_MINUTE: exact searches on sensitive fields each user may run per minute. */
  sensitiveSearchPerMinute?: number;
  /** Encryption of sensitive fields at rest: FAZHI_CIPHER, aes-256-gcm unless sm4. */
  cipher?: CipherName;
  /** FAZHI_KEY: the master key, 64 hex digits or base64 of 32 bytes. */
  key?: string;
  /** FAZHI_KEY_FILE: where the master key is kept when FAZHI_KEY is not set (made on first start). */
  keyFile?: string;
  /** FAZHI_AUDIT_ANCHOR_DIR: where the audit log's signed checkpoints are appended; beside the data directory unless set. */
  auditAnchorDir?: string;
  /** FAZHI_SMTP_URL and FAZHI_MAIL_FROM: the daily digest by e-mail; none is sent when unset. */
  mail?: MailConfig;
  /** FAZHI_IMPORT_MAX_MB, FAZHI_IMPORT_MAX_ROWS, FAZHI_IMPORT_MAX_UNZIPPED_MB: limits of an Excel import. */
  importLimits?: Partial<ImportLimits>;
}

export function configFromEnv(env = process.env): Config {
  return {
    db: dbConfigFromEnv(env),
    dataDir: env.FAZHI_DATA_DIR || 'data/files',
    maxUploadBytes: Number(env.FAZHI_MAX_UPLOAD_MB || 20) * 1024 * 1024,
    sessionIdleMinutes: Number(env.FAZHI_SESSION_IDLE_MINUTES || 30),
    sessionAbsoluteHours: Number(env.FAZHI_SESSION_ABSOLUTE_HOURS || 12),
    maxLoginFailures: Number(env.FAZHI_MAX_LOGIN_FAILURES || 5),
    lockMinutes: Number(env.FAZHI_LOCK_MINUTES || 15),
    loginRatePerMinute: Number(env.FAZHI_LOGIN_RATE_PER_MINUTE || 20),
    trustedProxies: trustedProxiesOf(env.FAZHI_TRUST_PROXY),
    timeouts: serverTimeoutsOf(env),
    sensitiveSearchPerMinute: Number(env.FAZHI_SENSITIVE_SEARCH_PER_MINUTE || DEFAULT_SENSITIVE_SEARCH_PER_MINUTE),
    cipher: cipherNameOf(env.FAZHI_CIPHER),
    key: env.FAZHI_KEY || undefined,
    keyFile: env.FAZHI_KEY_FILE || DEFAULT_KEY_FILE,
    auditAnchorDir: env.FAZHI_AUDIT_ANCHOR_DIR || undefined,
    mail: mailConfigFromEnv(env),
    importLimits: {
      maxBytes: Number(env.FAZHI_IMPORT_MAX_MB || 20) * 1024 * 1024,
      maxRows: Number(env.FAZHI_IMPORT_MAX_ROWS || 100_000),
      maxUnzippedBytes: Number(env.FAZHI_IMPORT_MAX_UNZIPPED_MB || 300) * 1024 * 1024,
    },
  };
}

export interface AppContext {
  config: Config;
  db: Db;
  kinds: KindRegistry;
  lists: ListCatalog;
  ledger: LedgerService;
  accounts: AccountService;
  /** The org tree: units in a scope, and new units with their audit row. */
  orgs: OrgService;
  people: PeopleService;
  attachments: AttachmentService;
  indicators: IndicatorService;
  procedures: ProcedureService;
  due: DueService;
  reminders: ReminderService;
  importer: LedgerImporter;
  /** A ledger's records as an Excel workbook. */
  exporter: LedgerExporter;
  customKinds: CustomKindService;
  listEditor: ListEditor;
  dashboard: DashboardService;
  /** The annual report: templates, composition, sign-off. */
  reports: ReportService;
  /** The report page's sign-off state and the records behind a figure. */
  reportView: ReportView;
  /** A unit's own indicators. */
  townIndicators: TownIndicatorService;
  /** The county's assessment of its towns: schemes, live self-assessment, review. */
  assessments: AssessmentService;
  /** The public website's data: the units that publish, their readable addresses, published reports and disclosures. */
  publicSite: PublicSite;
  /** The signed-in user's notifications. */
  notifications: NotificationService;
  /** Settings the routes read: the day counted from, whether this is the demo. */
  settings: Settings;
  /** Searching and exporting the audit log (the audit administrator's). */
  audit: AuditLog;
  /** What /api/health checks. */
  health: HealthCheck;
  permissions: Permissions;
  /** Encrypts and decrypts sensitive fields; only codecs and the reveal path use it. */
  cipher: FieldCipher;
  /** Writes and reads the audit log's signed checkpoints, kept outside the database. */
  auditAnchor: AuditAnchor;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and wires the services. */
export async function createContext(config: Config, options: { migrate?: boolean } = {}): Promise<AppContext> {
  // The key first: a bad FAZHI_KEY stops the start before the database is touched.
  const masterKey = loadKey({ key: config.key, keyFile: config.keyFile ?? DEFAULT_KEY_FILE });
  const cipher = fieldCipher(masterKey, config.cipher ?? 'aes-256-gcm');
  const macKeys = auditMacKeys(masterKey);
  const digest = cipher.algorithm === 'sm4' ? 'sm3' : 'sha256';
  const db = openDb(config.db);
  const auditAnchor = new AuditAnchor(db, config.auditAnchorDir ?? join(dirname(config.dataDir), 'audit-anchor'), new CheckpointKey(macKeys.checkpoint, digest));
  bindAuditChain(db.kysely, { key: new ChainKey(macKeys.chain, digest), appended: auditAnchor.appended });
  if (options.migrate !== false) {
    // A database that cannot be written answers every sign-in with an error: refuse to start on it.
    await assertWritable(db).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    await migrate(db, builtInKinds, cipher);
    await encryptPlainPhones(db, cipher);
    const keyed = await keyAuditChain(db.kysely, async () => (await auditAnchor.read()).checkpoints.length > 0);
    // The switch to a keyed chain is anchored at once, outside the database.
    if (keyed) await auditAnchor.checkpoint('start', true);
  }
  const kinds = new KindRegistry(db, builtInKinds);
  const lists = new ListCatalog(db);
  const permissions = new Permissions(db);
  if (options.migrate !== false) await permissions.load();
  const ledger = new LedgerService(db, kinds, lists, permissions, cipher, { sensitiveSearchPerMinute: config.sensitiveSearchPerMinute });
  const procedures = new ProcedureService(db, ledger);
  const due = new DueService(db, kinds, permissions, procedures);
  // Services handed the whole context are made on first use, once the context exists.
  let reports: ReportService | undefined;
  let reportView: ReportView | undefined;
  let townIndicators: TownIndicatorService | undefined;
  let assessments: AssessmentService | undefined;
  let publicSite: PublicSite | undefined;
  const indicators = new IndicatorService(db, kinds, permissions);
  const ctx: AppContext = {
    config,
    db,
    kinds,
    lists,
    ledger,
    accounts: new AccountService(db, {
      idleMinutes: config.sessionIdleMinutes,
      absoluteHours: config.sessionAbsoluteHours ?? 12,
      maxFailures: config.maxLoginFailures ?? 5,
      lockMinutes: config.lockMinutes ?? 15,
      mail: config.mail,
    }),
    orgs: new OrgService(db),
    people: new PeopleService(db, cipher),
    attachments: new AttachmentService(ledger, { dir: config.dataDir, maxBytes: config.maxUploadBytes }),
    indicators,
    procedures,
    due,
    reminders: new ReminderService(db, due, { mail: config.mail }),
    importer: new LedgerImporter({ db, kinds, lists, permissions, cipher }, config.importLimits),
    exporter: new LedgerExporter({ db, ledger, permissions }),
    customKinds: new CustomKindService(db, kinds, lists),
    listEditor: new ListEditor(db, lists),
    dashboard: new DashboardService(db, kinds, lists, permissions, indicators),
    get reports() {
      return (reports ??= new ReportService(ctx));
    },
    get reportView() {
      return (reportView ??= new ReportView(ctx));
    },
    get townIndicators() {
      return (townIndicators ??= new TownIndicatorService(ctx));
    },
    get assessments() {
      return (assessments ??= new AssessmentService({ db, kinds, permissions, indicators, due }));
    },
    get publicSite() {
      return (publicSite ??= new PublicSite(ctx));
    },
    notifications: new NotificationService(db),
    settings: new Settings(db),
    audit: new AuditLog(db),
    health: new HealthCheck(db, cipher),
    permissions,
    cipher,
    auditAnchor,
    close: async () => {
      await auditAnchor.close();
      await db.close();
    },
  };
  return ctx;
}
