import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH, rowHash, type ChainedFields } from '../../audit/chain.js';
import { isSqlite } from '../dialect.js';

/** At least this many days of audit log are kept (等保2.0: no less than six months). */
const MIN_RETENTION_DAYS = 180;

const CHAINED = sql.raw('id, at, actor_id, actor_name, ip, action, kind, record_id, org_id, before, after');

/**
 * The audit log becomes append-only and hash-chained: rows already there are chained in id
 * order, then triggers refuse every UPDATE and any DELETE inside the retention period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();

  // One row. legacy_last_id: rows up to it predate the chain and may have id gaps (PostgreSQL
  // sequences skip ids on rollback); from then on writeAudit numbers rows without gaps.
  await db.schema
    .createTable('audit_setting')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(MIN_RETENTION_DAYS).check(sql.raw(`retention_days >= ${MIN_RETENTION_DAYS}`)))
    .addColumn('legacy_last_id', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  let prevHash = GENESIS_HASH;
  let lastId = 0;
  for (;;) {
    const { rows } = await sql<ChainedFields>`select ${CHAINED} from audit_log where id > ${lastId} order by id limit 500`.execute(db);
    if (rows.length === 0) break;
    for (const row of rows) {
      const id = Number(row.id);
      const hash = rowHash(prevHash, { ...row, id });
      await sql`update audit_log set prev_hash = ${prevHash}, hash = ${hash} where id = ${id}`.execute(db);
      prevHash = hash;
      lastId = id;
    }
  }
  await sql`insert into audit_setting (id, retention_days, legacy_last_id) values (1, ${MIN_RETENTION_DAYS}, ${lastId})`.execute(db);

  if (isSqlite(db)) {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END`.execute(db);
    // A missing settings row makes the cutoff '' and so refuses every delete.
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN OLD.at >= coalesce((SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || max(retention_days, ${sql.raw(String(MIN_RETENTION_DAYS))}) || ' days') FROM audit_setting WHERE id = 1), '')
      BEGIN SELECT RAISE(ABORT, '保存期内的审计日志不可删除'); END`.execute(db);
    return;
  }

  await sql`CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    DECLARE cutoff text;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '审计日志不可修改' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '审计日志不可清空' USING ERRCODE = 'insufficient_privilege';
      END IF;
      SELECT to_char((now() - make_interval(days => greatest(retention_days, ${sql.raw(String(MIN_RETENTION_DAYS))}))) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        INTO cutoff FROM audit_setting WHERE id = 1;
      IF cutoff IS NULL OR OLD.at >= cutoff THEN
        RAISE EXCEPTION '保存期内的审计日志不可删除' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN OLD;
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`.execute(db);
  // TRUNCATE fires no row triggers.
  await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()`.execute(db);
}
