/**
 * What every kind's generator sees for one town: its units, its people, the calendar of the
 * period, its random stream, and the ids of records written earlier that later ones link to.
 */
import type { PersonTable } from '../db/schema.js';
import type { RecordValues } from '../ledger/validation.js';
import { Rng } from '../demo/random.js';
import type { SynthCalendar } from './calendar.js';
import type { IdSource } from './ids.js';
import { personName } from './names.js';
import type { SynthUnit, TownNode, VillageNode } from './tree.js';

export interface PersonRef {
  id: string;
  name: string;
}

/** The people a town's ledgers name. */
export interface Cast {
  secretary: PersonRef;
  mayor: PersonRef;
  deputyMayor: PersonRef;
  justiceHead: PersonRef;
  officeClerk: PersonRef;
  petitionHead: PersonRef;
  officers: PersonRef[];
  lawyers: PersonRef[];
  /** By village id. */
  villageSecretary: Map<string, PersonRef>;
  villageMediator: Map<string, PersonRef>;
  /** By grid id: its leader and its full-time workers. */
  gridLeader: Map<string, PersonRef>;
  gridWorkers: Map<string, PersonRef[]>;
}

/** One record before it becomes a row: the unit it belongs to and its field values (date and title among them). */
export interface Draft {
  unit: SynthUnit;
  values: RecordValues;
}

export interface KindGenerator {
  kind: string;
  /** Share of a town's records, before the town's own variation. */
  weight: number;
  /** The `i`-th of the town's `n` records of the kind, whose id will be `id`. */
  make(w: TownWorld, i: number, n: number, id: string): Draft;
}

export class TownWorld {
  readonly rng: Rng;
  readonly cast: Cast;
  readonly people: PersonTable[] = [];
  /** Ids of the records generated so far, by kind (links point backwards only). */
  readonly links = new Map<string, string[]>();
  /** Screening rounds by village id, for disputes found in them. */
  readonly roundsByVillage = new Map<string, Array<{ id: string; day: number }>>();
  readonly grids: SynthUnit[];
  /** The years of the period, first to last. */
  readonly years: number[];

  constructor(
    readonly seed: string,
    readonly town: TownNode,
    readonly provinceName: string,
    readonly cal: SynthCalendar,
    private readonly ids: IdSource,
  ) {
    this.rng = new Rng(`${seed}:town:${town.index}:records`);
    this.grids = town.villages.flatMap((v) => v.grids);
    this.years = Array.from({ length: cal.lastYear - cal.firstYear + 1 }, (_, i) => cal.firstYear + i);
    this.cast = this.castTown();
  }

  get name(): string {
    return this.town.unit.name;
  }

  get index(): number {
    return this.town.index;
  }


  nextId(): string {
    return this.ids.id();
  }

  date(day: number): string {
    return this.cal.date(day);
  }

  /** A working day anywhere in the period that leaves `span` days after it inside the period. */
  anyDay(span = 0): number {
    return this.cal.workdayIn(this.rng, 0, Math.max(0, this.cal.lastDay - span));
  }

  /** A working day in the last `window` days of the period that leaves `span` days after it: a matter still open at its end. */
  recentDay(window: number, span = 0): number {
    const last = Math.max(0, this.cal.lastDay - span);
    return this.cal.workdayIn(this.rng, Math.max(0, last - window), last);
  }

  /** A working day in a given year (1-based months), e.g. the January a year's list is drawn up. */
  dayIn(year: number, fromMonth = 1, toMonth = 12): number {
    const from = this.cal.dayOf(year, fromMonth, 1);
    const to = this.cal.dayOf(year, toMonth + 1, 1) - 1;
    return this.cal.workdayIn(this.rng, from, to);
  }

  /** A working day `min`–`max` calendar days after `day`. */
  after(day: number, min: number, max: number): number {
    return this.cal.workdayFrom(day + this.rng.int(min, max));
  }

  /**
   * The state of a procedural record: most follow the weights, but a town's first records take the
   * states in turn (shifted by the town's position), so every state occurs even in a small data set.
   */
  state<S extends string>(i: number, n: number, weights: ReadonlyArray<readonly [S, number]>): S {
    const forced = Math.max(1, Math.floor(n / 10));
    if (i < forced) return (weights[(this.index + i) % weights.length] as readonly [S, number])[0];
    return this.weighted(weights);
  }

