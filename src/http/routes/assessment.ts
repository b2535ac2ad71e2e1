/** The county's assessment of its towns: schemes, a town's live self-assessment, and the review. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  adjustInputSchema,
  assessmentOverviewSchema,
  assessmentSchema,
  itemEvidenceSchema,
  noteInputSchema,
  returnInputSchema,
  schemeInputSchema,
  schemeListSchema,
  schemeSchema,
  schemeUpdateSchema,
} from '../../shared/assessment.js';
import { fieldError } from '../../core/errors.js';
import { today } from '../../procedures/settings.js';
import { resultsNotice, schemeWorkbook, scoreSheet } from '../../assessment/exports.js';
import { signedIn } from '../auth.js';
import { checkedByService } from '../openapi.js';

const TAGS = ['考核'];
const schemeParams = z.object({ id: z.string().max(60) });
const townParams = schemeParams.extend({ orgId: z.string().max(60) });
const itemParams = townParams.extend({ code: z.string().max(20) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
/** A scheme workbook is a few dozen rows: a megabyte is plenty. */
const SCHEME_FILE_BYTES = 1024 * 1024;

export const assessmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const schemes = () => ctx.assessments.schemes;
    const assessments = () => ctx.assessments;

    app.get(
      '/api/assessment-schemes',
      {
        schema: {
          tags: TAGS,
          summary: '可见的考核方案：本单位及下级制定的（含草稿），上级已发布的',
          querystring: z.object({ year: z.coerce.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }).optional() }),
          response: { 200: schemeListSchema },
        },
      },
      async (request) => ({ items: await schemes().list(signedIn(request).scope, request.query.year) }),
    );

    app.post(
      '/api/assessment-schemes',
      { schema: { tags: TAGS, summary: '制定考核方案（草稿）', body: checkedByService(schemeInputSchema, '方案：年度、名称、自评截止日期、各部分及考核项目'), response: { 201: schemeSchema } } },
      async (request, reply) => reply.status(201).send(await schemes().define(signedIn(request).scope, request.body)),
    );

    app.get(
      '/api/assessment-schemes/:id',
      { schema: { tags: TAGS, summary: '考核方案的全部项目及评分规则', params: schemeParams, response: { 200: schemeSchema } } },
      async (request) => (await schemes().find(signedIn(request).scope, request.params.id)).scheme,
    );

    app.put(
      '/api/assessment-schemes/:id',
      {
        schema: {
          tags: TAGS,
          summary: '修改考核方案（保存为新版本；已有乡镇提交自评后冻结）',
          params: schemeParams,
          body: checkedByService(schemeUpdateSchema, '方案的新内容，带所改版本的 version'),
          response: { 200: schemeSchema },
        },
      },
      async (request) => schemes().update(signedIn(request).scope, request.params.id, request.body),
    );

    app.post(
      '/api/assessment-schemes/:id/publish',
      { schema: { tags: TAGS, summary: '发布考核方案：所辖乡镇开始自评', params: schemeParams, response: { 200: schemeSchema } } },
      async (request) => schemes().publish(signedIn(request).scope, request.params.id),
    );

    app.post(
      '/api/assessment-schemes/:id/copy',
      {
        schema: {
          tags: TAGS,
          summary: '复制为另一年度的方案（草稿）',
          params: schemeParams,
          body: z.object({ year: z.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }) }),
          response: { 201: schemeSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await schemes().copy(signedIn(request).scope, request.params.id, request.body.year)),
    );

    app.get(
      '/api/assessment-schemes/:id/overview',
      { schema: { tags: TAGS, summary: '各乡镇得分并列、排名和分数分布（方案制定单位的用户）', params: schemeParams, response: { 200: assessmentOverviewSchema } } },
      async (request) => assessments().overview(signedIn(request).scope, request.params.id),
    );

    app.get(
      '/api/assessment-schemes/:id/towns/:orgId',
      { schema: { tags: TAGS, summary: '一个乡镇的考核：逐项得分、缺什么、自评说明；确认后为冻结的结果', params: townParams, response: { 200: assessmentSchema } } },
      async (request) => assessments().get(signedIn(request).scope, request.params.id, request.params.orgId),
    );

    app.put(
      '/api/assessment-schemes/:id/towns/:orgId/items/:code/note',
      { schema: { tags: TAGS, summary: '填写某一项的自评说明', params: itemParams, body: checkedByService(noteInputSchema, '自评说明'), response: { 200: assessmentSchema } } },
      async (request) => assessments().note(signedIn(request).scope, request.params.id, request.params.orgId, request.params.code, request.body),
    );

    app.post(
      '/api/assessment-schemes/:id/towns/:orgId/submit',
      { schema: { tags: TAGS, summary: '提交自评（截止日期前；退回修改的可在其后再次提交）', params: townParams, response: { 200: assessmentSchema } } },
      async (request) => assessments().submit(signedIn(request).scope, request.params.id, request.params.orgId),
    );

    app.post(
      '/api/assessment-schemes/:id/towns/:orgId/items/:code/adjust',
      { schema: { tags: TAGS, summary: '审核人调整某一项得分（须写明理由，记入审计日志）', params: itemParams, body: checkedByService(adjustInputSchema, '调整后得分和理由'), response: { 200: assessmentSchema } } },
      async (request) => assessments().adjust(signedIn(request).scope, request.params.id, request.params.orgId, request.params.code, request.body),
    );

    app.post(
      '/api/assessment-schemes/:id/towns/:orgId/items/:code/return',
      { schema: { tags: TAGS, summary: '退回某一项，请乡镇修改后再次提交', params: itemParams, body: checkedByService(returnInputSchema, '退回理由'), response: { 200: assessmentSchema } } },
      async (request) => assessments().returnItem(signedIn(request).scope, request.params.id, request.params.orgId, request.params.code, request.body),
    );

    app.post(
      '/api/assessment-schemes/:id/towns/:orgId/confirm',
      { schema: { tags: TAGS, summary: '确认考核结果（冻结，此后不随台账变化）', params: townParams, response: { 200: assessmentSchema } } },
      async (request) => assessments().confirm(signedIn(request).scope, request.params.id, request.params.orgId),
    );

    app.get(
      '/api/assessment-schemes/:id/towns/:orgId/items/:code/evidence',
      { schema: { tags: TAGS, summary: '某一项背后的台账记录及其附件', params: itemParams, response: { 200: itemEvidenceSchema } } },
      async (request) => assessments().itemEvidence(signedIn(request).scope, request.params.id, request.params.orgId, request.params.code),
    );

    // ---- on paper ---------------------------------------------------------------------------------

    app.get(
      '/api/assessment-schemes/:id/export.xlsx',
      { schema: { tags: TAGS, summary: '考核方案导出为 Excel（可修改后导入为新方案）', params: schemeParams } },
      async (request, reply) => {
        const { scheme } = await schemes().find(signedIn(request).scope, request.params.id);
        return reply.type(XLSX).header('content-disposition', attachment(`${scheme.title}.xlsx`)).header('cache-control', 'no-store').send(await schemeWorkbook(scheme));
      },
    );

    app.post(
      '/api/assessment-schemes/import',
      {
        schema: {
          tags: TAGS,
          summary: '从 Excel 导入考核方案（multipart/form-data，字段名 file；建立为草稿）',
          querystring: z.object({
            orgId: z.string({ error: '请选择「制定单位」' }).max(60),
            year: z.coerce.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }),
          }),
          consumes: ['multipart/form-data'],
          response: { 201: schemeSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        if (!request.isMultipart()) throw fieldError('file', '请以 multipart/form-data 上传文件（字段名 file）');
        const file = await request.file({ limits: { fileSize: SCHEME_FILE_BYTES, files: 1 } });
        if (!file) throw fieldError('file', '没有收到文件');
        const content = await file.toBuffer().catch((error: unknown) => {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fieldError('file', '考核方案文件不能超过1 MB');
          throw error;
        });
        const scheme = await schemes().importWorkbook(session.scope, request.query.orgId, request.query.year, content);
        return reply.status(201).send(scheme);
      },
    );

    app.get(
      '/api/assessment-schemes/:id/scores.xlsx',
      { schema: { tags: TAGS, summary: '各镇考核得分表（Excel）', params: schemeParams } },
      async (request, reply) => {
        const overview = await assessments().overview(signedIn(request).scope, request.params.id);
        return reply.type(XLSX).header('content-disposition', attachment(`${overview.scheme.title}-得分表.xlsx`)).header('cache-control', 'no-store').send(await scoreSheet(overview));
      },
    );

    app.get(
      '/api/assessment-schemes/:id/notice.docx',
      { schema: { tags: TAGS, summary: '考核结果通报（Word，公文格式）', params: schemeParams } },
      async (request, reply) => {
        const overview = await assessments().overview(signedIn(request).scope, request.params.id);
        const docx = await resultsNotice(overview, await today(ctx.db));
        return reply.type(DOCX).header('content-disposition', attachment(`${overview.scheme.year}年度考核结果通报.docx`)).header('cache-control', 'no-store').send(docx);
      },
    );
  };
