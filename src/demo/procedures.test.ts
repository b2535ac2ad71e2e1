/**
 * The demo's procedural records, read back from the tables: each is a state its statutory
 * procedure can reach, and seen from the reference days 双庙镇's deadlines are a mix of overdue,
 * due within two weeks and met — what the due list and the dashboard show.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { fromRow } from '../ledger/codec.js';
import { tableOf, type KindDefinition } from '../ledger/kind.js';
import type { RecordValues } from '../ledger/validation.js';
import { systemScope } from '../org/scope.js';
import { DEFAULT_WITHIN } from '../procedures/due.js';
import { evaluate, procedureProblems, type DeadlineState, type Extension, type ProcedureDefinition } from '../procedures/procedure.js';
import { getSetting } from '../procedures/settings.js';
import { testContext, type TestContext } from '../testing/context.js';
import { DEMO_AS_OF, DEMO_AUTUMN_DAY } from './calendar.js';
import { DEMO_AS_OF_SETTING, loadDemo } from './load.js';

type ProceduralKind = KindDefinition & { procedure: ProcedureDefinition };
interface StoredRecord {
  kind: ProceduralKind;
  values: RecordValues;
  orgPath: string;
  extensions: Extension[];
}

const proceduralKinds = builtInKinds.filter((k): k is ProceduralKind => !!k.procedure);

let ctx: TestContext;
let town: { id: string; path: string };
const records: StoredRecord[] = [];

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  town = await ctx.db.kysely.selectFrom('org_unit').select(['id', 'path']).where('name', '=', '双庙镇').executeTakeFirstOrThrow();
  const db = ctx.db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (const kind of proceduralKinds) {
    // A procedure reads no sensitive field: those stay encrypted and unread.
    const plain: KindDefinition = { ...kind, fields: kind.fields.filter((f) => !f.sensitive) };
    const rows = await db.selectFrom(tableOf(kind)).selectAll().execute();
    const extensions = await ctx.procedures.extensionsOf(
      kind.code,
      rows.map((r) => String(r.id)),
    );
    for (const row of rows) {
      const values = fromRow(plain, row as never, undefined as never) as RecordValues & { id: string };
      records.push({ kind, values, orgPath: String(row.org_path), extensions: extensions.get(values.id) ?? [] });
    }
  }
}, 120_000);
afterAll(() => ctx.close());

interface Deadline extends DeadlineState {
  kind: string;
  title: string;
}

/** 双庙镇's deadlines as of a day: records dated after it left out, steps dated after it not yet taken. */
function shuangmiaoDeadlines(on: string): Deadline[] {
  return records
    .filter((r) => r.orgPath.startsWith(town.path) && String(r.values.date) <= on)
    .flatMap((r) =>
      evaluate(r.kind.procedure, r.values, { on, extensions: r.extensions }).deadlines.map((d) => ({ ...d, kind: r.kind.code, title: String(r.values.title) })),
    );
}

const overdue = (deadlines: Deadline[]) => deadlines.filter((d) => d.status === 'open' && (d.daysLeft ?? 0) < 0);
const dueSoon = (deadlines: Deadline[]) => deadlines.filter((d) => d.status === 'open' && d.daysLeft !== undefined && d.daysLeft >= 0 && d.daysLeft <= DEFAULT_WITHIN);
const codes = (deadlines: Deadline[]) => [...new Set(deadlines.map((d) => `${d.kind}.${d.code}`))].sort();

