/**
 * A town's (or county's) own indicators: counts, sums, distinct counts, ratios and year-on-year
 * changes over ANY kind, built-in or custom, defined at run time. They join the built-in ones
 * in the engine (IndicatorService.definitions): a county's are evaluated for its towns, a town's
 * for itself, and the units above it can see them. Every edit saves a new version; a report
 * approved with a version records it (Frozen.definitions), so editing never changes what an
 * approved report counted.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError, Conflict, NotFound, ValidationError, fieldError } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { writeAudit } from '../audit/audit.js';
import { ANNUAL_REPORT } from '../accounts/permissions.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connect.js';
import { isSqlite } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { isNumericType, type FieldDefinition } from '../ledger/fields.js';
import type { AnyKind } from '../ledger/registry.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import { covers, narrow, type Scope } from '../org/scope.js';
import { UNITS, isChange, isDerived, isRatio, isTotal, partsOf, type Condition, type Indicator, type Measure, type Unit } from './definition.js';
import { collectIndicators } from './registry.js';
import { UNIT_LIST } from './town-units.js';
import { filterInputSchema, type FilterInput, type OwnDefinition, type OwnIndicatorRow, type OwnIndicatorVersions } from '../shared/indicators.js';

/** One filter as the editor sends it; each maps to a condition of the engine (src/shared/indicators.ts: the UI sends it). */
const filterInput = filterInputSchema;
export type { FilterInput };

const definitionFields = {
  code: z
    .string()
    .trim()
    .max(60, { error: '「编码」不能超过60个字符' })
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, { error: '「编码」应为小写字母、数字和点组成，如 own.training_rate' })
    .optional(),
  label: z.string({ error: '请填写「指标名称」' }).trim().min(2, { error: '「指标名称」至少2个字' }).max(40, { error: '「指标名称」不能超过40个字' }),
  unit: z.string().trim().min(1, { error: '请选择「单位」' }).max(6, { error: '「单位」不能超过6个字' }).optional(),
  precision: z.union([z.literal(0), z.literal(1), z.literal(2)], { error: '「小数位数」应为0、1或2' }).optional(),
  aliases: z.array(z.string().trim().min(2, { error: '「别称」每个至少2个字' }).max(30, { error: '「别称」每个不能超过30个字' })).max(20, { error: '「别称」不能超过20个' }).optional(),
  description: z.string().trim().max(300, { error: '「说明」不能超过300个字' }).optional(),
  measure: z.enum(['count', 'sum', 'distinct', 'ratio', 'change'], { error: '「计算方式」应为计数、求和、去重计数、比率或同比之一' }),
  kind: z.string().max(60).optional(),
  field: z.string().max(40).optional(),
  filters: z.array(filterInput).max(10, { error: '筛选条件不能超过10个' }).optional(),
  period: z.enum(['dated', 'active'], { error: '「期间」应为期间内发生（dated）或期间内存续（active）' }).optional(),
  dateField: z.string().max(40).optional(),
  numerator: z.string().max(80).optional(),
  denominator: z.string().max(80).optional(),
  /** ratio: a percentage (default) or the plain quotient. */
  percent: z.boolean().optional(),
  of: z.string().max(80).optional(),
  as: z.enum(['absolute', 'percent'], { error: '「同比方式」应为增减数（absolute）或增减百分比（percent）' }).optional(),
};
export const townIndicatorInput = z.object({ orgId: z.string({ error: '请填写「所属单位」' }).max(60), ...definitionFields });
export const townIndicatorUpdate = z.object({ version: z.number({ error: '请提供「版本」' }).int(), ...definitionFields });

/** What is stored: the editor's input (without owner and version), so the form reopens as it was saved (src/shared/indicators.ts: the API answers it). */
export type StoredDefinition = OwnDefinition;

/** A current definition with its owner, as listed and answered. */
export type TownIndicatorRow = OwnIndicatorRow;

