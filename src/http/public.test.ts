/**
 * The public website without signing in: the index of units that publish, readable addresses
 * (/public/甲镇; a name two units share told apart by the county's name), the id addresses of
 * earlier versions redirected, a unit's disclosures (only those published by today) searched,
 * filtered and in pages, and everything escaped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../core/dates.js';
import { insertOrg, type OrgUnit } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { ReportService } from '../report/service.js';
import { testContext, type TestContext } from '../testing/context.js';
import { smallTown, type Fixture } from '../testing/fixtures.js';
import { expectError } from '../testing/http.js';
import { buildApp } from './app.js';
import { DISCLOSURES_PER_PAGE, type PublicUnit } from '../public-site/service.js';

let ctx: TestContext;
let app: FastifyInstance;
let f: Fixture;
/** A second county with a town of the same name as the fixture's 甲镇, and a village group. */
let otherCounty: OrgUnit;
let otherJia: OrgUnit;

const HTML = { accept: 'text/html,application/xhtml+xml' };
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const path = (...names: string[]) => `/public/${names.map(encodeURIComponent).join('/')}`;

const today = todayInChina();
const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const lastYear = String(Number(today.slice(0, 4)) - 1);

async function disclose(unit: OrgUnit, title: string, publishedOn: string | null, category = 'policy', extra: Record<string, unknown> = {}) {
  const formedOn = publishedOn && publishedOn < today ? publishedOn : today;
  await ctx.ledger.create(systemScope(unit), 'disclosure', {
    orgId: unit.id,
    date: formedOn,
    title,
    category,
    channel: 'platform',
    formedOn,
    ...(publishedOn ? { publishedOn } : {}),
    ...extra,
  });
}

beforeAll(async () => {
  ctx = await testContext();
  app = await buildApp(ctx);
  f = await smallTown(ctx);
  const city = f.county.parent_id as string;
  const cityPath = f.county.path.replace(/[^/]+\/$/, '');
  otherCounty = await insertOrg(ctx.db, { parentId: city, name: '丁旗', level: 'county' }, cityPath);
  otherJia = await insertOrg(ctx.db, { parentId: otherCounty.id, name: '甲镇', level: 'town' }, otherCounty.path);
});

afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('the index', () => {
  it('says so when no unit publishes anything yet', async () => {
    const res = await get('/public', HTML);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('目前还没有单位公开');
    // The SPA's sign-in page is not what answers.
    expect(res.body).not.toContain('<div id="root">');
  });

  it('lists, under their county, only units with a published report or a disclosure published by today', async () => {
    await disclose(f.town, '甲镇2025年财政预算公开', shift(-40), 'financeBudget');
    // 乙镇: only a disclosure not published at all.
    await disclose(f.otherTown, '乙镇尚未公开的信息', null);
    // The other county's 甲镇 publishes an annual report.
    const reports = new ReportService(ctx);
    await reports.approve(systemScope(otherJia), otherJia, 2024);
    await reports.publish(systemScope(otherJia), otherJia, 2024);

    const res = await get('/public');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('测试旗');
    expect(body).toContain('丁旗');
    expect(body).not.toContain('乙镇');
    // Two units named 甲镇: each linked by the readable address that tells it apart.
    expect(body).toContain(`href="${path('测试旗', '甲镇')}"`);
    expect(body).toContain(`href="${path('丁旗', '甲镇')}"`);
    expect(body).toContain('公开信息 1 条');
    expect(body).toContain('年度报告 1 份');
    // Grouped: the county's heading comes before its town.
    expect(body.indexOf('测试旗')).toBeLessThan(body.indexOf(path('测试旗', '甲镇')));
    expect(body.indexOf('丁旗')).toBeLessThan(body.indexOf(path('丁旗', '甲镇')));
    expect(body).toMatch(/<link rel="stylesheet" href="\/public\.css\?v=[0-9a-f]+">/);
  });

  it('counts a disclosure from its publication date on, not before', async () => {
    // The procedure refuses a publication date after today, so "not yet" is asked of the day before.
    await disclose(f.otherTown, '乙镇今天公开的通知', today);
    const site = ctx.publicSite;
    const names = async (on: string) => (await site.publishingUnits(on)).map((e) => e.unit.name);
    expect(await names(today)).toContain('乙镇');
    expect(await names(shift(-1))).not.toContain('乙镇');
    expect((await get('/public')).body).toContain(`href="${path('乙镇')}"`);
    const [unit] = (await site.publishingUnits(today)).filter((e) => e.unit.name === '乙镇').map((e) => e.unit);
    expect((await site.disclosurePage(unit as PublicUnit, {}, today)).items.map((i) => i.title)).toEqual(['乙镇今天公开的通知']);
    expect((await site.disclosurePage(unit as PublicUnit, {}, shift(-1))).total).toBe(0);
  });

  it('serves its stylesheet under the CSP, with a print style', async () => {
    const res = await get('/public.css?v=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.body).toContain('@media print');
    expect(String(res.headers['content-security-policy'])).toContain("style-src 'self'");
  });
});

describe('readable addresses', () => {
  it('names a unit by its name when the name is its own', async () => {
    const res = await get(path('乙镇'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>乙镇法治政府建设信息公开</h1>');
    expect(res.body).toContain(`<link rel="canonical" href="${path('乙镇')}">`);
    // The path form works as well, pointing to the shorter address as canonical.
    const long = await get(path('测试旗', '乙镇'));
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain(`<link rel="canonical" href="${path('乙镇')}">`);
  });

  it('lists the units a shared name may mean, each with its own address, reports included', async () => {
    const res = await get(path('甲镇'));
    expect(res.statusCode).toBe(300);
    expect(res.body).toContain('名为“甲镇”的单位有 2 个');
    expect(res.body).toContain(`href="${path('测试旗', '甲镇')}"`);
    expect(res.body).toContain(`href="${path('丁旗', '甲镇')}"`);
    const report = await get(path('甲镇', 'reports', '2024'));
    expect(report.statusCode).toBe(300);
    expect(report.body).toContain(`href="${path('丁旗', '甲镇', 'reports', '2024')}"`);

    const one = await get(path('丁旗', '甲镇'));
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain(`href="${path('丁旗', '甲镇', 'reports', '2024')}"`);
    expect(one.body).toContain(`href="${path('丁旗', '甲镇', 'reports', '2024', 'docx')}"`);
    expect((await get(path('丁旗', '甲镇', 'reports', '2024'))).statusCode).toBe(200);
    const docx = await get(path('丁旗', '甲镇', 'reports', '2024', 'docx'));
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('redirects the id addresses of earlier versions to the readable ones, keeping the query', async () => {
    const res = await get(`/public/${f.town.id}?q=${encodeURIComponent('预算')}`);
    expect([301, 302]).toContain(res.statusCode);
    expect(res.headers.location).toBe(`${path('测试旗', '甲镇')}?q=${encodeURIComponent('预算')}`);
    const report = await get(`/public/${otherJia.id}/reports/2024/docx`);
    expect([301, 302]).toContain(report.statusCode);
    expect(report.headers.location).toBe(path('丁旗', '甲镇', 'reports', '2024', 'docx'));
    expect((await get('/public/')).headers.location).toBe('/public');
  });

  it("shows on a county's page the units below it that publish", async () => {
    const res = await get(path('测试旗'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h2 id="below">下辖单位</h2>');
    expect(res.body).toContain(`href="${path('测试旗', '甲镇')}"`);
    expect(res.body).not.toContain(`href="${path('丁旗', '甲镇')}"`);
    // A town's page has no such list.
    expect((await get(path('丁旗', '甲镇'))).body).not.toContain('下辖单位');
  });

  it('answers an unknown unit, a village and a missing report with 404 in Chinese — a page for browsers', async () => {
    const page = await get(path('不存在镇'), HTML);
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('没有找到名为“不存在镇”的单位');
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(expectError(await get(path('不存在镇')), 404, 'not_found').message).toContain('不存在镇');
    // Villages publish through their town: neither by name nor by id.
    expectError(await get(path('东村')), 404, 'not_found');
    expectError(await get(`/public/${f.villageA.id}`), 404, 'not_found');
    expect(expectError(await get(path('丁旗', '甲镇', 'reports', '2023')), 404, 'not_found').message).toBe('甲镇尚未公开2023年度的法治政府建设报告');
    expectError(await get(path('乙镇', 'reports', '2024', 'docx')), 404, 'not_found');
  });
});

describe("a unit's disclosures", () => {
  let town: OrgUnit;
  const jia = () => path('测试旗', '甲镇');

  beforeAll(async () => {
    town = f.town;
    // 甲镇 already has one (financeBudget, 40 days ago). Add 44 policy items last year, 3 this year,
    // one today, one unpublished and one with a hostile title.
    for (let n = 1; n <= 44; n++) await disclose(town, `政策文件第${String(n).padStart(2, '0')}号`, `${lastYear}-${String(1 + (n % 12)).padStart(2, '0')}-1${n % 10}`);
    for (let n = 1; n <= 3; n++) await disclose(town, `人事任免公示${n}`, shift(-n), 'personnel', { url: `https://example.gov.cn/notice/${n}` });
    await disclose(town, '今天公开的征地公告', today, 'expropriation');
    await disclose(town, '尚未公开的救助名单', null, 'socialAssistance');
    await disclose(town, '<script>alert("x")</script>关于"宅基地"的公告', shift(-2), 'homestead');
  });

  it('never shows what is unpublished', async () => {
    for (let page = 1; page <= 3; page++) expect((await get(`${jia()}?page=${page}`)).body).not.toContain('尚未公开的救助名单');
    expect((await get(`${jia()}?q=${encodeURIComponent('救助名单')}`)).body).toContain('没有符合查询条件的公开信息');
    expect((await get(`${jia()}?q=${encodeURIComponent('今天公开')}`)).body).toContain('符合条件的公开信息 1 条');
  });

  it('escapes every value', async () => {
    const body = (await get(jia())).body;
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;关于&quot;宅基地&quot;的公告');
    expect(body).toContain('<a href="https://example.gov.cn/notice/1" rel="noopener noreferrer">人事任免公示1</a>');
    // A hostile query is escaped back into the search box.
    const q = '"><img src=x onerror=alert(1)>';
    const searched = (await get(`${jia()}?q=${encodeURIComponent(q)}`)).body;
    expect(searched).not.toContain('<img src=x');
    expect(searched).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('shows the reports first, then the disclosures by year and category, in pages with a total', async () => {
    const total = 1 + 44 + 3 + 1 + 1;
    const pages = Math.ceil(total / DISCLOSURES_PER_PAGE);
    const first = (await get(jia())).body;
    expect(first.indexOf('法治政府建设年度报告')).toBeLessThan(first.indexOf('政务公开信息'));
    expect(first).toContain(`共有公开信息 ${total} 条，每页 ${DISCLOSURES_PER_PAGE} 条，当前第 1 / ${pages} 页`);
    // This year before last year; within a year, categories in the list's order.
    const thisYear = today.slice(0, 4);
    expect(first.indexOf(`<h3>${thisYear} 年</h3>`)).toBeLessThan(first.indexOf(`<h3>${lastYear} 年</h3>`));
    const y = first.indexOf(`<h3>${thisYear} 年</h3>`);
    const order = ['<h4>宅基地使用审核</h4>', '<h4>征收或征用土地</h4>', '<h4>财政预决算</h4>', '<h4>人事信息</h4>'].map((h) => first.indexOf(h, y));
    if (shift(-40).slice(0, 4) === thisYear) expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(first).toContain(`href="${jia()}?page=2#info"`);
    expect(first).toContain(`href="${jia()}?page=${pages}#info"`);

    const seen = new Set<string>();
    for (let page = 1; page <= pages; page++) {
      const body = (await get(`${jia()}?page=${page}`)).body;
      for (const m of body.matchAll(/政策文件第(\d{2})号/g)) seen.add(m[1] as string);
    }
    expect(seen.size).toBe(44);
    // Past the last page: the last page.
    expect((await get(`${jia()}?page=999`)).body).toContain(`当前第 ${pages} / ${pages} 页`);
  });

  it('searches titles and filters by year and category, keeping the filter in the page links', async () => {
    const searched = (await get(`${jia()}?q=${encodeURIComponent('人事任免')}`)).body;
    expect(searched).toContain('符合条件的公开信息 3 条');
    expect(searched).not.toContain('政策文件第');

    const byYear = (await get(`${jia()}?year=${lastYear}`)).body;
    expect(byYear).toContain('符合条件的公开信息 44 条');
    expect(byYear).toContain(`<option value="${lastYear}" selected>`);
    expect(byYear).toContain(`href="${jia()}?year=${lastYear}&amp;page=2#info"`);
    expect(byYear).not.toContain('人事任免公示');

    const byCategory = (await get(`${jia()}?category=personnel`)).body;
    expect(byCategory).toContain('符合条件的公开信息 3 条');
    expect(byCategory).toContain('<option value="personnel" selected>人事信息</option>');

    const both = (await get(`${jia()}?category=policy&q=${encodeURIComponent('第0')}&year=${lastYear}`)).body;
    expect(both).toContain('符合条件的公开信息 9 条');
    // % and _ are no wildcards.
    expect((await get(`${jia()}?q=%25`)).body).toContain('没有符合查询条件的公开信息');
  });

  it('is accessible: labelled search controls, landmarks, headings in order', async () => {
    const body = (await get(jia())).body;
    for (const id of ['q', 'year', 'category']) expect(body).toContain(`<label for="${id}">`);
    expect(body).toContain('<main id="main">');
    expect(body).toContain('<nav class="crumbs" aria-label="当前位置">');
    expect(body).toContain('aria-label="公开信息分页"');
    const levels = [...body.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let n = 1; n < levels.length; n++) expect((levels[n] as number) - (levels[n - 1] as number)).toBeLessThanOrEqual(1);
  });
});
