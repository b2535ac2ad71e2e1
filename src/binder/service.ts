/**
 * 佐证材料: builds a unit's evidence binder for a year's annual report or for its assessment under
 * a county's scheme — a DOCX, or a ZIP of the DOCX and every
 * original attachment — and, for the web page, runs builds as jobs whose progress can be polled
 * and whose file is downloaded when done. A build writes to a temporary file as it goes.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../context.js';
import { AppError, Conflict, NotFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Scope } from '../org/scope.js';
import type { BinderJob } from '../shared/binder.js';
import type { DocxResult } from './docx.js';
import type { ProgressListener } from './model.js';
import { assessmentBinderSource } from './assessment-source.js';
import { reportBinderSource, requireReveal, type RevealRequest } from './report-source.js';
import { safeName, writeBinderZip, ZipPlan } from './zip.js';

export type BinderFormat = 'docx' | 'zip';

export interface BinderRequest {
  /** The unit (id or name); the caller's own unit when omitted. */
  org?: string;
  year: number;
  /** An assessment scheme: the binder of the town's assessment under it, one section per item, instead of the annual report's. */
  scheme?: string;
  format: BinderFormat;
  /** Personal information in full: asked for with a reason, allowed by the role, audited. */
  reveal?: RevealRequest;
}

export interface BinderBuilt extends DocxResult {
  filename: string;
  /** Files in the ZIP (the DOCX included); 1 for a DOCX. */
  files: number;
}

export const MIME: Record<BinderFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

/** Builds the binder into `out`. */
export async function buildBinder(ctx: AppContext, scope: Scope, request: BinderRequest, out: string, onProgress?: ProgressListener): Promise<BinderBuilt> {
  const unit = await ctx.indicators.unitFor(scope, request.org);
  onProgress?.(0, '正在读取报告中的数字');
  const source = request.scheme
    ? await assessmentBinderSource(ctx, scope, request.scheme, unit, request.reveal)
    : await reportBinderSource(ctx, scope, unit, request.year, request.reveal);
  const base = safeName(source.outline.title, 80);
  // docx (and the report's renderer) load with the first binder, not with the server.
  const { writeBinderDocx } = await import('./docx.js');
  if (request.format === 'docx') {
    const result = await writeBinderDocx(source, out, { onProgress });
    return { ...result, filename: `${base}.docx`, files: 1 };
  }
  const sections = source.outline.sections;
  const plan = new ZipPlan();
  const largest = Math.max(1, ...sections.map((s) => s.total));
  const work = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  try {
    const docxPath = join(work, 'binder.docx');
    const result = await writeBinderDocx(source, docxPath, { share: 0.6, onProgress, onRecord: (section, record, index) => plan.add(section, record, index, sections.length, largest) });
    const zipped = await writeBinderZip(out, { path: docxPath, name: `${base}.docx` }, plan.entries, { from: 0.6, onProgress });
    return { ...result, filename: `${base}.zip`, files: zipped.files };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export type BinderJobState = BinderJob;

interface Job extends BinderJobState {
  userId: string | null;
  dir: string;
  path: string;
  format: BinderFormat;
  finishedAt: number | null;
}

/** A finished binder is kept this long for its download, then removed. */
const KEEP_MS = 60 * 60 * 1000;
/** Builds at once across all users: each reads thousands of records and packs files. */
const MAX_RUNNING = 2;
const SWEEP_EVERY_MS = 5 * 60 * 1000;
const DIR_PREFIX = 'fazhi-binder-';

/**
 * Binder folders older than KEEP_MS in the temporary directory: left by a server that stopped
 * without closing. Younger ones may be another process's build in progress, and are kept.
 */
async function removeLeftovers(now = Date.now()): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const { mtimeMs } = await stat(dir).catch(() => ({ mtimeMs: now }));
    if (now - mtimeMs > KEEP_MS) await rm(dir, { recursive: true, force: true });
  }
}

/** Binder builds started from the web page, each visible only to the user who started it. */
export class BinderJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ctx: AppContext) {
    // A binder may hold revealed personal information: it goes an hour after it is finished
    // whether or not anyone starts another, and what a crashed server left behind goes too.
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_EVERY_MS).unref();
    void removeLeftovers().catch(() => undefined);
  }

  async start(scope: Scope, request: BinderRequest): Promise<BinderJobState> {
    await this.sweep();
    const running = [...this.jobs.values()].filter((j) => j.status === 'running');
    if (running.some((j) => j.userId === scope.actor.userId)) throw Conflict('您已有一份佐证材料正在生成，请等它完成后再试');
    if (running.length >= MAX_RUNNING) throw new AppError(503, 'busy', '正在生成的佐证材料较多，请稍后再试');
    // Checked before the job starts, so a refusal (no right to the report, a unit outside the scope) is the answer to this request.
    const unit = await this.ctx.indicators.unitFor(scope, request.org);
    if (request.scheme) await this.ctx.assessments.evidence(scope, request.scheme, unit.id);
    else await this.ctx.reports.composed(scope, unit, request.year);
    if (request.reveal) await requireReveal(this.ctx, scope);
    const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
    const job: Job = {
      id: newId(),
      status: 'running',
      percent: 0,
      stage: '已开始',
      filename: null,
      error: null,
      userId: scope.actor.userId,
      dir,
      path: join(dir, `binder.${request.format}`),
      format: request.format,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    const onProgress: ProgressListener = (fraction, stage) => {
      job.percent = Math.min(99, Math.max(job.percent, Math.floor(fraction * 100)));
      job.stage = stage;
    };
    void buildBinder(this.ctx, scope, { ...request, org: unit.id }, job.path, onProgress).then(
      (built) => Object.assign(job, { status: 'done', percent: 100, stage: '已完成', filename: built.filename, finishedAt: Date.now() }),
      (error: unknown) =>
        Object.assign(job, {
          status: 'failed',
          stage: '未能生成',
          error: error instanceof AppError ? error.message : '生成佐证材料时出错，请稍后重试或联系管理员',
          finishedAt: Date.now(),
        }),
    );
    return stateOf(job);
  }

  status(scope: Scope, id: string): BinderJobState {
    return stateOf(this.own(scope, id));
  }

  /** The finished file, for the user who built it. */
  file(scope: Scope, id: string): { path: string; filename: string; mime: string } {
    const job = this.own(scope, id);
    if (job.status !== 'done' || !job.filename) throw Conflict(job.status === 'failed' ? '佐证材料未能生成，请重新生成' : '佐证材料还在生成中');
    return { path: job.path, filename: job.filename, mime: MIME[job.format] };
  }

  private own(scope: Scope, id: string): Job {
    const job = this.jobs.get(id);
    // Someone else's job is as unknown as one that never was.
    if (job?.userId !== scope.actor.userId) throw NotFound('佐证材料');
    return job;
  }

  /** Removes binders finished more than KEEP_MS ago, files and all. */
  async sweep(now = Date.now()): Promise<void> {
    for (const job of [...this.jobs.values()]) {
      if (job.finishedAt === null || now - job.finishedAt < KEEP_MS) continue;
      this.jobs.delete(job.id);
      await rm(job.dir, { recursive: true, force: true });
    }
  }

  /** Every job's files, at shutdown. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const job of this.jobs.values()) await rm(job.dir, { recursive: true, force: true });
    this.jobs.clear();
  }
}

const stateOf = (job: Job): BinderJobState => ({ id: job.id, status: job.status, percent: job.percent, stage: job.stage, filename: job.filename, error: job.error });
