/**
 * Indicators, the annual report and the public page through the HTTP API, on the demo data set:
 * figures with their records, the preview whose figures link to those records, the Word and HTML
 * documents, checking a draft (pasted or uploaded), templates, and draft → approved → published.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemo } from '../demo/load.js';
import { findOrgByIdOrName, type OrgUnit } from '../org/repository.js';
import { testContext, type TestContext } from '../testing/context.js';
import { buildApp } from './app.js';
import { callAs, expectError, signIn, withSession, type Method } from '../testing/http.js';
import { anyString, stringContaining } from '../testing/matchers.js';

let ctx: TestContext;
let app: FastifyInstance;
let town: OrgUnit;
let county: OrgUnit;
let manhui: OrgUnit;

type Account = 'smz_office' | 'smz_leader' | 'smz_grid' | 'hjhq_review' | 'sysadmin';
const tokens = new Map<Account, string>();

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function signInDemo(username: Account): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  expect(account?.password).toBe(DEMO_PASSWORD);
  return signIn(app, username, DEMO_PASSWORD);
}

/** A call as one of the demo accounts, or without any cookie (the public). */
const call = (who: Account | undefined, method: Method, url: string, payload?: unknown) => {
  const token = who ? tokens.get(who) : undefined;
  if (who && !token) throw new Error(`${who} is not signed in`);
  return callAs(app, token, method, url, payload);
};


const unescapeHtml = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);

interface IndicatorValue {
  code: string;
  label: string;
  unit: string;
  value: number;
  numerator?: number;
  denominator?: number;
  records: number;
}
interface Records {
  org: { id: string };
  indicator: IndicatorValue;
  kind: string;
  ids: string[];
}
interface CheckItem {
  text: string;
  code: string;
  draftValue: number;
  ledgerValue: number;
  expected: string;
}
interface CheckResult {
  matched: CheckItem[];
  mismatched: CheckItem[];
  unmatched: Array<{ text: string }>;
}
interface ReportState {
  orgId: string;
  year: number;
  templateId: string;
  status: string;
  missing: Array<{ item: string; label: string }>;
}
interface Template {
  id: string;
  orgId: string | null;
  version: number;
  body: { name: string; sections: Array<{ item?: string; heading: string }> };
}

const unitNamed = async (name: string) => {
  const [unit, ...others] = await findOrgByIdOrName(ctx.db, name);
  if (!unit || others.length) throw new Error(`no single unit named ${name}`);
  return unit;
};

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  app = await buildApp(ctx);
  await app.ready();
  [town, county, manhui] = await Promise.all([unitNamed('双庙镇'), unitNamed('杭锦后旗'), unitNamed('蛮会镇')]);
  const accounts = ['smz_office', 'smz_leader', 'smz_grid', 'hjhq_review', 'sysadmin'] as const;
  const signedIn = await Promise.all(accounts.map(signInDemo));
  accounts.forEach((who, i) => tokens.set(who, signedIn[i] ?? ''));
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

