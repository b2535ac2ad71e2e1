/**
 * Ledger use cases: list, read, create, update, delete a record of any kind.
 * Each one checks the role, then the scope, then the input, and writes the change and its
 * audit row in one transaction. No HTTP here.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { Conflict, Forbidden, NotFound, ProcedureRefused, RateLimited, ValidationError, fieldError, type FieldProblem } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { takeWriteTurn, townChainOf, writeAudit } from '../audit/audit.js';
import { ACTION_LABELS, type Action, type Permissions } from '../accounts/permissions.js';
import type { Db } from '../db/connect.js';
import type { Transaction } from 'kysely';
import type { Cell, Database } from '../db/schema.js';
import { ORG_LEVEL_LABELS } from '../org/levels.js';
import type { FieldCipher } from '../security/crypto.js';
import { findOrg, findOrgsByIds, type OrgUnit } from '../org/repository.js';
import { covers, onBranch, type Scope } from '../org/scope.js';
import { unitNamesOf } from '../org/unit-names.js';
import { columnFor, fromRow, masked, toRow, type LedgerRecord } from './codec.js';
import { hashColumnOf, type KindDefinition } from './kind.js';
import type { ListCatalog } from './lists.js';
import type { KindRegistry } from './registry.js';
import * as repo from './repository.js';
import { recordSubmission } from './idempotency.js';
import { decodeCursor, encodeCursor, KEYSET_COLUMNS, type TotalKind } from './cursor.js';
import { recordValidator, type FieldValue, type ListLookup, type RecordValidator, type RecordValues } from './validation.js';
import { formatBeijingTime, isValidDate } from '../core/dates.js';
import { futureStepProblems, procedureProblems } from '../procedures/procedure.js';
import { today } from '../procedures/settings.js';
import { stepDateMissing } from '../shared/step-dates.js';

export interface ListParams {
  org?: string;
  from?: string;
  to?: string;
  q?: string;
  tag?: string;
  page?: number;
  pageSize?: number;
  /** Where the page starts: the nextCursor of the page before (wins over page). */
  cursor?: string;
  /** 'exact': count every matching record, however many (the client's "精确统计"). */
  count?: 'exact';
  sort?: string;
  /** Other query parameters: exact-match filters on the kind's fields. */
  filters?: Record<string, string>;
  /** Why the caller searches a sensitive field by its full value: required then, and audited. */
  reason?: string;
}

/** Where an exact search on a sensitive field came from, as the audit row names it. */
export type SensitiveSearchVia = 'list' | 'export';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A page of a ledger list: the total says how exact it is (see countRows), and nextCursor, when
 * there are more records, is what the client sends back for the next page.
 */
export interface LedgerPage<T> extends Page<T> {
  totalKind: TotalKind;
  nextCursor: string | null;
}

export interface PresentedRecord extends LedgerRecord {
  orgName: string | null;
  /** The unit by its path below its town (新华村/一社): every village has a 一社. */
  orgPathName: string | null;
  /** The town the unit belongs to, for callers who see several towns; null above towns. */
  townName: string | null;
}

/** Why someone needs to see the full value: asked for every reveal, kept in the audit log. */
export const revealInput = z.object({
  reason: z
    .string({ error: '请填写「查看原因」' })
    .trim()
    .min(4, { error: '「查看原因」至少4个字' })
    .max(200, { error: '「查看原因」不能超过200个字' }),
  /** Which sensitive fields to show; all of the kind's when omitted. */
  fields: z.array(z.string().max(60), { error: '「字段」应为字段名的列表' }).max(50).optional(),
});

/** Why someone searches by a full ID number or phone: asked for every such search, kept in the audit log. */
export const searchReason = z
  .string({ error: '按个人信息精确查找，请填写「查找原因」' })
  .trim()
  .min(4, { error: '「查找原因」至少4个字' })
  .max(200, { error: '「查找原因」不能超过200个字' });

/** Exact searches on sensitive fields each user may run per minute, unless configured (FAZHI_SENSITIVE_SEARCH_PER_MINUTE). */
export const DEFAULT_SENSITIVE_SEARCH_PER_MINUTE = 10;

export interface RevealedValues {
  id: string;
  values: Record<string, FieldValue>;
}

