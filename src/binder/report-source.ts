/**
 * The binder of an annual report: one section per figure the report prints, in the report's
 * order, each with the records behind it — the frozen ones once the report is approved, as the
 * report page lists them (src/report/report-view.ts) — read a page at a time, with every field
 * and attachment. Personal information is masked as on screen; shown in full only when the
 * caller asked with a reason and their role may reveal that ledger, and then audited per ledger.
 */
import type { AppContext } from '../context.js';
import { Forbidden } from '../core/errors.js';
import { writeAudit } from '../audit/audit.js';
import { ledgerTables } from '../db/ledger-tables.js';
import { fromRow } from '../ledger/codec.js';
import type { KindDefinition } from '../ledger/kind.js';
import { referenceNames, referencesOf, type ReferenceNames } from '../ledger/references.js';
import type { PresentedRecord } from '../ledger/service.js';
import type { OrgUnit } from '../org/repository.js';
import { tableOf } from '../ledger/kind.js';
import type { Scope } from '../org/scope.js';
import { isFigure, type ComposedReport } from '../report/model.js';
import type { FieldDefinition } from '../ledger/fields.js';
import type { BinderAttachment, BinderRecord, BinderSection, BinderSource } from './model.js';

/** Records read at a time: one query per ledger for the rows, one for their attachments. */
export const RECORDS_PER_PAGE = 100;

/** A long text field is cut here in the table; the record itself keeps it whole. */
const DETAIL_MAX = 160;

export interface RevealRequest {
  /** Why the full values are needed (4–200 characters), kept in the audit log. */
  reason: string;
}

interface Printed {
  code: string;
  label: string;
  text: string;
}

/** Each figure the report prints, once, in the order it first appears. */
export function printedFigures(report: ComposedReport): Printed[] {
  const seen = new Map<string, Printed>();
  for (const block of report.blocks) {
    if (block.type !== 'paragraph') continue;
    for (const run of block.runs) {
      if (isFigure(run) && !seen.has(run.figure.code)) seen.set(run.figure.code, { code: run.figure.code, label: run.figure.label, text: run.text });
    }
  }
  return [...seen.values()];
}

export async function reportBinderSource(ctx: AppContext, scope: Scope, unit: OrgUnit, year: number, reveal?: RevealRequest): Promise<BinderSource> {
  const report = await ctx.reports.composed(scope, unit, year);
  if (reveal) await requireReveal(ctx, scope);
  const figures = printedFigures(report);
  const sections: BinderSection[] = [];
  for (const [i, figure] of figures.entries()) {
    // The first record tells the ledger and the total; its page is read again when the section is written.
    const first = await ctx.reportView.figureRecords(scope, unit, year, figure.code, { page: 1, pageSize: 1 });
    const side = first.side === 'denominator' && first.denominatorLabel ? `（列出${first.denominatorLabel}的记录，计入${first.numeratorLabel ?? '分子'}的注明）` : '';
    sections.push({
      number: i + 1,
      code: figure.code,
      heading: `${figure.label}：${figure.text}`,
      summary: first.total
        ? `报告所载“${figure.label}”为${figure.text}，依据${first.kindLabel}${first.total}条${side}，逐条列明如下。`
        : `报告所载“${figure.label}”为${figure.text}，没有对应的台账记录。`,
      kindLabel: first.kindLabel,
      total: first.total,
    });
  }

  const reader = new RecordReader(ctx, scope, unit, reveal);
  return {
    outline: {
      title: `${unit.name}${year}年度法治政府建设佐证材料`,
      orgName: unit.name,
      year,
      subtitle: `（${report.title}）`,
      privacyNote: reveal ? '本材料按申请显示个人信息原文，已记入审计日志，请妥善保管' : '本材料中的个人信息已作遮蔽处理',
      sections,
    },
    records: (section) => reader.pages(year, section),
  };
}

/** A request for full values from a role that may reveal no ledger's personal information is refused outright. */
export async function requireReveal(ctx: AppContext, scope: Scope): Promise<void> {
  const sensitive = (await ctx.kinds.visible(scope)).filter((k) => k.fields.some((f) => f.sensitive));
  if (!sensitive.some((k) => ctx.permissions.may(scope.actor.role, 'reveal', k))) {
    throw Forbidden('您的角色无权查看个人信息原文，佐证材料只能按遮蔽后的内容生成');
  }
}

/** A record as a source lists it, before its fields and attachments are read. */
export interface ListedRecord {
  id: string;
  kind: string;
  title: string;
  date: string | null;
  orgName?: string | null;
  /** Gone, or not the caller's to open: listed with its note, nothing more read. */
  missing?: boolean;
  inNumerator?: boolean;
}

/** Reads a section's records page by page, with names, labels and attachments resolved per page. */
export class RecordReader {
  private readonly kinds = new Map<string, KindDefinition>();
  /** Ledgers whose full values this build has already audited. */
  private readonly revealed = new Set<string>();
  private labels?: ReadonlyMap<string, string>;

  constructor(
    private readonly ctx: AppContext,
    private readonly scope: Scope,
    private readonly unit: OrgUnit,
    private readonly reveal: RevealRequest | undefined,
  ) {}

  async *pages(year: number, section: BinderSection): AsyncGenerator<BinderRecord[]> {
    for (let page = 1; (page - 1) * RECORDS_PER_PAGE < section.total; page += 1) {
      const listed = await this.ctx.reportView.figureRecords(this.scope, this.unit, year, section.code, { page, pageSize: RECORDS_PER_PAGE });
      if (!listed.records.length) return;
      yield this.complete(listed.records, listed.kindLabel);
    }
  }

