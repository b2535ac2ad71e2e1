/**
 * The three separated administrators (三员分立): the system administrator manages users and the
 * org tree, the security administrator roles, permissions and unlocks; neither sees business data.
 * (The audit administrator's routes are in audit.ts.) No administrator alone obtains a working
 * business credential: an account the system administrator makes works after the security
 * administrator's grant, and a one-time password goes to the user's mailbox or to the security
 * administrator, never to the system administrator.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../pagination.js';
import { ACTIONS, DEFAULT_GRANTS } from '../../accounts/permissions.js';
import { oneTimePassword } from '../../accounts/service.js';
import { ADMIN_ROLES, isRole, ROLES, type Role } from '../../accounts/roles.js';
import { Forbidden, NotFound, fieldError } from '../../core/errors.js';
import { nowIso } from '../../core/dates.js';
import { writeAudit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { ORG_LEVELS, levelRank } from '../../org/levels.js';
import { findOrg, insertOrg } from '../../org/repository.js';
import { covers } from '../../org/scope.js';
import { signedInAs } from '../auth.js';

const roleCode = z.string().refine(isRole, { error: '「角色」不在可选范围内' });

export const adminRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const userInScope = async (scopePath: string, id: string) => {
      const row = await ctx.db.kysely
        .selectFrom('app_user')
        .innerJoin('org_unit', 'org_unit.id', 'app_user.org_id')
        .select(['app_user.id', 'app_user.username', 'app_user.role', 'org_unit.path'])
        .where('app_user.id', '=', id)
        .executeTakeFirst();
      if (!row || !row.path.startsWith(scopePath)) throw NotFound('用户');
      return row;
    };

    app.get(
      '/api/users',
      { schema: { tags: ['管理'], summary: '用户列表（系统管理员、安全管理员）', querystring: z.object(pageQuery) } },
      async (request) => {
        const session = signedInAs(request, ['systemAdmin', 'securityAdmin']);
        const page = request.query.page ?? 1;
        const pageSize = request.query.pageSize ?? 50;
        const base = ctx.db.kysely.selectFrom('app_user').innerJoin('org_unit', 'org_unit.id', 'app_user.org_id').where('org_unit.path', 'like', `${session.scope.orgPath}%`);
        const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
        const locks = new Map((await ctx.db.kysely.selectFrom('login_failure').select(['username', 'locked_until']).execute()).map((l) => [l.username, l.locked_until]));
        const rows = await base
          .select([
            'app_user.id',
            'app_user.username',
            'app_user.display_name',
            'app_user.role',
            'app_user.active',
            'app_user.must_change_password',
            'app_user.pending_grant',
            'app_user.password_release_pending',
            'org_unit.id as org_id',
            'org_unit.name as org_name',
          ])
          .orderBy('app_user.username')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        const now = nowIso();
        return {
          items: rows.map((r) => ({
            id: r.id,
            username: r.username,
            displayName: r.display_name,
            role: r.role,
            roleLabel: ROLES[r.role as Role] ?? r.role,
            active: r.active === 1,
            mustChangePassword: r.must_change_password === 1,
            /** Waiting for the security administrator to grant its role and unit. */
            pendingGrant: r.pending_grant === 1,
            /** Reset by the system administrator; the security administrator releases the one-time password. */
            passwordReleasePending: r.password_release_pending === 1,
            locked: (locks.get(r.username) ?? '') > now,
            org: { id: r.org_id, name: r.org_name },
          })),
          total: Number(total?.n ?? 0),
          page,
          pageSize,
        };
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
        },
      },
      async (request, reply) => {
        const session = signedInAs(request, ['systemAdmin']);
        if (ADMIN_ROLES.includes(request.body.role as Role)) throw fieldError('role', '三员账号只能由运维人员在服务器上用 fazhi user add 创建');
        const org = await findOrg(ctx.db, request.body.orgId);
        if (!org || !covers(session.scope, org.path)) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
        // The password is a secret nobody is told: the security administrator's grant sets the one the user gets.
        const input = { ...request.body, role: request.body.role as Role, password: oneTimePassword(), pendingGrant: true };
        const user = await ctx.accounts.createUser(input, session.scope.actor);
        return reply.status(201).send({ user });
      },
    );

    app.post(
      '/api/users/:id/reset-password',
      {
        schema: {
          tags: ['管理'],
          summary: '重置密码（系统管理员；原密码立即失效，一次性密码发到用户邮箱，或由安全管理员发放，不返回给系统管理员）',
          params: z.object({ id: z.string().max(60) }),
        },
      },
      async (request) => {
        const session = signedInAs(request, ['systemAdmin']);
        const user = await userInScope(session.scope.orgPath, request.params.id);
        // 三员分立: no administrator can take over another's account by resetting its password.
        if (ADMIN_ROLES.includes(user.role as Role)) throw Forbidden('三员账号的密码只能由本人修改，或由运维人员在服务器上用 fazhi user reset 重置');
        return { username: user.username, delivery: await ctx.accounts.requestPasswordReset(user.id, session.scope.actor) };
      },
    );

    app.post(
      '/api/users/:id/release-password',
      { schema: { tags: ['管理'], summary: '发放重置后的一次性密码（安全管理员；只显示这一次）', params: z.object({ id: z.string().max(60) }) } },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        const user = await userInScope(session.scope.orgPath, request.params.id);
        return { username: user.username, oneTimePassword: await ctx.accounts.releasePassword(user.id, session.scope.actor) };
      },
    );

    app.post(
      '/api/users/:id/grant',
      {
        schema: {
          tags: ['管理'],
          summary: '授予新账号角色和管辖范围（安全管理员；一次性密码发到用户邮箱，或只向安全管理员显示一次）',
          params: z.object({ id: z.string().max(60) }),
          body: z.object({ role: roleCode, orgId: z.string({ error: '请填写「所属单位」' }).max(60) }),
        },
      },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        const user = await userInScope(session.scope.orgPath, request.params.id);
        if (ADMIN_ROLES.includes(request.body.role as Role)) throw fieldError('role', '三员的角色不能在系统内授予或改变');
        const org = await findOrg(ctx.db, request.body.orgId);
        if (!org || !covers(session.scope, org.path)) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
        return { username: user.username, ...(await ctx.accounts.grantAccount(user.id, { role: request.body.role as Role, orgId: org.id }, session.scope.actor)) };
      },
    );

    app.post(
      '/api/users/:id/unlock',
      { schema: { tags: ['管理'], summary: '解除登录锁定（安全管理员）', params: z.object({ id: z.string().max(60) }) } },
      async (request, reply) => {
        const session = signedInAs(request, ['securityAdmin']);
        const user = await userInScope(session.scope.orgPath, request.params.id);
        await ctx.accounts.unlock(user.username, session.scope.actor);
        return reply.status(204).send();
      },
    );

    app.put(
      '/api/users/:id/role',
      { schema: { tags: ['管理'], summary: '设置用户角色（安全管理员）', params: z.object({ id: z.string().max(60) }), body: z.object({ role: roleCode }) } },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        const user = await userInScope(session.scope.orgPath, request.params.id);
        if (user.id === session.user.id) throw fieldError('role', '不能修改自己的角色');
        if (ADMIN_ROLES.includes(user.role as Role) || ADMIN_ROLES.includes(request.body.role as Role)) {
          throw fieldError('role', '三员的角色不能在系统内授予或改变');
        }
        await ctx.db.kysely.transaction().execute(async (trx) => {
          await trx.updateTable('app_user').set({ role: request.body.role, updated_at: nowIso() }).where('id', '=', user.id).execute();
          await trx.deleteFrom('user_session').where('user_id', '=', user.id).execute();
          await writeAudit(trx, session.scope.actor, { action: 'update', kind: 'user', recordId: user.id, before: { role: user.role }, after: { role: request.body.role } });
        });
        return { id: user.id, role: request.body.role };
      },
    );

    app.get('/api/permissions', { schema: { tags: ['管理'], summary: '各角色的权限（安全管理员）' } }, async (request) => {
      signedInAs(request, ['securityAdmin']);
      return {
        actions: ACTIONS,
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
        },
      },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin']);
        return { role: request.params.role, grants: await ctx.permissions.setGrants(session.scope, request.params.role as Role, request.body.grants) };
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
        },
      },
      async (request, reply) => {
        const session = signedInAs(request, ['systemAdmin']);
        const parent = await findOrg(ctx.db, request.body.parentId);
        if (!parent || !covers(session.scope, parent.path)) throw fieldError('parentId', '「上级单位」不存在或不在您的管辖范围内');
        if (levelRank(request.body.level) <= levelRank(parent.level)) throw fieldError('level', '「层级」应低于上级单位的层级');
        const unit = await insertOrg(ctx.db, { parentId: parent.id, name: request.body.name, level: request.body.level, code: request.body.code ?? null }, parent.path);
        await writeAudit(ctx.db.kysely, session.scope.actor, { action: 'create', kind: 'orgUnit', recordId: unit.id, orgId: parent.id, after: { name: unit.name, level: unit.level } });
        return reply.status(201).send({ id: unit.id, name: unit.name, level: unit.level, parentId: parent.id });
      },
    );
  };
