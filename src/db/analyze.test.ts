/**
 * A bulk load leaves the planner statistics of what it filled: after an Excel import, a dump
 * import (a restore) and synth, PostgreSQL's pg_stat_user_tables shows each table analysed and
 * SQLite's sqlite_stat1 has rows for it — without waiting for autovacuum (off on the test server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../context.js';
import { synthesize } from '../synth/load.js';
import { testContext, type TestContext } from '../testing/context.js';
import { passEngine, randomKey, testDatabase, type TestDatabase } from '../testing/databases.js';
import { disputeBody, smallTown } from '../testing/fixtures.js';
import { fillTemplate } from '../testing/xlsx.js';
import { endpointOf, exportDump } from './dump/export.js';
import { importDump } from './dump/import.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function context(): Promise<TestContext> {
  const ctx = await testContext();
  closers.push(() => ctx.close());
  return ctx;
}

/** Whether the planner has statistics for the table (PostgreSQL: an ANALYZE ran on it; SQLite: sqlite_stat1 has its rows). */
async function analysed(ctx: AppContext, table: string): Promise<boolean> {
  if (ctx.db.engine === 'postgres') {
    const { rows } = await sql<{ last_analyze: Date | null }>`
      select last_analyze from pg_stat_user_tables where schemaname = current_schema() and relname = ${table}`.execute(ctx.db.kysely);
    return !!rows[0]?.last_analyze;
  }
  const { rows: stat } = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(ctx.db.kysely);
  if (!Number(stat[0]?.n)) return false;
  const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = ${table}`.execute(ctx.db.kysely);
  return Number(rows[0]?.n) > 0;
}

const unanalysed = async (ctx: AppContext, tables: string[]) => {
  const missing: string[] = [];
  for (const table of tables) if (!(await analysed(ctx, table))) missing.push(table);
  return missing;
};

describe('statistics after a bulk load', () => {
  it('an Excel import analyses the kind’s table, the batch and the audit log', async () => {
    const ctx = await context();
    const f = await smallTown(ctx);
    const office = await f.as('townOffice');
    const template = (await ctx.importer.template(office, 'dispute', undefined, '2025-06-01')).content;
    const rows = Array.from({ length: 200 }, (_, i) => ({
      所属单位: i % 2 ? '东村' : '西村',
      登记日期: `2025-04-${String((i % 28) + 1).padStart(2, '0')}`,
      纠纷概要: `第${i}号 宅基地边界争执`,
      来源: '月度排查',
      纠纷类别: '邻里纠纷',
      状态: '登记',
    }));
    const tables = ['ledger_dispute', 'import_batch', 'audit_log'];
    expect(await unanalysed(ctx, tables)).toEqual(tables);

    const result = await ctx.importer.import(office, 'dispute', undefined, { name: '纠纷.xlsx', content: await fillTemplate(template, rows) });
    expect(result.created).toBe(200);
    expect(await unanalysed(ctx, tables)).toEqual([]);
  });

  it('a dump import (and so a restore) analyses every table it filled', async () => {
    const key = randomKey();
    const databases: TestDatabase[] = [];
    const work = mkdtempSync(join(tmpdir(), 'fazhi-analyze-'));
    closers.push(async () => {
      for (const db of databases) await db.drop();
      rmSync(work, { recursive: true, force: true });
    });
    const source = await testDatabase('sqlite', key);
    const target = await testDatabase(passEngine(), key);
    databases.push(source, target);

    const from = await source.open();
    try {
      const f = await smallTown(from);
      for (let i = 0; i < 20; i++) await from.ledger.create(f.system, 'dispute', disputeBody(f.villageA.id, { title: `纠纷${i}` }));
      await exportDump(endpointOf(from), join(work, 'dump'));
    } finally {
      await from.close();
    }

    const to = await target.open();
    try {
      const tables = ['org_unit', 'person', 'audit_log', 'ledger_dispute'];
      expect(await unanalysed(to, tables)).toEqual(tables);
      await importDump(endpointOf(to), join(work, 'dump'));
      expect(await unanalysed(to, tables)).toEqual([]);
    } finally {
      await to.close();
    }
  });

  it('synth analyses the units, people, records and audit log it wrote, on either engine', async () => {
    const ctx = await context();
    await synthesize(ctx, { towns: 2, recordsPerTown: 40, seed: 'analyze-test', firstYear: 2024, lastYear: 2025 });
    expect(await unanalysed(ctx, ['org_unit', 'person', 'audit_log', 'ledger_dispute', 'ledger_meeting'])).toEqual([]);
  });
});
