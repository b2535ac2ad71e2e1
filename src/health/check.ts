/**
 * What /api/health asks: does the database take a write (an insert, rolled back), does the key
 * work (a round trip), and is it the key the data was written with (the newest audit row's keyed
 * hash recomputes)? Each failure has a reason for the answer (Chinese, nothing internal) and a
 * detail for the log.
 */
import { headMatchesKey } from '../audit/verify.js';
import type { Db } from '../db/connect.js';
import { writeProblem } from '../db/writable.js';
import type { FieldCipher } from '../security/crypto.js';

export interface HealthProblem {
  reason: string;
  detail: string;
}

export class HealthCheck {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  /** The database engine, named in the answer. */
  get engine(): Db['engine'] {
    return this.db.engine;
  }

  /** What is wrong, or undefined when all is well; a database that cannot be reached is a problem too. */
  async problem(): Promise<HealthProblem | undefined> {
    return this.check().catch((error: unknown) => ({
      reason: '数据库无法访问',
      detail: error instanceof Error ? error.message : String(error),
    }));
  }

  private async check(): Promise<HealthProblem | undefined> {
    const write = await writeProblem(this.db);
    if (write) return { reason: '数据库不可写入（只读、磁盘已满或没有权限）：登录和保存都会失败', detail: write };
    try {
      const probe = 'fazhi health';
      if (this.cipher.decrypt(this.cipher.encrypt(probe, 'health'), 'health') !== probe) throw new Error('round trip changed the value');
    } catch (error) {
      return { reason: '加密密钥不可用：敏感字段无法加密或解密', detail: error instanceof Error ? error.message : String(error) };
    }
    if (!(await headMatchesKey(this.db))) {
      return { reason: '主密钥与数据库不符（最新一条审计日志的密钥哈希对不上）：可能用错了密钥，或该记录被改动过', detail: 'audit head hash does not match the chain key' };
    }
    return undefined;
  }
}
