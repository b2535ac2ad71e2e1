/**
 * The public website's data: which units publish, how a unit is named in a readable address
 * (/public/双庙镇, or /public/某县/新华镇 when two units share the name), and what a unit shows
 * the public — its published annual reports and its disclosures published on or before today.
 * No login and no scope: everything here is public by construction (published reports; the
 * disclosure kind's non-sensitive columns, only once their publication date has come).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connect.js';
import { ledgerTables } from '../db/ledger-tables.js';
import { containsPattern } from '../db/like.js';
import { tableOf } from '../ledger/kind.js';
import { levelRank, ORG_LEVELS, type OrgLevel } from '../org/levels.js';
import { findOrgsByIds } from '../org/repository.js';
import { pathsAlong } from '../org/towns.js';
import type { ComposedReport } from '../report/model.js';

/**
 * Levels whose units have a public page: towns (and streets, 苏木) and every level above them.
 * Villages, groups and grids record work for their town and publish through it.
 */
export const PUBLISHING_LEVELS: readonly OrgLevel[] = ORG_LEVELS.filter((l) => levelRank(l) <= levelRank('town'));

/** The readable address of a unit's page from its segments (each name percent-encoded), and of what lies below it. */
export const publicAddress = (segments: readonly string[], ...below: Array<string | number>) =>
  `/public/${[...segments, ...below.map(String)].map(encodeURIComponent).join('/')}`;

/** Disclosures per page of the public list. */
export const DISCLOSURES_PER_PAGE = 20;

/** The kind whose published records are the public list; its table holds no sensitive field. */
const DISCLOSURE_TABLE = tableOf({ code: 'disclosure' });

export interface PublicUnit {
  id: string;
  name: string;
  level: OrgLevel;
  path: string;
  /** The units above it, outermost first (内蒙古自治区, 巴彦淖尔市, 杭锦后旗). */
  ancestors: Array<{ id: string; name: string; level: OrgLevel }>;
  /**
   * The unit's readable address below /public, one name per segment: its own name alone, or with
   * as many of the nearest ancestors' names in front as tell it from other units of that name.
   * Two units of one name under one parent cannot be told apart by names: their address is the id.
   */
  segments: string[];
}

export type Resolution =
  | { found: 'unit'; unit: PublicUnit; byId: boolean }
  | { found: 'several'; name: string; candidates: PublicUnit[] }
  | { found: 'none' };

export interface PublishedReport {
  year: number;
  publishedAt: string;
  report: ComposedReport;
}

export interface PublishingEntry {
  unit: PublicUnit;
  reports: number;
  disclosures: number;
}

/** The index: publishing units under their county (or, above counties, under themselves). */
export interface PublishingGroup {
  /** The county (or the unit itself above counties). */
  head: PublicUnit;
  /** Whether the head itself publishes (then it has a page to link to). */
  headPublishes: boolean;
  units: PublishingEntry[];
}

export interface DisclosureFilter {
  q?: string;
  year?: string;
  category?: string;
  page?: number;
}

export interface PublicDisclosure {
  id: string;
  title: string;
  publishedOn: string;
  category: string;
  categoryLabel: string;
  channel: string;
  channelLabel: string;
  url: string | null;
}

