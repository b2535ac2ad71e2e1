/** Names for the ids in records (people, units, linked records), so screens show names, not ids. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { referenceNames } from '../../ledger/references.js';
import { signedIn } from '../auth.js';
import { referenceNamesSchema } from '../../shared/ledger.js';

const MAX_IDS = 1000;

/** A comma-separated list of ids, at most MAX_IDS of them. */
const idList = (label: string) =>
  z
    .string()
    .max(MAX_IDS * 70)
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .refine((ids) => ids.length <= MAX_IDS && ids.every((id) => id.length <= 60), { error: `「${label}」最多${MAX_IDS}个编号，每个不超过60个字符` });

export const referenceRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/references',
      {
        schema: {
          tags: ['台账'],
          summary: '按编号查人员、单位和关联记录的名称（用于列表和详情显示）',
          description: 'people: 人员编号；orgs: 单位编号；records: 关联记录，写作 台账类型:记录编号；均以逗号分隔。管辖范围外或无权查看的编号不返回。',
          querystring: z.object({ people: idList('人员'), orgs: idList('单位'), records: idList('关联记录') }),
          response: { 200: referenceNamesSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { people, orgs, records } = request.query;
        const linked = records.flatMap((r) => {
          const at = r.indexOf(':');
          return at > 0 ? [{ kind: r.slice(0, at), id: r.slice(at + 1) }] : [];
        });
        return referenceNames(ctx, session.scope, { people, orgs, records: linked });
      },
    );
  };