export const MAX_PAGE_SIZE = 200;
const FILTERABLE = new Set(['choice', 'boolean', 'person', 'org', 'record', 'integer']);

/** The town (audit chain) a stored ledger row belongs to: its town_id, or worked out from its unit's path. */
async function townOfRow(trx: Transaction<Database>, row: Record<string, Cell>): Promise<string> {
  return typeof row.town_id === 'string' && row.town_id ? row.town_id : townChainOf(trx, String(row.org_path));
}

export class LedgerService {
  constructor(
    readonly db: Db,
    readonly kinds: KindRegistry,
    readonly lists: ListCatalog,
    readonly permissions: Permissions,
    /** Sensitive fields are stored encrypted; see src/security/crypto.ts. */
    private readonly cipher: FieldCipher,
    options: { sensitiveSearchPerMinute?: number } = {},
  ) {
    this.sensitiveSearchPerMinute = options.sensitiveSearchPerMinute ?? DEFAULT_SENSITIVE_SEARCH_PER_MINUTE;
    this.sensitiveSearches = new RateLimiterMemory({ points: this.sensitiveSearchPerMinute, duration: 60 });
  }

  /**
   * A keyed hash answers "is this the number?" for any number typed in, so exact search on a
   * sensitive field is as good as reveal to someone who can enumerate the masked digits (10,000
   * guesses recover a phone). Per user and minute; counted in memory, where the check and the
   * count are one synchronous step, so parallel requests cannot overrun it.
   */
  readonly sensitiveSearchPerMinute: number;
  private readonly sensitiveSearches: RateLimiterMemory;

  /**
   * Validators by list lookup (one per unit and list snapshot) and kind: building a kind's schemas
   * was a quarter of the time it took to create a record.
   */
  private readonly validators = new WeakMap<ListLookup, WeakMap<KindDefinition, RecordValidator>>();

  private validatorFor(kind: KindDefinition, lookup: ListLookup): RecordValidator {
    let byKind = this.validators.get(lookup);
    if (!byKind) this.validators.set(lookup, (byKind = new WeakMap()));
    let validator = byKind.get(kind);
    if (!validator) byKind.set(kind, (validator = recordValidator(kind, lookup)));
    return validator;
  }

  /** Throws 403 unless the caller's role may do `action` on the kind (404 for an unknown kind). */
  async requireAction(scope: Scope, code: string, action: Action): Promise<KindDefinition> {
    return this.kindFor(scope, code, action);
  }

  private async kindFor(scope: Scope, code: string, action: Action): Promise<KindDefinition> {
    const kind = await this.kinds.resolve(scope, code);
    this.permissions.require(scope.actor.role, action, kind);
    return kind;
  }

  async list(scope: Scope, kindCode: string, params: ListParams): Promise<LedgerPage<PresentedRecord>> {
    const kind = await this.kindFor(scope, kindCode, 'read');
    const query = await this.guardedQuery(scope, kind, params, 'list');
    // A cursor carries the total its first page counted: later pages only read their rows.
    const cursor = params.cursor === undefined ? undefined : decodeCursor(params.cursor, query.sort);
    const keyed = { ...query, ...(cursor ? { page: cursor.p, after: cursor.at } : {}) };
    const carried = cursor && params.count !== 'exact' ? { total: cursor.total, kind: cursor.kind } : undefined;
    // A first page that holds every match is its own count; the count runs beside the page otherwise.
    const firstOnly = !cursor && keyed.page === 1 && params.count !== 'exact';
    const [rows, counted] = await Promise.all([
      repo.listRows(this.db, scope, kind, keyed),
      carried ?? (firstOnly ? undefined : repo.countRows(this.db, scope, kind, query, params.count === 'exact')),
    ]);
    const total = counted ?? (rows.length <= query.pageSize ? { total: rows.length, kind: 'exact' as const } : await repo.countRows(this.db, scope, kind, query));
    const shown = rows.slice(0, query.pageSize);
    const last = shown.at(-1);
    const nextCursor =
      rows.length > query.pageSize && last
        ? encodeCursor({
            s: query.sort.column,
            d: query.sort.direction,
            p: keyed.page + 1,
            ...(KEYSET_COLUMNS.has(query.sort.column) ? { at: [String(last[query.sort.column]), String(last.id)] as [string, string] } : {}),
            total: total.total,
            kind: total.kind,
          })
        : null;
    return { items: await this.present(kind, shown), total: total.total, totalKind: total.kind, page: keyed.page, pageSize: query.pageSize, nextCursor };
  }

