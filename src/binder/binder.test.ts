/**
 * The evidence binder read back: the DOCX has a section for every figure the report prints, the
 * records as table rows and the photos as media; the ZIP carries every attachment byte for byte;
 * personal information is masked unless revealed, and a reveal is audited; 2,000 records make a
 * binder of 2,000 rows.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTables, type LedgerTables } from '../db/ledger-tables.js';
import { newId } from '../core/ids.js';
import { tableOf } from '../ledger/kind.js';
import * as repo from '../ledger/repository.js';
import type { Scope } from '../org/scope.js';
import type { SchemeInput } from '../shared/assessment.js';
import { appErrorOf } from '../testing/errors.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { printedFigures } from './report-source.js';
import { buildBinder } from './service.js';
import { binderCommand } from '../cli/binder.js';
import { safeName } from './zip.js';

let ctx: TestContext;
let f: Fixture;
let office: Scope;

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

const PARTIES = '王大明、李小红';

async function documentXml(path: string): Promise<{ xml: string; media: string[] }> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return { xml, media: Object.keys(zip.files).filter((name) => name.startsWith('word/media/')) };
}

/** The document's visible text, runs joined (Word splits text into runs anywhere). */
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  office = await f.as('townOffice');
  const first = await ctx.ledger.create(office, 'dispute', disputeBody(f.villageA.id, { title: '东村宅基地边界纠纷', parties: PARTIES, partyPhone: '13812345678' }));
  const second = await ctx.ledger.create(office, 'dispute', disputeBody(f.villageB.id, { title: '西村灌溉用水纠纷', date: '2025-05-20' }));
  await ctx.attachments.add(office, 'dispute', first.id, '现场照片.png', PNG);
  await ctx.attachments.add(office, 'dispute', first.id, '调解协议书.pdf', PDF);
  // The same name twice on one record: the ZIP must keep both.
  await ctx.attachments.add(office, 'dispute', second.id, '现场照片.png', Buffer.concat([PNG, Buffer.from([0])]));
  await ctx.attachments.add(office, 'dispute', second.id, '现场照片.png', Buffer.concat([PNG, Buffer.from([1])]));
});

afterAll(async () => {
  await ctx.close();
});

