import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { createContext, type AppContext } from '../context.js';
import { onServer } from '../testing/databases.js';
import { loadDemo } from '../demo/load.js';
import { isLedger } from '../indicators/definition.js';
import { collectIndicators } from '../indicators/registry.js';
import { addCustomIndicator, CustomKindService } from '../ledger/custom-kinds.js';
import { TownIndicatorService } from '../indicators/town-defined.js';
import { findOrgByIdOrName, type OrgUnit } from '../org/repository.js';
import { scopeOf } from '../org/scope.js';

/** Issue 15 items 1 and 3: the figures a town report states about each built-in kind. */
const REPORTED = [
  'study.collective', 'study.special', 'study.law.attendance',
  'duty_list.items', 'duty_list.items.basic', 'duty_list.items.cooperative', 'duty_list.items.withdrawn',
  'normative_document.reviewed', 'normative_document.filed', 'normative_document.repealed',
  'contract_review.count', 'contract_review.yoy_rate',
  'major_decision.count', 'major_decision.legality_review_rate',
  'law_exam.candidates', 'law_exam.sat', 'law_exam.passed', 'law_exam.participation_rate', 'law_exam.pass_rate',
  'training.participation_rate',
  'enforcement.certified', 'enforcement.certified.new', 'enforcement.certification_rate', 'enforcement.legal_review',
  'enforcement.training.attendance', 'enforcement.training.passed',
  'case_review.count', 'case_review.problems_rectified',
  'leader_duty.reported',
  'document.issued', 'document.issued.party', 'document.issued.government', 'document.legality_review_rate',
  'supervision.count', 'supervision.problems_rectified',
  'legal_service.items', 'legal_service.categories',
  'ceremony.constitutional_oath', 'enterprise_checkup.enterprises',
];

// A property of the real definitions, so it reads the real registry.
describe('the built-in definitions', () => {
  it('give every built-in kind at least one indicator, and include every reported code', () => {
    const all = collectIndicators(builtInKinds);
    const withIndicators = new Set(all.filter(isLedger).map((i) => i.kind));
    expect(builtInKinds.map((k) => k.code).filter((code) => !withIndicators.has(code))).toEqual([]);
    const codes = new Set(all.map((i) => i.code));
    expect(REPORTED.filter((code) => !codes.has(code))).toEqual([]);
  });
});

/**
 * The command line as an operator runs it, on its own SQLite file — or, in a PostgreSQL run, its own
 * database on that server (the command takes DATABASE_URL as it is, with no test schema).
 */
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const dir = mkdtempSync(join(tmpdir(), 'fazhi-cli-indicators-'));
const server = process.env.DATABASE_URL || undefined;
const database = server ? `fz_cli_${randomBytes(5).toString('hex')}` : undefined;
const databaseUrl = server && database ? Object.assign(new URL(server), { pathname: `/${database}` }).toString() : undefined;
const env = { ...process.env, DATABASE_URL: databaseUrl ?? '', FAZHI_DB: join(dir, 'cli.db'), FAZHI_DATA_DIR: join(dir, 'files'), FAZHI_KEY_FILE: join(dir, 'fazhi.key') };
const fazhi = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });

let ctx: AppContext;
let town: OrgUnit;
let customCode: string;