  /**
   * Up to `limit` records under the list's filters, read page by page, with the total matched
   * (the Excel export). An exact search on a sensitive field is checked, counted and audited once.
   */
  async collect(scope: Scope, kindCode: string, params: Omit<ListParams, 'page' | 'pageSize'>, limit: number): Promise<{ kind: KindDefinition; items: PresentedRecord[]; total: number }> {
    const kind = await this.kindFor(scope, kindCode, 'read');
    const first = await this.guardedQuery(scope, kind, { ...params, page: 1, pageSize: MAX_PAGE_SIZE }, 'export');
    const items: PresentedRecord[] = [];
    // Page by key where the sort has one, so a long export does not skip ever more rows.
    let query: repo.ListQuery = first;
    let more = true;
    while (more && items.length < limit) {
      const rows = await repo.listRows(this.db, scope, kind, query);
      const batch = rows.slice(0, MAX_PAGE_SIZE);
      items.push(...(await this.present(kind, batch)));
      more = rows.length > MAX_PAGE_SIZE;
      const last = batch.at(-1);
      query = KEYSET_COLUMNS.has(first.sort.column) && last ? { ...first, after: [String(last[first.sort.column]), String(last.id)] } : { ...first, page: query.page + 1 };
    }
    // Counted only when the export is cut short: the message says how many were left out.
    const total = more || items.length > limit ? (await repo.countRows(this.db, scope, kind, first, true)).total : items.length;
    return { kind, items: items.slice(0, limit), total };
  }

  /**
   * The list query, after the gate on exact search by a sensitive field: the role must hold
   * 'reveal' on the kind (403 naming the field, before anything is looked up, so a refusal says
   * nothing about a match), a reason must be stated, the user's per-minute allowance must not be
   * spent (429), and the audit row — field names, reason, never the value — is written before the
   * search runs.
   */
  private async guardedQuery(scope: Scope, kind: KindDefinition, params: ListParams, via: SensitiveSearchVia): Promise<repo.ListQuery> {
    const searched = kind.fields.filter((f) => f.sensitive && params.filters?.[f.name] !== undefined);
    const [first] = searched;
    if (first && !this.permissions.may(scope.actor.role, 'reveal', kind)) {
      throw Forbidden(`您的角色无权按「${first.label}」精确查找：需要「${kind.label}」的“${ACTION_LABELS.reveal}”权限`);
    }
    const query = await this.listQuery(scope, kind, params);
    if (!first) return query;

    const reason = searchReason.safeParse(params.reason);
    if (!reason.success) throw fieldError('reason', reason.error.issues[0]?.message ?? '请填写「查找原因」');
    const user = scope.actor.userId ?? `system:${scope.actor.name}`;
    try {
      // Paging, sorting or exporting a search already allowed does not spend the allowance again: it counts values tried.
      const values = searched.map((f) => [f.name, params.filters?.[f.name]]);
      if (!this.searchedRecently(user, kind, values)) {
        await this.sensitiveSearches.consume(user);
        this.rememberSearch(user, kind, values);
      }
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      const seconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      throw RateLimited(`按个人信息精确查找过于频繁，请 ${seconds} 秒后再试（每人每分钟最多 ${this.sensitiveSearchPerMinute} 次）`, seconds);
    }
    await writeAudit(this.db.kysely, scope.actor, {
      action: 'search_sensitive',
      kind: kind.code,
      orgId: params.org ?? scope.orgId,
      after: { fields: searched.map((f) => f.name), reason: reason.data, via },
    });
    return query;
  }

  /** Searches by sensitive values each user made lately, as salted digests (never the values), with when they lapse. */
  private readonly recentSearches = new Map<string, number>();
  private readonly searchSalt = randomBytes(16);

  private searchKey(user: string, kind: KindDefinition, values: unknown[]): string {
    return createHmac('sha256', this.searchSalt).update(JSON.stringify([user, kind.code, values])).digest('base64url');
  }

  /** Whether the user was allowed a search for these values of the kind in the last ten minutes. */
  private searchedRecently(user: string, kind: KindDefinition, values: unknown[]): boolean {
    return (this.recentSearches.get(this.searchKey(user, kind, values)) ?? 0) > Date.now();
  }