describe('indicators', () => {
  it("gives a town office its own town's values, ratios with numerator and denominator", async () => {
    const res = await call('smz_office', 'GET', '/api/indicators?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ org: { id: string; name: string; level: string }; period: { from: string; to: string }; items: IndicatorValue[] }>();
    expect(body.org).toEqual({ id: town.id, name: '双庙镇', level: 'town' });
    expect(body.period).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    const value = (code: string) => body.items.find((i) => i.code === code);
    expect(value('grid.workers')).toMatchObject({ value: 308, unit: '人' });
    expect(value('grid.leaders')).toMatchObject({ value: 115 });
    expect(value('enforcement.inspections')).toMatchObject({ value: 18 });
    expect(value('dispute.resolution_rate')).toMatchObject({ value: 100, unit: '%', numerator: 10, denominator: 10 });
  });

  it('lists the records behind a figure, each one readable in its ledger', async () => {
    const res = await call('smz_office', 'GET', '/api/indicators/dispute.screened/records?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Records>();
    expect(body.kind).toBe('dispute');
    expect(body.indicator).toMatchObject({ code: 'dispute.screened', value: 10, records: 10 });
    expect(body.ids).toHaveLength(10);
    expect(new Set(body.ids).size).toBe(10);
    for (const id of body.ids) {
      const record = await call('smz_office', 'GET', `/api/ledgers/dispute/${id}`);
      expect(record.statusCode, record.body).toBe(200);
      expect(record.json()).toMatchObject({ id, kind: 'dispute' });
    }
  });

  it("compares a county's towns, which add up to the county", async () => {
    const res = await call('hjhq_review', 'GET', `/api/indicators/compare?org=${county.id}&year=2025&codes=dispute.screened`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json<{ org: { id: string }; rows: Array<{ org: { id: string; name: string; level: string }; values: IndicatorValue[] }> }>().rows;
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.org.level)).toEqual(['town', 'town', 'town']);
    expect(rows.map((r) => r.org.name)).toEqual(expect.arrayContaining(['双庙镇', '蛮会镇']));
    const screened = (values: IndicatorValue[]) => values.find((v) => v.code === 'dispute.screened')?.value ?? Number.NaN;
    const sum = rows.reduce((total, r) => total + screened(r.values), 0);
    expect(screened(rows.find((r) => r.org.id === town.id)?.values ?? [])).toBe(10);

    const whole = await call('hjhq_review', 'GET', `/api/indicators?org=${county.id}&year=2025`);
    expect(whole.statusCode, whole.body).toBe(200);
    expect(screened(whole.json<{ items: IndicatorValue[] }>().items)).toBe(sum);
  });

  it('refuses a bad year, naming the field in Chinese', async () => {
    for (const year of ['abc', '1990', '2025.5']) {
      const error = expectError(await call('smz_office', 'GET', `/api/indicators?year=${year}`), 400, 'validation', 'year');
      expect(error.message).toContain('年度');
    }
    expectError(await call('smz_office', 'GET', '/api/indicators'), 400, 'validation', 'year');
  });

  it('shows an administrator no business data', async () => {
    const res = await call('sysadmin', 'GET', '/api/indicators?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('refuses a unit outside the caller’s scope', async () => {
    expectError(await call('smz_office', 'GET', `/api/indicators?org=${manhui.id}&year=2025`), 400, 'validation', 'org');
    expectError(await call('smz_office', 'GET', `/api/indicators/dispute.screened/records?org=${manhui.id}&year=2025`), 400, 'validation', 'org');
    expectError(await call('smz_office', 'GET', `/api/reports/preview?org=${manhui.id}&year=2025`), 400, 'validation', 'org');
  });
});

describe('report preview', () => {
  it('composes the town report with no problems', async () => {
    const res = await call('smz_office', 'GET', '/api/reports/preview?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{ orgId: string; year: number; title: string; problems: string[] }>();
    expect(report).toMatchObject({ orgId: town.id, year: 2025, title: '双庙镇2025年法治政府建设情况报告', problems: [] });
  });

  it('links every figure of the HTML preview to its records', async () => {
    const res = await call('smz_office', 'GET', '/api/reports/preview?year=2025&format=html');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const hrefs = [...res.body.matchAll(/<a class="figure" href="([^"]+)"/g)].map((m) => unescapeHtml(m[1] ?? ''));
    expect(hrefs.length).toBeGreaterThan(20);
    const expected = new RegExp(`^/api/indicators/[a-z0-9_.]+/records\\?org=${town.id}&year=2025$`);
    for (const href of hrefs) expect(href).toMatch(expected);

    const leaders = /网格长<a class="figure" href="([^"]+)"[^>]*>115人<\/a>/.exec(res.body);
    expect(leaders, 'the 网格长115人 figure is a link').not.toBeNull();
    const href = unescapeHtml(leaders?.[1] ?? '');
    expect(href).toBe(`/api/indicators/grid.leaders/records?org=${town.id}&year=2025`);
    const records = await call('smz_office', 'GET', href);
    expect(records.statusCode, records.body).toBe(200);
    const body = records.json<Records>();
    expect(body.indicator).toMatchObject({ code: 'grid.leaders', value: 115 });
    expect(body.ids).toHaveLength(115);
  });
});

describe('report document', () => {
  it('downloads the report as Word with its Chinese title as the file name', async () => {
    const res = await call('smz_office', 'GET', '/api/reports/document?year=2025&format=docx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_TYPE);
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('双庙镇2025年法治政府建设情况报告.docx')}`);
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(res.rawPayload.length).toBeGreaterThan(5000);
  });

  it('downloads the report as a standalone HTML page', async () => {
    const res = await call('smz_office', 'GET', '/api/reports/document?year=2025&format=html');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('双庙镇2025年法治政府建设情况报告.html'));
    expect(res.body).toMatch(/^<!doctype html>/i);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('<title>双庙镇2025年法治政府建设情况报告</title>');
    expect(res.body).toContain('网格长115人');
    expect(res.body).not.toContain('class="figure"');
  });

  it('refuses a format it does not make', async () => {
    expectError(await call('smz_office', 'GET', '/api/reports/document?year=2025&format=pdf'), 400, 'validation', 'format');
  });
});

describe('checking a draft', () => {
  // Our own sentence: one figure right (115 grid leaders), one wrong (19 inspections; the ledger has 18).
  const draft = '过去一年，我镇持续夯实基层治理根基，全镇共配备网格长115人。综合执法队聚焦重点行业，组织开展专项执法检查19次。';

  const expectVerdict = (result: CheckResult) => {
    expect(result.matched).toEqual([expect.objectContaining({ code: 'grid.leaders', text: '115人', draftValue: 115, ledgerValue: 115 })]);
    expect(result.mismatched).toEqual([expect.objectContaining({ code: 'enforcement.inspections', text: '19次', draftValue: 19, ledgerValue: 18, expected: '18次' })]);
  };

  const multipart = (fields: Array<[string, string]>, file: { name: string; type: string; content: Buffer }) => {
    const boundary = '----fazhiTestBoundary7MA4YWxkTrZu0gW';
    const parts: Buffer[] = fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`, 'utf8'));
    parts.push(file.content);
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
    return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };

  const upload = (fields: Array<[string, string]>, file: { name: string; type: string; content: Buffer }) => {
    const body = multipart(fields, file);
    return app.inject({ method: 'POST', url: '/api/reports/check', payload: body.payload, ...withSession(tokens.get('smz_office') ?? '', body.headers) });
  };

  it('matches a pasted text’s figures to the ledger and lists the mismatch', async () => {
    const res = await call('smz_office', 'POST', '/api/reports/check', { year: 2025, text: draft });
    expect(res.statusCode, res.body).toBe(200);
    expectVerdict(res.json<CheckResult>());
  });

  it('checks an uploaded .txt file the same way', async () => {
    const res = await upload([['year', '2025']], { name: '报告稿.txt', type: 'text/plain', content: Buffer.from(draft, 'utf8') });
    expect(res.statusCode, res.body).toBe(200);
    expectVerdict(res.json<CheckResult>());
  });

  it('refuses an empty text and a file it cannot read, naming the field', async () => {
    expectError(await call('smz_office', 'POST', '/api/reports/check', { year: 2025, text: '' }), 400, 'validation', 'text');
    expectError(await call('smz_office', 'POST', '/api/reports/check', { year: 2025, text: ' \n ' }), 400, 'validation', 'text');
    expectError(await call('smz_office', 'POST', '/api/reports/check', { year: 2025 }), 400, 'validation', 'text');
    expectError(await upload([['year', '2025']], { name: 'draft.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1') }), 400, 'validation', 'file');
  });

  it('turns last year’s report into the town’s template: own sentences, this year’s figures, the user’s mapping kept', async () => {
    // Our own words, as 双庙镇's 2024 report: both figures are bound; the user keeps the second as written.
    const lastYear = '一、主要工作举措及成效\n2024年，全镇共配备网格长100人。综合执法队组织开展专项执法检查12次。';
    const body = multipart([['year', '2024'], ['save', 'true'], ['mapping', JSON.stringify({ 1: null })]], { name: '2024年报告.txt', type: 'text/plain', content: Buffer.from(lastYear, 'utf8') });
    const res = await app.inject({ method: 'POST', url: '/api/reports/template-from', payload: body.payload, ...withSession(tokens.get('smz_office') ?? '', body.headers) });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<{ figures: Array<{ text: string; code?: string }>; saved: { id: string }; template: { sections: Array<{ paragraphs: string[] }> } }>();
    expect(result.figures.map((f) => [f.text, f.code])).toEqual([['100人', 'grid.leaders'], ['12次', undefined]]);
    // The figure kept as written is listed: its sentence prints last year's number until edited.
    expect(res.json<{ literals: Array<{ text: string; reason: string; note: string }> }>().literals).toEqual([{ index: 1, line: 2, text: '12次', context: anyString(), reason: 'kept', note: stringContaining('仍为去年的数字') }]);
    expect(result.template.sections[0]?.paragraphs).toEqual(['{year}年，全镇共配备网格长{{grid.leaders}}。综合执法队组织开展专项执法检查12次。']);
    const preview = await call('smz_office', 'GET', `/api/reports/preview?year=2025&template=${result.saved.id}`);
    expect(preview.statusCode, preview.body).toBe(200);
    const said = preview.json<{ blocks: Array<{ runs?: Array<{ text: string }> }> }>().blocks.map((b) => (b.runs ?? []).map((r) => r.text).join(''));
    expect(said).toContain('2025年，全镇共配备网格长115人。综合执法队组织开展专项执法检查12次。');
    // Saving a template is editing the report: a grid worker may not.
    expectError(await call('smz_grid', 'POST', '/api/reports/template-from', { year: 2024, text: lastYear, save: true }), 403, 'forbidden');
    expectError(await call('smz_office', 'POST', '/api/reports/template-from', { year: 2024, text: ' ' }), 400, 'validation', 'text');
  });

  it('checks who may use an upload before reading it: a malformed .docx is refused as forbidden or out of scope to those who may not, 400 only to those who may', async () => {
    const broken = { name: '2024年报告.docx', type: DOCX_TYPE, content: Buffer.from('PK\u0003\u0004 this is not a zip archive', 'latin1') };
    const send = (who: Account, fields: Array<[string, string]>) => {
      const body = multipart(fields, broken);
      return app.inject({ method: 'POST', url: '/api/reports/template-from', payload: body.payload, ...withSession(tokens.get(who) ?? '', body.headers) });
    };
    // A grid worker may not read the report; a leader may read it but not save a template; neither upload is opened.
    expectError(await send('smz_grid', [['year', '2024']]), 403, 'forbidden');
    expectError(await send('smz_leader', [['year', '2024'], ['save', 'true']]), 403, 'forbidden');
    // Another town is out of the office's scope.
    expectError(await send('smz_office', [['org', manhui.id], ['year', '2024']]), 400, 'validation', 'org');
    // The same JSON, without a text: refused for the grid worker before it is validated.
    expectError(await call('smz_grid', 'POST', '/api/reports/template-from', { year: 'x' }), 403, 'forbidden');
    // The office may: only then is the file read, and refused as unreadable.
    expectError(await send('smz_office', [['year', '2024']]), 400, 'validation', 'file');
  });
});

