/**
 * Demo people, written straight into `person` (is_example = 1): the town's cadres, enforcement
 * officers and legal advisor, village cadres, and the grid staff the grid posts point at.
 */
import type { AppContext } from '../context.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import type { PersonTable } from '../db/schema.js';
import type { OrgUnit } from '../org/repository.js';
import type { NameSource } from './names.js';
import type { TownNode } from './org-tree.js';

export interface PersonRef {
  id: string;
  name: string;
  unit: OrgUnit;
}

export class PeopleBook {
  private pending: PersonTable[] = [];
  private written = 0;

  constructor(private readonly names: NameSource) {}

  get count() {
    return this.written + this.pending.length;
  }

  add(unit: OrgUnit, position: string, femaleShare = 0.4): PersonRef {
    const { name, gender } = this.names.next(femaleShare);
    const now = nowIso();
    const row: PersonTable = {
      id: newId(),
      org_id: unit.id,
      org_path: unit.path,
      name,
      gender,
      phone: null,
      position,
      is_example: 1,
      notes: '演示数据，人物为虚构',
      created_at: now,
      updated_at: now,
      version: 1,
    };
    this.pending.push(row);
    return { id: row.id, name, unit };
  }

  /** Writes the people added since the last flush, a few hundred per statement. */
  async flush(ctx: AppContext): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    for (let i = 0; i < rows.length; i += 200) {
      await ctx.db.kysely.insertInto('person').values(rows.slice(i, i + 200)).execute();
    }
    this.written += rows.length;
  }
}

/** The people a town's ledgers name: chairs, presenters, officers, mediators, the advisor. */
export interface TownCast {
  secretary: PersonRef;
  mayor: PersonRef;
  deputyMayor: PersonRef;
  justiceHead: PersonRef;
  officeClerk: PersonRef;
  petitionHead: PersonRef;
  /** The comprehensive enforcement team; the first is its head. */
  officers: PersonRef[];
  lawyer: PersonRef;
  /** Per village id: the Party branch secretary and the mediation committee director. */
  villageSecretary: Map<string, PersonRef>;
  villageMediator: Map<string, PersonRef>;
}

export function castTown(book: PeopleBook, town: TownNode, officerCount: number): TownCast {
  const unit = town.unit;
  const short = unit.name;
  const officers = Array.from({ length: officerCount }, (_, i) =>
    book.add(unit, i === 0 ? `${short}综合行政执法队队长` : `${short}综合行政执法队执法队员`, 0.25),
  );
  const cast: TownCast = {
    secretary: book.add(unit, `${short}党委书记`, 0.2),
    mayor: book.add(unit, `${short}党委副书记、镇长`, 0.2),
    deputyMayor: book.add(unit, `${short}党委委员、副镇长（分管法治工作）`, 0.3),
    justiceHead: book.add(unit, `${short}司法所所长`, 0.5),
    officeClerk: book.add(unit, `${short}党政综合办公室干事`, 0.6),
    petitionHead: book.add(unit, `${short}信访办主任`, 0.3),
    officers,
    lawyer: book.add(unit, `${short}法律顾问（执业律师）`, 0.4),
    villageSecretary: new Map(),
    villageMediator: new Map(),
  };
  for (const village of town.villages) {
    const name = village.unit.name;
    cast.villageSecretary.set(village.unit.id, book.add(village.unit, `${name}党支部书记、村委会主任`, 0.2));
    cast.villageMediator.set(village.unit.id, book.add(village.unit, `${name}人民调解委员会主任`, 0.4));
  }
  return cast;
}

export function villageCadre(map: Map<string, PersonRef>, villageId: string): PersonRef {
  const person = map.get(villageId);
  if (!person) throw new Error(`no cadre for village ${villageId}`);
  return person;
}
