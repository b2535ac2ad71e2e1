import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { todayInChina } from '../../core/dates.js';
import type { AppContext } from '../../context.js';
import type { PublicUnit } from '../../public-site/service.js';
import { renderHtml } from '../../report/render/html.js';
import { indexPage, notFoundPage, PUBLIC_CSS, severalPage, unitHref, unitPage } from '../public-html.js';

/** What follows the unit's names in an address: its page, a report as HTML, or as Word. */
type Target = { what: 'page' } | { what: 'report'; year: number; docx: boolean };

/** At most this many names in an address, each at most this long: longer ones name no unit. */
const MAX_SEGMENTS = 8;
const MAX_NAME = 60;

/**
 * Splits the address below /public into the unit's names and what is asked of it:
 * /public/双庙镇, /public/杭锦后旗/双庙镇, …/reports/2025, …/reports/2025/docx.
 * Read from the raw address, so a name is decoded once and a '/' inside one (%2F) stays in it.
 */
function parseAddress(url: string): { names: string[]; target: Target } | undefined {
  const path = url.split('?')[0] ?? '';
  const raw = path.replace(/^\/public\/?/, '').replace(/\/$/, '');
  if (!raw) return undefined;
  let parts: string[];
  try {
    parts = raw.split('/').map((p) => decodeURIComponent(p).trim());
  } catch {
    return undefined;
  }
  let target: Target = { what: 'page' };
  const yearAt = (n: number) => (/^\d{4}$/.test(parts[n] ?? '') ? Number(parts[n]) : undefined);
  if (parts.length >= 4 && parts.at(-1) === 'docx' && parts.at(-3) === 'reports' && yearAt(parts.length - 2) !== undefined) {
    target = { what: 'report', year: yearAt(parts.length - 2) as number, docx: true };
    parts = parts.slice(0, -3);
  } else if (parts.length >= 3 && parts.at(-2) === 'reports' && yearAt(parts.length - 1) !== undefined) {
    target = { what: 'report', year: yearAt(parts.length - 1) as number, docx: false };
    parts = parts.slice(0, -2);
  }
  if (!parts.length || parts.length > MAX_SEGMENTS || parts.some((p) => !p || p.length > MAX_NAME)) return undefined;
  return { names: parts, target };
}

const nonEmpty = (s: string | undefined) => (s === '' ? undefined : s);

const belowOf = (target: Target): Array<string | number> => (target.what === 'report' ? ['reports', target.year, ...(target.docx ? ['docx'] : [])] : []);

const pageQuery = z.object({
  q: z.string().optional(),
  year: z.string().optional(),
  category: z.string().optional(),
  page: z.string().optional(),
});

/**
 * The public website (no login; nothing unpublished or sensitive): /public lists the units that
 * publish, /public/<unit name> is a unit's page — its published annual reports, then its
 * disclosures published by today, searchable and in pages — and …/reports/<year>[/docx] a
 * published report. A name several units share is told apart by the names above it
 * (/public/某县/新华镇); the bare name then lists them. The id addresses of earlier versions
 * redirect to the readable ones. A browser asking for a missing page gets a page saying so in
 * Chinese; other clients the API's error.
 */
export const publicRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  (app) => {
    const site = ctx.publicSite;
    const html = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(body);
    const notFound = (request: FastifyRequest, reply: FastifyReply, message: string) =>
      (request.headers.accept ?? '').includes('text/html') ? html(reply, notFoundPage(message), 404) : reply.status(404).send(new AppError(404, 'not_found', message).toJSON());

    app.get('/public.css', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(PUBLIC_CSS),
    );

    app.get('/public', { schema: { tags: ['公开'], summary: '公开信息的单位一览（无需登录）' } }, async (_request, reply) =>
      html(reply, indexPage(await site.publishing(todayInChina()))),
    );

    app.get(
      '/public/*',
      {
        schema: {
          tags: ['公开'],
          summary: '单位的公开页面与已公开的年度报告（无需登录）',
          description:
            '/public/单位名称：单位的公开页面（年度报告、政务公开信息，可用 q、year、category、page 查询和翻页）；/public/单位名称/reports/年度：已公开的年度报告（HTML），其后加 /docx 为 Word 版。单位重名时在名称前加上级单位名称，如 /public/某县/新华镇。',
          querystring: pageQuery,
        },
      },
      async (request, reply) => {
        if (/^\/public\/(\?|$)/.test(request.url)) return reply.redirect(`/public${request.url.slice('/public/'.length - 1).replace(/^\//, '')}`, 301);
        const address = parseAddress(request.url);
        if (!address) return notFound(request, reply, '没有这个公开页面，请从信息公开首页选择单位');
        const { names, target } = address;
        const found = await site.resolve(names);
        if (found.found === 'none') return notFound(request, reply, `没有找到名为“${names.join('/')}”的单位`);
        if (found.found === 'several') return html(reply, severalPage(found.name, found.candidates, belowOf(target)), 300);
        const unit = found.unit;
        // Found (not permanently moved): the readable address changes when the unit is renamed or another unit takes its name.
        if (found.byId && unit.segments[0] !== unit.id) {
          const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
          return reply.redirect(`${unitHref(unit, ...belowOf(target))}${query}`, 302);
        }
        if (target.what === 'report') return report(request, reply, unit, target.year, target.docx);

        const today = todayInChina();
        const { q, year, category, page } = request.query;
        const filter = {
          q: nonEmpty(q?.trim().slice(0, 50)),
          year: year && /^\d{4}$/.test(year) ? year : undefined,
          category: nonEmpty(category?.slice(0, 60)),
          page: page && /^\d{1,6}$/.test(page) ? Number(page) : 1,
        };
        const [reports, disclosures, below] = await Promise.all([site.reports(unit), site.disclosurePage(unit, filter, today), site.publishingBelow(unit, today)]);
        return html(reply, unitPage({ unit, reports, filter: { ...filter, page: disclosures.page }, disclosures, below, canonical: unitHref(unit) }));
      },
    );

    async function report(request: FastifyRequest, reply: FastifyReply, unit: PublicUnit, year: number, docx: boolean) {
      const found = (await site.reports(unit)).find((p) => p.year === year);
      if (!found) return notFound(request, reply, `${unit.name}尚未公开${year}年度的法治政府建设报告`);
      if (!docx) return html(reply, renderHtml(found.report, { standalone: true }));
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${found.report.title}.docx`)}`)
        .send(await (await import('../../report/render/docx.js')).renderDocx(found.report));
    }
    return Promise.resolve();
  };