const parsed = <T>(schema: z.ZodType<T>, body: unknown): T => {
  const result = schema.safeParse(body);
  if (!result.success) throw ValidationError(result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  return result.data;
};

/** The engine's form of a stored definition; `area` follows the kind (or the numerator's). */
export function toIndicator(d: StoredDefinition, owner: { orgId: string; version: number }, kinds: readonly AnyKind[], areaOf: (code: string) => string | undefined): Indicator | undefined {
  const common = {
    code: d.code,
    label: d.label,
    ...(d.description ? { description: d.description } : {}),
    ...(d.aliases?.length ? { aliases: d.aliases } : {}),
    ...(d.precision !== undefined ? { precision: d.precision } : {}),
    ownerOrgId: owner.orgId,
    version: owner.version,
  };
  if (d.measure === 'ratio') {
    const unit = (d.percent === false ? (d.unit ?? '个') : '%') as Unit;
    return { ...common, unit, ratio: { numerator: d.numerator ?? '', denominator: d.denominator ?? '' }, area: areaOf(d.numerator ?? '') ?? 'report' };
  }
  if (d.measure === 'change') {
    const unit = (d.as === 'percent' ? '%' : (d.unit ?? '个')) as Unit;
    return { ...common, unit, change: { of: d.of ?? '', as: d.as ?? 'absolute' }, area: areaOf(d.of ?? '') ?? 'report' };
  }
  const kind = kinds.find((k) => k.code === d.kind);
  if (!kind) return undefined;
  const field = kind.fields.find((f) => f.name === d.field);
  const measure: Measure =
    d.measure === 'count'
      ? { op: 'count' }
      : d.measure === 'sum'
        ? { op: 'sum', field: d.field ?? '' }
        : field?.type === 'multiChoice' || field?.type === 'orgs'
          ? { op: 'distinctItems', field: d.field ?? '' }
          : { op: 'distinct', field: d.field ?? '' };
  const where = (d.filters ?? []).map((f) => toCondition(f, kind));
  return {
    ...common,
    unit: (d.unit ?? '个') as Unit,
    kind: kind.code,
    area: kind.area,
    measure,
    ...(where.length ? { where } : {}),
    ...(d.period ? { period: d.period } : {}),
    ...(d.dateField && d.dateField !== 'date' ? { dateField: d.dateField } : {}),
  };
}

function toCondition(f: FilterInput, kind: AnyKind): Condition {
  if (f.op === 'is') return { field: f.field, equals: f.value };
  if (f.op === 'contains') return { field: f.field, mentions: f.words };
  if (f.op === 'between') return { field: f.field, range: { ...(f.from !== undefined ? { from: f.from } : {}), ...(f.to !== undefined ? { to: f.to } : {}) } };
  const field = kind.fields.find((x) => x.name === f.field);
  return field?.type === 'multiChoice' ? { field: f.field, has: f.values[0] ?? '' } : { field: f.field, in: f.values };
}

/** Fields every record has besides the kind's own. */
const COMMON_FIELDS: FieldDefinition[] = [
  { name: 'date', label: '日期', type: 'date' },
  { name: 'endDate', label: '结束日期', type: 'date' },
  { name: 'title', label: '标题', type: 'text' },
  { name: 'notes', label: '备注', type: 'textarea' },
  { name: 'tags', label: '标签', type: 'multiChoice' },
] as FieldDefinition[];

const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The current definitions, read once and kept until one is written (like the custom kinds).
 * Visible from a unit: those of units above it (a county's for its towns), its own, and those below.
 */
export class TownIndicatorStore {
  private rows: Promise<TownIndicatorRow[]> | undefined;
  constructor(private readonly db: Db) {}

  invalidate() {
    this.rows = undefined;
  }

  all(): Promise<TownIndicatorRow[]> {
    this.rows ??= this.db.kysely
      .selectFrom('town_indicator')
      .leftJoin('org_unit', 'org_unit.id', 'town_indicator.org_id')
      .select(['town_indicator.code', 'town_indicator.org_id', 'town_indicator.org_path', 'town_indicator.version', 'town_indicator.definition', 'town_indicator.updated_at', 'org_unit.name'])
      .where('town_indicator.retired', '=', 0)
      .orderBy('town_indicator.created_at')
      .orderBy('town_indicator.code')
      .execute()
      .then((rows) =>
        rows.map((r) => ({
          code: r.code,
          orgId: r.org_id,
          orgPath: r.org_path,
          orgName: r.name ?? undefined,
          version: r.version,
          definition: JSON.parse(r.definition) as StoredDefinition,
          updatedAt: r.updated_at,
        })),
      );
    return this.rows;
  }

  async visibleFrom(path: string): Promise<TownIndicatorRow[]> {
    return (await this.all()).filter((r) => path.startsWith(r.orgPath) || r.orgPath.startsWith(path));
  }

  /** Those that apply when evaluating in a unit: its own and its ancestors' (a sibling town's are not offered). */
  async offeredTo(path: string): Promise<TownIndicatorRow[]> {
    return (await this.all()).filter((r) => path.startsWith(r.orgPath));
  }
}

/** Defining, editing and retiring a unit's own indicators, with validation and audit. */
export class TownIndicatorService {
  constructor(private readonly ctx: AppContext) {}

  private get store() {
    return this.ctx.indicators.own;
  }

  /** Who may define a unit's figures: whoever may edit its report template (the office; a county role granted it). */
  private requireDefine(scope: Scope) {
    this.ctx.permissions.require(scope.actor.role, 'update', { ...ANNUAL_REPORT, label: '年度报告指标' });
  }

  private requireRead(scope: Scope) {
    this.ctx.permissions.require(scope.actor.role, 'read', { ...ANNUAL_REPORT, label: '年度报告指标' });
  }

  /** The definitions the caller may see, less those counting a kind their role may not read (or resting on such). */
  async list(scope: Scope): Promise<TownIndicatorRow[]> {
    this.requireRead(scope);
    const readable = new Set((await this.ctx.indicators.definitions(scope)).indicators.flatMap((i) => (i.ownerOrgId ? [`${i.ownerOrgId}\u0000${i.code}`] : [])));
    return (await this.store.visibleFrom(scope.orgPath)).filter((r) => readable.has(`${r.orgId}\u0000${r.code}`));
  }

  /** Every saved version of one definition, newest first, with the approved reports that use each. */
  async versions(scope: Scope, code: string, orgId?: string): Promise<OwnIndicatorVersions> {
    this.requireRead(scope);
    const row = await this.row(scope, code, orgId, 'any');
    const versions = await this.ctx.db.kysely
      .selectFrom('town_indicator_version')
      .selectAll()
      .where('org_id', '=', row.org_id)
      .where('code', '=', code)
      .orderBy('version', 'desc')
      .execute();
    // The reports that can have used it: the owner's and its towns' (a sibling's code of the same name is another figure).
    const reports = await this.ctx.db.kysely
      .selectFrom('annual_report')
      .select(['org_id', 'year', 'status', 'frozen'])
      .where('status', 'in', ['approved', 'published'])
      .where('org_path', 'like', `${row.org_path}%`)
      .where('frozen', 'like', `%${JSON.stringify(code)}%`)
      .execute();
    const usedBy = (version: number) =>
      reports
        .filter((r) => {
          const frozen = (JSON.parse(r.frozen ?? '{}') as { definitions?: Record<string, { version: number; ownerOrgId?: string }> }).definitions?.[code];
          return frozen?.version === version && (frozen.ownerOrgId ?? row.org_id) === row.org_id;
        })
        .map((r) => ({ orgId: r.org_id, year: r.year, status: r.status }));
    return {
      code,
      orgId: row.org_id,
      current: row.version,
      retired: row.retired === 1,
      versions: versions.map((v) => ({ version: v.version, definition: JSON.parse(v.definition) as StoredDefinition, createdAt: v.created_at, usedBy: usedBy(v.version) })),
    };
  }

  async define(scope: Scope, body: unknown): Promise<TownIndicatorRow> {
    this.requireDefine(scope);
    const input = parsed(townIndicatorInput, body);
    const owner = await findOrg(this.ctx.db, input.orgId);
    if (!owner || !covers(scope, owner.path)) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
    if (owner.level !== 'town' && owner.level !== 'county') throw fieldError('orgId', '指标应由镇（乡、街道）或县级单位定义');
    const { orgId: _orgId, ...rest } = input;
    const code = rest.code ?? `own.${randomBytes(4).toString('hex')}`;
    const definition = await this.validate(scope, owner, { ...rest, code });
    const now = nowIso();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      // Checked and inserted under a lock on the code: of two units on one branch saving it at once, one
      // wins; and on the codes it rests on, so a part retired meanwhile is not left behind a ratio.
      const parts = [definition.numerator, definition.denominator, definition.of].filter((c): c is string => !!c);
      for (const locked of [...new Set([code, ...parts])].sort()) await lockCode(trx, locked);
      const clash = await codeTakenOnBranch(trx, code, owner.path);
      if (clash) throw fieldError('code', `「编码」${code} 已被${clash.id === owner.id ? '本单位' : `“${clash.name}”`}的指标使用，请另取编码`);
      for (const part of parts) {
        const rows = (await trx.selectFrom('town_indicator').select(['org_path', 'retired']).where('code', '=', part).execute()).filter((r) => owner.path.startsWith(r.org_path));
        if (rows.length && rows.every((r) => r.retired === 1)) throw fieldError(part === definition.of ? 'of' : part === definition.numerator ? 'numerator' : 'denominator', `指标“${part}”已停用，不能引用`);
      }
      const json = JSON.stringify(definition);
      await trx.insertInto('town_indicator').values({ code, org_id: owner.id, org_path: owner.path, version: 1, definition: json, retired: 0, created_by: scope.actor.userId, created_at: now, updated_at: now }).execute();
      await trx.insertInto('town_indicator_version').values({ org_id: owner.id, code, version: 1, definition: json, created_by: scope.actor.userId, created_at: now }).execute();
      await writeAudit(trx, scope.actor, { action: 'create', kind: 'townIndicator', recordId: code, orgId: owner.id, after: definition });
    });
    this.store.invalidate();
    return { code, orgId: owner.id, orgPath: owner.path, orgName: owner.name, version: 1, definition, updatedAt: now };
  }

  /** A new version; the old one stays, and reports approved with it keep it. Refused when a definition using it would no longer hold. */
  async update(scope: Scope, code: string, body: unknown, orgId?: string): Promise<TownIndicatorRow> {
    this.requireDefine(scope);
    const row = await this.row(scope, code, orgId, 'current');
    const input = parsed(townIndicatorUpdate, body);
    const { version, ...rest } = input;
    if (rest.code !== undefined && rest.code !== code) throw fieldError('code', '「编码」不能修改；如需新编码请另建指标');
    const owner = (await findOrg(this.ctx.db, row.org_id)) as OrgUnit;
    const definition = await this.validate(scope, owner, { ...rest, code });
    await this.checkDependents(scope, owner, definition);
    const before = JSON.parse(row.definition) as StoredDefinition;
    const now = nowIso();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const json = JSON.stringify(definition);
      const result = await trx
        .updateTable('town_indicator')
        .set({ definition: json, version: version + 1, updated_at: now })
        .where('org_id', '=', owner.id)
        .where('code', '=', code)
        .where('version', '=', version)
        .where('retired', '=', 0)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw Conflict('指标定义已被他人修改，请刷新后重试');
      await trx.insertInto('town_indicator_version').values({ org_id: owner.id, code, version: version + 1, definition: json, created_by: scope.actor.userId, created_at: now }).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'townIndicator', recordId: code, orgId: owner.id, before, after: { ...definition, version: version + 1 } });
    });
    this.store.invalidate();
    return { code, orgId: owner.id, orgPath: owner.path, orgName: owner.name, version: version + 1, definition, updatedAt: now };
  }

  /** Retired, not deleted: its versions stay for the reports approved with it. Refused while another definition uses it. */
  async retire(scope: Scope, code: string, orgId?: string): Promise<void> {
    this.requireDefine(scope);
    const row = await this.row(scope, code, orgId, 'current');
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      // Under the code's lock, which a definition resting on it takes too: none is saved meanwhile.
      await lockCode(trx, code);
      const users = (await trx.selectFrom('town_indicator').select(['code', 'definition']).where('retired', '=', 0).where('org_path', 'like', `${row.org_path}%`).execute())
        .map((r) => ({ code: r.code, definition: JSON.parse(r.definition) as StoredDefinition }))
        .filter((r) => r.code !== code && [r.definition.numerator, r.definition.denominator, r.definition.of].includes(code));
      if (users.length) throw new AppError(409, 'in_use', `指标“${row.code}”被“${users.map((u) => u.definition.label).join('、')}”引用，不能停用`, 'code');
      await trx.updateTable('town_indicator').set({ retired: 1, updated_at: nowIso() }).where('org_id', '=', row.org_id).where('code', '=', code).execute();
      await writeAudit(trx, scope.actor, { action: 'delete', kind: 'townIndicator', recordId: code, orgId: row.org_id, before: JSON.parse(row.definition) });
    });
    this.store.invalidate();
  }

  /**
   * The stored row of a code, only for a unit in the caller's subtree (a county's is its own to edit,
   * not its towns'). Codes are unique along a branch, not across it: where two towns in a county
   * user's subtree use one, the caller names the owner (orgId). `current` leaves out retired ones.
   */
  private async row(scope: Scope, code: string, orgId: string | undefined, which: 'current' | 'any') {
    const rows = (
      await this.ctx.db.kysely
        .selectFrom('town_indicator')
        .leftJoin('org_unit', 'org_unit.id', 'town_indicator.org_id')
        .selectAll('town_indicator')
        .select('org_unit.name as org_name')
        .where('town_indicator.code', '=', code)
        .$if(orgId !== undefined, (qb) => qb.where('town_indicator.org_id', '=', orgId as string))
        .orderBy('town_indicator.org_path')
        .execute()
    ).filter((r) => covers(scope, r.org_path) && (which === 'any' || r.retired === 0));
    const [row, ...others] = rows;
    if (!row) throw NotFound(`指标“${code}”`);
    if (others.length) {
      const names = rows.map((r) => r.org_name ?? r.org_id).join('、');
      throw new AppError(422, 'ambiguous_owner', `编码为“${code}”的指标有多个单位在用：${names}，请指明「所属单位」`, 'orgId');
    }
    return row;
  }

  /** The current definitions that use `code` as defined by the unit at `ownerPath`: its own and its towns' (theirs resolve codes upwards). */
  private async dependents(ownerPath: string, code: string): Promise<TownIndicatorRow[]> {
    return (await this.store.all()).filter((r) => r.code !== code && r.orgPath.startsWith(ownerPath) && [r.definition.numerator, r.definition.denominator, r.definition.of].includes(code));
  }

  /**
   * An edit must leave every ratio and change resting on the definition valid, as if each were
   * created again: no ratio of a ratio, no change of a change, and units that still agree.
   */
  private async checkDependents(scope: Scope, owner: OrgUnit, edited: StoredDefinition): Promise<void> {
    const users = await this.dependents(owner.path, edited.code);
    if (!users.length) return;
    const builtIn = collectIndicators(await this.ctx.kinds.visible(ownerScope(scope, owner)));
    const problems: Array<{ about: 'measure' | 'unit'; text: string }> = [];
    for (const user of users) {
      const known = await this.knownTo(user.orgPath, builtIn, user.code);
      // Only what this edit breaks: a definition saved before these rules may already be at fault.
      const already = new Set(derivedProblems(user.definition, known).map((p) => p.at));
      known.set(edited.code, shapeOfStored(edited));
      for (const p of derivedProblems(user.definition, known)) if (!already.has(p.at)) problems.push({ about: p.about, text: `“${user.definition.label}”（${user.code}）：${p.message}` });
    }
    if (!problems.length) return;
    const field = problems.some((p) => p.about === 'measure') ? 'measure' : 'unit';
    throw fieldError(field, `本指标被其他指标引用，这样修改后它们将不成立：${problems.map((p) => p.text).join('；')}`);
  }

  /** The indicators a definition of the unit at `path` may name: the built-in ones, its own and its ancestors' (but `self`). */
  private async knownTo(path: string, builtIn: readonly Indicator[], self: string): Promise<Map<string, Shape>> {
    const mine = (await this.store.offeredTo(path)).filter((r) => r.code !== self);
    return new Map<string, Shape>([...builtIn.map((i) => [i.code, shapeOfIndicator(i)] as const), ...mine.map((r) => [r.code, shapeOfStored(r.definition)] as const)]);
  }

  /** Everything a definition names must exist where its owner evaluates it, with the right types. Answers the definition as stored. */
  private async validate(scope: Scope, owner: OrgUnit, d: StoredDefinition): Promise<StoredDefinition> {
    const kinds = await this.ctx.kinds.visible(ownerScope(scope, owner));
    const builtIn = collectIndicators(kinds);
    if (builtIn.some((i) => i.code === d.code)) throw fieldError('code', `「编码」${d.code} 与系统指标重复`);
    const others = (await this.store.offeredTo(owner.path)).filter((r) => r.code !== d.code);
    const known = await this.knownTo(owner.path, builtIn, d.code);

    const units = await this.unitWords(owner.path);
    if (d.measure === 'ratio' || d.measure === 'change') {
      const refs = d.measure === 'ratio' ? (['numerator', 'denominator'] as const) : (['of'] as const);
      for (const name of refs) {
        const ref = d[name];
        if (!ref) throw fieldError(name, name === 'of' ? '请选择「同比的指标」' : name === 'numerator' ? '请选择「分子」指标' : '请选择「分母」指标');
        if (ref === d.code) throw fieldError(name, '指标不能引用自身');
        if (!known.has(ref)) throw fieldError(name, `指标“${ref}”不存在`);
      }
      if (d.kind || d.field || d.filters?.length) throw fieldError('measure', '比率和同比指标由其他指标算出，不能再选台账、字段或筛选条件');
      // An absolute change counts what it compares: it takes that figure's unit.
      const compared = d.measure === 'change' && d.as !== 'percent' ? known.get(d.of ?? '') : undefined;
      const stored: StoredDefinition = compared && d.unit === undefined ? { ...d, unit: compared.unit } : d;
      const [problem] = derivedProblems(stored, known);
      if (problem) throw fieldError(problem.at, problem.message);
      if (cycle(stored, others.map((r) => r.definition))) throw fieldError(refs[0], '指标之间不能循环引用');
      if (stored.measure === 'ratio' && stored.percent === false) this.checkUnit(stored.unit, units);
      return stored;
    }
    if (d.numerator || d.denominator || d.of) throw fieldError('measure', '计数、求和、去重计数指标不能填写分子、分母或同比的指标');
    if (!d.kind) throw fieldError('kind', '请选择「台账」');
    const kind = kinds.find((k) => k.code === d.kind);
    if (!kind || !this.ctx.permissions.may(scope.actor.role, 'read', kind)) throw fieldError('kind', `台账“${d.kind}”不存在或您无权查看`);
    this.checkUnit(d.unit, units);
    if (d.precision !== undefined) throw fieldError('precision', '「小数位数」只适用于百分比');
    const fields = [...COMMON_FIELDS, ...kind.fields];
    const fieldNamed = (name: string, at: string) => {
      const f = fields.find((x) => x.name === name);
      if (!f) throw fieldError(at, `台账「${kind.label}」没有字段“${name}”`);
      // Sensitive fields are stored encrypted: a figure over them would count ciphertext, and a
      // filter on their words would be a search around the reveal permission.
      if (f.sensitive) throw fieldError(at, `「${f.label}」是敏感个人信息字段，不能用于指标`);
      return f;
    };
    if (d.measure === 'sum') {
      const f = fieldNamed(d.field ?? '', 'field');
      if (!isNumericType(f.type)) throw fieldError('field', `求和须选择数字字段；「${f.label}」不是数字字段`);
    } else if (d.measure === 'distinct') {
      const f = fieldNamed(d.field ?? '', 'field');
      if (f.type === 'textarea') throw fieldError('field', `去重计数不能按长文字字段「${f.label}」`);
    } else if (d.field) throw fieldError('field', '计数指标不需要选择字段');
    if (d.dateField !== undefined) {
      const f = fieldNamed(d.dateField, 'dateField');
      if (f.type !== 'date') throw fieldError('dateField', `「${f.label}」不是日期字段，不能按它计入期间`);
    }
    const lookup = await this.ctx.lists.lookupFor(owner.path);
    for (const [n, filter] of (d.filters ?? []).entries()) {
      const at = `filters.${n}`;
      const f = fieldNamed(filter.field, `${at}.field`);
      const wrong = (what: string) => fieldError(`${at}.op`, `「${f.label}」是${TYPE_LABELS[f.type] ?? f.type}字段，不能按${what}筛选`);
      if (filter.op === 'in') {
        if (f.type !== 'choice' && f.type !== 'multiChoice') throw wrong('选项');
        if (f.type === 'multiChoice' && filter.values.length > 1) throw fieldError(`${at}.values`, `多选字段「${f.label}」一次只能筛选一个选项`);
        // Tags are checked where they are written; a choice field's options here, from the owner's view of its list.
        const list = f.name === 'tags' ? undefined : f.list;
        for (const v of filter.values) if (list && !lookup.has(list, v)) throw fieldError(`${at}.values`, `「${f.label}」没有选项“${v}”`);
      } else if (filter.op === 'is') {
        if (f.type !== 'boolean') throw wrong('是否');
      } else if (filter.op === 'contains') {
        if (f.type !== 'text' && f.type !== 'textarea') throw wrong('包含文字');
      } else {
        if (filter.from === undefined && filter.to === undefined) throw fieldError(`${at}.from`, `「${f.label}」的范围至少填写起点或终点`);
        if (f.type === 'date') {
          for (const side of ['from', 'to'] as const) if (filter[side] !== undefined && !isDay(filter[side])) throw fieldError(`${at}.${side}`, `「${f.label}」的范围应为日期（如 2025-01-01）`);
        } else if (isNumericType(f.type)) {
          for (const side of ['from', 'to'] as const) if (filter[side] !== undefined && typeof filter[side] !== 'number') throw fieldError(`${at}.${side}`, `「${f.label}」的范围应为数字`);
        } else throw wrong('范围');
        if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) throw fieldError(`${at}.to`, `「${f.label}」范围的终点不能小于起点`);
      }
    }
    return d;
  }

  private checkUnit(unit: string | undefined, words: Set<string>) {
    if (!unit) throw fieldError('unit', '请选择「单位」');
    if (!words.has(unit)) throw fieldError('unit', `「单位」“${unit}”不在单位词表中；可先在词表中添加`);
  }

  /** The unit words a unit may use: the built-in ones and the editable list as seen from the unit. */
  async unitWords(path: string): Promise<Set<string>> {
    const list = (await this.ctx.lists.visibleFrom(path)).find((l) => l.code === UNIT_LIST);
    // Shared words, and those added by the unit itself or a unit above it (a path names its ancestors' ids).
    const ownOrAbove = (list?.items ?? []).filter((i) => i.active && (i.orgId === null || path.includes(`/${i.orgId}/`)));
    return new Set<string>([...UNITS.filter((u) => u !== '%'), ...ownOrAbove.map((i) => i.label)]);
  }
}

