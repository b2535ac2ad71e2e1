/**
 * A town's assessment against a scheme: scored live from its ledger as the year goes (with what
 * is missing for each item), its notes (自评说明) and submission, then the county reviewer's
 * adjustments (with a reason, audited), returns for correction and confirmation, which freezes
 * the result: a confirmed assessment keeps its scores whatever the records say later.
 */
import { sql } from 'kysely';
import { ASSESSMENT, type Permissions } from '../accounts/permissions.js';
import { writeAudit } from '../audit/audit.js';
import { nowIso } from '../core/dates.js';
import { AppError, Forbidden, NotFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Db } from '../db/connect.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { AssessmentTable } from '../db/schema.js';
import type { LedgerIndicator } from '../indicators/definition.js';
import type { IndicatorService } from '../indicators/service.js';
import { recordIds } from '../indicators/sql.js';
import { tableOf, type KindDefinition } from '../ledger/kind.js';
import type { KindRegistry } from '../ledger/registry.js';
import { ledgerTables } from '../db/ledger-tables.js';
import type { DueService } from '../procedures/due.js';
import { today } from '../procedures/settings.js';
import { findOrg, type OrgUnit } from '../org/repository.js';
import { covers, narrow, type Scope } from '../org/scope.js';
import {
  adjustInputSchema,
  assessmentSchema,
  noteInputSchema,
  returnInputSchema,
  type Assessment,
  type AssessmentOverview,
  type AssessmentStatus,
  type ItemEvidence,
  type ItemResult,
  type Scheme,
  type Shortfall,
} from '../shared/assessment.js';
import { distributionOf, isShort, itemScore, neededFor, rankOf, roundScore } from './scoring.js';
import { itemsOf, parsed, SchemeStore } from './schemes.js';

/** What is kept per item besides the score: the town's note, the reviewer's adjustment and return. */
interface ItemState {
  note?: string;
  adjusted?: { score: number; reason: string; by: string; at: string };
  returned?: { reason: string; at: string };
}
type ItemStates = Record<string, ItemState>;

export interface AssessmentDeps {
  db: Db;
  kinds: KindRegistry;
  permissions: Permissions;
  indicators: IndicatorService;
  due: DueService;
}

const yearOf = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

export class AssessmentService {
  readonly schemes: SchemeStore;

  constructor(private readonly deps: AssessmentDeps) {
    this.schemes = new SchemeStore(deps.db, deps.permissions);
  }

  private get db() {
    return this.deps.db;
  }

  /** The scheme and a town under it, both visible to the caller; anything else does not exist for them. */
  private async located(scope: Scope, schemeId: string, townId: string): Promise<{ scheme: Scheme; schemePath: string; town: OrgUnit }> {
    const { row, scheme } = await this.schemes.find(scope, schemeId);
    const town = await findOrg(this.db, townId);
    if (town?.level !== 'town' || !covers(scope, town.path) || !town.path.startsWith(row.org_path) || town.id === row.org_id) throw NotFound('该乡镇的考核');
    if (scheme.status === 'draft') throw NotFound('该乡镇的考核');
    return { scheme, schemePath: row.org_path, town };
  }

  /**
   * Self-assessment is the town's own act, review the assessing unit's: a county leader may not
   * write a town's notes or submit for it, and an account placed in a town may not score itself,
   * whatever its role's permissions say.
   */
  private async actingAs(side: 'town' | 'reviewer', scope: Scope, schemeId: string, townId: string): Promise<void> {
    const { schemePath, town } = await this.located(scope, schemeId, townId);
    if (scope.actor.role === 'system') return; // the demo and imports act for either side
    const inTown = scope.orgPath.startsWith(town.path);
    if (side === 'town' && !inTown) throw Forbidden('自评由乡镇本级填写和提交');
    if (side === 'reviewer' && (inTown || !covers(scope, schemePath))) throw Forbidden('考核结果由制定方案的单位审核');
  }