describe('the binder of an annual report', () => {
  it('has a cover, a contents list and a section for every figure, with the records as rows and the photos as media', async () => {
    const out = join(ctx.dir, 'binder.docx');
    const built = await buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'docx' }, out);
    const figures = printedFigures(await ctx.reports.composed(office, f.town, 2025));
    // The fixture's disputes give the report its dispute figures (a count and a rate at least).
    expect(figures.length).toBeGreaterThanOrEqual(2);
    expect(built.sections).toBe(figures.length);
    expect(built.filename).toBe('甲镇2025年度法治政府建设佐证材料.docx');

    const { xml, media } = await documentXml(out);
    const text = textOf(xml);
    expect(text).toContain('甲镇2025年度法治政府建设佐证材料');
    expect(text).toContain('目　　录');
    for (const figure of figures) expect(text, figure.label).toContain(`${figure.label}：${figure.text}`);
    // Every section is bookmarked and the contents point at it by page.
    expect(xml.match(/PAGEREF section_\d+/g)?.length).toBe(figures.length);
    expect(text).toContain('东村宅基地边界纠纷');
    expect(text).toContain('西村灌溉用水纠纷');
    // Three photos (a PDF is not a picture), embedded once though several sections list the same record.
    expect(built.embeddedImages).toBeGreaterThanOrEqual(3);
    expect(media.length).toBeGreaterThanOrEqual(1);
    expect(xml).toContain('<pic:pic');
    // Page numbers in the footers.
    const zip = await JSZip.loadAsync(await readFile(out));
    const footers = Object.values(zip.files).filter((e) => /^word\/footer\d+\.xml$/.test(e.name));
    const footerXml = await Promise.all(footers.map((e) => e.async('string')));
    expect(footerXml.some((x) => x.includes('PAGE'))).toBe(true);
  });

  it('masks personal information by default and writes no reveal to the audit log', async () => {
    const before = await reveals();
    const out = join(ctx.dir, 'masked.docx');
    await buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'docx' }, out);
    const text = textOf((await documentXml(out)).xml);
    expect(text).not.toContain('王大明');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('当事人：王*明、李*红');
    expect(await reveals()).toBe(before);
  });

  it('shows it in full when the role may reveal and gives a reason, audited once per ledger', async () => {
    const before = await reveals();
    const out = join(ctx.dir, 'revealed.docx');
    await buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'docx', reveal: { reason: '县督查组现场核查原件' } }, out);
    const text = textOf((await documentXml(out)).xml);
    expect(text).toContain(`当事人：${PARTIES}`);
    expect(text).toContain('13812345678');
    const rows = await ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'reveal').orderBy('id').execute();
    expect(rows.length).toBe(before + 1);
    const last = rows[rows.length - 1];
    expect(last?.kind).toBe('dispute');
    expect(last?.actor_id).toBe(office.actor.userId);
    expect(String(last?.after)).toContain('县督查组现场核查原件');
  });

  it('refuses full values to a role that may reveal nothing', async () => {
    const leader = await f.as('leader');
    const error = await appErrorOf(buildBinder(ctx, leader, { org: f.town.id, year: 2025, format: 'docx', reveal: { reason: '想看看原文' } }, join(ctx.dir, 'no.docx')));
    expect(error.status).toBe(403);
    expect(error.message).toContain('无权查看个人信息原文');
  });

  it('packs the DOCX and every attachment, byte for byte, in folders by section and record', async () => {
    const out = join(ctx.dir, 'binder.zip');
    const built = await buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'zip' }, out);
    const zip = await JSZip.loadAsync(await readFile(out));
    const names = Object.values(zip.files).filter((e) => !e.dir).map((e) => e.name);
    expect(names).toContain('甲镇2025年度法治政府建设佐证材料.docx');
    expect(built.files).toBe(names.length);
    const stored = new Set((await ctx.db.kysely.selectFrom('attachment').select('sha256').execute()).map((r) => r.sha256));
    const files = names.filter((n) => !n.endsWith('.docx'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const name of files) {
      const content = await zip.file(name)?.async('nodebuffer');
      const sha = createHash('sha256').update(content ?? Buffer.alloc(0)).digest('hex');
      expect(stored.has(sha), name).toBe(true);
      // Byte-equal to the stored file, not just the same hash in the table.
      expect(content?.equals(await readFile(ctx.attachments.pathOf(sha)))).toBe(true);
      expect(name.split('/')).toHaveLength(3);
    }
    // Every stored attachment is somewhere in the archive.
    const packed = new Set(await Promise.all(files.map(async (n) => createHash('sha256').update((await zip.file(n)?.async('nodebuffer')) ?? Buffer.alloc(0)).digest('hex'))));
    expect([...stored].every((sha) => packed.has(sha))).toBe(true);
    expect(files.some((n) => n.includes('东村宅基地边界纠纷/现场照片.png'))).toBe(true);
    expect(files.some((n) => n.endsWith('西村灌溉用水纠纷/现场照片（2）.png'))).toBe(true);
  });
});