/** The caller's scope narrowed to a definition's owner: what the owner sees is what its definitions may name. */
function ownerScope(scope: Scope, owner: OrgUnit): Scope {
  const under = narrow(scope, owner);
  if (!under) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
  return under;
}

const TYPE_LABELS: Partial<Record<FieldDefinition['type'], string>> = {
  text: '文字',
  textarea: '长文字',
  url: '网址',
  integer: '整数',
  decimal: '小数',
  money: '金额',
  date: '日期',
  boolean: '是否',
  choice: '选项',
  multiChoice: '多选',
  person: '人员',
  org: '村（社区）',
  orgs: '多个村（社区）',
  record: '关联记录',
};

/** Does the definition, among the others, reach itself through ratios and changes? */
function cycle(d: StoredDefinition, others: StoredDefinition[]): boolean {
  const byCode = new Map([...others.map((o) => [o.code, o] as const), [d.code, d]]);
  const refs = (x: StoredDefinition) => [x.numerator, x.denominator, x.of].filter((c): c is string => !!c);
  const seen = new Set<string>();
  const stack = [...refs(d)];
  while (stack.length) {
    const c = stack.pop() as string;
    if (c === d.code) return true;
    if (seen.has(c)) continue;
    seen.add(c);
    const next = byCode.get(c);
    if (next) stack.push(...refs(next));
  }
  return false;
}

