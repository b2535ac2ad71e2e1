/**
 * Names for the ids a record holds: people (mediator, chair), units (village) and linked records
 * (the screening round a dispute was found in). Lists, detail pages and spreadsheets show names,
 * never ids. Only what the caller could reach anyway is named; other ids are left out.
 */
import type { Permissions } from '../accounts/permissions.js';
import type { Db } from '../db/connect.js';
import { ledgerTables } from '../db/ledger-tables.js';
import { findOrgsByIds } from '../org/repository.js';
import { onBranch, type Scope } from '../org/scope.js';
import { tableOf, type KindDefinition } from './kind.js';
import type { KindRegistry } from './registry.js';

export interface ReferenceQuery {
  people: string[];
  orgs: string[];
  /** Linked records, by kind. */
  records: Array<{ kind: string; id: string }>;
}

export interface ReferenceNames {
  people: Record<string, string>;
  orgs: Record<string, string>;
  /** Keyed `${kind}:${id}`. */
  records: Record<string, string>;
}

/** 三员分立: the security and audit administrators have no duty that needs people's names. */
const NO_PEOPLE = new Set(['securityAdmin', 'auditAdmin']);
const CHUNK = 500;

/** The ids of people, units and records that the records' fields name. */
export function referencesOf(kind: KindDefinition, records: ReadonlyArray<Record<string, unknown>>): ReferenceQuery {
  const people = new Set<string>();
  const orgs = new Set<string>();
  const linked = new Map<string, { kind: string; id: string }>();
  for (const record of records) {
    for (const f of kind.fields) {
      const value = record[f.name];
      const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
      for (const id of ids) {
        if (f.type === 'person') people.add(id);
        else if (f.type === 'org' || f.type === 'orgs') orgs.add(id);
        else if (f.type === 'record' && f.kind) linked.set(`${f.kind}:${id}`, { kind: f.kind, id });
      }
    }
  }
  return { people: [...people], orgs: [...orgs], records: [...linked.values()] };
}

export async function referenceNames(deps: { db: Db; kinds: KindRegistry; permissions: Permissions }, scope: Scope, query: ReferenceQuery): Promise<ReferenceNames> {
  const names: ReferenceNames = { people: {}, orgs: {}, records: {} };
  const { db } = deps;

  if (!NO_PEOPLE.has(scope.actor.role)) {
    for (const ids of chunks(unique(query.people))) {
      const rows = await db.kysely.selectFrom('person').select(['id', 'name', 'org_path']).where('id', 'in', ids).execute();
      // People of the units above the caller (the town's mediator, for a grid worker) may be named in the caller's records.
      for (const p of rows) if (onBranch(scope, p.org_path)) names.people[p.id] = p.name;
    }
  }

  const units = await findOrgsByIds(db, unique(query.orgs));
  for (const [id, unit] of units) if (onBranch(scope, unit.path)) names.orgs[id] = unit.name;

  const byKind = new Map<string, string[]>();
  for (const r of query.records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  for (const [code, ids] of byKind) {
    const kind = await deps.kinds.resolve(scope, code).catch(() => undefined);
    if (!kind || !deps.permissions.may(scope.actor.role, 'read', kind)) continue;
    for (const part of chunks(unique(ids))) {
      for (const row of await titles(db, scope, kind, part)) names.records[`${code}:${String(row.id)}`] = String(row.title);
    }
  }
  return names;
}

/** Titles of the kind's records among `ids` inside the caller's subtree. */
async function titles(db: Db, scope: Scope, kind: KindDefinition, ids: string[]) {
  return ledgerTables(db.kysely).selectFrom(tableOf(kind)).select(['id', 'title']).where('id', 'in', ids).where('org_path', 'like', `${scope.orgPath}%`).execute();
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}