  private async row(schemeId: string, townId: string): Promise<AssessmentTable | undefined> {
    return this.db.kysely.selectFrom('assessment').selectAll().where('scheme_id', '=', schemeId).where('org_id', '=', townId).executeTakeFirst();
  }

  /** The town's assessment: the frozen result once confirmed, otherwise scored now from the ledger. */
  async get(scope: Scope, schemeId: string, townId: string): Promise<Assessment> {
    const { scheme, town } = await this.located(scope, schemeId, townId);
    return this.assess(scope, scheme, town, await this.row(schemeId, townId));
  }

  private async assess(scope: Scope, scheme: Scheme, town: OrgUnit, row: AssessmentTable | undefined): Promise<Assessment> {
    const status = (row?.status ?? 'draft') as AssessmentStatus;
    const head = {
      schemeId: scheme.id,
      schemeTitle: scheme.title,
      year: scheme.year,
      deadline: scheme.deadline,
      org: { id: town.id, name: town.name },
      status,
      version: row?.version ?? 0,
      submittedAt: row?.submitted_at ?? null,
      confirmedAt: row?.confirmed_at ?? null,
      totalPoints: scheme.totalPoints,
    };
    if (row?.frozen) {
      const kept = assessmentSchema.shape.items.parse(JSON.parse(row.frozen));
      return { ...head, frozen: true, total: roundScore(kept.reduce((n, i) => n + i.score, 0)), items: kept };
    }
    const states: ItemStates = row ? (JSON.parse(row.items) as ItemStates) : {};
    const items = await this.score(scope, scheme, town, states);
    return { ...head, frozen: false, total: roundScore(items.reduce((n, i) => n + i.score, 0)), items };
  }

  /** Every item scored from the town's figures for the scheme's year, with what keeps it from full points. */
  private async score(scope: Scope, scheme: Scheme, town: OrgUnit, states: ItemStates): Promise<ItemResult[]> {
    const items = itemsOf(scheme.sections);
    const period = yearOf(scheme.year);
    const codes = [...new Set(items.flatMap((i) => (i.rule.type === 'manual' ? [] : [i.rule.indicator])))];
    const values = codes.length ? await this.deps.indicators.evaluate(scope, town, period, codes) : [];
    const byCode = new Map(values.map((v) => [v.code, v]));
    const under = narrow(scope, town) as Scope;
    const kinds = new Map((await this.deps.kinds.visible(under)).filter((k) => this.deps.permissions.may(scope.actor.role, 'read', k)).map((k) => [k.code, k]));
    const overdue = await this.overdueOf(under, town, items.flatMap((i) => i.evidenceKinds));
    const bare = new Map<string, string[]>();
    const withoutAttachments = async (kind: KindDefinition) => {
      let ids = bare.get(kind.code);
      if (!ids) {
        ids = await recordsWithoutAttachments(this.db, kind, under, period);
        bare.set(kind.code, ids);
      }
      return ids;
    };
    const results: ItemResult[] = [];
    for (const item of items) {
      const state = states[item.code] ?? {};
      const figure = item.rule.type === 'manual' ? undefined : byCode.get(item.rule.indicator);
      const value = figure ? figure.value : null;
      // A rate of nothing (出庭应诉率 with no case all year) is a duty that never arose: nothing is short.
      const vacuous = figure?.unit === '%' && figure.denominator === 0;
      const scored = itemScore(item, vacuous ? null : value, state.adjusted?.score);
      const computed = vacuous ? item.points : scored.computed;
      const score = vacuous && !state.adjusted ? item.points : scored.score;
      const shortfall: Shortfall = { withoutAttachments: [], overdue: overdue.filter((d) => d.kind && item.evidenceKinds.includes(d.kind)) };
      const needed = neededFor(item.rule);
      if (figure && !vacuous && needed !== null && isShort(item.rule, value)) shortfall.figure = { indicator: figure.code, label: figure.label, value: figure.value, needed, unit: figure.unit };
      if (item.attachmentsRequired) {
        for (const code of item.evidenceKinds) {
          const kind = kinds.get(code);
          if (!kind) continue;
          const ids = await withoutAttachments(kind);
          if (ids.length) shortfall.withoutAttachments.push({ kind: code, ids });
        }
      }
      results.push({
        code: item.code,
        title: item.title,
        area: item.area,
        points: item.points,
        rule: item.rule,
        value,
        unit: figure?.unit ?? null,
        computed,
        adjusted: state.adjusted ?? null,
        score,
        records: figure?.records ?? 0,
        shortfall,
        note: state.note ?? '',
        returned: state.returned ?? null,
      });
    }
    return results;
  }