  private async kind(code: string): Promise<KindDefinition> {
    let kind = this.kinds.get(code);
    if (!kind) this.kinds.set(code, (kind = await this.ctx.ledger.requireAction(this.scope, code, 'read')));
    return kind;
  }

  /** The page's records with their fields and attachments: one query per ledger on the page. */
  async complete(listed: readonly ListedRecord[], kindLabel: string): Promise<BinderRecord[]> {
    this.labels ??= await this.ctx.ledger.lists.labels();
    const byKind = new Map<string, string[]>();
    for (const r of listed) {
      if (r.missing || r.kind === 'orgUnit') continue;
      byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
    }
    const full = new Map<string, { details: string[]; attachments: BinderAttachment[]; kindLabel: string; orgName: string | null }>();
    for (const [code, ids] of byKind) {
      const kind = await this.kind(code);
      const rows = await ledgerTables(this.ctx.db.kysely).selectFrom(tableOf(kind)).selectAll().where('id', 'in', ids).where('org_path', 'like', `${this.scope.orgPath}%`).execute();
      const presented = await this.ctx.ledger.present(kind, rows);
      const plain = (await this.mayReveal(kind)) ? new Map(rows.map((row) => [String(row.id), fromRow(kind, row, this.ctx.cipher)])) : undefined;
      const names = await referenceNames({ db: this.ctx.db, kinds: this.ctx.kinds, permissions: this.ctx.permissions }, this.scope, referencesOf(kind, presented));
      const attachments = await this.attachmentsOf(code, ids);
      for (const record of presented) {
        const shown = plain?.get(record.id) ?? record;
        full.set(`${code}:${record.id}`, { details: detailsOf(kind, shown, record, names, this.labels), attachments: attachments.get(record.id) ?? [], kindLabel: kind.label, orgName: record.orgName });
      }
    }
    return listed.map((r) => {
      const found = full.get(`${r.kind}:${r.id}`);
      const marks = r.inNumerator ? ['计入分子'] : [];
      return {
        id: r.id,
        kind: r.kind,
        kindLabel: found?.kindLabel ?? kindLabel,
        title: r.title,
        date: r.date,
        orgName: r.orgName ?? found?.orgName ?? null,
        details: [...marks, ...(found?.details ?? [])],
        attachments: found?.attachments ?? [],
      };
    });
  }

  /** Full values for this ledger: asked for, allowed to the role, and audited once per ledger per build. */
  private async mayReveal(kind: KindDefinition): Promise<boolean> {
    if (!this.reveal || !kind.fields.some((f) => f.sensitive)) return false;
    if (!this.ctx.permissions.may(this.scope.actor.role, 'reveal', kind)) return false;
    if (!this.revealed.has(kind.code)) {
      await writeAudit(this.ctx.db.kysely, this.scope.actor, {
        action: 'reveal',
        kind: kind.code,
        orgId: this.unit.id,
        after: { binder: true, fields: kind.fields.filter((f) => f.sensitive).map((f) => f.name), reason: this.reveal.reason },
      });
      this.revealed.add(kind.code);
    }
    return true;
  }

  private async attachmentsOf(kind: string, ids: string[]): Promise<Map<string, BinderAttachment[]>> {
    const rows = await this.ctx.db.kysely
      .selectFrom('attachment')
      .select(['id', 'record_id', 'filename', 'mime', 'size', 'sha256'])
      .where('kind', '=', kind)
      .where('record_id', 'in', ids)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
    const out = new Map<string, BinderAttachment[]>();
    for (const row of rows) {
      const attachment = { id: row.id, filename: row.filename, mime: row.mime, size: Number(row.size), sha256: row.sha256, path: this.ctx.attachments.pathOf(row.sha256) };
      out.set(row.record_id, [...(out.get(row.record_id) ?? []), attachment]);
    }
    return out;
  }
}

/** A record's fields as "label：value", in the ledger's order, empty ones left out. */
function detailsOf(kind: KindDefinition, shown: Record<string, unknown>, presented: PresentedRecord, names: ReferenceNames, labels: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const f of kind.fields) {
    const text = fieldText(f, shown[f.name], names, labels);
    if (text) out.push(`${f.label}：${cut(text)}`);
  }
  if (presented.notes) out.push(`备注：${cut(String(presented.notes))}`);
  return out;
}

function fieldText(f: FieldDefinition, value: unknown, names: ReferenceNames, labels: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined || value === '') return '';
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : [String(v)]);
  switch (f.type) {
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : '';
    case 'choice':
    case 'multiChoice':
      return list(value)
        .map((code) => labels.get(`${f.list ?? ''}\u0000${code}`) ?? code)
        .join('、');
    case 'person':
      return list(value)
        .map((id) => names.people[id] ?? '（无权查看）')
        .join('、');
    case 'org':
    case 'orgs':
      return list(value)
        .map((id) => names.orgs[id] ?? '（无权查看）')
        .join('、');
    case 'record':
      return list(value)
        .map((id) => names.records[`${f.kind ?? ''}:${id}`] ?? '（无权查看）')
        .join('、');
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  }
}

const cut = (text: string) => (Array.from(text).length > DETAIL_MAX ? `${Array.from(text).slice(0, DETAIL_MAX).join('')}…` : text);