describe('the binder of an assessment', () => {
  it('has a section per item of the scheme with the records it counts and their photos', async () => {
    const disputes = (await ctx.townIndicators.define(f.system, { orgId: f.county.id, label: '矛盾纠纷登记数', unit: '件', measure: 'count', kind: 'dispute' })).code;
    const reviewer = await f.as('countyReviewer');
    const input: SchemeInput = {
      orgId: f.county.id,
      year: 2025,
      title: '2025年度乡镇法治政府建设考核方案',
      deadline: '2099-01-31',
      sections: [
        {
          title: '一、基层治理',
          area: 'governance',
          items: [{ code: '1.1', title: '矛盾纠纷排查登记不少于2件', points: 4, evidenceKinds: ['dispute'], attachmentsRequired: true, rule: { type: 'threshold', indicator: disputes, min: 2 } }],
        },
        { title: '二、普法', area: 'publicity', items: [{ code: '2.1', title: '普法宣传形式多样', points: 5, evidenceKinds: [], attachmentsRequired: false, rule: { type: 'manual' } }] },
      ],
    };
    const scheme = await ctx.assessments.schemes.define(reviewer, input);
    await ctx.assessments.schemes.publish(reviewer, scheme.id);
    const out = join(ctx.dir, 'assessment.zip');
    const built = await buildBinder(ctx, office, { org: f.town.id, year: 2025, scheme: scheme.id, format: 'zip' }, out);
    expect(built.sections).toBe(2);
    expect(built.filename).toBe('甲镇2025年度法治政府建设考核佐证材料.zip');
    const zip = await JSZip.loadAsync(await readFile(out));
    const docx = await JSZip.loadAsync((await zip.file('甲镇2025年度法治政府建设考核佐证材料.docx')?.async('nodebuffer')) ?? Buffer.alloc(0));
    const text = textOf((await docx.file('word/document.xml')?.async('string')) ?? '');
    expect(text).toContain('1.1　矛盾纠纷排查登记不少于2件（4分）');
    expect(text).toContain('2.1　普法宣传形式多样（5分）');
    expect(text).toContain('东村宅基地边界纠纷');
    expect(text).toContain('台账中没有对应的记录');
    expect(Object.keys(zip.files).some((n) => n.startsWith('1_1.1') && n.endsWith('东村宅基地边界纠纷/现场照片.png'))).toBe(true);
  });
});

describe('fazhi binder', () => {
  it('writes a ZIP or a DOCX by the extension of the output and refuses any other', async () => {
    const out = join(ctx.dir, 'cli.docx');
    expect(await binderCommand(ctx, ['--org', '甲镇', '--year', '2025', '--out', out])).toBe(0);
    expect((await JSZip.loadAsync(await readFile(out))).file('word/document.xml')).not.toBeNull();
    const refused = await appErrorOf(binderCommand(ctx, ['--org', '甲镇', '--year', '2025', '--out', join(ctx.dir, 'cli.pdf')]));
    expect(refused).toMatchObject({ status: 400, field: 'out' });
    expect(refused.message).toContain('.docx');
  });
});

describe('file names in the ZIP', () => {
  it('keep Chinese and drop what no file system takes', () => {
    expect(safeName('矛盾纠纷：受理/化解 <2025>')).toBe('矛盾纠纷：受理_化解 _2025_');
    expect(safeName('会议纪要. . ')).toBe('会议纪要');
    expect(safeName('...')).toBe('_');
    expect(Array.from(safeName('长'.repeat(100), 40))).toHaveLength(40);
  });
});

describe('a binder of 2,000 records', () => {
  it('lists every record, read a page at a time', async () => {
    const kind = await ctx.ledger.requireAction(office, 'dispute', 'read');
    const model = await ledgerTables(ctx.db.kysely).selectFrom(tableOf(kind)).selectAll().where('title', '=', '西村灌溉用水纠纷').executeTakeFirstOrThrow();
    const rows: Array<LedgerTables[string]> = Array.from({ length: 2000 }, (_, i) => ({ ...model, id: newId(), title: `批量纠纷${i + 1}号`, date: '2025-07-01' }));
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) await repo.insertRows(trx, f.system, kind, rows.slice(i, i + 500));
    });
    const out = join(ctx.dir, 'large.docx');
    const built = await buildBinder(ctx, office, { org: f.town.id, year: 2025, format: 'docx' }, out);
    const text = textOf((await documentXml(out)).xml);
    expect(text).toContain('批量纠纷1号');
    expect(text).toContain('批量纠纷2000号');
    // The dispute count's section alone lists all 2,002 disputes.
    expect(text).toContain('依据矛盾纠纷2002条');
    expect(built.records).toBeGreaterThanOrEqual(2002);
  }, 240_000);
});

const reveals = async () => Number((await ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'reveal').executeTakeFirstOrThrow()).n);
