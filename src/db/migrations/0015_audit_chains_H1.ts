import { sql, type Kysely } from 'kysely';
import { isSqlite } from '../dialect.js';

/**
 * The audit log becomes several chains: one per town (and per unit above towns that keeps records
 * of its own), one 'global' for what belongs to no town. Each row names its chain and its place
 * in it (seq, without gaps); ids come from the table's own sequence and may skip. Every row already
 * there is the 'global' chain's history, numbered by its id (gaps before legacy_last_id stay
 * allowed); its hash stays as written, which is why single_chain_last_id records where rows whose
 * hash also covers chain and seq begin.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('chain', 'text', (c) => c.notNull().defaultTo('global')).execute();
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('audit_setting').addColumn('single_chain_last_id', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // The rows are numbered once, here, with the guard lifted for this statement only: the owner
  // migrating the schema may, the application's writes never do.
  if (isSqlite(db)) {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    await sql`update audit_log set seq = id`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END`.execute(db);
  } else {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
    await sql`update audit_log set seq = id`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(db);
    // writeAudit numbered rows itself until now: the sequence behind id was never advanced.
    await sql`select setval(pg_get_serial_sequence('audit_log', 'id'), greatest(coalesce((select max(id) from audit_log), 0), 1), exists (select 1 from audit_log))`.execute(db);
  }
  await sql`update audit_setting set single_chain_last_id = coalesce((select max(id) from audit_log), 0) where id = 1`.execute(db);
  await db.schema.createIndex('audit_log_chain_seq').on('audit_log').columns(['chain', 'seq']).unique().execute();
}