  weighted<S>(weights: ReadonlyArray<readonly [S, number]>): S {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let r = this.rng.float() * total;
    for (const [value, w] of weights) {
      r -= w;
      if (r < 0) return value;
    }
    return (weights[weights.length - 1] as readonly [S, number])[0];
  }

  village(): VillageNode {
    return this.rng.pick(this.town.villages);
  }

  /** The village at position i, going round: spreads records evenly over villages. */
  villageAt(i: number): VillageNode {
    return this.town.villages[i % this.town.villages.length] as VillageNode;
  }

  villageOfGrid(grid: SynthUnit): VillageNode {
    const village = this.town.villages.find((v) => v.unit.id === grid.parent_id);
    if (!village) throw new Error(`grid ${grid.id} has no village in ${this.name}`);
    return village;
  }

  link(kind: string): string | null {
    const ids = this.links.get(kind);
    return ids?.length ? this.rng.pick(ids) : null;
  }

  officer(): PersonRef {
    return this.rng.pick(this.cast.officers);
  }

  leader(): PersonRef {
    return this.rng.chance(0.5) ? this.cast.secretary : this.cast.mayor;
  }

  /** A new person of the town, written with its units (people are named by records, never by each other). */
  addPerson(unit: SynthUnit, position: string, femaleShare = 0.4): PersonRef {
    const { name, gender } = personName(this.rng, femaleShare);
    const id = this.ids.id();
    this.people.push({
      id,
      org_id: unit.id,
      org_path: unit.path,
      name,
      gender,
      phone: null,
      position,
      is_example: 1,
      notes: '合成数据，人物为虚构',
      created_at: unit.created_at,
      updated_at: unit.created_at,
      version: 1,
    });
    return { id, name };
  }

  private castTown(): Cast {
    const town = this.town.unit;
    const add = (unit: SynthUnit, position: string, femaleShare?: number) => this.addPerson(unit, position, femaleShare);
    const short = town.name;
    const cast: Cast = {
      secretary: add(town, `${short}党委书记`, 0.2),
      mayor: add(town, `${short}党委副书记、${short.endsWith('街道') ? '办事处主任' : '镇（乡）长'}`, 0.2),
      deputyMayor: add(town, `${short}分管法治工作的领导`, 0.3),
      justiceHead: add(town, `${short}司法所所长`, 0.5),
      officeClerk: add(town, `${short}党政综合办公室干事`, 0.6),
      petitionHead: add(town, `${short}信访办主任`, 0.3),
      officers: Array.from({ length: this.rng.int(3, 8) }, (_, i) => add(town, i === 0 ? `${short}综合行政执法队队长` : `${short}综合行政执法队队员`, 0.25)),
      lawyers: Array.from({ length: this.rng.int(1, 2) }, () => add(town, `${short}法律顾问（执业律师）`, 0.4)),
      villageSecretary: new Map(),
      villageMediator: new Map(),
      gridLeader: new Map(),
      gridWorkers: new Map(),
    };
    for (const village of this.town.villages) {
      const v = village.unit;
      cast.villageSecretary.set(v.id, add(v, `${v.name}党支部书记`, 0.2));
      cast.villageMediator.set(v.id, add(v, `${v.name}人民调解委员会主任`, 0.4));
      for (const grid of village.grids) {
        cast.gridLeader.set(grid.id, add(grid, `${v.name}${grid.name}网格长`, 0.3));
        cast.gridWorkers.set(grid.id, Array.from({ length: this.rng.int(1, 2) }, () => add(grid, `${v.name}${grid.name}专职网格员`, 0.55)));
      }
    }
    return cast;
  }
}

export const villageSecretary = (w: TownWorld, village: VillageNode): PersonRef => w.cast.villageSecretary.get(village.unit.id) as PersonRef;
export const villageMediator = (w: TownWorld, village: VillageNode): PersonRef => w.cast.villageMediator.get(village.unit.id) as PersonRef;

/** The same day `years` later ('2024-02-29' + 1 year is 2025-03-01), e.g. a certificate's expiry. */
export function plusYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** Cycles through a pool: the i-th item, with a round mark once the pool has been used up. */
export function nth(pool: readonly string[], i: number): string {
  const item = pool[i % pool.length] as string;
  const round = Math.floor(i / pool.length);
  return round === 0 ? item : `${item}（${round + 1}）`;
}
