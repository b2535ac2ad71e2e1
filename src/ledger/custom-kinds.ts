/**
 * 自定义台账: a town defines its own ledger at run time — fields of the usual types — and it
 * becomes a kind like the built-in ones: a table, validation, the same endpoints and forms.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Conflict, Forbidden, ValidationError, fieldError } from '../core/errors.js';
import { UNITS, type KindIndicatorSpec } from '../indicators/definition.js';
import type { CustomKindIndicator } from '../shared/kinds.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { takeEveryTurn, writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import { syncLedgerTables } from '../db/ledger-tables.js';
import { forgetSummaryStates, rebuildSummaries, syncSummaries } from '../indicators/monthly/store.js';
import { findOrg } from '../org/repository.js';
import { covers, type Scope } from '../org/scope.js';
import { TOWN_AND_BELOW, VILLAGE_AND_BELOW } from '../org/levels.js';
import type { FieldDefinition } from './fields.js';
import { AREAS, type AreaCode, type KindDefinition } from './kind.js';
import type { ListCatalog } from './lists.js';
import { isCustom, type KindRegistry } from './registry.js';

const CUSTOM_FIELD_TYPES = ['text', 'textarea', 'integer', 'decimal', 'date', 'boolean', 'choice', 'person', 'org'] as const;

const fieldInput = z.object({
  label: z.string({ error: '请填写字段的「名称」' }).trim().min(1, { error: '请填写字段的「名称」' }).max(30, { error: '字段「名称」不能超过30个字' }),
  type: z.enum(CUSTOM_FIELD_TYPES, { error: '字段「类型」应为文字、长文字、整数、小数、日期、是否、选项、人员或村（社区）之一' }),
  required: z.boolean().optional(),
  /** choice: the items offered (a list is created for them, editable afterwards). */
  options: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
});

export const customKindInput = z.object({
  orgId: z.string({ error: '请填写「所属单位」' }),
  label: z.string({ error: '请填写「台账名称」' }).trim().min(2, { error: '「台账名称」至少2个字' }).max(30, { error: '「台账名称」不能超过30个字' }),
  area: z.enum(Object.keys(AREAS) as [AreaCode, ...AreaCode[]], { error: '「所属领域」不在可选范围内' }),
  description: z.string().trim().max(500, { error: '「说明」不能超过500个字' }).optional(),
  fields: z.array(fieldInput, { error: '请至少定义一个字段' }).min(1, { error: '请至少定义一个字段' }).max(40, { error: '字段不能超过40个' }),
});

export class CustomKindService {
  constructor(
    private readonly db: Db,
    private readonly kinds: KindRegistry,
    private readonly lists: ListCatalog,
  ) {}

  async define(scope: Scope, body: unknown): Promise<KindDefinition> {
    const parsed = customKindInput.safeParse(body);
    if (!parsed.success) {
      throw ValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    }
    const input = parsed.data;
    const owner = await findOrg(this.db, input.orgId);
    if (!owner || !covers(scope, owner.path)) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
    if (owner.level !== 'town' && owner.level !== 'county') throw fieldError('orgId', '自定义台账应由镇（乡、街道）或县级单位定义');
    const labels = new Set<string>();
    for (const [i, f] of input.fields.entries()) {
      if (labels.has(f.label)) throw fieldError(`fields.${i}.label`, `字段名称“${f.label}”重复`);
      labels.add(f.label);
      if (f.type === 'choice' && !f.options?.length) throw fieldError(`fields.${i}.options`, `选项字段“${f.label}”需要至少一个选项`);
    }

    const code = `x${randomBytes(5).toString('hex')}`;
    const lists = input.fields
      .map((f, i) => ({ f, name: `f${i + 1}` }))
      .filter(({ f }) => f.type === 'choice')
      .map(({ f, name }) => ({
        code: `${code}.${name}`,
        label: `${input.label}·${f.label}`,
        items: (f.options ?? []).map((label, j) => [`o${j + 1}`, label] as const),
      }));
    const fields: FieldDefinition[] = input.fields.map((f, i) => {
      const name = `f${i + 1}`;
      return {
        name,
        label: f.label,
        type: f.type,
        required: f.required ?? false,
        inList: i < 4,
        ...(f.type === 'choice' ? { list: `${code}.${name}` } : {}),
        ...(f.type === 'org' ? { levels: VILLAGE_AND_BELOW } : {}),
        ...(f.type === 'text' ? { maxLength: 200 } : f.type === 'textarea' ? { maxLength: 5000 } : {}),
        ...(f.type === 'integer' || f.type === 'decimal' ? { min: 0, max: 10_000_000 } : {}),
      };
    });
    const definition: KindDefinition = {
      code,
      label: input.label,
      area: input.area,
      description: input.description ?? `${owner.name}自定义的台账`,
      orgLevels: TOWN_AND_BELOW,
      fields,
      lists,
    };

    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('custom_kind')
        .values({ code, org_id: owner.id, org_path: owner.path, definition: JSON.stringify(definition), version: 1, created_by: scope.actor.userId, created_at: now, updated_at: now })
        .execute();
      for (const list of lists) {
        await trx.insertInto('list_def').values({ code: list.code, label: list.label, org_id: owner.id }).execute();
        await trx
          .insertInto('list_item')
          .values(list.items.map(([c, label], sort) => ({ id: newId(), list: list.code, code: c, label, org_id: owner.id, sort, active: 1 })))
          .execute();
      }
      await writeAudit(trx, scope.actor, { action: 'define_kind', kind: code, orgId: owner.id, after: definition });
    });
    await syncLedgerTables(this.db, [definition]);
    await syncSummaries(this.db, [definition]);
    this.kinds.invalidate();
    this.lists.invalidate();
    return definition;
  }

  /** A town's own count or sum over one of its custom kinds (addCustomIndicator). */
  addIndicator(scope: Scope, kindCode: string, body: unknown): Promise<CustomKindIndicator> {
    return addCustomIndicator(this.db, this.kinds, scope, kindCode, body);
  }
}

