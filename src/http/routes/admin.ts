/**
 * The three separated administrators (三员分立): the system administrator manages users and the
 * org tree, the security administrator roles, permissions and unlocks; neither sees business data.
 * (The audit administrator's routes are in audit.ts.) No administrator alone obtains a working
 * business credential: an account the system administrator makes works after the security
 * administrator's grant, and a one-time password goes to the user's mailbox or to the security
 * administrator, never to the system administrator. Who may call each route is checked here; the
 * rules on accounts and units are in the accounts and org services.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../pagination.js';
import { ACTIONS, DEFAULT_GRANTS } from '../../accounts/permissions.js';
import { isRole, ROLES, type Role } from '../../accounts/roles.js';
import type { AppContext } from '../../context.js';
import { ORG_LEVELS } from '../../org/levels.js';
import {
  createdOrgSchema,
  createdUserSchema,
  grantSchema,
  passwordReleaseSchema,
  passwordResetSchema,
  permissionTableSchema,
  roleChangeSchema,
  roleGrantsSchema,
  userPageSchema,
} from '../../shared/accounts.js';
import { signedInAs } from '../auth.js';

const roleCode = z.string().refine(isRole, { error: '「角色」不在可选范围内' });
const userParams = z.object({ id: z.string().max(60) });

export const adminRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/users',
      { schema: { tags: ['管理'], summary: '用户列表（系统管理员、安全管理员）', querystring: z.object(pageQuery), response: { 200: userPageSchema } } },
      async (request) => {
        const session = signedInAs(request, ['systemAdmin', 'securityAdmin']);
        return ctx.accounts.listUsers(session.scope, request.query);
      },
    );

    app.post(
      '/api/users',
      {
        schema: {
          tags: ['管理'],
          summary: '新增用户（系统管理员；待安全管理员授予角色和管辖范围后才能登录，不返回密码）',
          body: z.object({
            username: z.string({ error: '请填写「用户名」' }),
            displayName: z.string({ error: '请填写「姓名」' }),
            role: roleCode,
            orgId: z.string({ error: '请填写「所属单位」' }),
          }),
          response: { 201: createdUserSchema },
        },
      },
      async (request, reply) => {
        const session = signedInAs(request, ['systemAdmin']);
        const user = await ctx.accounts.createPendingUser(session.scope, request.body);
        return reply.status(201).send({ user });
      },
    );

    app.post(
      '/api/users/:id/reset-password',
      {
        schema: {
          tags: ['管理'],
          summary: '重置密码（系统管理员；原密码立即失效，一次性密码发到用户邮箱，或由安全管理员发放，不返回给系统管理员）',
          params: userParams,
          response: { 200: passwordResetSchema },
        },
      },
      async (request) => {
        const session = signedInAs(request, ['systemAdmin']);
        return ctx.accounts.resetUserPassword(session.scope, request.params.id);
      },
    );

    app.post(
      '/api/users/:id/release-password',
      { schema: { tags: ['管理'], summary: '发放重置后的一次性密码（安全管理员；只显示这一次）', params: userParams, response: { 200: passwordReleaseSchema } } },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        return ctx.accounts.releaseUserPassword(session.scope, request.params.id);
      },
    );

    app.post(
      '/api/users/:id/grant',
      {
        schema: {
          tags: ['管理'],
          summary: '授予新账号角色和管辖范围（安全管理员；一次性密码发到用户邮箱，或只向安全管理员显示一次）',
          params: userParams,
          body: z.object({ role: roleCode, orgId: z.string({ error: '请填写「所属单位」' }).max(60) }),
          response: { 200: grantSchema },
        },
      },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        return ctx.accounts.grantUser(session.scope, request.params.id, request.body);
      },
    );

    app.post(
      '/api/users/:id/unlock',
      { schema: { tags: ['管理'], summary: '解除登录锁定（安全管理员）', params: userParams } },
      async (request, reply) => {
        const session = signedInAs(request, ['securityAdmin']);
        await ctx.accounts.unlockUser(session.scope, request.params.id);
        return reply.status(204).send();
      },
    );

    app.put(
      '/api/users/:id/role',
      { schema: { tags: ['管理'], summary: '设置用户角色（安全管理员）', params: userParams, body: z.object({ role: roleCode }), response: { 200: roleChangeSchema } } },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        return ctx.accounts.setUserRole(session.scope, request.params.id, request.body.role);
      },
    );

    app.get('/api/permissions', { schema: { tags: ['管理'], summary: '各角色的权限（安全管理员）', response: { 200: permissionTableSchema } } }, async (request) => {
      signedInAs(request, ['securityAdmin']);
      return {
        actions: [...ACTIONS],
        roles: (Object.keys(ROLES) as Role[]).map((role) => ({ role, label: ROLES[role], grants: ctx.permissions.grantsOf(role), defaults: DEFAULT_GRANTS[role] })),
      };
    });

    app.put(
      '/api/permissions/:role',
      {
        schema: {
          tags: ['管理'],
          summary: '设置一个角色的权限（安全管理员）',
          params: z.object({ role: roleCode }),
          body: z.object({ grants: z.array(z.object({ target: z.string().max(60), action: z.enum(ACTIONS, { error: '「操作」不在可选范围内' }) })).max(500) }),
          response: { 200: roleGrantsSchema },
        },
      },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        return { role: request.params.role, grants: await ctx.permissions.setGrants(session.scope, request.params.role, request.body.grants) };
      },
    );

    app.post(
      '/api/orgs',
      {
        schema: {
          tags: ['管理'],
          summary: '新增组织机构（系统管理员）',
          body: z.object({
            parentId: z.string({ error: '请填写「上级单位」' }).max(60),
            name: z.string({ error: '请填写「名称」' }).trim().min(1, { error: '请填写「名称」' }).max(60, { error: '「名称」不能超过60个字' }),
            level: z.enum(ORG_LEVELS, { error: '「层级」不在可选范围内' }),
            code: z.string().max(30).optional(),
          }),
          response: { 201: createdOrgSchema },
        },
      },
      async (request, reply) => {
        const session = signedInAs(request, ['systemAdmin']);
        const unit = await ctx.orgs.create(session.scope, request.body);
        return reply.status(201).send({ id: unit.id, name: unit.name, level: unit.level, parentId: request.body.parentId });
      },
    );
  };
