/**
 * Writes a synthetic province into the database: the org tree, the people, and every town's
 * records, checked as the ledger service checks a record (field validation and the statutory
 * procedure; a sample of a large load) and encoded by the same codec, then appended in bulk — COPY
 * on PostgreSQL — in one transaction with one audit row for the whole run. Per-record audit rows,
 * reference look-ups and the service's round trips would make 10M records take hours.
 */
import { writeAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { analyzeTables } from '../db/analyze.js';
import type { Cell } from '../db/schema.js';
import { forgetSummaryStates, rebuildSummaries } from '../indicators/monthly/store.js';
import type { KindDefinition } from '../ledger/kind.js';
import { systemScope } from '../org/scope.js';
import { SynthCalendar } from './calendar.js';
import { KindEncoder } from './encoder.js';
import { MAX_TOWNS } from './ids.js';
import { estimatedRows, NOTHING_RELAXED, relaxForLoad, restore } from './relax.js';
import { inBulkSession } from './sink.js';
import { GENERATORS, generateTown, MIN_RECORDS_PER_TOWN } from './town.js';
import { generateTree, townUnits, type SynthUnit } from './tree.js';

export interface SynthOptions {
  towns: number;
  recordsPerTown: number;
  seed: string;
  firstYear: number;
  lastYear: number;
  /** Add to a database that already holds data (a second province). */
  append?: boolean;
  /** Check every record, however many (by default a large load checks a sample: see CHECK_ALL_UP_TO). */
  fullCheck?: boolean;
  /** PostgreSQL: drop and restore secondary indexes and foreign keys from this many records on (default 100,000). */
  rebuildIndexesFrom?: number;
  /** Called about every two seconds while records are written. */
  progress?: (p: SynthProgress) => void;
}

export interface SynthProgress {
  records: number;
  total: number;
  seconds: number;
}

export interface SynthSummary {
  provinceId: string;
  provinceName: string;
  units: number;
  people: number;
  records: number;
  byKind: Record<string, number>;
  /** Records run through validation and the procedure check (the rest are generated the same way). */
  checked: number;
  /** Whether the ledger tables' secondary indexes and foreign keys were dropped during the load and restored after it. */
  rebuiltIndexes: boolean;
  seconds: number;
  /** Where the time went: generating and appending rows; restoring indexes and keys; counting the monthly summaries; committing; refreshing statistics. */
  phases: { rows: number; restore: number; summaries: number; commit: number; analyze: number };
}

/** Refusals and bad options, with the message the command line prints. */
export class SynthRefused extends Error {}

/** Records of one town: a town is generated whole, in memory. */
const MAX_RECORDS_PER_TOWN = 200_000;
/** Records generated between two flushes to the database (whole towns): a few hundred MB at most. */
const RECORDS_PER_BATCH = 100_000;
/**
 * From this many records on, PostgreSQL loads without the ledger tables' secondary indexes and
 * foreign keys and restores them once, provided the load is at least as big as what the tables
 * already hold (rebuilding covers every row, old and new).
 */
const REBUILD_INDEXES_FROM = 100_000;
/**
 * Up to this many records every one is checked. Beyond it, every record of the first towns and one
 * in CHECK_EVERY of the rest: checking costs about as much as generating and encoding together, and
 * the generators' values are already in the validator's form (a test holds them to that), so
 * unchecked records are written exactly as checked ones would be.
 */
const CHECK_ALL_UP_TO = 200_000;
const CHECKED_TOWNS = 10;
const CHECK_EVERY = 50;

export function checkOptions(o: SynthOptions): void {
  if (!Number.isInteger(o.towns) || o.towns < 1 || o.towns > MAX_TOWNS) throw new SynthRefused(`--towns 应为 1 到 ${MAX_TOWNS} 之间的整数`);
  if (!Number.isInteger(o.recordsPerTown) || o.recordsPerTown < MIN_RECORDS_PER_TOWN || o.recordsPerTown > MAX_RECORDS_PER_TOWN) {
    throw new SynthRefused(`--records-per-town 应为 ${MIN_RECORDS_PER_TOWN} 到 ${MAX_RECORDS_PER_TOWN} 之间的整数（每个镇每类台账至少一条）`);
  }
  if (!Number.isInteger(o.firstYear) || !Number.isInteger(o.lastYear) || o.firstYear < 2000 || o.lastYear > 2100 || o.firstYear > o.lastYear) {
    throw new SynthRefused('--years 应为 起始年-结束年，如 2021-2025（2000 至 2100 年之间）');
  }
  if (!o.seed.trim()) throw new SynthRefused('--seed 不能为空');
}

const UNIT_COLUMNS = ['id', 'parent_id', 'name', 'level', 'path', 'code', 'sort', 'created_at'] as const;
const PERSON_COLUMNS = ['id', 'org_id', 'org_path', 'name', 'gender', 'phone', 'position', 'is_example', 'notes', 'created_at', 'updated_at', 'version'] as const;
const unitCells = (u: SynthUnit): Cell[] => UNIT_COLUMNS.map((c) => u[c]);

export async function synthesize(ctx: AppContext, options: SynthOptions): Promise<SynthSummary> {
  checkOptions(options);
  const started = Date.now();
  const tree = generateTree(options.seed, options.towns, options.firstYear);
  await refuseUnlessFree(ctx, tree.province.id, options);

  const cal = new SynthCalendar(options.firstYear, options.lastYear);
  const lists = await ctx.lists.lookupFor(tree.province.path);
  const labels = await ctx.lists.labels();
  const encoders = new Map(
    GENERATORS.map((g) => {
      const kind = ctx.kinds.builtIn.find((k) => k.code === g.kind);
      if (!kind) throw new Error(`no built-in kind ${g.kind}`);
      const statusList = kind.fields.find((f) => f.name === kind.procedure?.statusField)?.list ?? '';
      return [g.kind, new KindEncoder(kind, lists, ctx.cipher, (code) => labels.get(`${statusList}\u0000${code}`) ?? code)] as const;
    }),
  );

  const total = options.towns * options.recordsPerTown;
  const byKind: Record<string, number> = Object.fromEntries(GENERATORS.map((g) => [g.kind, 0]));
  let units = tree.upper.length;
  let people = 0;
  let written = 0;
  let lastReport = Date.now();
  const tables = [...encoders.values()].map((e) => e.table);
  const summaries: string[] = [];
  const rebuild = ctx.db.engine === 'postgres' && total >= (options.rebuildIndexesFrom ?? REBUILD_INDEXES_FROM) && total >= (await estimatedRows(ctx, tables));
  let checked = 0;
  const phases = { rows: 0, restore: 0, summaries: 0, commit: 0, analyze: 0 };
  let lapStart = Date.now();
  const lap = () => {
    const now = Date.now();
    const seconds = (now - lapStart) / 1000;
    lapStart = now;
    return seconds;
  };

  await inBulkSession(ctx, async (session) => {
    const relaxed = rebuild ? await relaxForLoad(session, tables) : NOTHING_RELAXED;
    await session.append('org_unit', UNIT_COLUMNS, tree.upper.map(unitCells));

    // The next batch is generated while the database takes the previous one.
    let inFlight: Promise<void> = Promise.resolve();
    const townsPerBatch = Math.max(1, Math.floor(RECORDS_PER_BATCH / options.recordsPerTown));
    for (let from = 0; from < tree.towns.length; from += townsPerBatch) {
      const batch = tree.towns.slice(from, from + townsPerBatch);
      const unitRows: Cell[][] = [];
      const personRows: Cell[][] = [];
      const recordRows = new Map<string, Cell[][]>();
      for (const town of batch) {
        const data = generateTown(options.seed, town, tree.province.name, cal, options.recordsPerTown);
        for (const u of townUnits(town)) unitRows.push(unitCells(u));
        for (const p of data.people) personRows.push(PERSON_COLUMNS.map((c) => p[c]));
        data.records.forEach((r, i) => {
          const check = options.fullCheck === true || total <= CHECK_ALL_UP_TO || town.index < CHECKED_TOWNS || i % CHECK_EVERY === 0;
          if (check) checked++;
          const rows = recordRows.get(r.kind) ?? [];
          rows.push((encoders.get(r.kind) as KindEncoder).encode(r, town.unit.id, check));
          recordRows.set(r.kind, rows);
          byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
        });
        // Let the event loop send the previous batch's data meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await inFlight;
      written = Object.values(byKind).reduce((a, b) => a + b, 0);
      units += unitRows.length;
      people += personRows.length;
      inFlight = (async () => {
        await session.append('org_unit', UNIT_COLUMNS, unitRows);
        await session.append('person', PERSON_COLUMNS, personRows);
        for (const [kind, rows] of recordRows) {
          const encoder = encoders.get(kind) as KindEncoder;
          await session.append(encoder.table, encoder.columns, rows);
        }
      })();
      // A failure surfaces at the next await; keep it from being reported as unhandled meanwhile.
      inFlight.catch(() => { /* rethrown by the await */ });
      if (options.progress && (Date.now() - lastReport > 2000 || from + townsPerBatch >= tree.towns.length)) {
        lastReport = Date.now();
        options.progress({ records: written, total, seconds: (Date.now() - started) / 1000 });
      }
    }
    await inFlight;
    phases.rows = lap();
    await restore(session, relaxed);
    phases.restore = lap();
    // The roll-ups read the monthly summaries: counted once here, over everything the kinds hold.
    const kinds = [...encoders.keys()].map((code) => ctx.kinds.builtIn.find((k) => k.code === code) as KindDefinition);
    summaries.push(...(await rebuildSummaries(session.trx, kinds)));
    phases.summaries = lap();
    await writeAudit(session.trx, systemScope(tree.province).actor, {
      action: 'synth',
      orgId: tree.province.id,
      after: { seed: options.seed, towns: options.towns, recordsPerTown: options.recordsPerTown, years: `${options.firstYear}-${options.lastYear}`, units, people, records: written },
    });
  });
  forgetSummaryStates(ctx.db.kysely);
  phases.commit = lap();
  // Fresh planner statistics on both engines: the indicator queries over millions of rows depend on them.
  await analyzeTables(ctx.db.kysely, ['org_unit', 'person', 'audit_log', ...tables, ...summaries]);
  phases.analyze = lap();

  return {
    provinceId: tree.province.id,
    provinceName: tree.province.name,
    units,
    people,
    records: written,
    byKind,
    checked,
    rebuiltIndexes: rebuild,
    seconds: (Date.now() - started) / 1000,
    phases,
  };
}

async function refuseUnlessFree(ctx: AppContext, provinceId: string, options: SynthOptions) {
  const any = await ctx.db.kysely.selectFrom('org_unit').select('id').limit(1).executeTakeFirst();
  if (any && !options.append) {
    throw new SynthRefused('数据库中已有数据（组织机构不为空），合成数据只写入空库。若确要在现有数据之外再加一个合成的省，请加 --append。');
  }
  const same = await ctx.db.kysely.selectFrom('org_unit').select('id').where('id', '=', provinceId).executeTakeFirst();
  if (same) throw new SynthRefused(`库中已有种子“${options.seed}”生成的数据，请用 --seed 换一个种子。`);
}