/** What a ratio or change needs to know of a figure it names. */
interface Shape {
  label: string;
  unit: string;
  derived?: 'ratio' | 'change' | 'total';
}

const shapeOfIndicator = (i: Indicator): Shape => ({ label: i.label, unit: i.unit, ...(isRatio(i) ? { derived: 'ratio' } : isChange(i) ? { derived: 'change' } : isTotal(i) ? { derived: 'total' } : {}) });

/** As toIndicator would make it: a ratio is a percentage unless said otherwise, a percent change is in %. */
function shapeOfStored(d: StoredDefinition): Shape {
  if (d.measure === 'ratio') return { label: d.label, unit: d.percent === false ? (d.unit ?? '个') : '%', derived: 'ratio' };
  if (d.measure === 'change') return { label: d.label, unit: d.as === 'percent' ? '%' : (d.unit ?? '个'), derived: 'change' };
  return { label: d.label, unit: d.unit ?? '个' };
}

/**
 * What would make a ratio or change meaningless, given the figures it names: a change of a change
 * (last year's value is counted from records once), a ratio over a ratio or a percentage, a
 * percentage of two figures counted in different units, an absolute change not in the unit of what
 * it compares. Checked on creation and, for the ratios and changes using it, when a figure is edited.
 */
function derivedProblems(d: StoredDefinition, known: ReadonlyMap<string, Shape>): Array<{ at: string; about: 'measure' | 'unit'; message: string }> {
  const out: Array<{ at: string; about: 'measure' | 'unit'; message: string }> = [];
  if (d.measure === 'change') {
    const of = known.get(d.of ?? '');
    if (!of) return out;
    if (of.derived === 'change') out.push({ at: 'of', about: 'measure', message: `不能对同比指标“${of.label}”再求同比` });
    else if (d.as !== 'percent' && d.unit !== of.unit) out.push({ at: 'unit', about: 'unit', message: `同比增减数的「单位」应与“${of.label}”相同（${of.unit}），不能是“${d.unit ?? ''}”` });
    return out;
  }
  if (d.measure !== 'ratio') return out;
  const sides = [['numerator', '分子'], ['denominator', '分母']] as const;
  for (const [at, name] of sides) {
    const part = known.get(d[at] ?? '');
    if (part && (part.derived === 'ratio' || part.unit === '%')) out.push({ at, about: 'measure', message: `比率的${name}不能是比率或百分比（“${part.label}”）` });
  }
  const numerator = known.get(d.numerator ?? '');
  const denominator = known.get(d.denominator ?? '');
  if (!out.length && d.percent !== false && numerator && denominator && numerator.unit !== denominator.unit) {
    out.push({ at: 'denominator', about: 'unit', message: `百分比的分子“${numerator.label}”（${numerator.unit}）与分母“${denominator.label}”（${denominator.unit}）单位不同` });
  }
  return out;
}

