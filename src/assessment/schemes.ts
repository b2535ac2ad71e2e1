/**
 * Assessment schemes: a county (or city, province) defines its items for a year; the towns below
 * it are assessed against it. Every save is a new version; once a town has submitted against a
 * scheme its items are frozen (a changed rule would change what the town submitted), and next
 * year's starts as a copy.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { ASSESSMENT } from '../accounts/permissions.js';
import { writeAudit } from '../audit/audit.js';
import { nowIso } from '../core/dates.js';
import { AppError, Conflict, NotFound, ValidationError, fieldError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Db } from '../db/connect.js';
import type { AssessmentSchemeTable, Database } from '../db/schema.js';
import type { Permissions } from '../accounts/permissions.js';
import { findOrg } from '../org/repository.js';
import { sectionsFromWorkbook } from './exports.js';
import { covers, type Scope } from '../org/scope.js';
import { assessmentSectionSchema, schemeInputSchema, schemeUpdateSchema, type AssessmentItem, type AssessmentSection, type Scheme, type SchemeInput, type SchemeUpdate } from '../shared/assessment.js';

/** The units that may set a scheme for the units below them. */
const SCHEME_LEVELS = new Set(['county', 'city', 'province']);

export const parsed = <T>(schema: z.ZodType<T>, body: unknown): T => {
  const result = schema.safeParse(body);
  if (!result.success) throw ValidationError(result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  return result.data;
};

export type SchemeRow = AssessmentSchemeTable;

/** The scheme's items in order, each with its section's area. */
export const itemsOf = (sections: readonly AssessmentSection[]): Array<AssessmentItem & { area: AssessmentSection['area']; section: string }> =>
  sections.flatMap((s) => s.items.map((item) => ({ ...item, area: s.area, section: s.title })));

export const totalPointsOf = (sections: readonly AssessmentSection[]) => Math.round(itemsOf(sections).reduce((n, i) => n + i.points, 0) * 100) / 100;

export class SchemeStore {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  /** Read access: the role's grant, then the scheme above the caller (published) or within its scope (any state). */
  async find(scope: Scope, id: string): Promise<{ row: SchemeRow; scheme: Scheme }> {
    this.permissions.require(scope.actor.role, 'read', ASSESSMENT);
    const row = await this.db.kysely.selectFrom('assessment_scheme').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !this.visible(scope, row)) throw NotFound('考核方案');
    return { row, scheme: await this.present(row) };
  }

  private visible(scope: Scope, row: Pick<SchemeRow, 'org_path' | 'status'>): boolean {
    if (covers(scope, row.org_path)) return true;
    return row.status !== 'draft' && scope.orgPath.startsWith(row.org_path);
  }

  /** The schemes the caller sees: its units' own, and those set above it once published. */
  async list(scope: Scope, year?: number): Promise<Array<Omit<Scheme, 'sections'> & { items: number }>> {
    this.permissions.require(scope.actor.role, 'read', ASSESSMENT);
    const rows = await this.db.kysely
      .selectFrom('assessment_scheme')
      .selectAll()
      .$if(year !== undefined, (q) => q.where('year', '=', year as number))
      .orderBy('year', 'desc')
      .orderBy('created_at')
      .execute();
    const seen = rows.filter((r) => this.visible(scope, r));
    const out = [];
    for (const row of seen) {
      const { sections, ...rest } = await this.present(row);
      out.push({ ...rest, items: itemsOf(sections).length });
    }
    return out;
  }

  /** The owner, checked: a county (city, province) in the caller's scope, and a role that defines schemes. */
  private async owner(scope: Scope, orgId: string) {
    this.permissions.require(scope.actor.role, 'create', ASSESSMENT);
    const org = await findOrg(this.db, orgId);
    if (!org || !covers(scope, org.path)) throw fieldError('orgId', '所选单位不存在或不在您的管辖范围内');
    if (!SCHEME_LEVELS.has(org.level)) throw fieldError('orgId', '考核方案由旗县（市、区）及以上单位制定');
    return org;
  }

  async define(scope: Scope, body: unknown, copiedFrom: string | null = null): Promise<Scheme> {
    const input = parsed(schemeInputSchema, body);
    const org = await this.owner(scope, input.orgId);
    const id = newId();
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('assessment_scheme')
        .values({ id, org_id: org.id, org_path: org.path, year: input.year, title: input.title, deadline: input.deadline, version: 1, status: 'draft', sections: JSON.stringify(input.sections), copied_from: copiedFrom, created_by: scope.actor.userId, created_at: now, updated_at: now })
        .execute();
      await this.keepVersion(trx, id, 1, input, scope);
      await writeAudit(trx, scope.actor, { action: 'create', kind: 'assessmentScheme', recordId: id, orgId: org.id, after: { year: input.year, title: input.title, items: itemsOf(input.sections).length } });
    });
    return (await this.find(scope, id)).scheme;
  }

  /** The owner's edit: a new version, refused once a town has submitted (the items are frozen then). */
  async update(scope: Scope, id: string, body: unknown): Promise<Scheme> {
    const input: SchemeUpdate = parsed(schemeUpdateSchema, body);
    this.permissions.require(scope.actor.role, 'create', ASSESSMENT);
    const { row, scheme } = await this.find(scope, id);
    await this.owner(scope, row.org_id);
    if (scheme.status === 'frozen') throw new AppError(409, 'frozen', '已有乡镇提交自评，考核方案已冻结；如需调整，请复制为新方案', 'version');
    const now = nowIso();
    await this.db.kysely.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('assessment_scheme')
        .set({ title: input.title, year: input.year, deadline: input.deadline, sections: JSON.stringify(input.sections), version: row.version + 1, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw Conflict('考核方案已被他人修改，请刷新后重试', { currentVersion: row.version });
      await this.keepVersion(trx, id, row.version + 1, { ...input, orgId: row.org_id }, scope);
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'assessmentScheme', recordId: id, orgId: row.org_id, before: { version: row.version }, after: { version: row.version + 1, items: itemsOf(input.sections).length } });
    });
    return (await this.find(scope, id)).scheme;
  }

  /** Published: the towns below see it and assess against it. */
  async publish(scope: Scope, id: string): Promise<Scheme> {
    this.permissions.require(scope.actor.role, 'create', ASSESSMENT);
    const { row } = await this.find(scope, id);
    await this.owner(scope, row.org_id);
    if (row.status !== 'draft') return (await this.find(scope, id)).scheme;
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('assessment_scheme').set({ status: 'open', updated_at: nowIso() }).where('id', '=', id).execute();
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'assessmentScheme', recordId: id, orgId: row.org_id, before: { status: 'draft' }, after: { status: 'open' } });
    });
    return (await this.find(scope, id)).scheme;
  }

  /** Next year's scheme starts as this one: a draft of `year`, the deadline moved by as many years. */
  async copy(scope: Scope, id: string, year: number): Promise<Scheme> {
    this.permissions.require(scope.actor.role, 'create', ASSESSMENT);
    const { row, scheme } = await this.find(scope, id);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw fieldError('year', '「年度」应在2000到2100之间');
    const shift = year - row.year;
    const deadline = `${Number(row.deadline.slice(0, 4)) + shift}${row.deadline.slice(4)}`.replace(/-02-29$/, '-02-28');
    const title = row.title.includes(String(row.year)) ? row.title.replaceAll(String(row.year), String(year)) : `${year}年度${row.title}`;
    const input: SchemeInput = { orgId: row.org_id, year, title, deadline, sections: scheme.sections };
    return this.define(scope, input, id);
  }

  /** A scheme read from a workbook (exports.ts), saved as a draft of the unit and year given. */
  async importWorkbook(scope: Scope, orgId: string, year: number, data: Buffer): Promise<Scheme> {
    this.permissions.require(scope.actor.role, 'create', ASSESSMENT);
    const read = await sectionsFromWorkbook(data);
    return this.define(scope, { orgId, year, title: read.title ?? `${year}年度法治政府建设考核方案`, deadline: read.deadline ?? `${year + 1}-01-31`, sections: read.sections });
  }

  private async keepVersion(trx: Transaction<Database>, id: string, version: number, definition: unknown, scope: Scope) {
    await trx.insertInto('assessment_scheme_version').values({ scheme_id: id, version, definition: JSON.stringify(definition), created_by: scope.actor.userId, created_at: nowIso() }).execute();
  }

  /** The row as the API gives it; a published scheme a town has submitted against reads as frozen. */
  async present(row: SchemeRow): Promise<Scheme> {
    const sections = z.array(assessmentSectionSchema).parse(JSON.parse(row.sections));
    const owner = await findOrg(this.db, row.org_id);
    const submitted = await this.db.kysely.selectFrom('assessment').select('id').where('scheme_id', '=', row.id).where('status', '!=', 'draft').limit(1).executeTakeFirst();
    const status = row.status === 'draft' ? 'draft' : submitted ? 'frozen' : 'open';
    return {
      id: row.id,
      orgId: row.org_id,
      orgName: owner?.name ?? '',
      year: row.year,
      title: row.title,
      deadline: row.deadline,
      version: row.version,
      status,
      totalPoints: totalPointsOf(sections),
      sections,
      copiedFrom: row.copied_from,
    };
  }
}
