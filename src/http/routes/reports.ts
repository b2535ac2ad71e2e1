import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { renderHtml } from '../../report/render/html.js';
import { defaultTemplateId, yearOf } from '../../report/service.js';
import { checkAgainstLedger, draftText } from '../../report/draft-check.js';
import { deleteAlias, listAliases, saveAlias } from '../../report/draft-check/aliases.js';
import { fieldError } from '../../core/errors.js';
import { signedIn } from '../auth.js';
import { composedReportSchema, reportStateSchema, storedTemplateSchema } from '../../shared/report.js';
import { templateSchema } from '../../report/template-schema.js';
import { checkedByService } from '../openapi.js';
import { checkResultSchema, templateFromAnswerSchema, templateListSchema, townAliasSchema } from '../../shared/report.js';

const orgYear = z.object({
  org: z.string().max(60).optional(),
  year: z.coerce.number({ error: '「年度」应为数字' }).int({ error: '「年度」应为整数' }),
});

/** The figure link in the preview: the records behind it. */
const figureHref = (orgId: string, year: number) => (figure: { code: string }) =>
  `/api/indicators/${encodeURIComponent(figure.code)}/records?org=${encodeURIComponent(orgId)}&year=${year}`;

export const reportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { reports } = ctx;
    /** The unit and year asked for: from the query string of a GET, the JSON body of a POST. */
    const unitAndYear = async (input: { org?: string; year: number }, scope: Parameters<typeof ctx.indicators.unitFor>[0]) => ({
      unit: await ctx.indicators.unitFor(scope, input.org),
      year: yearOf(input.year),
    });

    app.get('/api/report-templates', { schema: { tags: ['年度报告'], summary: '可用的报告模板', response: { 200: templateListSchema } } }, async (request) => {
      const session = signedIn(request);
      return { items: await reports.templates(session.scope) };
    });

    app.get(
      '/api/report-templates/:id',
      { schema: { tags: ['年度报告'], summary: '一个报告模板', params: z.object({ id: z.string().max(60) }), response: { 200: storedTemplateSchema } } },
      async (request) => reports.template(signedIn(request).scope, request.params.id),
    );

    app.post(
      '/api/report-templates',
      {
        schema: {
          tags: ['年度报告'],
          summary: '复制模板为本单位模板（默认复制系统默认模板）',
          body: z.object({ orgId: z.string({ error: '请填写「所属单位」' }).max(60), fromId: z.string().max(60).optional(), name: z.string().max(100).optional() }),
          response: { 201: storedTemplateSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await reports.copyTemplate(signedIn(request).scope, request.body)),
    );

    app.put(
      '/api/report-templates/:id',
      {
        schema: {
          tags: ['年度报告'],
          summary: '保存模板（需带 version；每次保存都留存历史版本）',
          params: z.object({ id: z.string().max(60) }),
          body: z.object({
            version: z.number({ error: '请提供模板的版本号（version）' }).int(),
            body: checkedByService(templateSchema, '模板正文：名称、标题、主送机关、开头、章节、落款'),
          }),
          response: { 200: storedTemplateSchema },
        },
      },
      async (request) => reports.saveTemplate(signedIn(request).scope, request.params.id, request.body),
    );

    app.get('/api/reports', { schema: { tags: ['年度报告'], summary: '报告状态（草稿/已审定/已公开）及缺少的规定内容', querystring: orgYear, response: { 200: reportStateSchema } } }, async (request) => {
      const session = signedIn(request);
      const { unit, year } = await unitAndYear(request.query, session.scope);
      return reports.state(session.scope, unit, year);
    });

    app.get(
      '/api/reports/preview',
      {
        schema: {
          tags: ['年度报告'],
          summary: '报告预览（结构化内容；format=html 时返回 HTML，每个数字链接到其背后的记录）',
          querystring: orgYear.extend({ template: z.string().max(60).optional(), format: z.enum(['json', 'html']).optional() }),
          response: { 200: z.union([composedReportSchema, z.string().describe('format=html 时：HTML 文本')]) },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const { unit, year } = await unitAndYear(request.query, session.scope);
        const report = await reports.composed(session.scope, unit, year, { templateId: request.query.template });
        if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(report, { figureHref: figureHref(unit.id, year), standalone: true }));
        return report;
      },
    );

    app.get(
      '/api/reports/document',
      {
        schema: {
          tags: ['年度报告'],
          summary: '下载报告（docx 或 html）',
          querystring: orgYear.extend({ format: z.enum(['docx', 'html'], { error: '「格式」应为 docx 或 html' }) }),
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const { unit, year } = await unitAndYear(request.query, session.scope);
        const report = await reports.composed(session.scope, unit, year);
        const name = encodeURIComponent(`${report.title}.${request.query.format}`);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
        if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(report, { standalone: true }));
        return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(await (await import('../../report/render/docx.js')).renderDocx(report));
      },
    );

    app.post(
      '/api/reports/check',
      {
        schema: {
          tags: ['年度报告'],
          summary: '核对报告稿：找出稿中每个数字，按上下文对应指标，与台账比对',
          description: 'JSON { org, year, text }，或 multipart/form-data 上传 .docx/.txt（字段 file，另附 org、year 字段）。',
          response: { 200: checkResultSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        let input: { org?: string; year?: unknown; text?: string };
        if (request.isMultipart()) {
          const file = await request.file();
          if (!file) throw fieldError('file', '没有收到文件');
          const fields = Object.fromEntries(Object.entries(file.fields).flatMap(([k, v]) => (v && !Array.isArray(v) && 'value' in v ? [[k, String(v.value)]] : [])));
          if (Object.values(fields).some((v) => v.includes('\u0000'))) throw fieldError('file', '表单含有无效字符');
          input = { org: fields.org, year: fields.year, text: await draftText(file.filename, await file.toBuffer()) };
        } else {
          const parsed = z.object({ org: z.string().max(60).optional(), year: z.coerce.number(), text: z.string({ error: '请粘贴报告正文（text）' }).max(200_000, { error: '正文过长' }) }).safeParse(request.body);
          if (!parsed.success) throw fieldError(String(parsed.error.issues[0]?.path[0] ?? 'text'), parsed.error.issues[0]?.message ?? '输入有误');
          input = parsed.data;
        }
        const unit = await ctx.indicators.unitFor(session.scope, input.org);
        return checkAgainstLedger(ctx, session.scope, unit, yearOf(input.year), input.text ?? '');
      },
    );

    app.post(
      '/api/reports/template-from',
      {
        schema: {
          tags: ['年度报告'],
          summary: '以上一年度报告为模板：找出其中每个数字并对应指标，保留原文句子，数字处改为占位符',
          description:
            'JSON { org, year, text, mapping?, save?, name? }，或 multipart/form-data 上传 .docx/.txt（字段 file，另附 org、year、save、name、mapping（JSON）字段）。year 为所传报告的年度；mapping 为 { 数字序号: 指标编码 或 null（保留原文） }；save=true 时保存为本单位模板。响应的 literals 列出模板中仍保留原文（即去年数字）的数字及原因；figures[].proposal 为可直接提交到 /api/indicator-definitions 的建议指标。须有查看（保存时为编辑）年度报告的权限，先核权限再读取上传的文件。',
          response: { 200: templateFromAnswerSchema, 201: templateFromAnswerSchema },
        },
      },
      async (request, reply) => {
        const session = signedIn(request);
        const body = z.object({
          org: z.string().max(60).optional(),
          year: z.coerce.number({ error: '「年度」应为数字' }),
          text: z.string({ error: '请上传或粘贴上一年度的报告正文（text）' }).max(200_000, { error: '正文过长' }),
          mapping: z.record(z.string().max(6), z.string().max(120).nullable()).optional(),
          save: z.boolean().optional(),
          name: z.string().max(100, { error: '「模板名称」不能超过100个字' }).optional(),
        });
        /** Permission and the unit's scope come first: an upload is read only for whoever may use it. */
        const allowed = async (fields: { org?: unknown; save?: unknown }) => {
          const org = typeof fields.org === 'string' && fields.org.length <= 60 ? fields.org : undefined;
          const unit = await ctx.indicators.unitFor(session.scope, org);
          reports.mayTemplateFrom(session.scope, fields.save === true || fields.save === 'true', unit);
        };
        let raw: unknown = request.body;
        if (request.isMultipart()) {
          const file = await request.file();
          if (!file) throw fieldError('file', '没有收到文件');
          // The fields sent before the file (the UI sends them first); the service checks again with all of them.
          const fields = Object.fromEntries(Object.entries(file.fields).flatMap(([k, v]) => (v && !Array.isArray(v) && 'value' in v ? [[k, String(v.value)]] : [])));
          if (Object.values(fields).some((v) => v.includes('\u0000'))) throw fieldError('file', '表单含有无效字符');
          await allowed(fields);
          let mapping: unknown;
          try {
            mapping = fields.mapping ? JSON.parse(fields.mapping) : undefined;
          } catch {
            throw fieldError('mapping', '「数字对应」不是有效的 JSON');
          }
          raw = { org: fields.org, year: fields.year, text: await draftText(file.filename, await file.toBuffer()), mapping, save: fields.save === 'true', name: fields.name };
        } else await allowed(typeof raw === 'object' && raw !== null ? raw : {});
        const parsed = body.safeParse(raw);
        if (!parsed.success) throw fieldError(String(parsed.error.issues[0]?.path[0] ?? 'text'), parsed.error.issues[0]?.message ?? '输入有误');
        const { org, year, text, ...options } = parsed.data;
        const unit = await ctx.indicators.unitFor(session.scope, org);
        const result = await reports.templateFrom(session.scope, unit, yearOf(year), text, options);
        return reply.status(result.saved ? 201 : 200).send(result);
      },
    );

    app.get(
      '/api/reports/check/aliases',
      { schema: { tags: ['年度报告'], summary: '本镇用语：核对报告稿时确认或更正过的指标说法', querystring: z.object({ org: z.string().max(60).optional() }), response: { 200: z.object({ items: z.array(townAliasSchema) }) } } },
      async (request) => ({ items: await listAliases(ctx, signedIn(request).scope, request.query.org) }),
    );

    app.post(
      '/api/reports/check/aliases',
      {
        schema: {
          tags: ['年度报告'],
          summary: '确认或更正核对结果：把数字前的用语记为本镇对该指标的说法，以后核对时优先采用',
          body: z.object({
            org: z.string().max(60).optional(),
            code: z.string({ error: '请选择「指标」' }).min(1, { error: '请选择「指标」' }).max(120),
            phrase: z.string({ error: '请填写「用语」' }).max(60, { error: '「用语」过长' }),
          }),
          response: { 201: townAliasSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await saveAlias(ctx, signedIn(request).scope, request.body)),
    );

    app.delete(
      '/api/reports/check/aliases/:id',
      { schema: { tags: ['年度报告'], summary: '删除一条本镇用语', params: z.object({ id: z.string().max(60) }) } },
      async (request, reply) => {
        await deleteAlias(ctx, signedIn(request).scope, request.params.id);
        return reply.status(204).send();
      },
    );

    const lifecycleBody = z.object({ org: z.string().max(60).optional(), year: z.number({ error: '请填写「年度」' }).int(), template: z.string().max(60).optional() });

    app.post('/api/reports/template', { schema: { tags: ['年度报告'], summary: '为报告选择模板（草稿时）', body: lifecycleBody, response: { 200: reportStateSchema } } }, async (request) => {
      const session = signedIn(request);
      const { unit, year } = await unitAndYear(request.body, session.scope);
      return reports.chooseTemplate(session.scope, unit, year, request.body.template ?? defaultTemplateId(unit));
    });

    app.post(
      '/api/reports/date',
      {
        schema: {
          tags: ['年度报告'],
          summary: '设置报告的成文日期（草稿时；不设置则为生成当天）',
          body: z.object({
            org: z.string().max(60).optional(),
            year: z.number({ error: '请填写「年度」' }).int(),
            date: z.string({ error: '「成文日期」应为 YYYY-MM-DD' }).max(10).nullable(),
          }),
          response: { 200: reportStateSchema },
        },
      },
      async (request) => {
        const session = signedIn(request);
        const { unit, year } = await unitAndYear(request.body, session.scope);
        return reports.setReportDate(session.scope, unit, year, request.body.date);
      },
    );

    app.post('/api/reports/approve', { schema: { tags: ['年度报告'], summary: '审定报告（本单位领导；冻结数字及其来源记录）', body: lifecycleBody, response: { 200: reportStateSchema } } }, async (request) => {
      const session = signedIn(request);
      const { unit, year } = await unitAndYear(request.body, session.scope);
      return reports.approve(session.scope, unit, year);
    });

    app.post('/api/reports/reopen', { schema: { tags: ['年度报告'], summary: '退回已审定的报告（本单位领导）', body: lifecycleBody, response: { 200: reportStateSchema } } }, async (request) => {
      const session = signedIn(request);
      const { unit, year } = await unitAndYear(request.body, session.scope);
      return reports.reopen(session.scope, unit, year);
    });

    app.post('/api/reports/publish', { schema: { tags: ['年度报告'], summary: '公开已审定的报告', body: lifecycleBody, response: { 200: reportStateSchema } } }, async (request) => {
      const session = signedIn(request);
      const { unit, year } = await unitAndYear(request.body, session.scope);
      return reports.publish(session.scope, unit, year);
    });
  };