/** 'fazi': the first key of the advisory lock taken while a code is checked and saved. */
const CODE_LOCK = 0x66617a69;

/** On PostgreSQL, one save of a code at a time in this schema; SQLite runs one transaction at a time anyway. */
async function lockCode(trx: Transaction<Database>, code: string): Promise<void> {
  if (isSqlite(trx)) return;
  await sql`select pg_advisory_xact_lock(${sql.lit(CODE_LOCK)}, hashtext(current_schema() || ${`:${code}`}))`.execute(trx);
}

/**
 * A unit already using `code` on the branch of the unit at `path`: above it (whose definitions it
 * uses) or below it (which use its definitions). Retired ones count: their versions keep the code.
 * A sibling town's does not: the two never meet.
 */
async function codeTakenOnBranch(trx: Transaction<Database>, code: string, path: string): Promise<{ id: string; name: string } | undefined> {
  const rows = await trx
    .selectFrom('town_indicator')
    .leftJoin('org_unit', 'org_unit.id', 'town_indicator.org_id')
    .select(['town_indicator.org_id', 'town_indicator.org_path', 'org_unit.name'])
    .where('town_indicator.code', '=', code)
    .execute();
  const clash = rows.find((r) => path.startsWith(r.org_path) || r.org_path.startsWith(path));
  return clash && { id: clash.org_id, name: clash.name ?? clash.org_id };
}