export const indicatorInput = z.object({
  label: z.string({ error: '请填写「指标名称」' }).trim().min(2, { error: '「指标名称」至少2个字' }).max(40, { error: '「指标名称」不能超过40个字' }),
  unit: z.enum(UNITS, { error: '「单位」不在可选范围内' }),
  measure: z.enum(['count', 'sum'], { error: '「计算方式」应为计数（count）或求和（sum）' }),
  /** sum: the number field added up. */
  field: z.string().max(20).optional(),
  /** Only records whose choice field has this option count. */
  where: z.array(z.object({ field: z.string().max(20), equals: z.union([z.string().max(60), z.boolean()]) })).max(5).optional(),
});

/** A town's own count or sum over one of its custom kinds; it joins the kind's definition. */
export async function addCustomIndicator(
  db: Db,
  kinds: KindRegistry,
  scope: Scope,
  kindCode: string,
  body: unknown,
): Promise<CustomKindIndicator> {
  const kind = await kinds.resolve(scope, kindCode);
  if (!isCustom(kind)) throw fieldError('kind', '此处只能为自定义台账添加指标；内置台账上的本镇指标请在「设置 → 自定义指标」中定义');
  if (!covers(scope, kind.ownerOrgPath)) throw Forbidden('只能为本单位定义的台账添加指标');
  const parsed = indicatorInput.safeParse(body);
  if (!parsed.success) throw ValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  const input = parsed.data;
  const fieldNamed = (name: string) => kind.fields.find((f) => f.name === name);
  if (input.measure === 'sum') {
    const f = input.field ? fieldNamed(input.field) : undefined;
    if (!f || (f.type !== 'integer' && f.type !== 'decimal')) throw fieldError('field', '求和指标须选择台账中的一个数字字段');
  }
  for (const [i, c] of (input.where ?? []).entries()) {
    const f = fieldNamed(c.field);
    if (!f || (f.type !== 'choice' && f.type !== 'boolean')) throw fieldError(`where.${i}.field`, '筛选条件须选择台账中的选项或是否字段');
  }
  const existing = kind.indicators ?? [];
  const spec = {
    code: `${kind.code}.i${existing.length + 1}`,
    label: input.label,
    unit: input.unit,
    measure: input.measure === 'sum' ? { op: 'sum', field: input.field ?? '' } : { op: 'count' },
    ...(input.where?.length ? { where: input.where } : {}),
  } satisfies KindIndicatorSpec & CustomKindIndicator;
  const { custom: _custom, ownerOrgId, ownerOrgPath: _path, definitionVersion, ...definition } = kind;
  const next: KindDefinition = { ...definition, indicators: [...existing, spec] };
  await db.kysely.transaction().execute(async (trx) => {
    // The rebuild below needs every writer's turn; taken first, before the audit row's, so this
    // transaction never holds one turn while waiting for writers that wait for it.
    await takeEveryTurn(trx);
    const result = await trx
      .updateTable('custom_kind')
      .set({ definition: JSON.stringify(next), version: definitionVersion + 1, updated_at: nowIso() })
      .where('code', '=', kind.code)
      .where('version', '=', definitionVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw Conflict('台账定义已被他人修改，请刷新后重试');
    await writeAudit(trx, scope.actor, { action: 'define_kind', kind: kind.code, orgId: ownerOrgId, before: kind.indicators ?? [], after: next.indicators });
    // The kind's monthly summary gains the new figure's column, counted over its records, with the definition.
    await rebuildSummaries(trx, [next]);
  });
  forgetSummaryStates(db.kysely);
  kinds.invalidate();
  return spec;
}
