/** Everything a running Fazhi needs, built once from configuration: the composition root. */
import { AccountService } from './accounts/service.js';
import { Permissions } from './accounts/permissions.js';
import { AttachmentService } from './attachments/service.js';
import { builtInKinds } from './areas/index.js';
import { dbConfigFromEnv, openDb, type Db, type DbConfig } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { ListCatalog } from './ledger/lists.js';
import { KindRegistry } from './ledger/registry.js';
import { LedgerService } from './ledger/service.js';
import { LedgerImporter, type ImportLimits } from './ledger/excel/import.js';
import { IndicatorService } from './indicators/service.js';
import { DueService } from './procedures/due.js';
import { ProcedureService } from './procedures/service.js';
import { mailConfigFromEnv, type MailConfig } from './reminders/mail.js';
import { ReminderService } from './reminders/service.js';
import { encryptPlainPhones } from './org/people.js';
import { cipherNameOf, DEFAULT_KEY_FILE, fieldCipher, loadKey, type CipherName, type FieldCipher } from './security/crypto.js';

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
  /** Encryption of sensitive fields at rest: FAZHI_CIPHER, aes-256-gcm unless sm4. */
  cipher?: CipherName;
  /** FAZHI_KEY: the master key, 64 hex digits or base64 of 32 bytes. */
  key?: string;
  /** FAZHI_KEY_FILE: where the master key is kept when FAZHI_KEY is not set (made on first start). */
  keyFile?: string;
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
    cipher: cipherNameOf(env.FAZHI_CIPHER),
    key: env.FAZHI_KEY || undefined,
    keyFile: env.FAZHI_KEY_FILE || DEFAULT_KEY_FILE,
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
  attachments: AttachmentService;
  indicators: IndicatorService;
  procedures: ProcedureService;
  due: DueService;
  reminders: ReminderService;
  importer: LedgerImporter;
  permissions: Permissions;
  /** Encrypts and decrypts sensitive fields; only codecs and the reveal path use it. */
  cipher: FieldCipher;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and wires the services. */
export async function createContext(config: Config, options: { migrate?: boolean } = {}): Promise<AppContext> {
  // The key first: a bad FAZHI_KEY stops the start before the database is touched.
  const cipher = fieldCipher(loadKey({ key: config.key, keyFile: config.keyFile ?? DEFAULT_KEY_FILE }), config.cipher ?? 'aes-256-gcm');
  const db = openDb(config.db);
  if (options.migrate !== false) {
    await migrate(db, builtInKinds, cipher);
    await encryptPlainPhones(db, cipher);
  }
  const kinds = new KindRegistry(db, builtInKinds);
  const lists = new ListCatalog(db);
  const permissions = new Permissions(db);
  if (options.migrate !== false) await permissions.load();
  const ledger = new LedgerService(db, kinds, lists, permissions, cipher);
  const procedures = new ProcedureService(db, ledger);
  const due = new DueService(db, kinds, permissions, procedures);
  return {
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
    }),
    attachments: new AttachmentService(ledger, { dir: config.dataDir, maxBytes: config.maxUploadBytes }),
    indicators: new IndicatorService(db, kinds, permissions),
    procedures,
    due,
    reminders: new ReminderService(db, due, { mail: config.mail }),
    importer: new LedgerImporter({ db, kinds, lists, permissions, cipher }, config.importLimits),
    permissions,
    cipher,
    close: () => db.close(),
  };
}