/** The engine's indicators for a set of stored rows; ones naming a kind or indicator not available are dropped. */
export function indicatorsOf(rows: readonly TownIndicatorRow[], kinds: readonly AnyKind[], builtIn: readonly Indicator[]): Indicator[] {
  const areas = new Map(builtIn.map((i) => [i.code, i.area]));
  const out: Indicator[] = [];
  for (const r of rows) {
    const i = toIndicator(r.definition, { orgId: r.orgId, version: r.version }, kinds, (c) => areas.get(c));
    if (!i || builtIn.some((b) => b.code === i.code)) continue;
    out.push(i);
    areas.set(i.code, i.area);
  }
  return out;
}

/** The town-defined indicators a set of codes rests on (themselves and, through ratios and changes, their parts). */
export function ownDefinitionsBehind(all: readonly Indicator[], codes: Iterable<string>): Record<string, { version: number; ownerOrgId: string; indicator: Indicator }> {
  const byCode = new Map(all.map((i) => [i.code, i]));
  const out: Record<string, { version: number; ownerOrgId: string; indicator: Indicator }> = {};
  const visit = (code: string) => {
    const i = byCode.get(code);
    if (!i || out[code]) return;
    if (i.ownerOrgId && i.version !== undefined) out[code] = { version: i.version, ownerOrgId: i.ownerOrgId, indicator: i };
    if (isDerived(i)) partsOf(i).forEach(visit);
  };
  for (const c of codes) visit(c);
  return out;
}
