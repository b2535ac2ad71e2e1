/**
 * Provinces of the federation: each is its own Fazhi database (usually its own PostgreSQL server),
 * read by the national database through postgres_fdw. Adding one creates a foreign server, a user
 * mapping and a local schema of foreign tables (org_unit and the built-in ledger tables), and
 * records the province with its root unit; all in one transaction, so a failure leaves nothing.
 */
import { sql } from 'kysely';
import { builtInKinds } from '../areas/index.js';
import { nowIso } from '../core/dates.js';
import { AppError, fieldError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Db } from '../db/connect.js';
import type { FederatedProvinceTable } from '../db/schema.js';
import { tableOf, type KindDefinition } from '../ledger/kind.js';
import { ORG_LEVEL_LABELS, isOrgLevel } from '../org/levels.js';

export interface FederatedProvince {
  id: string;
  name: string;
  /** The province database's address without its password. */
  url: string;
  remoteSchema: string;
  serverName: string;
  localSchema: string;
  root: { id: string; name: string; level: string; path: string };
  addedAt: string;
}

export interface ProvinceSource {
  name: string;
  url: string;
  /** The schema of the province database holding Fazhi's tables (default public). */
  remoteSchema?: string;
}

export interface ProvinceAddress {
  host: string;
  port: string;
  dbname: string;
  user: string;
  password: string | undefined;
  /** The URL as shown and stored: the password left out. */
  display: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** postgres://user:password@host:port/db → the server and user-mapping options. Pure. */
export function parseProvinceUrl(url: string): ProvinceAddress {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw fieldError('url', '「省库连接串」格式不对，应为 postgres://用户@主机:端口/数据库');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw fieldError('url', '「省库连接串」应以 postgres:// 开头');
  const dbname = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw fieldError('url', '「省库连接串」缺少主机');
  if (!dbname) throw fieldError('url', '「省库连接串」缺少数据库名');
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const port = parsed.port || '5432';
  // URL keeps IPv6 hosts in brackets; libpq wants them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    dbname,
    user,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    display: `postgres://${encodeURIComponent(user)}@${parsed.host.includes(':') ? parsed.host : `${parsed.host}:${port}`}/${encodeURIComponent(dbname)}`,
  };
}

/** The national figures need the built-in ledgers only; a town's custom ledgers stay with the town. */
export const federatedTables = (kinds: readonly KindDefinition[] = builtInKinds) => ['org_unit', ...kinds.map(tableOf)];

const toProvince = (r: FederatedProvinceTable): FederatedProvince => ({
  id: r.id,
  name: r.name,
  url: r.url,
  remoteSchema: r.remote_schema,
  serverName: r.server_name,
  localSchema: r.local_schema,
  root: { id: r.root_id, name: r.root_name, level: r.root_level, path: r.root_path },
  addedAt: r.added_at,
});

function requirePostgres(db: Db) {
  if (db.engine !== 'postgres') throw new AppError(400, 'federation_engine', '省级汇总（联邦）需要 PostgreSQL：请设置 DATABASE_URL 指向全国（汇总）库');
}

export async function listProvinces(db: Db): Promise<FederatedProvince[]> {
  const rows = await db.kysely.selectFrom('federated_province').selectAll().orderBy('added_at').orderBy('name').execute();
  return rows.map(toProvince);
}

/** postgres_fdw reports an unreachable server as SQLSTATE class 08 (connection exception). */
const isConnectionError = (e: unknown) => typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('08');

