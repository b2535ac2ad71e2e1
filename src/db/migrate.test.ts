/**
 * Migrations from an empty database, run twice, and the ledger tables following their kind
 * definitions: a new field is a new column, and the rows already there survive it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryPlan } from '../indicators/monthly/plan.js';
import { distinctPlan } from '../indicators/monthly/distinct.js';
import { builtInKinds } from '../areas/index.js';
import { date, money, text } from '../ledger/fields.js';
import { columnOf, tableOf, type KindDefinition } from '../ledger/kind.js';
import { KindRegistry } from '../ledger/registry.js';
import { LedgerService } from '../ledger/service.js';
import * as repo from '../ledger/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { openDb, type Db } from './connect.js';
import { syncLedgerTables } from './ledger-tables.js';
import { migrate, migrationNames } from './migrate.js';
import { TOWN_UNIT_WORDS } from '../indicators/town-units.js';
import { emptyDatabase } from '../testing/databases.js';

const CORE_TABLES = ['org_unit', 'person', 'app_user', 'user_session', 'audit_log', 'list_def', 'list_item', 'attachment', 'custom_kind', 'ledger_column', 'report_template', 'report_template_version', 'annual_report'] as const;


const countOf = async (db: Db, table: string) => {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
};

/** The kinds' lists, and the unit words of towns' own indicators (seeded by migration 0013). */
const declaredItems = builtInKinds.flatMap((k) => k.lists ?? []).reduce((n, l) => n + l.items.length, 0) + TOWN_UNIT_WORDS.length;