describe('demo procedural records', () => {
  it('stores the day the demo is seen from', async () => {
    expect(await getSetting(ctx.db, DEMO_AS_OF_SETTING)).toBe(DEMO_AS_OF);
  });

  it('has records of every procedural kind, each in a state its procedure can reach', () => {
    expect(new Set(records.map((r) => r.kind.code))).toEqual(new Set(proceduralKinds.map((k) => k.code)));
    const impossible = records.flatMap((r) =>
      procedureProblems(r.kind.procedure, r.values).map((p) => `${r.kind.code}「${String(r.values.title)}」${p.field}: ${p.message}`),
    );
    expect(impossible).toEqual([]);
  });

  it('takes the conditional steps somewhere: legal review and a hearing, expert argument and risk assessment, judicial confirmation', () => {
    const some = (kind: string, test: (v: RecordValues) => boolean) => records.some((r) => r.kind.code === kind && test(r.values));
    expect(some('penaltyCase', (v) => v.legalAuditRequired === true && !!v.legalAuditOn && !!v.hearingOn)).toBe(true);
    expect(some('majorDecision', (v) => v.needsExpertArgument === true && !!v.expertArgumentOn)).toBe(true);
    expect(some('majorDecision', (v) => v.needsRiskAssessment === true && !!v.riskAssessmentOn)).toBe(true);
    expect(some('dispute', (v) => v.seekJudicialConfirmation === true && !!v.judicialConfirmationOn)).toBe(true);
    expect(some('petition', (v) => !!v.reviewAnsweredOn)).toBe(true);
    expect(records.filter((r) => r.extensions.length).map((r) => r.kind.code)).toEqual(['petition']);
  });

  it('is, on the reference day, as stored: every step with a date taken, every status one its taken steps reach', () => {
    const contradictions = records.flatMap((r) => {
      const { steps } = evaluate(r.kind.procedure, r.values, { on: DEMO_AS_OF, extensions: r.extensions });
      const status = r.kind.procedure.statusField ? r.values[r.kind.procedure.statusField] : undefined;
      const title = `${r.kind.code}「${String(r.values.title)}」`;
      return [
        ...steps.filter((s) => s.date && s.status !== 'done').map((s) => `${title} ${s.label} ${s.date}: not taken on ${DEMO_AS_OF}`),
        ...r.kind.procedure.steps
          .filter((d) => typeof status === 'string' && d.statuses?.includes(status) && steps.find((s) => s.code === d.code)?.status !== 'done')
          .map((d) => `${title} status ${String(status)} without ${d.label}`),
      ];
    });
    expect(contradictions).toEqual([]);
  });

  it('on the reference day, 双庙镇 has deadlines overdue, due within two weeks and met', () => {
    const deadlines = shuangmiaoDeadlines(DEMO_AS_OF);
    // Every item of the year is public and both penalty cases are closed or executed by the day (the seed's figures): what is left open is a petition past its 60 days.
    expect(codes(overdue(deadlines))).toEqual(['petition.handling']);
    expect(codes(dueSoon(deadlines))).toEqual(expect.arrayContaining(['normativeDocument.filing', 'petition.handling', 'reconsideration.litigationDefence']));
    expect(deadlines.filter((d) => d.status === 'met').length).toBeGreaterThan(50);
    // The extended petition is due soon, not overdue: its 60 days ran out before the reference day.
    const extended = deadlines.find((d) => d.kind === 'petition' && d.extendedDays > 0);
    expect(extended).toMatchObject({ status: 'open', extendedDays: 30 });
    expect(extended && extended.statutoryDue < DEMO_AS_OF && extended.due > DEMO_AS_OF).toBe(true);
  });

  it('on 1 October too', () => {
    const deadlines = shuangmiaoDeadlines(DEMO_AUTUMN_DAY);
    expect(codes(overdue(deadlines))).toEqual(['disclosure.disclosure']);
    expect(codes(dueSoon(deadlines))).toEqual(expect.arrayContaining(['disclosure.disclosure', 'dispute.mediation', 'normativeDocument.filing', 'petition.acceptance']));
    expect(deadlines.filter((d) => d.status === 'met').length).toBeGreaterThan(30);
  });

  it('agrees with the due list', async () => {
    const list = await ctx.due.list(systemScope(town), { on: DEMO_AS_OF });
    const procedural = list.items.filter((i) => i.source === 'procedure');
    const deadlines = shuangmiaoDeadlines(DEMO_AS_OF);
    expect(procedural.filter((i) => i.overdue)).toHaveLength(overdue(deadlines).length);
    expect(procedural.filter((i) => !i.overdue)).toHaveLength(dueSoon(deadlines).length);
  });

  it('has disputes of the reference year still in mediation, within the 30 days and past them', () => {
    const mediating = records.filter((r) => r.kind.code === 'dispute' && r.values.status === 'mediating' && String(r.values.date).startsWith(DEMO_AS_OF.slice(0, 4)));
    const daysLeft = mediating
      .filter((r) => String(r.values.date) <= DEMO_AS_OF)
      .map((r) => evaluate(r.kind.procedure, r.values, { on: DEMO_AS_OF }).deadlines.find((d) => d.code === 'mediation')?.daysLeft ?? NaN);
    expect(daysLeft.some((d) => d < 0)).toBe(true);
    expect(daysLeft.some((d) => d >= 0)).toBe(true);
  });
});