export interface DisclosurePage {
  items: PublicDisclosure[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Years that have a published disclosure, newest first (the year filter's options). */
  years: string[];
  /** The category list's items as the unit sees them, in the list's order (the category filter's options). */
  categories: Array<{ code: string; label: string }>;
}

const ledger = (db: Db) => ledgerTables(db.kysely);

interface NamedUnit {
  id: string;
  name: string;
  level: OrgLevel;
  path: string;
}

const isPublishing = (unit: { level: string }) => (PUBLISHING_LEVELS as readonly string[]).includes(unit.level);

/** Whether `wanted` occurs in `chain` in order (not necessarily next to each other). */
function inOrder(wanted: readonly string[], chain: readonly string[]): boolean {
  let at = 0;
  for (const name of chain) if (at < wanted.length && wanted[at] === name) at += 1;
  return at === wanted.length;
}

/** `%` and `_` in a search are taken literally. */

export class PublicSite {
  constructor(private readonly ctx: AppContext) {}

  private get db(): Db {
    return this.ctx.db;
  }

  /** The units along each path (ancestors and the unit), by path. */
  private async unitsAlong(paths: readonly string[]): Promise<Map<string, NamedUnit>> {
    const along = [...new Set(paths.flatMap(pathsAlong))];
    const units = new Map<string, NamedUnit>();
    for (let n = 0; n < along.length; n += 500) {
      const rows = await this.db.kysely.selectFrom('org_unit').select(['id', 'name', 'level', 'path']).where('path', 'in', along.slice(n, n + 500)).execute();
      for (const r of rows) units.set(r.path, { id: r.id, name: r.name, level: r.level as OrgLevel, path: r.path });
    }
    return units;
  }

  private async homonyms(names: readonly string[]): Promise<NamedUnit[]> {
    const distinct = [...new Set(names)];
    const units: NamedUnit[] = [];
    for (let n = 0; n < distinct.length; n += 500) {
      const rows = await this.db.kysely
        .selectFrom('org_unit')
        .select(['id', 'name', 'level', 'path'])
        .where('name', 'in', distinct.slice(n, n + 500))
        .where('level', 'in', [...PUBLISHING_LEVELS])
        .execute();
      units.push(...rows.map((r) => ({ id: r.id, name: r.name, level: r.level as OrgLevel, path: r.path })));
    }
    return units;
  }

  /** Units as the public site presents them: with their ancestors and their readable addresses. */
  private async present(units: readonly NamedUnit[]): Promise<PublicUnit[]> {
    if (!units.length) return [];
    const sameName = await this.homonyms(units.map((u) => u.name));
    const along = await this.unitsAlong([...units, ...sameName].map((u) => u.path));
    const ancestorsOf = (u: NamedUnit) =>
      pathsAlong(u.path)
        .slice(0, -1)
        .map((p) => along.get(p))
        .filter((a): a is NamedUnit => a !== undefined);
    return units.map((u) => {
      const ancestors = ancestorsOf(u);
      const others = sameName.filter((o) => o.name === u.name && o.id !== u.id).map((o) => ancestorsOf(o).map((a) => a.name));
      const names = ancestors.map((a) => a.name);
      let segments: string[] = [u.id];
      for (let k = 0; k <= names.length; k++) {
        const prefix = names.slice(names.length - k);
        if (!others.some((chain) => inOrder(prefix, chain))) {
          segments = [...prefix, u.name];
          break;
        }
      }
      return { id: u.id, name: u.name, level: u.level, path: u.path, ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, level: a.level })), segments };
    });
  }

  /**
   * The unit a readable address names: the last segment is its name, any before it names of its
   * ancestors in order (/public/杭锦后旗/双庙镇). A single segment that is no unit's name may be an
   * id (the addresses of earlier versions), for a unit that publishes.
   */
  async resolve(segments: readonly string[]): Promise<Resolution> {
    const name = segments.at(-1);
    if (!name) return { found: 'none' };
    const above = segments.slice(0, -1);
    const named = await this.homonyms([name]);
    const along = await this.unitsAlong(named.map((u) => u.path));
    const matching = named.filter((u) =>
      inOrder(
        above,
        pathsAlong(u.path)
          .slice(0, -1)
          .map((p) => along.get(p)?.name ?? ''),
      ),
    );
    if (matching.length === 1) return { found: 'unit', unit: (await this.present(matching))[0] as PublicUnit, byId: false };
    if (matching.length > 1) {
      const candidates = await this.present(matching.sort((a, b) => a.path.localeCompare(b.path)));
      return { found: 'several', name, candidates };
    }
    if (segments.length === 1) {
      const unit = await this.ctx.orgs.find(name);
      if (unit && isPublishing(unit)) return { found: 'unit', unit: (await this.present([unit]))[0] as PublicUnit, byId: true };
    }
    return { found: 'none' };
  }

  /**
   * The readable address of the unit's public page (/public/双庙镇, or /public/某县/新华镇 when the
   * name is shared), or null for a unit below towns: villages publish through their town.
   */
  async addressOf(unitId: string): Promise<string | null> {
    const unit = await this.ctx.orgs.find(unitId);
    if (!unit || !isPublishing(unit)) return null;
    const [presented] = await this.present([unit]);
    return presented ? publicAddress(presented.segments) : null;
  }

  /** The unit's published annual reports, newest year first. */
  async reports(unit: PublicUnit): Promise<PublishedReport[]> {
    const stored = await this.ctx.orgs.find(unit.id);
    return stored ? this.ctx.reports.published(stored) : [];
  }

  /**
   * Where a disclosure is shown: on the page of the nearest publishing unit at or above where it
   * was recorded — its town (the ledger's town_id) — so each appears on exactly one page.
   */
  private disclosures(unit: PublicUnit, today: string) {
    return ledger(this.db)
      .selectFrom(DISCLOSURE_TABLE)
      .where('town_id', '=', unit.id)
      .where('org_path', 'like', `${unit.path}%`)
      .where('published_on', 'is not', null)
      .where('published_on', '<=', today);
  }

  /** One page of the unit's disclosures published on or before `today`, under the filter, grouped by year and category. */
  async disclosurePage(unit: PublicUnit, filter: DisclosureFilter, today: string): Promise<DisclosurePage> {
    const lists = await this.ctx.lists.visibleFrom(unit.path);
    const listItems = (code: string) => lists.find((l) => l.code === code)?.items ?? [];
    const categories = listItems('disclosure.category').map((i) => ({ code: i.code, label: i.label }));
    const channelLabels = new Map(listItems('disclosure.channel').map((i) => [i.code, i.label]));
    const categoryLabels = new Map(categories.map((c) => [c.code, c.label]));

    const yearRows = await this.disclosures(unit, today)
      .select(sql<string>`substr(published_on, 1, 4)`.as('year'))
      .distinct()
      .execute();
    const years = yearRows.map((r) => r.year).sort((a, b) => b.localeCompare(a));

    const q = filter.q?.trim();
    const year = filter.year && /^\d{4}$/.test(filter.year) ? filter.year : undefined;
    const filtered = this.disclosures(unit, today)
      .$if(!!q, (qb) => qb.where(sql<boolean>`lower(title) like ${containsPattern((q ?? '').toLowerCase())} escape '\\'`))
      .$if(!!year, (qb) => qb.where('published_on', '>=', `${year}-01-01`).where('published_on', '<=', `${year}-12-31`))
      .$if(!!filter.category, (qb) => qb.where('category', '=', filter.category ?? ''));

    const counted = await filtered.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const total = Number(counted?.n ?? 0);
    const pageCount = Math.max(1, Math.ceil(total / DISCLOSURES_PER_PAGE));
    const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pageCount);

    // Newest year first; within a year the category list's order; then newest first.
    const categoryOrder = categories.length
      ? sql<number>`case category ${sql.join(
          categories.map((c, n) => sql`when ${c.code} then ${sql.lit(n)}`),
          sql` `,
        )} else ${sql.lit(categories.length)} end`
      : sql<number>`0`;
    const rows = await filtered
      .select(['id', 'title', 'published_on', 'category', 'channel', 'url'])
      .orderBy(sql`substr(published_on, 1, 4)`, 'desc')
      .orderBy(categoryOrder)
      .orderBy('published_on', 'desc')
      .orderBy('id', 'desc')
      .limit(DISCLOSURES_PER_PAGE)
      .offset((page - 1) * DISCLOSURES_PER_PAGE)
      .execute();
    const items = rows.map((r) => {
      const category = String(r.category ?? '');
      const channel = String(r.channel ?? '');
      return {
        id: String(r.id),
        title: String(r.title),
        publishedOn: String(r.published_on),
        category,
        categoryLabel: categoryLabels.get(category) ?? category,
        channel,
        channelLabel: channelLabels.get(channel) ?? channel,
        url: typeof r.url === 'string' && r.url ? r.url : null,
      };
    });
    return { items, total, page, pageCount, pageSize: DISCLOSURES_PER_PAGE, years, categories };
  }

  /**
   * Every unit that publishes — a published annual report, or a disclosure published on or before `today` — in the order of
   * the tree; with `under`, only the units below that path (a county's page counts its own towns, not the whole database).
   */
  async publishingUnits(today: string, under?: string): Promise<PublishingEntry[]> {
    const reportRows = await this.db.kysely
      .selectFrom('annual_report')
      .innerJoin('org_unit', 'org_unit.id', 'annual_report.org_id')
      .select(['annual_report.org_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('annual_report.status', '=', 'published')
      .$if(under !== undefined, (qb) => qb.where('org_unit.path', 'like', `${under ?? ''}%`))
      .groupBy('annual_report.org_id')
      .execute();
    const disclosureRows = await ledger(this.db)
      .selectFrom(DISCLOSURE_TABLE)
      .select(['town_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('published_on', 'is not', null)
      .where('published_on', '<=', today)
      .$if(under !== undefined, (qb) => qb.where('org_path', 'like', `${under ?? ''}%`))
      .groupBy('town_id')
      .execute();
    const reports = new Map(reportRows.map((r) => [r.org_id, Number(r.n)]));
    const disclosures = new Map(disclosureRows.map((r) => [String(r.town_id), Number(r.n)]));
    const found = await findOrgsByIds(this.db, [...new Set([...reports.keys(), ...disclosures.keys()])]);
    const units = await this.present([...found.values()].filter(isPublishing).sort((a, b) => a.path.localeCompare(b.path)));
    return units.map((unit) => ({ unit, reports: reports.get(unit.id) ?? 0, disclosures: disclosures.get(unit.id) ?? 0 }));
  }

  /** The publishing units grouped under their county (a unit above counties heads a group of its own), for the index. */
  async publishing(today: string): Promise<PublishingGroup[]> {
    const entries = await this.publishingUnits(today);
    const COUNTY = levelRank('county');
    const headIdOf = (u: PublicUnit) => (levelRank(u.level) <= COUNTY ? u.id : (u.ancestors.findLast((a) => levelRank(a.level) <= COUNTY)?.id ?? u.id));
    const groups = new Map<string, PublishingEntry[]>();
    for (const entry of entries) {
      const id = headIdOf(entry.unit);
      groups.set(id, [...(groups.get(id) ?? []), entry]);
    }
    const own = new Map(entries.map((e) => [e.unit.id, e.unit]));
    const missing = await findOrgsByIds(this.db, [...groups.keys()].filter((id) => !own.has(id)));
    const heads = new Map([...own, ...(await this.present([...missing.values()])).map((h) => [h.id, h] as const)]);
    return [...groups.entries()]
      .flatMap(([id, members]) => {
        const head = heads.get(id);
        return head ? [{ head, headPublishes: own.has(id), units: members.filter((e) => e.unit.id !== id) }] : [];
      })
      .sort((a, b) => a.head.path.localeCompare(b.head.path));
  }

  /** The publishing units below `unit` (a county's towns), for its page. */
  async publishingBelow(unit: PublicUnit, today: string): Promise<PublishingEntry[]> {
    // Nothing below a town publishes: its page does without the look over all units.
    if (levelRank(unit.level) >= levelRank('town')) return [];
    return (await this.publishingUnits(today, unit.path)).filter((e) => e.unit.id !== unit.id);
  }
}