  /** Remembers an allowed search for ten minutes (bounded: at most the allowance per user and minute). */
  private rememberSearch(user: string, kind: KindDefinition, values: unknown[]): void {
    const now = Date.now();
    if (this.recentSearches.size > 10_000) for (const [k, t] of this.recentSearches) if (t <= now) this.recentSearches.delete(k);
    this.recentSearches.set(this.searchKey(user, kind, values), now + 10 * 60_000);
  }

  private async listQuery(scope: Scope, kind: KindDefinition, params: ListParams): Promise<repo.ListQuery> {
    const problems: FieldProblem[] = [];
    let orgPath: string | undefined;
    if (params.org) {
      const unit = await findOrg(this.db, params.org);
      if (!unit || !covers(scope, unit.path)) problems.push({ field: 'org', message: '所选单位不存在或不在您的管辖范围内' });
      else orgPath = unit.path;
    }
    for (const key of ['from', 'to'] as const) {
      const v = params[key];
      if (v && !isValidDate(v)) problems.push({ field: key, message: `「${key === 'from' ? '开始日期' : '结束日期'}」不是有效日期` });
    }
    if (params.from && params.to && params.from > params.to) problems.push({ field: 'to', message: '「结束日期」不能早于「开始日期」' });

    const page = params.page ?? 1;
    const pageSize = params.pageSize ?? 20;
    if (!Number.isInteger(page) || page < 1) problems.push({ field: 'page', message: '「页码」应为正整数' });
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      problems.push({ field: 'pageSize', message: `「每页条数」应为 1 到 ${MAX_PAGE_SIZE} 之间的整数` });
    }

    // Ciphertext has no useful order, so sensitive fields are not sortable.
    const sortable = new Set(['date', 'title', 'createdAt', 'updatedAt', ...(kind.dateRange ? ['endDate'] : []), ...kind.fields.filter((f) => !f.sensitive).map((f) => f.name)]);
    const sortSpec = params.sort ?? '-date';
    const sortName = sortSpec.replace(/^[-+]/, '');
    if (!sortable.has(sortName)) problems.push({ field: 'sort', message: `不能按“${sortName}”排序` });
    const sortColumn = sortName === 'createdAt' ? 'created_at' : sortName === 'updatedAt' ? 'updated_at' : columnFor(sortName);