  /** Due items of the evidence kinds already overdue today. */
  private async overdueOf(under: Scope, town: OrgUnit, kinds: string[]): Promise<Shortfall['overdue']> {
    if (!kinds.length) return [];
    const wanted = new Set(kinds);
    const list = await this.deps.due.list(under, { org: town.id });
    return list.items
      .filter((i) => i.overdue && i.kind && wanted.has(i.kind))
      .map((i) => ({ ...(i.kind ? { kind: i.kind } : {}), ...(i.recordId ? { recordId: i.recordId } : {}), title: i.title, due: i.due, step: i.step }));
  }

  // ---- the town's side ------------------------------------------------------------------------

  /** Writes the town's note (自评说明) on an item, while the assessment is its own to change. */
  async note(scope: Scope, schemeId: string, townId: string, code: string, body: unknown): Promise<Assessment> {
    const { note } = parsed(noteInputSchema, body);
    this.deps.permissions.require(scope.actor.role, 'update', ASSESSMENT);
    await this.actingAs('town', scope, schemeId, townId);
    return this.change(scope, schemeId, townId, code, ['draft', 'returned'], '自评已提交，不能再修改自评说明', (states) => {
      states[code] = { ...states[code], note };
      return { before: {}, after: { item: code, note } };
    });
  }

  /** Submits the self-assessment; after the deadline only one returned for correction may be. */
  async submit(scope: Scope, schemeId: string, townId: string): Promise<Assessment> {
    this.deps.permissions.require(scope.actor.role, 'update', ASSESSMENT);
    await this.actingAs('town', scope, schemeId, townId);
    const { scheme } = await this.located(scope, schemeId, townId);
    const row = await this.row(schemeId, townId);
    const status = (row?.status ?? 'draft') as AssessmentStatus;
    if (status !== 'draft' && status !== 'returned') throw new AppError(409, 'state', '自评已提交，无需再次提交', 'status');
    if (status === 'draft' && (await today(this.db)) > scheme.deadline) throw new AppError(422, 'deadline', `自评截止日期（${scheme.deadline}）已过，不能再提交`, 'deadline');
    return this.write(scope, schemeId, townId, row, (states) => {
      for (const s of Object.values(states)) delete s.returned;
      return { status: 'submitted', submittedAt: nowIso(), audit: { before: { status }, after: { status: 'submitted' } } };
    });
  }

  // ---- the reviewer's side --------------------------------------------------------------------

  /** Replaces an item's score; the reason is required and kept (and audited) with it. */
  async adjust(scope: Scope, schemeId: string, townId: string, code: string, body: unknown): Promise<Assessment> {
    const input = parsed(adjustInputSchema, body);
    this.deps.permissions.require(scope.actor.role, 'approve', ASSESSMENT);
    await this.actingAs('reviewer', scope, schemeId, townId);
    const { scheme } = await this.located(scope, schemeId, townId);
    const item = itemsOf(scheme.sections).find((i) => i.code === code);
    if (!item) throw NotFound(`考核项目“${code}”`);
    if (input.score > item.points) throw new AppError(400, 'validation', `「调整后得分」不能超过该项分值 ${item.points} 分`, 'score');
    const live = await this.get(scope, schemeId, townId);
    const before = live.items.find((i) => i.code === code)?.score ?? null;
    return this.change(scope, schemeId, townId, code, ['submitted', 'returned'], '只能调整已提交、尚未确认的自评', (states) => {
      states[code] = { ...states[code], adjusted: { score: roundScore(input.score), reason: input.reason, by: scope.actor.name, at: nowIso() } };
      return { before: { item: code, score: before }, after: { item: code, score: roundScore(input.score), reason: input.reason } };
    });
  }

