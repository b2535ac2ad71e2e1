/**
 * The national roll-up: the same indicator engine (src/indicators) run once per province with the
 * search path set to that province's schema of foreign tables, so each per-kind aggregate query
 * names one foreign table and postgres_fdw ships the whole aggregate to the province's server;
 * only one row per kind comes back. The national raw values are then combined (combine.ts) and
 * the ratios derived from the combined numerators and denominators.
 */
import { sql } from 'kysely';
import { builtInKinds } from '../areas/index.js';
import type { Db } from '../db/connect.js';
import { isLedger, isUnitCount, type Indicator, type IndicatorValue, type LedgerIndicator } from '../indicators/definition.js';
import { previousYear, type Period } from '../indicators/period.js';
import { collectIndicators } from '../indicators/registry.js';
import { deriveValues, previousWanted, rawValues, withDependencies } from '../indicators/service.js';
import { distinctValues, isExpanded, kindAggregateQuery, unitCountQuery } from '../indicators/sql.js';
import type { KindDefinition } from '../ledger/kind.js';
import type { Scope } from '../org/scope.js';
import { combineProvinces, needsUnion, type ProvinceRaw } from './combine.js';
import { listProvinces, type FederatedProvince } from './provinces.js';

export interface ProvinceValues {
  province: FederatedProvince;
  values: IndicatorValue[];
}

export interface FederatedValues {
  /** Each province over its whole tree, as it would report itself. */
  provinces: ProvinceValues[];
  /** The provinces together. */
  values: IndicatorValue[];
}

/** What EXPLAIN says about one of the engine's queries against a province. */
export interface PushdownPlan {
  /** A kind's code, or 'orgUnit' for the unit counts. */
  query: string;
  /** The whole aggregate runs on the province's server: the top node is a foreign scan of an aggregate. */
  pushedDown: boolean;
  remoteSql: string;
}

/**
 * How the roll-up reads a province's whole tree: the command line passes systemScope. The roll-up
 * is a job, not a user's request, so the capability is handed in rather than taken here.
 */
export type WholeTree = (root: { id: string; path: string }) => Scope;

export class FederatedIndicators {
  private readonly indicators: Indicator[];

  constructor(
    private readonly db: Db,
    private readonly wholeTree: WholeTree,
    private readonly kinds: readonly KindDefinition[] = builtInKinds,
  ) {
    this.indicators = collectIndicators(kinds);
  }

  async evaluate(period: Period, codes?: string[]): Promise<FederatedValues> {
    const provinces = await listProvinces(this.db);
    const wanted = codes ? withDependencies(this.indicators, codes) : this.indicators;
    const unions = new Set(wanted.filter(isLedger).filter((i) => needsUnion(this.kindOf(i), i)).map((i) => i.code));

    // Provinces in parallel: each query goes to a different server, so the roll-up takes about as long as the slowest province.
    const raws = await Promise.all(provinces.map((p) => this.inProvince(p, (db) => this.provinceRaw(db, p, wanted, unions, period))));
    // Changes against last year need last year's figures, rolled up the same way.
    const lastYear = previousWanted(this.indicators, wanted);
    const before = lastYear.length ? await Promise.all(provinces.map((p) => this.inProvince(p, (db) => this.provinceRaw(db, p, lastYear, unions, previousYear(period))))) : undefined;
    const keep = (values: IndicatorValue[]) => (codes ? values.filter((v) => codes.includes(v.code)) : values);
    return {
      provinces: provinces.map((province, n) => ({ province, values: keep(deriveValues(wanted, (raws[n] as ProvinceRaw).raw, before?.[n]?.raw)) })),
      values: keep(deriveValues(wanted, combineProvinces(wanted, unions, raws), before && combineProvinces(lastYear, unions, before))),
    };
  }

  /** EXPLAIN (VERBOSE) of every aggregate query the roll-up sends to one province. */
  async explain(province: FederatedProvince, period: Period): Promise<PushdownPlan[]> {
    return this.inProvince(province, async (db) => {
      const plans: PushdownPlan[] = [];
      const tree = this.wholeTree(province.root);
      for (const kind of this.kinds) {
        const simple = this.indicators.filter(isLedger).filter((i) => i.kind === kind.code && !isExpanded(i));
        if (!simple.length) continue;
        const { rows } = await sql<ExplainRow>`explain (verbose, format json) ${kindAggregateQuery(kind, simple, tree, period)}`.execute(db.kysely);
        plans.push(planOf(kind.code, rows));
      }
      const units = this.indicators.filter(isUnitCount);
      if (units.length) plans.push(planOf('orgUnit', await unitCountQuery(db, units, tree).explain<ExplainRow>('json', sql`verbose`)));
      return plans;
    });
  }

  private kindOf(i: LedgerIndicator): KindDefinition {
    return this.kinds.find((k) => k.code === i.kind) as KindDefinition;
  }

  private async provinceRaw(db: Db, province: FederatedProvince, wanted: Indicator[], unions: ReadonlySet<string>, period: Period): Promise<ProvinceRaw> {
    // A province's summaries are not among its foreign tables: its records are counted, the aggregates pushed down.
    const tree = this.wholeTree(province.root);
    const raw = await rawValues(db, this.kinds, wanted, tree, period, { summaries: false });
    const distinct = new Map<string, string[]>();
    for (const i of wanted.filter(isLedger).filter((x) => unions.has(x.code))) {
      distinct.set(i.code, await distinctValues(db, this.kindOf(i), i, tree, period));
    }
    return { raw, distinct };
  }

  /**
   * Runs `work` on one connection whose search path is the province's schema of foreign tables,
   * inside one transaction: postgres_fdw then reads the province in one remote transaction, so all
   * of a province's figures come from the same snapshot.
   */
  private inProvince<T>(province: FederatedProvince, work: (db: Db) => Promise<T>): Promise<T> {
    return this.db.kysely.transaction().execute(async (trx) => {
      await sql`set local search_path to ${sql.id(province.localSchema)}`.execute(trx);
      // The transaction's connection belongs to the pool above: closing this view of it does nothing.
      const db: Db = { kysely: trx, engine: 'postgres', location: province.url, close: () => Promise.resolve() };
      return work(db);
    });
  }
}

interface ExplainNode {
  'Node Type': string;
  Relations?: string;
  'Remote SQL'?: string;
  Plans?: ExplainNode[];
}

type ExplainRow = Record<string, unknown>;

function planOf(query: string, rows: ExplainRow[]): PushdownPlan {
  const json = rows[0]?.['QUERY PLAN'] as Array<{ Plan: ExplainNode }> | undefined;
  const top = json?.[0]?.Plan;
  const remote = (node: ExplainNode | undefined): string[] => (node ? [...(node['Remote SQL'] ? [node['Remote SQL']] : []), ...(node.Plans ?? []).flatMap(remote)] : []);
  return {
    query,
    pushedDown: top?.['Node Type'] === 'Foreign Scan' && (top.Relations ?? '').startsWith('Aggregate on'),
    remoteSql: remote(top).join('\n'),
  };
}
