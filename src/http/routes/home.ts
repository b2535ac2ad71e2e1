import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FAVICON_ICO } from '../favicon.js';

/** The built web UI (`vite build` → dist/web), found from this file in src/ or dist/ alike. */
export const DEFAULT_WEB_DIR = process.env.FAZHI_WEB_DIR || join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'dist', 'web');

/** When the UI has not been built (`npm run build:web`), the root says what is running and where the API is. */
const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>法治台账</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2329;line-height:1.7}
code{background:#f2f3f5;padding:0 .3em;border-radius:3px}</style></head>
<body><h1>法治台账</h1>
<p>服务正在运行，但网页界面尚未构建。请运行 <code>npm run build</code>（<code>npm start</code> 会自动构建）后重启服务。</p>
<ul><li>接口文档：<a href="/api/docs">/api/docs</a></li></ul>
</body></html>`;

export interface WebUi {
  /** index.html of the built UI, or a page saying it is not built. */
  page(): string;
}

export function webUi(dir = DEFAULT_WEB_DIR): WebUi {
  const index = join(dir, 'index.html');
  // Read each time (a small file): a rebuilt UI shows without restarting the server.
  return { page: () => (existsSync(index) ? readFileSync(index, 'utf8') : NOT_BUILT) };
}

/** The web UI: hashed assets cached for a year, the page itself never cached (so a new build shows at once). */
export const homeRoutes =
  (ui: WebUi, dir = DEFAULT_WEB_DIR): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(ui.page()),
    );
    // Asked for by every browser on every page (the UI's and the public pages alike).
    app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(FAVICON_ICO),
    );
    // Looked up per request, so a UI built after the server started is served without a restart.
    const assets = join(dir, 'assets');
    await app.register(fastifyStatic, { root: assets, serve: false, decorateReply: true, cacheControl: false });
    app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
      const name = (request.params as { '*': string })['*'];
      if (!/^[\w.-]+$/.test(name) || !existsSync(join(assets, name))) {
        return reply.status(404).send({ error: { id: 'not_found', message: '没有这个文件' } });
      }
      // The phone app's service worker and manifest keep their names across builds: never cached,
      // so a new deployment reaches phones at once; the worker controls the whole site, not /assets/.
      if (name === 'sw.js') return reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/').type('text/javascript; charset=utf-8').sendFile(name, assets);
      if (name.endsWith('.webmanifest')) return reply.header('cache-control', 'no-cache').type('application/manifest+json; charset=utf-8').sendFile(name, assets);
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(name, assets);
    });
  };