  /** Sends an item back to the town for correction, with the reason. */
  async returnItem(scope: Scope, schemeId: string, townId: string, code: string, body: unknown): Promise<Assessment> {
    const { reason } = parsed(returnInputSchema, body);
    this.deps.permissions.require(scope.actor.role, 'approve', ASSESSMENT);
    await this.actingAs('reviewer', scope, schemeId, townId);
    const { scheme } = await this.located(scope, schemeId, townId);
    if (!itemsOf(scheme.sections).some((i) => i.code === code)) throw NotFound(`考核项目“${code}”`);
    return this.change(scope, schemeId, townId, code, ['submitted', 'returned'], '只能退回已提交、尚未确认的自评', (states) => {
      states[code] = { ...states[code], returned: { reason, at: nowIso() } };
      return { before: {}, after: { item: code, returned: reason }, status: 'returned' };
    });
  }

  /** Confirms the result: the scores as they stand now are kept, and no longer follow the records. */
  async confirm(scope: Scope, schemeId: string, townId: string): Promise<Assessment> {
    this.deps.permissions.require(scope.actor.role, 'approve', ASSESSMENT);
    await this.actingAs('reviewer', scope, schemeId, townId);
    const { scheme, town } = await this.located(scope, schemeId, townId);
    const row = await this.row(schemeId, townId);
    if (row?.status !== 'submitted') throw new AppError(409, 'state', row?.status === 'confirmed' ? '考核结果已确认' : '只能确认已提交（且没有退回项目）的自评', 'status');
    const live = await this.assess(scope, scheme, town, row);
    return this.write(scope, schemeId, townId, row, () => ({
      status: 'confirmed',
      confirmedAt: nowIso(),
      frozen: JSON.stringify(live.items),
      audit: { before: { status: 'submitted' }, after: { status: 'confirmed', total: live.total } },
    }));
  }

  private async change(
    scope: Scope,
    schemeId: string,
    townId: string,
    code: string,
    allowed: AssessmentStatus[],
    refused: string,
    edit: (states: ItemStates) => { before: unknown; after: unknown; status?: AssessmentStatus },
  ): Promise<Assessment> {
    const { scheme } = await this.located(scope, schemeId, townId);
    if (!itemsOf(scheme.sections).some((i) => i.code === code)) throw NotFound(`考核项目“${code}”`);
    const row = await this.row(schemeId, townId);
    if (!allowed.includes((row?.status ?? 'draft') as AssessmentStatus)) throw new AppError(409, 'state', refused, 'status');
    return this.write(scope, schemeId, townId, row, (states) => {
      const { before, after, status } = edit(states);
      return { ...(status ? { status } : {}), audit: { before, after } };
    });
  }

  /** Saves the row (made on first write) and its audit entry in one transaction; answers the assessment as it now is. */
  private async write(
    scope: Scope,
    schemeId: string,
    townId: string,
    row: AssessmentTable | undefined,
    edit: (states: ItemStates) => { status?: AssessmentStatus; submittedAt?: string; confirmedAt?: string; frozen?: string; audit: { before: unknown; after: unknown } },
  ): Promise<Assessment> {
    const { town } = await this.located(scope, schemeId, townId);
    const states: ItemStates = row ? (JSON.parse(row.items) as ItemStates) : {};
    const { status, submittedAt, confirmedAt, frozen, audit } = edit(states);
    const now = nowIso();
    const stale = () => new AppError(409, 'conflict', '考核已被他人修改，请刷新后重试', 'version');
    await this.db.kysely.transaction().execute(async (trx) => {
      if (!row) {
        await trx
          .insertInto('assessment')
          .values({ id: newId(), scheme_id: schemeId, org_id: town.id, org_path: town.path, status: status ?? 'draft', items: JSON.stringify(states), frozen: frozen ?? null, version: 1, submitted_at: submittedAt ?? null, confirmed_at: confirmedAt ?? null, updated_at: now })
          .execute()
          // Two first writes at once: the one that lost sees what the other wrote, as with a version clash.
          .catch((error: unknown) => {
            throw isUniqueViolation(error, 'assessment') ? stale() : error;
          });
      } else {
        const done = await trx
          .updateTable('assessment')
          .set({
            items: JSON.stringify(states),
            version: row.version + 1,
            updated_at: now,
            ...(status ? { status } : {}),
            ...(submittedAt ? { submitted_at: submittedAt } : {}),
            ...(confirmedAt ? { confirmed_at: confirmedAt } : {}),
            ...(frozen ? { frozen } : {}),
          })
          .where('id', '=', row.id)
          .where('version', '=', row.version)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw stale();
      }
      await writeAudit(trx, scope.actor, { action: 'update', kind: 'assessment', recordId: `${schemeId}:${town.id}`, orgId: town.id, before: audit.before, after: audit.after });
    });
    return this.get(scope, schemeId, townId);
  }

