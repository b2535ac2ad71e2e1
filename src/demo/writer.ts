/**
 * Writes demo records through the real ledger service, so each one passes the same validation,
 * scope and reference checks as a record typed in the web UI. A few run at once (SQLite
 * serialises them itself; PostgreSQL gains from the overlap). A record dated after the demo's
 * day is refused: the demo shows the ledger as it stands on that day.
 */
import type { AppContext } from '../context.js';
import { AppError } from '../core/errors.js';
import { doneDateFields } from '../ledger/kind.js';
import type { Scope } from '../org/scope.js';
import { DEMO_AS_OF } from './calendar.js';

export type RecordBody = Record<string, unknown>;

export class RecordWriter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private written = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly scope: Scope,
    private readonly concurrency = 8,
  ) {}

  get count() {
    return this.written;
  }

  /** Creates one record and returns its id. */
  async create(kind: string, body: RecordBody): Promise<string> {
    const future = this.datesAfterAsOf(kind, body);
    if (future.length) throw new Error(`演示数据写入失败（${kind}「${String(body.title)}」）：${future.join('、')} 晚于演示日 ${DEMO_AS_OF}`);
    await this.acquire();
    try {
      const record = await this.ctx.ledger.create(this.scope, kind, body);
      this.written++;
      return record.id;
    } catch (error) {
      throw new Error(`演示数据写入失败（${kind}「${String(body.title)}」）：${describe(error)}`, { cause: error });
    } finally {
      this.release();
    }
  }

  /** Records an approved extension of one of a record's statutory deadlines. */
  async extend(kind: string, id: string, extension: RecordBody): Promise<void> {
    if (String(extension.approvedOn) > DEMO_AS_OF) throw new Error(`演示数据写入失败（${kind} ${id} 延长）：批准日期 ${String(extension.approvedOn)} 晚于演示日 ${DEMO_AS_OF}`);
    await this.acquire();
    try {
      await this.ctx.procedures.extend(this.scope, kind, id, extension);
    } catch (error) {
      throw new Error(`演示数据写入失败（${kind} ${id} 延长「${String(extension.deadline)}」）：${describe(error)}`, { cause: error });
    } finally {
      this.release();
    }
  }

  /** Creates several records of one kind, in parallel; ids in the order given. */
  createAll(kind: string, bodies: readonly RecordBody[]): Promise<string[]> {
    return Promise.all(bodies.map((body) => this.create(kind, body)));
  }

  /** The record's dates of things done that fall after the demo's day, as 「label」date. */
  private datesAfterAsOf(kind: string, body: RecordBody): string[] {
    const definition = this.ctx.kinds.builtIn.find((k) => k.code === kind);
    if (!definition) return [];
    const labels = new Map(definition.fields.map((f) => [f.name, f.label]));
    return doneDateFields(definition)
      .filter((name) => typeof body[name] === 'string' && String(body[name]) > DEMO_AS_OF)
      .map((name) => `「${labels.get(name) ?? name}」${String(body[name])}`);
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

function describe(error: unknown): string {
  if (error instanceof AppError) {
    const details = error.details?.map((d) => `${d.field}: ${d.message}`).join('；');
    return details || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