describe('lifecycle and the public page', () => {
  it('is approved by a leader only, shows nothing unpublished or sensitive in public, and then is published', async () => {
    expectError(await call('smz_office', 'POST', '/api/reports/approve', { year: 2025 }), 403, 'forbidden');
    expect((await call('smz_office', 'GET', '/api/reports?year=2025')).json<ReportState>()).toMatchObject({ status: 'draft', missing: [] });

    const approved = await call('smz_leader', 'POST', '/api/reports/approve', { year: 2025 });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<ReportState>()).toMatchObject({ orgId: town.id, year: 2025, status: 'approved' });

    // Masked names as the town office sees them: none of it may reach the public page.
    const petitions = (await call('smz_office', 'GET', '/api/ledgers/petition?pageSize=200')).json<{ items: Array<{ petitioner: string }> }>().items;
    expect(petitions.length).toBeGreaterThan(0);
    const penalties = (await call('smz_office', 'GET', '/api/ledgers/penaltyCase?pageSize=200')).json<{ items: Array<{ partyName: string }> }>().items;
    expect(penalties.length).toBeGreaterThan(0);
    const disclosures = (await call('smz_office', 'GET', '/api/ledgers/disclosure?pageSize=200&sort=-publishedOn')).json<{ items: Array<{ title: string }> }>().items;
    expect(disclosures.length).toBeGreaterThan(0);

    // The public page at its readable address; the id address of earlier versions redirects there.
    const smz = `/public/${encodeURIComponent('双庙镇')}`;
    const moved = await call(undefined, 'GET', `/public/${town.id}`);
    expect(moved.statusCode).toBe(302);
    expect(moved.headers.location).toBe(smz);
    const before = await call(undefined, 'GET', smz);
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/html/);
    expect(before.body).toContain('<html lang="zh-CN">');
    expect(before.body).toContain('双庙镇法治政府建设信息公开');
    // Last year's report was made public in March; this year's is not public yet.
    expect(before.body).toContain(`${smz}/reports/2024`);
    expect(before.body).not.toContain(`${smz}/reports/2025`);
    expect(before.body).toContain('<th scope="col">公开日期</th>');
    expect((before.body.match(/<tr><td class="date">\d{4}-\d{2}-\d{2}<\/td>/g) ?? []).length).toBeGreaterThan(0);
    const shown = disclosures.filter((d) => before.body.includes(d.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')));
    expect(shown.length).toBeGreaterThan(0);
    // A masked name up to its first '*' ("魏*" of "魏*某（示例）"): neither the name nor its masked form is shown.
    const maskedPrefix = (name: string) => name.slice(0, name.indexOf('*') + 1);
    const names = [...petitions.map((p) => p.petitioner), ...penalties.map((p) => p.partyName)];
    const expectNothingSensitive = (html: string) => {
      expect(html).not.toContain('身份证');
      for (const name of names) {
        expect(name).toContain('*');
        expect(html).not.toContain(name);
        expect(html).not.toContain(maskedPrefix(name));
      }
    };
    expectNothingSensitive(before.body);

    const published = await call('smz_office', 'POST', '/api/reports/publish', { year: 2025 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json<ReportState>()).toMatchObject({ status: 'published' });

    const after = await call(undefined, 'GET', smz);
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain('尚未公开年度报告');
    expect(after.body).toContain('<span class="title">双庙镇2025年法治政府建设情况报告</span>');
    expect(after.body).toContain(`href="${smz}/reports/2025"`);
    expect(after.body).toContain(`href="${smz}/reports/2025/docx"`);

    const page = await call(undefined, 'GET', `${smz}/reports/2025`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('网格长115人');
    expect(page.body).not.toContain('/api/indicators');
    expectNothingSensitive(after.body);
    expectNothingSensitive(page.body);

    const docx = await call(undefined, 'GET', `${smz}/reports/2025/docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe(DOCX_TYPE);
    expect(docx.headers['content-disposition']).toContain(encodeURIComponent('双庙镇2025年法治政府建设情况报告.docx'));
    expect(docx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');

    expectError(await call(undefined, 'GET', `${smz}/reports/2023`), 404, 'not_found');
    expectError(await call(undefined, 'GET', `${smz}/reports/2023/docx`), 404, 'not_found');
    expectError(await call(undefined, 'GET', `/public/${encodeURIComponent(manhui.name)}/reports/2025`), 404, 'not_found');
    expectError(await call(undefined, 'GET', '/public/unknownid'), 404, 'not_found');
  });
});

describe('templates', () => {
  it('copies, saves with optimistic locking, and refuses approval of a report missing a required item', async () => {
    const list = await call('smz_office', 'GET', '/api/report-templates');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: Template[] }>().items.map((t) => t.id)).toEqual(expect.arrayContaining(['default', 'default-county']));

    const created = await call('smz_office', 'POST', '/api/report-templates', { orgId: town.id });
    expect(created.statusCode, created.body).toBe(201);
    const copy = created.json<Template>();
    expect(copy).toMatchObject({ orgId: town.id, version: 1 });
    expect(copy.body.sections.map((s) => s.item)).toContain('other');

    const body = { ...copy.body, sections: copy.body.sections.filter((s) => s.item !== 'other') };
    const saved = await call('smz_office', 'PUT', `/api/report-templates/${copy.id}`, { version: 1, body });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Template>()).toMatchObject({ id: copy.id, version: 2 });
    expect(saved.json<Template>().body.sections.map((s) => s.item)).not.toContain('other');

    expectError(await call('smz_office', 'PUT', `/api/report-templates/${copy.id}`, { version: 1, body: copy.body }), 409, 'conflict', 'version');
    expectError(await call('smz_grid', 'PUT', `/api/report-templates/${copy.id}`, { version: 2, body: copy.body }), 403, 'forbidden');
    expect((await call('smz_office', 'GET', `/api/report-templates/${copy.id}`)).json<Template>()).toMatchObject({ version: 2 });

    const chosen = await call('smz_office', 'POST', '/api/reports/template', { year: 2023, template: copy.id });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const state = await call('smz_office', 'GET', '/api/reports?year=2023');
    expect(state.statusCode, state.body).toBe(200);
    expect(state.json<ReportState>()).toMatchObject({ templateId: copy.id, status: 'draft', missing: [{ item: 'other', label: '其他需要报告的情况' }] });

    const refused = expectError(await call('smz_leader', 'POST', '/api/reports/approve', { year: 2023 }), 422, 'report_incomplete', 'template');
    expect(refused.message).toContain('其他需要报告的情况');
    expect((await call('smz_office', 'GET', '/api/reports?year=2023')).json<ReportState>()).toMatchObject({ status: 'draft' });
  });
});
