import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../../core/errors.js';
import { todayInChina } from '../../core/dates.js';
import type { AppContext } from '../../context.js';
import { findOrg } from '../../org/repository.js';
import { systemScope } from '../../org/scope.js';
import { renderDocx } from '../../report/render/docx.js';
import { renderHtml } from '../../report/render/html.js';
import { ReportService } from '../../report/service.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1f2329;line-height:1.7}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e6eb;padding:.4rem .5rem;text-align:left;vertical-align:top}th{background:#f7f8fa;font-weight:600}
.empty{color:#86909c}</style></head><body>${body}</body></html>`;

/** The public face of a unit: its published reports and disclosed information. No login; nothing unpublished or sensitive. */
export const publicRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const reports = new ReportService(ctx);
    const unitOf = async (id: string) => {
      const unit = await findOrg(ctx.db, id);
      if (!unit) throw NotFound('单位');
      return unit;
    };

    app.get('/public/:org', { schema: { tags: ['公开'], summary: '单位的公开页面（无需登录）', params: z.object({ org: z.string().max(60) }) } }, async (request, reply) => {
      const unit = await unitOf(request.params.org);
      const published = await reports.published(unit);
      const scope = systemScope(unit);
      const disclosures = await ctx.ledger.list(scope, 'disclosure', { sort: '-publishedOn', pageSize: 200 });
      const labels = await ctx.lists.labels();
      const label = (list: string, code: unknown) => (typeof code === 'string' ? (labels.get(`${list}\u0000${code}`) ?? code) : '');
      const today = todayInChina();
      const visible = disclosures.items.filter((d) => typeof d.publishedOn === 'string' && d.publishedOn <= today);
      const reportList = published.length
        ? `<ul>${published
            .map((p) => `<li><a href="/public/${unit.id}/reports/${p.year}">${escape(p.report.title)}</a>（<a href="/public/${unit.id}/reports/${p.year}/docx">Word 版</a>，${escape(p.publishedAt.slice(0, 10))} 公开）</li>`)
            .join('')}</ul>`
        : '<p class="empty">尚未公开年度报告。</p>';
      const rows = visible
        .map(
          (d) =>
            `<tr><td>${escape(String(d.publishedOn))}</td><td>${d.url ? `<a href="${escape(String(d.url))}" rel="noopener">${escape(d.title)}</a>` : escape(d.title)}</td><td>${escape(label('disclosure.category', d.category))}</td><td>${escape(label('disclosure.channel', d.channel))}</td></tr>`,
        )
        .join('');
      const table = visible.length ? `<table><thead><tr><th>公开日期</th><th>标题</th><th>类别</th><th>渠道</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="empty">暂无公开信息。</p>';
      return reply
        .type('text/html; charset=utf-8')
        .send(page(`${unit.name}法治政府建设信息公开`, `<h1>${escape(unit.name)}法治政府建设信息公开</h1><h2>法治政府建设年度报告</h2>${reportList}<h2>政务公开信息（最近 ${visible.length} 条）</h2>${table}`));
    });

    const yearParams = z.object({ org: z.string().max(60), year: z.coerce.number().int().min(2000).max(2100) });

    const publishedReport = async (org: string, year: number) => {
      const unit = await unitOf(org);
      const found = (await reports.published(unit)).find((p) => p.year === year);
      if (!found) throw NotFound('已公开的报告');
      return found.report;
    };

    app.get('/public/:org/reports/:year', { schema: { tags: ['公开'], summary: '已公开的年度报告（HTML）', params: yearParams } }, async (request, reply) => {
      const report = await publishedReport(request.params.org, request.params.year);
      return reply.type('text/html; charset=utf-8').send(renderHtml(report, { standalone: true }));
    });

    app.get('/public/:org/reports/:year/docx', { schema: { tags: ['公开'], summary: '已公开的年度报告（Word）', params: yearParams } }, async (request, reply) => {
      const report = await publishedReport(request.params.org, request.params.year);
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${report.title}.docx`)}`)
        .send(await renderDocx(report));
    });
  };