describe('migrations from empty', () => {
  let empty: Awaited<ReturnType<typeof emptyDatabase>>;
  let db: Db;

  beforeAll(async () => {
    empty = await emptyDatabase();
    db = openDb(empty.config);
  });
  afterAll(async () => {
    // Unset when beforeAll failed.
    await (db as Db | undefined)?.close();
    await (empty as typeof empty | undefined)?.drop();
  });

  it('creates the core tables, a table per kind with a column per field, and seeds the lists', async () => {
    const report = await migrate(db, builtInKinds);
    expect(report.applied).toEqual(migrationNames);
    expect(migrationNames[0]).toBe('0001_core');
    expect(report.ledgerChanges.filter((c) => c.startsWith('created')).sort()).toEqual(builtInKinds.map((k) => `created ${tableOf(k)}`).sort());
    // A column per field, and a search-hash column per sensitive field.
    expect(report.ledgerChanges.filter((c) => !c.startsWith('created')).length).toBe(
      builtInKinds.reduce((n, k) => n + k.fields.length + k.fields.filter((f) => f.sensitive).length, 0),
    );
    // A monthly summary for every kind whose figures add up.
    const monthly = report.summaryChanges.filter((c) => c.startsWith('rebuilt summary_'));
    expect(monthly.sort()).toEqual(builtInKinds.filter((k) => summaryPlan(k)).map((k) => `rebuilt summary_${tableOf(k)}`).sort());
    // Distinct summaries of kinds that have no monthly one are named apart (the others are rebuilt with it).
    const distinct = report.summaryChanges.filter((c) => !c.startsWith('rebuilt summary_'));
    expect(distinct.sort()).toEqual(builtInKinds.filter((k) => distinctPlan(k) && !summaryPlan(k)).map((k) => `rebuilt distinct_member:${tableOf(k)}`).sort());

    for (const table of CORE_TABLES) expect(await countOf(db, table), table).toBeGreaterThanOrEqual(0);
    for (const kind of builtInKinds) {
      expect(await countOf(db, tableOf(kind)), kind.code).toBe(0);
      // Every field is a real, queryable column.
      const columns = ['id', 'org_path', 'date', 'version', ...kind.fields.map((f) => columnOf(f.name))];
      await sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(tableOf(kind))}`.execute(db.kysely);
    }
    const recorded = await db.kysely.selectFrom('ledger_column').select(['table_name', 'column_name']).execute();
    const recordedSet = new Set(recorded.map((r) => `${r.table_name}.${r.column_name}`));
    for (const kind of builtInKinds) for (const f of kind.fields) expect(recordedSet.has(`${tableOf(kind)}.${columnOf(f.name)}`), f.name).toBe(true);

    expect(await countOf(db, 'list_def')).toBe(builtInKinds.flatMap((k) => k.lists ?? []).length + 1);
    expect(await countOf(db, 'list_item')).toBe(declaredItems);
  });

  it('is a no-op the second time, also from a new connection', async () => {
    const columns = await countOf(db, 'ledger_column');
    expect(await migrate(db, builtInKinds)).toEqual({ applied: [], ledgerChanges: [], summaryChanges: [] });

    await db.close();
    db = openDb(empty.config);
    expect(await migrate(db, builtInKinds)).toEqual({ applied: [], ledgerChanges: [], summaryChanges: [] });
    expect(await countOf(db, 'ledger_column')).toBe(columns);
    expect(await countOf(db, 'list_item')).toBe(declaredItems);
  });

  it('keeps edited list labels when seeding again', async () => {
    await db.kysely.updateTable('list_item').set({ label: '月度大排查' }).where('list', '=', 'dispute.source').where('code', '=', 'monthlyScreening').execute();
    await migrate(db, builtInKinds);
    const item = await db.kysely.selectFrom('list_item').select('label').where('list', '=', 'dispute.source').where('code', '=', 'monthlyScreening').executeTakeFirstOrThrow();
    expect(item.label).toBe('月度大排查');
    expect(await countOf(db, 'list_item')).toBe(declaredItems);
  });
});

describe('ledger tables follow the definitions', () => {
  let ctx: TestContext;
  let f: Fixture;

  beforeAll(async () => {
    ctx = await testContext();
    f = await smallTown(ctx);
  });
  afterAll(() => (ctx as TestContext | undefined)?.close()); // unset when beforeAll failed

  const kindOf = (code: string): KindDefinition => {
    const kind = builtInKinds.find((k) => k.code === code);
    if (!kind) throw new Error(`no kind ${code}`);
    return kind;
  };

  it('adds a column for a new field without losing rows, once', async () => {
    const office = await f.as('townOffice');
    const before = await ctx.ledger.create(office, 'dispute', {
      orgId: f.villageA.id,
      date: '2025-03-08',
      title: '承包地界址争议',
      source: 'visit',
      category: 'landTransfer',
      status: 'mediating',
      parties: '赵某、钱某',
    });

    const dispute = kindOf('dispute');
    const extended: KindDefinition = {
      ...dispute,
      fields: [...dispute.fields, text('followUp', '回访情况', { maxLength: 500 }), money('compensation', '赔偿金额（元）'), date('followedUpOn', '回访日期', { notBefore: 'date' })],
    };
    const changes = await syncLedgerTables(ctx.db, [extended]);
    expect(changes).toEqual(['added ledger_dispute.follow_up', 'added ledger_dispute.compensation', 'added ledger_dispute.followed_up_on']);
    expect(await syncLedgerTables(ctx.db, [extended])).toEqual([]);

    // The services, given the extended definition, read the old row and write the new fields.
    const kinds = new KindRegistry(ctx.db, builtInKinds.map((k) => (k.code === 'dispute' ? extended : k)));
    const ledger = new LedgerService(ctx.db, kinds, ctx.lists, ctx.permissions, ctx.cipher);
    const stored = await ledger.get(office, 'dispute', before.id);
    expect(stored).toMatchObject({ id: before.id, title: '承包地界址争议', category: 'landTransfer', version: 1, followUp: null, compensation: null, followedUpOn: null });
    const updated = await ledger.update(office, 'dispute', before.id, { version: 1, followUp: '双方满意', compensation: 1234.56, followedUpOn: '2025-04-01' });
    expect(updated).toMatchObject({ version: 2, followUp: '双方满意', compensation: 1234.56, followedUpOn: '2025-04-01', status: 'mediating' });
    expect(await countOf(ctx.db, 'ledger_dispute')).toBe(1);

    // Migrating with the original definitions changes nothing and drops nothing.
    expect((await migrate(ctx.db, builtInKinds)).ledgerChanges).toEqual([]);
    expect(await ledger.get(office, 'dispute', before.id)).toMatchObject({ followUp: '双方满意', compensation: 1234.56 });
  });

  /** The primary key's columns in order, asked of the database. */
  const primaryKey = async (table: string): Promise<string[]> => {
    if (ctx.db.engine === 'sqlite') {
      const { rows } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table}) where pk > 0 order by pk`.execute(ctx.db.kysely);
      return rows.map((r) => r.name);
    }
    const { rows } = await sql<{ name: string }>`select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${table}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`.execute(ctx.db.kysely);
    return rows.map((r) => r.name);
  };
  const townIds = async (table: string) =>
    Object.fromEntries((await sql<{ id: string; town_id: string | null }>`select id, town_id from ${sql.table(table)}`.execute(ctx.db.kysely)).rows.map((r) => [r.id, r.town_id]));

  it('keys every record by its town: in the primary key, set on every write, following a move', async () => {
    const office = await f.as('townOffice');
    expect(await primaryKey('ledger_dispute')).toEqual(['town_id', 'id']);
    const inVillage = await ctx.ledger.create(office, 'dispute', { orgId: f.villageA.id, date: '2025-05-01', title: '村里的纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
    const inGrid = await ctx.ledger.create(office, 'dispute', { orgId: f.gridA.id, date: '2025-05-02', title: '网格里的纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
    const inTown = await ctx.ledger.create(office, 'dispute', { orgId: f.town.id, date: '2025-05-03', title: '镇里的纠纷', source: 'visit', category: 'neighbour', status: 'registered' });
    expect(await townIds('ledger_dispute')).toMatchObject({ [inVillage.id]: f.town.id, [inGrid.id]: f.town.id, [inTown.id]: f.town.id });

    // Moved to a village of another town (as a county could), the record changes tenant with it.
    await ctx.db.kysely.transaction().execute((trx) =>
      repo.updateRow(trx, f.system, kindOf('dispute'), inVillage.id, inVillage.version, { org_id: f.otherVillage.id, org_path: f.otherVillage.path }),
    );
    expect((await townIds('ledger_dispute'))[inVillage.id]).toBe(f.otherTown.id);
  });

  it('gives a table made before records carried their town its towns, and on PostgreSQL the key', async () => {
    const kind: KindDefinition = { code: 'oldStyleClinic', label: '旧式台账', area: 'publicity', description: '测试用的旧式表', orgLevels: ['town', 'village'], fields: [text('host', '主持人')] };
    const table = tableOf(kind);
    await sql`create table ${sql.table(table)} (id text primary key, org_id text not null references org_unit (id), org_path text not null, date text not null,
      end_date text, title text not null, notes text, tags text, created_by text, created_at text not null, updated_by text, updated_at text not null,
      version integer not null default 1, import_batch text, host text)`.execute(ctx.db.kysely);
    const columns = ['id', 'org_id', 'org_path', 'date', 'end_date', 'title', 'notes', 'tags', 'created_by', 'created_at', 'updated_by', 'updated_at', 'version', 'import_batch', 'host'];
    const now = new Date().toISOString();
    await ctx.db.kysely
      .insertInto('ledger_column')
      .values(columns.map((c) => ({ table_name: table, column_name: c, column_type: c === 'version' ? 'integer' : 'text', added_at: now })))
      .execute();
    for (const [id, unit] of [['old1', f.villageA], ['old2', f.town], ['old3', f.otherVillage]] as const) {
      await sql`insert into ${sql.table(table)} (id, org_id, org_path, date, title, created_at, updated_at) values (${id}, ${unit.id}, ${unit.path}, '2024-06-01', '旧记录', ${now}, ${now})`.execute(ctx.db.kysely);
    }

    expect(await syncLedgerTables(ctx.db, [kind])).toEqual([`added ${table}.town_id`]);
    expect(await townIds(table)).toEqual({ old1: f.town.id, old2: f.town.id, old3: f.otherTown.id });
    expect(await primaryKey(table)).toEqual(ctx.db.engine === 'postgres' ? ['town_id', 'id'] : ['id']);
    expect(await syncLedgerTables(ctx.db, [kind])).toEqual([]);
  });

  it('creates the table of a new kind, and of a stored custom kind that lacks one', async () => {
    const kind: KindDefinition = {
      code: 'ruralLawClinic',
      label: '法律诊所',
      area: 'publicity',
      description: '测试用的新台账类型',
      orgLevels: ['town'],
      fields: [text('host', '主持人'), date('heldOn', '举办日期')],
    };
    expect(await syncLedgerTables(ctx.db, [kind])).toEqual(['created ledger_rural_law_clinic', 'added ledger_rural_law_clinic.host', 'added ledger_rural_law_clinic.held_on']);
    expect(await countOf(ctx.db, 'ledger_rural_law_clinic')).toBe(0);

    // A custom kind restored from a dump arrives as a definition row only; migrate builds its table.
    const town = await ctx.db.kysely.selectFrom('org_unit').select(['id', 'path']).where('level', '=', 'town').executeTakeFirstOrThrow();
    const custom: KindDefinition = { ...kind, code: 'xrestored01', label: '恢复的自定义台账' };
    const now = new Date().toISOString();
    await ctx.db.kysely
      .insertInto('custom_kind')
      .values({ code: custom.code, org_id: town.id, org_path: town.path, definition: JSON.stringify(custom), version: 1, created_by: null, created_at: now, updated_at: now })
      .execute();
    const report = await migrate(ctx.db, builtInKinds);
    expect(report).toEqual({ applied: [], ledgerChanges: ['created ledger_xrestored01', 'added ledger_xrestored01.host', 'added ledger_xrestored01.held_on'], summaryChanges: [] });
    expect(await migrate(ctx.db, builtInKinds)).toEqual({ applied: [], ledgerChanges: [], summaryChanges: [] });
  });
});
