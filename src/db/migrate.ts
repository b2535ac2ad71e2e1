/**
 * Versioned migrations for the core tables, then the ledger tables brought in line with the
 * kind definitions (additive: new kinds get tables, new fields get columns), then list seeds.
 */
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import * as core0001 from './migrations/0001_core.js';
import * as reports0002 from './migrations/0002_reports.js';
import * as accounts0003 from './migrations/0003_accounts.js';
import * as auditChain0004 from './migrations/0004_audit_chain.js';
import * as procedures0005 from './migrations/0005_procedures.js';
import * as imports0006 from './migrations/0006_imports.js';
import * as federation0007 from './migrations/0007_federation.js';
import * as pathPrefix0008 from './migrations/0008_path_prefix.js';
import * as monthlySummaries0009 from './migrations/0009_monthly_summaries.js';
import * as accountHandover0010 from './migrations/0010_account_handover.js';
import * as draftCheckAliases0011 from './migrations/0011_draft_check_aliases.js';
import * as reportDate0012 from './migrations/0012_report_date.js';
import * as townIndicators0013 from './migrations/0013_town_indicators.js';
import * as townIndicatorOwnerKeys0014 from './migrations/0014_town_indicator_owner_keys.js';
import * as auditChains0015 from './migrations/0015_audit_chains_H1.js';
import * as clientSubmission0017 from './migrations/0017_client_submission.js';
import * as assessment0018 from './migrations/0018_assessment_h7.js';
import type { Db } from './connect.js';
import { syncLedgerTables } from './ledger-tables.js';
import { seedLists } from './lists-seed.js';
import { syncSummaries } from '../indicators/monthly/store.js';
import { syncDistinct } from '../indicators/monthly/distinct.js';
import type { KindDefinition } from '../ledger/kind.js';
import { KindRegistry } from '../ledger/registry.js';
import type { FieldCipher } from '../security/crypto.js';

/** Every versioned migration by name (a test runs them up to one, to see the next keep its rows). */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_core': core0001,
  '0002_reports': reports0002,
  '0003_accounts': accounts0003,
  '0004_audit_chain': auditChain0004,
  '0005_procedures': procedures0005,
  '0006_imports': imports0006,
  '0007_federation': federation0007,
  '0008_path_prefix': pathPrefix0008,
  '0009_monthly_summaries': monthlySummaries0009,
  '0010_account_handover': accountHandover0010,
  '0011_draft_check_aliases': draftCheckAliases0011,
  '0012_report_date': reportDate0012,
  '0013_town_indicators': townIndicators0013,
  '0014_town_indicator_owner_keys': townIndicatorOwnerKeys0014,
  '0015_audit_chains_H1': auditChains0015,
  '0017_client_submission': clientSubmission0017,
  '0018_assessment_h7': assessment0018,
};

/** Names of the versioned migrations, oldest first. */
export const migrationNames = Object.keys(migrations);

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export interface MigrationReport {
  applied: string[];
  ledgerChanges: string[];
  /** Monthly summaries made, rebuilt for a changed definition, or dropped. */
  summaryChanges: string[];
}

/** `cipher` encrypts values left in plain text in columns that are (now) sensitive; see syncLedgerTables. */
export async function migrate(db: Db, builtIn: readonly KindDefinition[], cipher?: FieldCipher): Promise<MigrationReport> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: with several
  // schemas in one PostgreSQL database (the tests make one per file) it would find another's.
  const migrationTableSchema = db.engine === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`迁移失败：${JSON.stringify(error)}`);
  const kinds = await new KindRegistry(db, builtIn).all();
  const ledgerChanges = await syncLedgerTables(db, kinds, cipher);
  const summaryChanges = [...(await syncSummaries(db, kinds)), ...(await syncDistinct(db, kinds))];
  await seedLists(db, kinds);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), ledgerChanges, summaryChanges };
}

async function currentSchema(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db.kysely);
  return rows[0]?.schema ?? undefined;
}
