import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Until the web UI is served here, the root says what is running and where the API is. */
const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>法治台账</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2329;line-height:1.7}
code{background:#f2f3f5;padding:0 .3em;border-radius:3px}</style></head>
<body><h1>法治台账</h1>
<p>服务正在运行。网页界面尚在建设中，目前可通过接口使用全部台账功能。</p>
<ul><li>接口文档：<a href="/api/docs">/api/docs</a></li>
<li>登录：<code>POST /api/session</code>，查询台账：<code>GET /api/ledgers/dispute</code></li></ul>
</body></html>`;

export const homeRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
};
