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
import { IndicatorService } from './indicators/service.js';

export interface Config {
  db: DbConfig;
  dataDir: string;
  maxUploadBytes: number;
  sessionIdleMinutes: number;
}

export function configFromEnv(env = process.env): Config {
  return {
    db: dbConfigFromEnv(env),
    dataDir: env.FAZHI_DATA_DIR || 'data/files',
    maxUploadBytes: Number(env.FAZHI_MAX_UPLOAD_MB || 20) * 1024 * 1024,
    sessionIdleMinutes: Number(env.FAZHI_SESSION_IDLE_MINUTES || 30),
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
  permissions: Permissions;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and wires the services. */
export async function createContext(config: Config, options: { migrate?: boolean } = {}): Promise<AppContext> {
  const db = openDb(config.db);
  if (options.migrate !== false) await migrate(db, builtInKinds);
  const kinds = new KindRegistry(db, builtInKinds);
  const lists = new ListCatalog(db);
  const permissions = new Permissions(db);
  if (options.migrate !== false) await permissions.load();
  const ledger = new LedgerService(db, kinds, lists, permissions);
  return {
    config,
    db,
    kinds,
    lists,
    ledger,
    accounts: new AccountService(db, { idleMinutes: config.sessionIdleMinutes }),
    attachments: new AttachmentService(ledger, { dir: config.dataDir, maxBytes: config.maxUploadBytes }),
    indicators: new IndicatorService(db, kinds, permissions),
    permissions,
    close: () => db.close(),
  };
}
