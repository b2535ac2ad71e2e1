/**
 * A small province of ledger data for tests that need whole provinces (the federated roll-up):
 * province → city → county → towns → villages → one group and grid each, and in every town
 * disputes, monthly screening rounds, a legal advisor, publicity items and grid posts, written
 * through the ledger service like data typed in the UI. Sizes differ by spec so provinces differ.
 */
import type { AppContext } from '../context.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import { systemScope } from '../org/scope.js';

export interface ProvinceSpec {
  name: string;
  towns: number;
  villagesPerTown: number;
  /** Disputes registered in 2025 per town, and how many of them were resolved. */
  disputes: number;
  resolved: number;
  /** Villages per town served by the town's legal advisor (the rest have none). */
  advisedVillages: number;
  /** 法律五进 targets reached by the offline events (same in every town). */
  fiveInto: string[];
}

export async function fillProvince(ctx: AppContext, spec: ProvinceSpec): Promise<OrgUnit> {
  const province = await insertOrg(ctx.db, { parentId: null, name: spec.name, level: 'province' });
  const city = await insertOrg(ctx.db, { parentId: province.id, name: `${spec.name}第一市`, level: 'city' }, province.path);
  const county = await insertOrg(ctx.db, { parentId: city.id, name: `${spec.name}第一县`, level: 'county' }, city.path);
  const scope = systemScope(province);
  const create = (kind: string, body: Record<string, unknown>) => ctx.ledger.create(scope, kind, body);

  const person = async (unit: OrgUnit, name: string) => {
    const id = newId();
    const now = nowIso();
    await ctx.db.kysely
      .insertInto('person')
      .values({ id, org_id: unit.id, org_path: unit.path, name, gender: null, phone: null, position: null, is_example: 1, notes: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  };

  for (let t = 1; t <= spec.towns; t++) {
    const town = await insertOrg(ctx.db, { parentId: county.id, name: `${spec.name}${t}镇`, level: 'town' }, county.path);
    const villages: OrgUnit[] = [];
    for (let v = 1; v <= spec.villagesPerTown; v++) {
      const village = await insertOrg(ctx.db, { parentId: town.id, name: `${town.name}${v}村`, level: 'village' }, town.path);
      const group = await insertOrg(ctx.db, { parentId: village.id, name: `${village.name}一社`, level: 'group' }, village.path);
      await insertOrg(ctx.db, { parentId: group.id, name: `${village.name}一社网格`, level: 'grid' }, group.path);
      villages.push(village);
    }

    for (let d = 0; d < spec.disputes; d++) {
      const resolved = d < spec.resolved;
      await create('dispute', {
        orgId: town.id,
        date: `2025-0${1 + (d % 9)}-10`,
        title: `${town.name}第${d + 1}起纠纷`,
        source: 'monthlyScreening',
        category: d % 3 === 0 ? 'landTransfer' : 'neighbour',
        status: resolved ? 'resolved' : 'registered',
        ...(resolved ? { resolvedOn: `2025-0${1 + (d % 9)}-20` } : {}),
      });
    }
    // Last year's dispute: counted in 2024's figures only.
    await create('dispute', { orgId: town.id, date: '2024-11-05', title: `${town.name}上年纠纷`, source: 'visit', category: 'labour', status: 'registered' });

    for (const village of villages) {
      for (const month of ['01', '02']) {
        await create('screeningRound', { orgId: village.id, date: `2025-${month}-05`, title: `${village.name}${month}月排查`, month: `2025-${month}`, disputesFound: 0 });
      }
    }

    const advisor = await person(town, `${town.name}律师`);
    await create('legalAdvisor', {
      orgId: town.id,
      date: '2024-07-01',
      endDate: '2026-06-30',
      title: `${town.name}法律顾问聘用`,
      advisor,
      isLawyer: true,
      servedUnits: [town.id, ...villages.slice(0, spec.advisedVillages).map((v) => v.id)],
      fee: 12000.5,
    });

    await create('publicityItem', { orgId: town.id, date: '2025-03-15', title: `${town.name}线上普法`, mode: 'online', channel: 'officialAccount', contentKind: 'knowledge', reads: 100 + t });
    await create('publicityItem', { orgId: town.id, date: '2025-12-04', title: `${town.name}宪法宣传周`, mode: 'offline', theme: 'constitutionWeek', fiveInto: spec.fiveInto, audience: 50 * t });

    // One person holds two posts (交叉任职): posts count twice, people once.
    const worker = await person(villages[0] as OrgUnit, `${town.name}网格员`);
    await create('gridPost', { orgId: villages[0]?.id, date: '2024-01-01', title: '网格长', person: worker, post: 'gridLeader' });
    await create('gridPost', { orgId: villages[0]?.id, date: '2024-01-01', title: '专职网格员', person: worker, post: 'gridWorkerFullTime' });
  }
  return province;
}
