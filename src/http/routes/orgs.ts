import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ORG_LEVEL_LABELS, ORG_LEVELS } from '../../org/levels.js';
import { buildTree, type OrgNode } from '../../org/repository.js';
import { signedIn } from '../auth.js';
import { orgsResponseSchema } from '../../shared/org.js';

interface OrgOut {
  id: string;
  name: string;
  level: string;
  levelLabel: string;
  children: OrgOut[];
}

const present = (node: OrgNode): OrgOut => ({
  id: node.id,
  name: node.name,
  level: node.level,
  levelLabel: ORG_LEVEL_LABELS[node.level],
  children: node.children.map(present),
});

export const orgRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/orgs',
      {
        schema: {
          tags: ['组织'],
          summary: '管辖范围内的组织机构树',
          querystring: z.object({
            levels: z
              .string()
              .optional()
              .refine((v) => !v || v.split(',').every((l) => (ORG_LEVELS as readonly string[]).includes(l)), { error: '「层级」取值有误' }),
          }),
          response: { 200: orgsResponseSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const levels = request.query.levels?.split(',') as Array<(typeof ORG_LEVELS)[number]> | undefined;
        const units = await ctx.orgs.subtree(session.scope);
        const tree = buildTree(units).map(present);
        if (!levels) return { items: tree };
        // Flat list of the asked levels, for pickers.
        return { items: units.filter((u) => levels.includes(u.level)).map((u) => ({ id: u.id, name: u.name, level: u.level, parentId: u.parent_id })) };
      },
    );
  };