beforeAll(async () => {
  if (database) await onServer(server as string, `CREATE DATABASE ${database}`);
  ctx = await createContext({ db: { databaseUrl, sqlitePath: env.FAZHI_DB }, dataDir: env.FAZHI_DATA_DIR, keyFile: env.FAZHI_KEY_FILE, maxUploadBytes: 1 << 20, sessionIdleMinutes: 30 });
  await loadDemo(ctx);
  [town] = (await findOrgByIdOrName(ctx.db, '双庙镇')) as [OrgUnit];
  // A town's own kind and figure, to see the list name its owner.
  const office = scopeOf(town, { userId: null, name: '镇办', role: 'townOffice', ip: null });
  const kind = await new CustomKindService(ctx.db, ctx.kinds, ctx.lists).define(office, {
    orgId: town.id,
    label: '法治夜校',
    area: 'publicity',
    fields: [{ label: '参加人数', type: 'integer', required: true }],
  });
  customCode = (await addCustomIndicator(ctx.db, ctx.kinds, office, kind.code, { label: '夜校参加人次', unit: '人次', measure: 'sum', field: 'f1' })).code;
  // A town's own figure on a built-in kind (issue 15 item 2): listed with its owner, evaluated for the town.
  await new TownIndicatorService(ctx).define(office, { orgId: town.id, code: 'smz.disputes_resolved', label: '本镇化解纠纷', unit: '件次', measure: 'count', kind: 'dispute', filters: [{ field: 'status', op: 'in', values: ['resolved'] }] });
  await ctx.close();
});
afterAll(async () => {
  if (database) await onServer(server as string, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
});

interface Listed {
  code: string;
  label: string;
  unit: string;
  kind: string | null;
  measure: { op: string };
  aliases: string[];
  owner?: { id: string; name: string | null };
}

describe('fazhi indicators --list --json', () => {
  it('prints every definition with its kind, measure and aliases, and names the owner of a town’s own', () => {
    const run = fazhi(['indicators', '--list', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as Listed[];
    const byCode = new Map(listed.map((i) => [i.code, i]));
    for (const code of REPORTED) expect(byCode.has(code), code).toBe(true);
    for (const kind of builtInKinds) expect(listed.some((i) => i.kind === kind.code), kind.code).toBe(true);
    for (const i of listed) {
      expect(Object.keys(i), i.code).toEqual(expect.arrayContaining(['code', 'label', 'unit', 'kind', 'measure', 'aliases']));
      if (i.code !== customCode && i.code !== 'smz.disputes_resolved') expect(i.owner, i.code).toBeUndefined();
    }
    expect(byCode.get('law_exam.pass_rate')).toMatchObject({ kind: 'lawExam', unit: '%', measure: { op: 'ratio', numerator: 'law_exam.passed', denominator: 'law_exam.sat' } });
    expect(byCode.get('contract_review.yoy_rate')).toMatchObject({ kind: 'contractReview', measure: { op: 'change', of: 'contract_review.count', as: 'percent' } });
    expect(byCode.get('study.collective')).toMatchObject({ kind: null, measure: { op: 'total' } });
    expect(byCode.get('normative_document.filed')).toMatchObject({ kind: 'normativeDocument', measure: { op: 'count' }, dateField: 'filedOn' });
    expect(byCode.get(customCode)).toMatchObject({ label: '夜校参加人次', unit: '人次', measure: { op: 'sum', field: 'f1' }, owner: { id: town.id, name: '双庙镇' } });
    expect(byCode.get('smz.disputes_resolved')).toMatchObject({ kind: 'dispute', unit: '件次', measure: { op: 'count' }, where: [{ field: 'status', in: ['resolved'] }], owner: { id: town.id, name: '双庙镇' } });
  });
});

describe('fazhi indicators --org 双庙镇 --year 2025 --json', () => {
  it('evaluates every reported code, the seed figures unchanged', () => {
    const run = fazhi(['indicators', '--org', '双庙镇', '--year', '2025', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const values = new Map((JSON.parse(run.stdout) as Array<{ code: string; value: number; numerator?: number; denominator?: number }>).map((v) => [v.code, v]));
    for (const code of REPORTED) expect(values.get(code)?.value, code).toEqual(expect.any(Number));
    expect(values.get('study.central_group')?.value).toBe(12);
    expect(values.get('enforcement.inspections')?.value).toBe(18);
    expect(values.get('dispute.resolution_rate')).toMatchObject({ value: 100, numerator: 10, denominator: 10 });
    expect(values.get('smz.disputes_resolved')?.value).toBe(values.get('dispute.resolved')?.value);
    // The demo's 2025 facts behind some of the new figures.
    expect(values.get('study.special')?.value).toBe(3);
    expect(values.get('leader_duty.reported')?.value).toBeGreaterThan(0);
    expect(values.get('major_decision.legality_review_rate')).toMatchObject({ value: 100 });
  });
});
