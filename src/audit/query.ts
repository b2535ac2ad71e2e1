/**
 * Searching and exporting the audit log (the audit administrator's work). Scoped like everything
 * else: rows about units in the caller's subtree or done by its users; only an administrator at
 * the root of the tree also sees rows tied to neither (e.g. failed logins with unknown names).
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { contains } from '../db/like.js';
import { NotFound, fieldError } from '../core/errors.js';
import { isValidDate } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import type { AuditTable, Database } from '../db/schema.js';
import { findOrg } from '../org/repository.js';
import { covers, type Scope } from '../org/scope.js';
import { UTF8_BOM, csvLine } from '../security/spreadsheet.js';
import { chinaMidnightIso } from './retention.js';
import type { AuditAction } from './audit.js';
import type { AuditRow, AuditPage } from '../shared/audit.js';
export type { AuditRow, AuditPage };

export interface AuditFilter {
  /** Beijing dates 'YYYY-MM-DD', both inclusive. */
  from?: string;
  to?: string;
  /** A user id, or part of the name the actor had. */
  actor?: string;
  action?: string;
  kind?: string;
  recordId?: string;
  /** A unit id: rows about it and its subtree. */
  org?: string;
}

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  upload: '上传附件',
  define_kind: '定义台账类型',
  edit_list: '编辑选项',
  reveal: '查看个人信息',
  search_sensitive: '按个人信息查找',
  extend_deadline: '批准延长期限',
  import: '导入Excel',
  export_audit: '导出审计日志',
  purge_audit: '清理审计日志',
  set_audit_retention: '设置审计日志保存期限',
  key_audit_chain: '审计日志启用密钥哈希',
  synth: '生成合成数据',
};

export const actionLabel = (action: string) => (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;

type AuditEb = ExpressionBuilder<Database & { a: AuditTable }, 'a'>;

const isRoot = (scope: Scope) => scope.orgPath.split('/').filter(Boolean).length === 1;

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Checks the filter and turns it into where-conditions; bad input names its field. */
async function conditions(db: Db, scope: Scope, filter: AuditFilter): Promise<(eb: AuditEb) => Expression<SqlBool>> {
  if (filter.from !== undefined && !isValidDate(filter.from)) throw fieldError('from', '「开始日期」应为 YYYY-MM-DD 格式的有效日期');
  if (filter.to !== undefined && !isValidDate(filter.to)) throw fieldError('to', '「结束日期」应为 YYYY-MM-DD 格式的有效日期');
  if (filter.from && filter.to && filter.from > filter.to) throw fieldError('to', '「结束日期」不能早于「开始日期」');
  let orgPath: string | undefined;
  if (filter.org) {
    const unit = await findOrg(db, filter.org);
    if (!unit || !covers(scope, unit.path)) throw NotFound('单位');
    orgPath = unit.path;
  }
  const subtree = (eb: AuditEb, path: string) => eb.selectFrom('org_unit').select('org_unit.id').where('org_unit.path', 'like', `${path}%`);

  return (eb) => {
    const all: Array<Expression<SqlBool>> = [];
    if (!isRoot(scope)) {
      const usersInScope = eb
        .selectFrom('app_user')
        .innerJoin('org_unit', 'org_unit.id', 'app_user.org_id')
        .select('app_user.id')
        .where('org_unit.path', 'like', `${scope.orgPath}%`);
      all.push(eb.or([eb('a.org_id', 'in', subtree(eb, scope.orgPath)), eb('a.actor_id', 'in', usersInScope)]));
    }
    if (filter.from) all.push(eb('a.at', '>=', chinaMidnightIso(filter.from)));
    if (filter.to) all.push(eb('a.at', '<', chinaMidnightIso(nextDay(filter.to))));
    if (filter.actor) {
      all.push(eb.or([eb('a.actor_id', '=', filter.actor), contains('a.actor_name', filter.actor)]));
    }
    if (filter.action) all.push(eb('a.action', '=', filter.action));
    if (filter.kind) all.push(eb('a.kind', '=', filter.kind));
    if (filter.recordId) all.push(eb('a.record_id', '=', filter.recordId));
    if (orgPath) all.push(eb('a.org_id', 'in', subtree(eb, orgPath)));
    return eb.and(all);
  };
}

const parsed = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const selectRows = (db: Db) =>
  db.kysely
    .selectFrom('audit_log as a')
    .leftJoin('org_unit as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.at', 'a.actor_id', 'a.actor_name', 'a.ip', 'a.action', 'a.kind', 'a.record_id', 'a.org_id', 'o.name as org_name', 'a.before', 'a.after', 'a.hash', 'a.chain', 'a.seq']);

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

/** Newest first, a page at a time. */
export async function searchAudit(db: Db, scope: Scope, filter: AuditFilter, paging: { page?: number; pageSize?: number } = {}): Promise<AuditPage> {
  const page = paging.page ?? 1;
  const pageSize = Math.min(paging.pageSize ?? 50, 200);
  const where = await conditions(db, scope, filter);
  const { n } = await db.kysely
    .selectFrom('audit_log as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(where)
    .executeTakeFirstOrThrow();
  const rows = await selectRows(db)
    .where(where)
    .orderBy('a.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(present), total: Number(n), page, pageSize };
}

function present(row: SelectedRow): AuditRow {
  return {
    id: Number(row.id),
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    ip: row.ip,
    action: row.action,
    actionLabel: actionLabel(row.action),
    kind: row.kind,
    recordId: row.record_id,
    orgId: row.org_id,
    orgName: row.org_name,
    before: parsed(row.before),
    after: parsed(row.after),
    hash: row.hash,
  };
}

const beijingTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

// The chain and the place in it last: with the hash they let an export be checked link by link, town by town.
const CSV_HEADER = ['编号', '时间（北京时间）', '操作人', '操作人编号', 'IP地址', '操作', '对象类型', '记录编号', '单位', '单位编号', '修改前', '修改后', '哈希值', '审计链', '链内序号'];

/**
 * The matching rows as CSV for Excel, newest first: UTF-8 with a byte-order mark, a Chinese header,
 * and every cell guarded against formula injection. Yields chunks; reads the log a page at a time.
 */
export async function* auditCsv(db: Db, scope: Scope, filter: AuditFilter): AsyncGenerator<string> {
  const where = await conditions(db, scope, filter);
  yield UTF8_BOM + csvLine(CSV_HEADER);
  let lastId: number | undefined;
  for (;;) {
    const rows = await selectRows(db)
      .where(where)
      .$if(lastId !== undefined, (qb) => qb.where('a.id', '<', lastId ?? 0))
      .orderBy('a.id', 'desc')
      .limit(1000)
      .execute();
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        csvLine([
          Number(r.id),
          beijingTime.format(new Date(r.at)),
          r.actor_name,
          r.actor_id,
          r.ip,
          actionLabel(r.action),
          r.kind,
          r.record_id,
          r.org_name,
          r.org_id,
          r.before,
          r.after,
          r.hash,
          r.chain,
          Number(r.seq),
        ]),
      )
      .join('');
    lastId = Number(rows[rows.length - 1]?.id);
    if (rows.length < 1000) return;
  }
}