    const equals: Record<string, Cell> = {};
    for (const [name, raw] of Object.entries(params.filters ?? {})) {
      const f = kind.fields.find((x) => x.name === name);
      if (f?.sensitive) {
        // Exact match on the keyed hash: the column itself is ciphertext.
        equals[hashColumnOf(columnFor(name))] = this.cipher.hash(raw);
        continue;
      }
      if (!f || !FILTERABLE.has(f.type)) {
        problems.push({ field: name, message: `不能按“${name}”筛选` });
        continue;
      }
      if (f.type === 'boolean') {
        if (!['true', 'false', '1', '0'].includes(raw)) problems.push({ field: name, message: `「${f.label}」应为 true 或 false` });
        equals[columnFor(name)] = raw === 'true' || raw === '1' ? 1 : 0;
      } else if (f.type === 'integer') {
        if (!/^-?\d{1,15}$/.test(raw)) problems.push({ field: name, message: `「${f.label}」应为整数` });
        equals[columnFor(name)] = Number(raw);
      } else equals[columnFor(name)] = raw;
    }
    if (problems.length) throw ValidationError(problems);
    return {
      orgPath,
      from: params.from,
      to: params.to,
      q: params.q?.trim() || undefined,
      tag: params.tag,
      equals,
      sort: { column: sortColumn, direction: sortSpec.startsWith('-') ? 'desc' : 'asc' },
      page,
      pageSize,
    };
  }

  async get(scope: Scope, kindCode: string, id: string): Promise<PresentedRecord> {
    const kind = await this.kindFor(scope, kindCode, 'read');
    const row = await repo.findRow(this.db.kysely, scope, kind, id);
    if (!row) throw NotFound();
    const [record] = await this.present(kind, [row]);
    return record as PresentedRecord;
  }

  /** `clientId`: the phone outbox's id for the record, noted in the same transaction (see idempotency.ts). */
  async create(scope: Scope, kindCode: string, body: unknown, options: { clientId?: string } = {}): Promise<PresentedRecord> {
    const kind = await this.kindFor(scope, kindCode, 'create');
    const input = asObject(body);
    const unit = await this.recordUnit(scope, kind, input.orgId);
    const values = this.validatorFor(kind, await this.lists.lookupFor(unit.path))(input, 'create');
    await this.checkReferences(scope, kind, values, unit);
    // A record may be created with steps already taken (a dispute registered as 已化解 with its date):
    // the same checks as taking those steps afterwards.
    await this.checkProcedure(kind, values, values);

    const now = nowIso();
    const id = newId();
    const row: Record<string, Cell> = {
      ...toRow(kind, values, this.cipher),
      id,
      org_id: unit.id,
      org_path: unit.path,
      created_by: scope.actor.userId,
      created_at: now,
      updated_by: scope.actor.userId,
      updated_at: now,
      version: 1,
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      await repo.insertRow(trx, scope, kind, row);
      if (options.clientId) await recordSubmission(trx, scope, options.clientId, kindCode, id);
      // The record's town's chain: writers in other towns do not wait for this one.
      await writeAudit(trx, scope.actor, {
        action: 'create',
        kind: kind.code,
        recordId: id,
        orgId: unit.id,
        after: masked(kind, fromRow(kind, row, this.cipher)),
        town: await townChainOf(trx, unit.path),
      });
    });
    // The row as written is the record: no need to read it back.
    const [record] = await this.present(kind, [row]);
    return record as PresentedRecord;
  }

  async update(scope: Scope, kindCode: string, id: string, body: unknown): Promise<PresentedRecord> {
    const kind = await this.kindFor(scope, kindCode, 'update');
    const input = asObject(body);
    const version = requireVersion(input.version);
    const currentRow = await repo.findRow(this.db.kysely, scope, kind, id);
    if (!currentRow) throw NotFound();
    const current = fromRow(kind, currentRow, this.cipher);
    if (current.version !== version) throw await this.staleVersion(current);

    const unit = input.orgId !== undefined ? await this.recordUnit(scope, kind, input.orgId) : await findOrg(this.db, current.orgId);
    if (!unit) throw NotFound('所属单位');
    const values = this.validatorFor(kind, await this.lists.lookupFor(unit.path))(input, 'patch', current);
    await this.checkReferences(scope, kind, values, unit, current);
    await this.checkProcedure(kind, { ...current, ...values }, Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== current[name])));

    const changes: Record<string, Cell> = {
      ...toRow(kind, values, this.cipher),
      org_id: unit.id,
      org_path: unit.path,
      updated_by: scope.actor.userId,
      updated_at: nowIso(),
    };
    const after = { ...current, ...values, version: version + 1 };
    await this.db.kysely.transaction().execute(async (trx) => {
      // Both towns' turns at once, in their fixed order, before the audit row or any summary row:
      // a record moved between two towns while another moves the other way cannot deadlock.
      const [from, to] = [await townOfRow(trx, currentRow), await townChainOf(trx, unit.path)];
      await takeWriteTurn(trx, [from, to]);
      await writeAudit(trx, scope.actor, {
        action: 'update',
        kind: kind.code,
        recordId: id,
        orgId: unit.id,
        before: masked(kind, current),
        after: masked(kind, after),
        town: to,
      });
      const written = await repo.updateRow(trx, scope, kind, id, version, changes);
      if (!written) throw await this.staleVersion(await this.reread(trx, scope, kind, current), trx);
      // Attachments are authorised by the record's current unit; their copy of it moves too.
      if (unit.id !== current.orgId) await trx.updateTable('attachment').set({ org_path: unit.path }).where('kind', '=', kind.code).where('record_id', '=', id).execute();
    });
    return this.get(scope, kind.code, id);
  }

  async remove(scope: Scope, kindCode: string, id: string, versionInput: unknown): Promise<void> {
    const kind = await this.kindFor(scope, kindCode, 'delete');
    const version = requireVersion(versionInput);
    const currentRow = await repo.findRow(this.db.kysely, scope, kind, id);
    if (!currentRow) throw NotFound();
    const current = fromRow(kind, currentRow, this.cipher);
    if (current.version !== version) throw await this.staleVersion(current);
    await this.db.kysely.transaction().execute(async (trx) => {
      await writeAudit(trx, scope.actor, {
        action: 'delete',
        kind: kind.code,
        recordId: id,
        orgId: current.orgId,
        before: masked(kind, current),
        town: await townOfRow(trx, currentRow),
      });
      const deleted = await repo.deleteRow(trx, scope, kind, id, version);
      if (!deleted) throw await this.staleVersion(await this.reread(trx, scope, kind, current), trx);
      await trx.deleteFrom('attachment').where('kind', '=', kind.code).where('record_id', '=', id).execute();
    });
  }

  /**
   * 查看原文: the full values of a record's sensitive fields, for a role granted 'reveal' on the
   * kind, with a stated reason. The audit row (field names and reason, never the values) is
   * written before anything is returned.
   */
  async reveal(scope: Scope, kindCode: string, id: string, body: unknown): Promise<RevealedValues> {
    const kind = await this.kindFor(scope, kindCode, 'reveal');
    const parsed = revealInput.safeParse(body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fieldError(issue?.path.map(String).join('.') ?? '', issue?.message ?? '输入有误');
    }
    const sensitive = kind.fields.filter((f) => f.sensitive).map((f) => f.name);
    if (!sensitive.length) throw fieldError('fields', `「${kind.label}」没有需要保护的个人信息字段`);
    const fields = [...new Set(parsed.data.fields ?? sensitive)];
    if (!fields.length) throw fieldError('fields', '请选择要查看原文的字段');
    const other = fields.find((name) => !sensitive.includes(name));
    if (other !== undefined) throw fieldError('fields', `“${other}”不是「${kind.label}」的个人信息字段`);

    return this.db.kysely.transaction().execute(async (trx) => {
      const row = await repo.findRow(trx, scope, kind, id);
      if (!row) throw NotFound();
      const record = fromRow(kind, row, this.cipher);
      await writeAudit(trx, scope.actor, {
        action: 'reveal',
        kind: kind.code,
        recordId: id,
        orgId: record.orgId,
        after: { fields, reason: parsed.data.reason },
        town: await townOfRow(trx, row),
      });
      return { id, values: Object.fromEntries(fields.map((name) => [name, record[name] ?? null])) };
    });
  }

  /** The record as another writer just left it (a race lost between our read and our write). */
  private async reread(executor: repo.Executor, scope: Scope, kind: KindDefinition, seen: LedgerRecord): Promise<LedgerRecord> {
    const row = await repo.findRow(executor, scope, kind, seen.id);
    return row ? fromRow(kind, row, this.cipher) : seen;
  }

  /** 409 naming who changed the record since the caller read it. */
  private async staleVersion(seen: LedgerRecord, executor: repo.Executor = this.db.kysely) {
    const user = await executor.selectFrom('app_user').select('display_name').where('id', '=', seen.updatedBy ?? '').executeTakeFirst();
    const name = user?.display_name ?? '其他用户';
    return Conflict(`该记录已被${name}于${formatBeijingTime(seen.updatedAt)}修改（当前版本 ${seen.version}），您的修改未保存，请刷新后重新编辑`, {
      currentVersion: seen.version,
      updatedBy: { id: seen.updatedBy, name },
      updatedAt: seen.updatedAt,
    });
  }

  /**
   * 422 when the values are not a state the kind's statutory procedure can reach (a step out of
   * order, a status whose step has no date), or when a step date written now lies after today.
   * `written` holds what this request changes: a step date already stored is not judged again.
   */
  private async checkProcedure(kind: KindDefinition, values: RecordValues, written: RecordValues) {
    const procedure = kind.procedure;
    if (!procedure) return;
    const labels = await this.lists.labels();
    const statusList = kind.fields.find((f) => f.name === procedure.statusField)?.list ?? '';
    const statusLabel = (code: string) => labels.get(`${statusList}\u0000${code}`) ?? code;
    const fieldOf = (name: string) => kind.fields.find((f) => f.name === name);
    const problems = procedureProblems(procedure, values, statusLabel);
    // The status's message names the step; the date it lacks is said again on the date's own field, where a form shows it.
    const status = procedure.statusField ? values[procedure.statusField] : undefined;
    if (typeof status === 'string') {
      for (const step of procedure.steps) {
        if (step.field === 'date' || !step.statuses?.includes(status) || values[step.field]) continue;
        problems.push({ field: step.field, message: stepDateMissing(fieldOf(step.field)?.label ?? step.field, statusLabel(status), step) });
      }
    }
    if (procedure.steps.some((s) => typeof written[s.field] === 'string')) problems.push(...futureStepProblems(procedure, kind.fields, written, await today(this.db)));
    if (problems.length) throw ProcedureRefused(problems);
  }

  /** The unit a record belongs to: it must exist, be in scope and be at a level the kind allows. */
  private async recordUnit(scope: Scope, kind: KindDefinition, orgId: unknown): Promise<OrgUnit> {
    if (orgId === undefined || orgId === null || orgId === '') throw fieldError('orgId', '请填写「所属单位」');
    if (typeof orgId !== 'string') throw fieldError('orgId', '「所属单位」应为单位编号');
    const unit = await findOrg(this.db, orgId);
    if (!unit || !covers(scope, unit.path)) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
    if (!kind.orgLevels.includes(unit.level)) {
      const allowed = kind.orgLevels.map((l) => ORG_LEVEL_LABELS[l]).join('、');
      throw fieldError('orgId', `「${kind.label}」只能登记在${allowed}一级，「${unit.name}」不符合`);
    }
    return unit;
  }

  /** People, units and linked records named in the values must exist and be reachable. */
  private async checkReferences(scope: Scope, kind: KindDefinition, values: RecordValues, unit: OrgUnit, current?: LedgerRecord) {
    const problems: FieldProblem[] = [];
    const unitChanged = current !== undefined && unit.id !== current.orgId;
    for (const f of kind.fields) {
      // Re-check org fields when the record moves to another unit, even if they were not sent.
      const value = f.name in values ? values[f.name] : unitChanged && (f.type === 'org' || f.type === 'orgs') ? current[f.name] : undefined;
      if (value === null || value === undefined) continue;
      const ids = Array.isArray(value) ? value : [String(value)];
      if (f.type === 'person') {
        const people = await this.db.kysely.selectFrom('person').select(['id', 'org_path']).where('id', 'in', ids).execute();
        if (people.length !== ids.length || !people.every((p) => onBranch(scope, p.org_path))) {
          problems.push({ field: f.name, message: `「${f.label}」所选人员不存在或不在您的管辖范围内` });
        }
      } else if (f.type === 'org' || f.type === 'orgs') {
        const units = await findOrgsByIds(this.db, ids);
        for (const oid of ids) {
          const u = units.get(oid);
          if (!u?.path.startsWith(unit.path)) {
            problems.push({ field: f.name, message: `「${f.label}」不属于「${unit.name}」` });
            break;
          }
          if (f.levels && !f.levels.includes(u.level)) {
            problems.push({ field: f.name, message: `「${f.label}」应选择${f.levels.map((l) => ORG_LEVEL_LABELS[l]).join('或')}，「${u.name}」不符合` });
            break;
          }
        }
      } else if (f.type === 'record' && f.kind) {
        const target = await this.kinds.resolve(scope, f.kind);
        const found = await repo.existingIds(this.db.kysely, scope, target, ids);
        if (found.size !== ids.length) problems.push({ field: f.name, message: `「${f.label}」所选的${target.label}记录不存在` });
      }
    }
    if (problems.length) throw ValidationError(problems);
  }

  /** Rows as the API shows them: sensitive fields masked, with the unit's name, its path below the town and the town. */
  async present(kind: KindDefinition, rows: Array<Record<string, Cell>>): Promise<PresentedRecord[]> {
    // One query for the units along every row's path, however many rows.
    const names = await unitNamesOf(this.db, rows.map((r) => String(r.org_path)));
    return rows.map((row) => {
      const record = masked(kind, fromRow(kind, row, this.cipher));
      const unit = names.get(String(row.org_path));
      const orgName = unit?.ownName ?? null;
      return { ...record, orgName, orgPathName: unit?.pathName ?? null, townName: unit?.townName ?? null };
    });
  }
}


function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fieldError('', '请求内容应为一个对象');
  return body as Record<string, unknown>;
}

function requireVersion(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw fieldError('version', '请提供记录的版本号（version），以免覆盖他人的修改');
  }
  return n;
}