  // ---- side by side -----------------------------------------------------------------------------

  /** Every town under the scheme's unit, ranked, for a caller whose scope holds the scheme's unit (the county's reviewer). */
  async overview(scope: Scope, schemeId: string): Promise<AssessmentOverview> {
    this.deps.permissions.require(scope.actor.role, 'approve', ASSESSMENT);
    const { row, scheme } = await this.schemes.find(scope, schemeId);
    if (!covers(scope, row.org_path)) throw NotFound('考核方案');
    const towns = await this.db.kysely
      .selectFrom('org_unit')
      .selectAll()
      .where('level', '=', 'town')
      .where('path', 'like', `${row.org_path}%`)
      .orderBy('path')
      .execute();
    const rows = [];
    for (const town of towns) {
      const unit = town as OrgUnit;
      const a = await this.assess(scope, scheme, unit, await this.row(schemeId, unit.id));
      rows.push({ org: a.org, status: a.status, total: a.total, scores: Object.fromEntries(a.items.map((i) => [i.code, i.score])) });
    }
    const { sections, ...head } = scheme;
    return {
      scheme: head,
      items: itemsOf(sections).map((i) => ({ code: i.code, title: i.title, points: i.points, area: i.area })),
      towns: rankOf(rows),
      distribution: distributionOf(
        rows.map((r) => r.total),
        scheme.totalPoints,
      ),
    };
  }

  /** The records behind one item for the town, each with its attachments. */
  async itemEvidence(scope: Scope, schemeId: string, townId: string, code: string): Promise<ItemEvidence> {
    const evidence = await this.evidence(scope, schemeId, townId);
    const item = evidence.items.find((i) => i.code === code);
    if (!item) throw NotFound(`考核项目“${code}”`);
    return { code: item.code, title: item.title, records: item.records };
  }

  /**
   * For each item of the town's assessment, the records that are its evidence — those of the
   * item's evidence kinds dated in the scheme's year, and those behind its figure — with their
   * attachments. The binder (佐证材料) is assembled from this.
   */
  async evidence(scope: Scope, schemeId: string, townId: string): Promise<AssessmentEvidence> {
    const { scheme, town } = await this.located(scope, schemeId, townId);
    const under = narrow(scope, town) as Scope;
    const period = yearOf(scheme.year);
    const kinds = new Map((await this.deps.kinds.visible(under)).filter((k) => this.deps.permissions.may(scope.actor.role, 'read', k)).map((k) => [k.code, k]));
    const items: AssessmentEvidence['items'] = [];
    for (const item of itemsOf(scheme.sections)) {
      const ids = new Map<string, Set<string>>();
      const add = (kind: string, list: readonly string[]) => {
        if (!kinds.has(kind)) return;
        const set = ids.get(kind) ?? new Set<string>();
        list.forEach((id) => set.add(id));
        ids.set(kind, set);
      };
      for (const code of item.evidenceKinds) {
        const kind = kinds.get(code);
        if (kind) add(code, await recordIds(this.db, kind, countOf(kind), under, period));
      }
      if (item.rule.type !== 'manual') {
        const provenance = await this.deps.indicators.provenance(scope, town, period, item.rule.indicator).catch(() => undefined);
        for (const leaf of provenance ? leaves(provenance) : []) add(leaf.kind, leaf.ids);
      }
      const records: AssessmentEvidence['items'][number]['records'] = [];
      for (const [code, set] of ids) {
        const kind = kinds.get(code) as KindDefinition;
        records.push(...(await recordsWithAttachments(this.db, kind, under, [...set])));
      }
      items.push({ code: item.code, title: item.title, section: item.section, area: item.area, points: item.points, records });
    }
    return { scheme: { id: scheme.id, title: scheme.title, year: scheme.year, orgName: scheme.orgName }, town: { id: town.id, name: town.name }, items };
  }
}

