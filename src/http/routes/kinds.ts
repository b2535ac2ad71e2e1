import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permissions } from '../../accounts/permissions.js';
import type { Role } from '../../accounts/roles.js';
import type { AppContext } from '../../context.js';
import { NotFound } from '../../core/errors.js';
import { AREAS, dateLabelOf, endDateLabelOf, titleLabelOf } from '../../ledger/kind.js';
import type { ListWithItems } from '../../ledger/lists.js';
import { isCustom, type AnyKind } from '../../ledger/registry.js';
import { ORG_LEVEL_LABELS } from '../../org/levels.js';
import { signedIn, signedInAs } from '../auth.js';
import { customKindIndicatorSchema, kindSchema, kindsResponseSchema, listItemSchema, optionListsSchema, type Kind } from '../../shared/kinds.js';
import { checkedByService } from '../openapi.js';
import { customKindInput, indicatorInput as customIndicatorInput } from '../../ledger/custom-kinds.js';

/** What the web UI renders forms and tables from: the definition, with list items inline. */
export function describeKind(kind: AnyKind, lists: Map<string, ListWithItems>, role: Role, permissions: Permissions): Kind {
  const options = (code?: string) => (code ? (lists.get(code)?.items ?? []).map((i) => ({ code: i.code, label: i.label, active: i.active })) : undefined);
  return {
    code: kind.code,
    label: kind.label,
    area: kind.area,
    areaLabel: AREAS[kind.area],
    description: kind.description,
    custom: isCustom(kind),
    orgLevels: kind.orgLevels.map((l) => ({ level: l, label: ORG_LEVEL_LABELS[l] })),
    titleLabel: titleLabelOf(kind),
    dateLabel: dateLabelOf(kind),
    dateRange: kind.dateRange ?? false,
    endDateLabel: kind.dateRange ? endDateLabelOf(kind) : undefined,
    tags: kind.tags ? { list: kind.tags, options: options(kind.tags) ?? [] } : undefined,
    fields: kind.fields.map((f) => ({ ...f, options: options(f.list) })),
    procedure: kind.procedure
      ? {
          statusField: kind.procedure.statusField,
          steps: kind.procedure.steps.map(({ check: _check, ...step }) => step),
          deadlines: kind.procedure.deadlines ?? [],
        }
      : undefined,
    indicators: (kind.indicators ?? []).map((i) => ({ code: i.code, label: i.label, unit: i.unit })),
    permissions: {
      read: permissions.may(role, 'read', kind),
      create: permissions.may(role, 'create', kind),
      update: permissions.may(role, 'update', kind),
      delete: permissions.may(role, 'delete', kind),
      reveal: permissions.may(role, 'reveal', kind),
    },
  };
}

export const kindRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const listIndex = async (scopePath: string) => new Map((await ctx.lists.visibleFrom(scopePath)).map((l) => [l.code, l]));

    app.get('/api/kinds', { schema: { tags: ['台账类型'], summary: '台账类型定义（字段、标签、选项、程序步骤）', response: { 200: kindsResponseSchema } } }, async (request) => {
      const session = signedIn(request);
      const lists = await listIndex(session.scope.orgPath);
      const kinds = await ctx.kinds.visible(session.scope);
      return {
        areas: Object.entries(AREAS).map(([code, label]) => ({ code, label })),
        items: kinds.filter((k) => ctx.permissions.may(session.user.role, 'read', k)).map((k) => describeKind(k, lists, session.user.role, ctx.permissions)),
      };
    });

    app.get(
      '/api/kinds/:kind',
      { schema: { tags: ['台账类型'], summary: '一个台账类型的定义', params: z.object({ kind: z.string().max(60) }), response: { 200: kindSchema } } },
      async (request) => {
        const session = signedIn(request);
        const kind = await ctx.ledger.requireAction(session.scope, request.params.kind, 'read');
        return describeKind(kind, await listIndex(session.scope.orgPath), session.user.role, ctx.permissions);
      },
    );

    app.post('/api/kinds', { schema: { tags: ['台账类型'], summary: '定义自定义台账', body: checkedByService(customKindInput, '自定义台账的定义：名称、领域、字段等'), response: { 201: kindSchema } } }, async (request, reply) => {
      const session = signedInAs(request, ['townOffice']);
      const definition = await ctx.customKinds.define(session.scope, request.body);
      const kind = await ctx.kinds.resolve(session.scope, definition.code);
      return reply.status(201).send(describeKind(kind, await listIndex(session.scope.orgPath), session.user.role, ctx.permissions));
    });

    app.post(
      '/api/kinds/:kind/indicators',
      {
        schema: {
          tags: ['指标'],
          summary: '为自定义台账添加指标（计数或求和，可按选项筛选）',
          params: z.object({ kind: z.string().max(60) }),
          body: checkedByService(customIndicatorInput, '指标的定义：名称、单位、计数或求和、筛选条件'),
          response: { 201: customKindIndicatorSchema },
        },
      },
      async (request, reply) => {
        const session = signedInAs(request, ['townOffice']);
        return reply.status(201).send(await ctx.customKinds.addIndicator(session.scope, request.params.kind, request.body));
      },
    );

    app.get('/api/lists', { schema: { tags: ['选项列表'], summary: '可编辑的选项与标签列表', response: { 200: optionListsSchema } } }, async (request) => {
      const session = signedIn(request);
      return { items: await ctx.lists.visibleFrom(session.scope.orgPath) };
    });

    /**
     * A list (and an item of it) outside the caller's branch — another town's custom kind — does
     * not exist for them: without this a town office, or the system administrator for everyone,
     * could add to or change another county's options.
     */
    const requireVisibleList = async (scopePath: string, listCode: string, itemId?: string) => {
      const list = (await ctx.lists.visibleFrom(scopePath)).find((l) => l.code === listCode);
      if (!list) throw NotFound('选项列表');
      if (itemId !== undefined && !list.items.some((i) => i.id === itemId)) throw NotFound('选项');
    };
    const itemBody = z.object({
      label: z.string({ error: '请填写「选项名称」' }).max(50, { error: '「选项名称」不能超过50个字' }).optional(),
      active: z.boolean({ error: '「启用」应为是或否' }).optional(),
    });

    app.post(
      '/api/lists/:list/items',
      {
        schema: {
          tags: ['选项列表'],
          summary: '新增选项（镇法治办：本镇可用；系统管理员：全体可用）',
          params: z.object({ list: z.string().max(80) }),
          body: z.object({ label: z.string({ error: '请填写「选项名称」' }) }),
          response: { 201: listItemSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        await requireVisibleList(session.scope.orgPath, request.params.list);
        return reply.status(201).send(await ctx.listEditor.addItem(session.scope, request.params.list, request.body));
      },
    );

    app.patch(
      '/api/lists/:list/items/:id',
      {
        schema: {
          tags: ['选项列表'],
          summary: '修改选项名称或停用选项（编码不变，已有记录不受影响）',
          params: z.object({ list: z.string().max(80), id: z.string().max(60) }),
          body: itemBody,
          response: { 200: listItemSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        await requireVisibleList(session.scope.orgPath, request.params.list, request.params.id);
        return ctx.listEditor.updateItem(session.scope, request.params.list, request.params.id, request.body);
      },
    );
  };
