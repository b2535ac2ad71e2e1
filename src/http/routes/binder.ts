import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { BinderJobs } from '../../binder/service.js';
import { signedIn } from '../auth.js';
import { binderJobSchema } from '../../shared/binder.js';

const binderInput = z.object({
  org: z.string().max(60).optional(),
  year: z.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }).min(2000, { error: '「年度」不早于2000年' }).max(2100, { error: '「年度」不晚于2100年' }),
  /** An assessment scheme's id: the town's assessment binder (one section per item) instead of the annual report's. */
  scheme: z.string().max(60).optional(),
  format: z.enum(['docx', 'zip'], { error: '「格式」应为 docx（Word文档）或 zip（含附件原件的压缩包）' }).default('zip'),
  /** 显示个人信息原文: the reason, kept in the audit log; masked when omitted. */
  revealReason: z
    .string({ error: '「查看原因」应为文字' })
    .trim()
    .min(4, { error: '「查看原因」至少4个字' })
    .max(200, { error: '「查看原因」不能超过200个字' })
    .optional(),
});

const jobParams = z.object({ id: z.string().max(60) });

/** 生成佐证材料: a build started as a job, its progress polled, its file downloaded by whoever started it. */
export const binderRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const jobs = new BinderJobs(ctx);
    app.addHook('onClose', async () => jobs.close());

    app.post(
      '/api/binders',
      {
        schema: {
          tags: ['年度报告'],
          summary: '生成年度报告的佐证材料（Word文档，或含附件原件的压缩包），返回任务及进度',
          description: 'org: 单位（默认本人所在单位）；year: 年度；scheme: 考核方案编号（给出时按考核项目整理该镇的考核佐证材料）；format: docx 或 zip；revealReason: 需显示个人信息原文时填写原因（需“查看敏感信息原文”权限，记入审计日志），省略则遮蔽。',
          body: binderInput,
          response: { 202: binderJobSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const { org, year, scheme, format, revealReason } = request.body;
        const job = await jobs.start(session.scope, { org, year, format, ...(scheme ? { scheme } : {}), ...(revealReason ? { reveal: { reason: revealReason } } : {}) });
        return reply.status(202).send(job);
      },
    );

    app.get(
      '/api/binders/:id',
      { schema: { tags: ['年度报告'], summary: '佐证材料的生成进度（百分比）', params: jobParams, response: { 200: binderJobSchema } } },
      async (request) => jobs.status(signedIn(request).scope, request.params.id),
    );

    app.get(
      '/api/binders/:id/file',
      { schema: { tags: ['年度报告'], summary: '下载生成好的佐证材料', params: jobParams } },
      async (request, reply) => {
        const file = jobs.file(signedIn(request).scope, request.params.id);
        const { size } = await stat(file.path);
        return reply
          .header('content-type', file.mime)
          .header('content-length', size)
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .send(createReadStream(file.path));
      },
    );
  };