/** What the evidence binder is built from: every item with its records and their attachments. */
export interface AssessmentEvidence {
  scheme: { id: string; title: string; year: number; orgName: string };
  town: { id: string; name: string };
  items: Array<{
    code: string;
    title: string;
    section: string;
    area: string;
    points: number;
    records: Array<{ kind: string; kindLabel: string; id: string; title: string; date: string | null; attachments: Array<{ id: string; filename: string; mime: string; size: number }> }>;
  }>;
}

interface Leaf {
  kind: string;
  ids: string[];
}
/** The ledger records under a provenance: its parts', sides' or years' records, never org units. */
function leaves(p: { kind: string; ids: string[]; parts?: Leaf[]; numerator?: Leaf; denominator?: Leaf; current?: Leaf }): Leaf[] {
  const nested = [...(p.parts ?? []), ...(p.numerator ? [p.numerator] : []), ...(p.denominator ? [p.denominator] : []), ...(p.current ? [p.current] : [])];
  if (nested.length) return nested.flatMap((n) => leaves(n));
  return p.kind === 'orgUnit' || p.kind === 'mixed' ? [] : [{ kind: p.kind, ids: p.ids }];
}

/** Every record of a kind dated in the period: a plain count, as an indicator the SQL reads. */
const countOf = (kind: KindDefinition): LedgerIndicator => ({ code: `assessment.${kind.code}`, label: kind.label, unit: '件', kind: kind.code, area: kind.area, measure: { op: 'count' } });

/** Records of the kind in the scope and period with no attachment at all. */
async function recordsWithoutAttachments(db: Db, kind: KindDefinition, scope: Scope, period: { from: string; to: string }): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select t.id from ${sql.table(tableOf(kind))} t
      where t.org_path like ${`${scope.orgPath}%`} and t.date >= ${period.from} and t.date <= ${period.to}
        and not exists (select 1 from attachment a where a.kind = ${kind.code} and a.record_id = t.id)
      order by t.date, t.id`.execute(db.kysely);
  return rows.map((r) => r.id);
}

async function recordsWithAttachments(db: Db, kind: KindDefinition, scope: Scope, ids: string[]): Promise<AssessmentEvidence['items'][number]['records']> {
  const out: AssessmentEvidence['items'][number]['records'] = [];
  // A few hundred ids at a time: both engines cap the parameters of one statement.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const records = await ledgerTables(db.kysely).selectFrom(tableOf(kind)).select(['id', 'title', 'date']).where('id', 'in', chunk).where('org_path', 'like', `${scope.orgPath}%`).orderBy('date').orderBy('id').execute();
    const files = await db.kysely.selectFrom('attachment').select(['id', 'record_id', 'filename', 'mime', 'size']).where('kind', '=', kind.code).where('record_id', 'in', chunk).orderBy('uploaded_at').execute();
    for (const r of records) {
      const id = String(r.id);
      out.push({
        kind: kind.code,
        kindLabel: kind.label,
        id,
        title: String(r.title ?? ''),
        date: r.date === null ? null : String(r.date),
        attachments: files.filter((f) => f.record_id === id).map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, size: Number(f.size) })),
      });
    }
  }
  return out;
}
