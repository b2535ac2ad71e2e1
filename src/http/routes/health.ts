/**
 * GET /api/health, for load balancers and monitoring: 200 only when the database takes a write
 * (an insert, rolled back) and the key works (a round trip, and the newest audit row's keyed hash
 * recomputes: the key is the one the data was written with). Otherwise 503 with the reason.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { writeProblem } from '../../db/writable.js';
import { headMatchesKey } from '../../audit/verify.js';

/** What is wrong, for the answer (Chinese, nothing internal) and for the log (the detail). */
export async function healthProblem(ctx: AppContext): Promise<{ reason: string; detail: string } | undefined> {
  const write = await writeProblem(ctx.db);
  if (write) return { reason: '数据库不可写入（只读、磁盘已满或没有权限）：登录和保存都会失败', detail: write };
  try {
    const probe = 'fazhi health';
    if (ctx.cipher.decrypt(ctx.cipher.encrypt(probe, 'health'), 'health') !== probe) throw new Error('round trip changed the value');
  } catch (error) {
    return { reason: '加密密钥不可用：敏感字段无法加密或解密', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!(await headMatchesKey(ctx.db))) {
    return { reason: '主密钥与数据库不符（最新一条审计日志的密钥哈希对不上）：可能用错了密钥，或该记录被改动过', detail: 'audit head hash does not match the chain key' };
  }
  return undefined;
}

export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/health', { schema: { tags: ['系统'], summary: '健康检查：数据库可写入、密钥可用' } }, async (request, reply) => {
      const problem = await healthProblem(ctx).catch((error: unknown) => ({
        reason: '数据库无法访问',
        detail: error instanceof Error ? error.message : String(error),
      }));
      if (!problem) return { ok: true, engine: ctx.db.engine };
      request.log.error({ detail: problem.detail }, `health check failed: ${problem.reason}`);
      return reply.status(503).send({ ok: false, engine: ctx.db.engine, error: { id: 'unhealthy', message: problem.reason } });
    });
  };
