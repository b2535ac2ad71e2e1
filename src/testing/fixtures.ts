/** A small org tree and one signed-in scope per role, for tests that need no demo data. */
import type { Role } from '../accounts/roles.js';
import type { AppContext } from '../context.js';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import { scopeOf, systemScope, type Scope } from '../org/scope.js';

export interface Fixture {
  county: OrgUnit;
  town: OrgUnit;
  otherTown: OrgUnit;
  villageA: OrgUnit;
  villageB: OrgUnit;
  gridA: OrgUnit;
  otherVillage: OrgUnit;
  personInTown: string;
  personInOtherTown: string;
  system: Scope;
  /** Where each role's user sits: town roles in 甲镇, the grid worker in 东村, the county reviewer and administrators at the county. */
  homes: Record<Role, OrgUnit>;
  as: (role: Role, unit?: OrgUnit) => Promise<Scope>;
}

/** A valid new dispute at `orgId`, for tests that need one; `extra` overrides or adds fields. */
export const disputeBody = (orgId: string, extra: Record<string, unknown> = {}) => ({
  orgId,
  date: '2025-03-08',
  title: '两户因宅基地边界发生争执',
  source: 'monthlyScreening',
  category: 'neighbour',
  status: 'registered',
  ...extra,
});

export async function smallTown(ctx: AppContext): Promise<Fixture> {
  const province = await insertOrg(ctx.db, { parentId: null, name: '测试自治区', level: 'province' });
  const city = await insertOrg(ctx.db, { parentId: province.id, name: '测试市', level: 'city' }, province.path);
  const county = await insertOrg(ctx.db, { parentId: city.id, name: '测试旗', level: 'county' }, city.path);
  const town = await insertOrg(ctx.db, { parentId: county.id, name: '甲镇', level: 'town' }, county.path);
  const otherTown = await insertOrg(ctx.db, { parentId: county.id, name: '乙镇', level: 'town' }, county.path);
  const villageA = await insertOrg(ctx.db, { parentId: town.id, name: '东村', level: 'village' }, town.path);
  const villageB = await insertOrg(ctx.db, { parentId: town.id, name: '西村', level: 'village' }, town.path);
  const groupA = await insertOrg(ctx.db, { parentId: villageA.id, name: '东村一社', level: 'group' }, villageA.path);
  const gridA = await insertOrg(ctx.db, { parentId: groupA.id, name: '东村一社网格', level: 'grid' }, groupA.path);
  const otherVillage = await insertOrg(ctx.db, { parentId: otherTown.id, name: '南村', level: 'village' }, otherTown.path);

  const person = async (unit: OrgUnit, name: string) => {
    const id = `${`p${unit.id}`.slice(0, 20)}${name.length}`;
    const now = new Date().toISOString();
    await ctx.db.kysely
      .insertInto('person')
      .values({ id, org_id: unit.id, org_path: unit.path, name, gender: null, phone: null, position: null, is_example: 1, notes: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  };
  const personInTown = await person(town, '张调解');
  const personInOtherTown = await person(otherTown, '李外镇');

  const homes: Record<Role, OrgUnit> = {
    townOffice: town,
    departmentClerk: town,
    gridWorker: villageA,
    leader: town,
    countyReviewer: county,
    systemAdmin: county,
    securityAdmin: county,
    auditAdmin: county,
  };
  let n = 0;
  const as = async (role: Role, unit: OrgUnit = homes[role]) => {
    n += 1;
    const user = await ctx.accounts.createUser({ username: `${role.toLowerCase()}${n}`, password: 'Test@2025x', displayName: `测试${role}${n}`, role, orgId: unit.id });
    return scopeOf(unit, { userId: user.id, name: user.displayName, role, ip: '127.0.0.1' });
  };
  return { county, town, otherTown, villageA, villageB, gridA, otherVillage, personInTown, personInOtherTown, system: systemScope(province), homes, as };
}

/** `count` towns in all under the fixture's county (甲镇 and 乙镇 first), each with a village of its own. */
export async function townsOfCounty(ctx: AppContext, f: Fixture, count: number): Promise<Array<{ town: OrgUnit; village: OrgUnit }>> {
  const towns = [
    { town: f.town, village: f.villageA },
    { town: f.otherTown, village: f.otherVillage },
  ];
  for (let n = towns.length + 1; n <= count; n++) {
    const town = await insertOrg(ctx.db, { parentId: f.county.id, name: `第${n}镇`, level: 'town' }, f.county.path);
    const village = await insertOrg(ctx.db, { parentId: town.id, name: `第${n}镇中心村`, level: 'village' }, town.path);
    towns.push({ town, village });
  }
  return towns.slice(0, count);
}