export async function addProvince(db: Db, source: ProvinceSource): Promise<FederatedProvince> {
  requirePostgres(db);
  const name = source.name.trim();
  if (!name) throw fieldError('name', '请填写「省份名称」');
  if (name.length > 50) throw fieldError('name', '「省份名称」不能超过50个字');
  const remoteSchema = source.remoteSchema?.trim() || 'public';
  if (!IDENTIFIER.test(remoteSchema)) throw fieldError('schema', '「省库模式名」只能由字母、数字和下划线组成');
  const address = parseProvinceUrl(source.url);
  const existing = await db.kysely.selectFrom('federated_province').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new AppError(409, 'conflict', `已有名为“${name}”的省份`, 'name');

  const id = newId();
  // One name for the server and the local schema: ids are lower-case base32, safe as identifiers.
  const local = `fed_${id}`;
  const tables = federatedTables();
  const option = (key: string, value: string) => sql`${sql.raw(key)} ${sql.lit(value)}`;
  const serverOptions = [option('host', address.host), option('port', address.port), option('dbname', address.dbname)];
  const userOptions = [option('user', address.user), ...(address.password === undefined ? [] : [option('password', address.password)])];

  try {
    return await db.kysely.transaction().execute(async (trx) => {
      await sql`create extension if not exists postgres_fdw`.execute(trx);
      await sql`create server ${sql.id(local)} foreign data wrapper postgres_fdw options (${sql.join(serverOptions)})`.execute(trx);
      await sql`create user mapping for current_user server ${sql.id(local)} options (${sql.join(userOptions)})`.execute(trx);
      await sql`create schema ${sql.id(local)}`.execute(trx);
      await sql`import foreign schema ${sql.id(remoteSchema)} limit to (${sql.join(tables.map((t) => sql.id(t)))})
        from server ${sql.id(local)} into ${sql.id(local)}`.execute(trx);

      const imported = await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${local} and c.relkind = 'f'`.execute(trx);
      const have = new Set(imported.rows.map((r) => r.name));
      if (!have.has('org_unit')) throw fieldError('url', `省库 ${address.display} 的模式 ${remoteSchema} 中没有法治台账的数据表，请确认连接串和模式名`);
      const missing = tables.filter((t) => !have.has(t));
      if (missing.length) throw fieldError('url', `省库缺少台账表 ${missing.join('、')}，请先在省库执行 fazhi migrate`);

      const roots = await sql<{ id: string; name: string; level: string; path: string }>`select id, name, level, path
        from ${sql.table(`${local}.org_unit`)} where parent_id is null`.execute(trx);
      if (roots.rows.length !== 1) throw fieldError('url', `省库应有且只有一个根单位（省级单位），实有 ${roots.rows.length} 个`);
      const root = roots.rows[0] as { id: string; name: string; level: string; path: string };
      // The same database added twice would count every record twice.
      const twin = await trx.selectFrom('federated_province').select('name').where('root_id', '=', root.id).executeTakeFirst();
      if (twin) throw new AppError(409, 'conflict', `该省库（或其副本，根单位“${root.name}”）已作为“${twin.name}”加入汇总，不能重复加入`, 'url');

      const row: FederatedProvinceTable = {
        id,
        name,
        url: address.display,
        remote_schema: remoteSchema,
        server_name: local,
        local_schema: local,
        root_id: root.id,
        root_name: root.name,
        root_level: root.level,
        root_path: root.path,
        added_at: nowIso(),
      };
      await trx.insertInto('federated_province').values(row).execute();
      return toProvince(row);
    });
  } catch (e) {
    if (isConnectionError(e)) {
      // The detail names the host and the cause (refused, timed out, authentication); the message only our server's name.
      const { detail, message } = e as { detail?: string; message?: string };
      throw fieldError('url', `无法连接省库 ${address.display}：${(detail || message || '').trim()}`);
    }
    throw e;
  }
}

export async function removeProvince(db: Db, name: string): Promise<FederatedProvince> {
  requirePostgres(db);
  const row = await db.kysely.selectFrom('federated_province').selectAll().where('name', '=', name.trim()).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', `没有名为“${name}”的省份`, 'name');
  await db.kysely.transaction().execute(async (trx) => {
    await sql`drop schema if exists ${sql.id(row.local_schema)} cascade`.execute(trx);
    await sql`drop server if exists ${sql.id(row.server_name)} cascade`.execute(trx);
    await trx.deleteFrom('federated_province').where('id', '=', row.id).execute();
  });
  return toProvince(row);
}

/** 内蒙古自治区（省/自治区） — how a province's root is shown. */
export const rootLabel = (p: FederatedProvince) => `${p.root.name}（${isOrgLevel(p.root.level) ? ORG_LEVEL_LABELS[p.root.level] : p.root.level}）`;
