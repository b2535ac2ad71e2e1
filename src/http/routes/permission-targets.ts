/**
 * Names of what grants and audit rows refer to, for the security and audit administrators' screens
 * (三员分立: they read no ledger, so GET /api/kinds shows them nothing; names are not business data).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { permissionVocabulary } from '../../accounts/permission-targets.js';
import type { AppContext } from '../../context.js';
import { signedInAs } from '../auth.js';
import { permissionVocabularySchema } from '../../shared/accounts.js';

export const permissionTargetRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/permissions/targets',
      { schema: { tags: ['管理'], summary: '可授权的对象（领域、台账类型、年度报告）和操作及其名称（安全管理员、审计管理员）', response: { 200: permissionVocabularySchema } } },
      async (request) => {
        const session = signedInAs(request, ['securityAdmin', 'auditAdmin']);
        return permissionVocabulary(await ctx.kinds.visible(session.scope));
      },
    );
  };
