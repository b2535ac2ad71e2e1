/**
 * The public website's pages as HTML, rendered on the server: the index of publishing units, a
 * unit's page (annual reports, then disclosures with search, filters and pages), the page for a
 * name shared by several units, and "not found". Every value is escaped; styles come from one
 * stylesheet (/public.css), so the pages need no inline style under the CSP.
 */
import { createHash } from 'node:crypto';
import { publicAddress, type DisclosureFilter, type DisclosurePage, type PublicDisclosure, type PublicUnit, type PublishedReport, type PublishingEntry, type PublishingGroup } from '../public-site/service.js';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const e = escapeHtml;

/** The readable address of a unit's page (each name percent-encoded), and of what lies below it. */
export const unitHref = (unit: Pick<PublicUnit, 'segments'>, ...below: Array<string | number>) => publicAddress(unit.segments, ...below);

/** The same address as people read it (not percent-encoded), for print. */
const readable = (unit: Pick<PublicUnit, 'segments'>, ...below: Array<string | number>) => `/public/${[...unit.segments, ...below.map(String)].join('/')}`;

/** A link to a page of this site, whose address print writes out readably after it. */
const siteLink = (unit: Pick<PublicUnit, 'segments'>, below: Array<string | number>, text: string, attributes = '') =>
  `<a href="${e(unitHref(unit, ...below))}" data-print="${e(readable(unit, ...below))}"${attributes}>${e(text)}</a>`;

/**
 * Government-site typography in the UI's font stack; every text colour keeps a contrast of at
 * least 4.5:1 on its background. Phones get one column; print drops the banner, navigation,
 * search and page links, and writes each link's address after it.
 */
export const PUBLIC_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:16px;line-height:1.75;color:#1f2329;background:#f5f6f8}
a{color:#0b4a8f;text-underline-offset:2px}
a:hover{color:#08376b}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f0a020;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:1rem;z-index:10}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.banner{background:#0b3d7a;color:#fff;border-bottom:4px solid #b3121b}
.banner .wrap{display:flex;align-items:baseline;gap:1rem;flex-wrap:wrap;padding-top:.9rem;padding-bottom:.9rem}
.banner .site{font-size:1.35rem;font-weight:600;letter-spacing:.08em;color:#fff;text-decoration:none}
.banner .site:hover{color:#fff;text-decoration:underline}
.banner .tagline{color:#dce6f2;font-size:.9rem}
.crumbs{font-size:.9rem;padding:.6rem 0}
.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap}
.crumbs li+li::before{content:"›";padding:0 .5em;color:#4e5969}
.crumbs [aria-current]{color:#4e5969}
main{background:#fff;border:1px solid #e5e6eb;border-radius:4px;padding:1.5rem 2rem 2rem;margin-bottom:2rem}
h1{font-size:1.7rem;line-height:1.4;margin:.2rem 0 .3rem;color:#0b3d7a;text-align:center;letter-spacing:.04em}
.region{text-align:center;color:#4e5969;margin:0 0 1.5rem;font-size:.95rem}
h2{font-size:1.25rem;margin:2rem 0 .8rem;padding:0 0 .35rem .7rem;border-left:5px solid #b3121b;border-bottom:1px solid #e5e6eb;color:#1f2329;line-height:1.5}
h3{font-size:1.1rem;margin:1.4rem 0 .4rem;color:#0b3d7a}
h4{font-size:1rem;margin:1rem 0 .3rem;color:#1f2329}
p{margin:.4rem 0}
.muted,.empty{color:#4e5969}
.reports{list-style:none;margin:0;padding:0}
.reports li{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline;padding:.7rem 0;border-bottom:1px dashed #d0d3d9}
.reports .title{font-weight:600;flex:1 1 20rem}
.reports .meta{color:#4e5969;font-size:.9rem}
.reports .formats{display:flex;gap:.8rem}
.search{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;background:#f5f7fa;border:1px solid #e5e6eb;border-radius:4px;padding:.8rem 1rem;margin:0 0 1rem}
.search .field{display:flex;flex-direction:column;gap:.15rem;font-size:.9rem;color:#1f2329}
.search .field.grow{flex:1 1 14rem}
.search input,.search select{font:inherit;font-size:1rem;padding:.35rem .5rem;border:1px solid #86909c;border-radius:3px;background:#fff;color:#1f2329;min-height:2.4rem}
.search button{font:inherit;font-size:1rem;padding:.35rem 1.2rem;min-height:2.4rem;border:0;border-radius:3px;background:#0b4a8f;color:#fff;cursor:pointer}
.search button:hover{background:#08376b}
.search .reset{align-self:center;font-size:.9rem}
.summary{margin:.2rem 0 .6rem;color:#1f2329}
table{border-collapse:collapse;width:100%;margin:.2rem 0 .8rem}
th,td{border-bottom:1px solid #e5e6eb;padding:.45rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f7fa;font-weight:600;font-size:.9rem;color:#1f2329}
td.date{white-space:nowrap;width:7.5rem;color:#4e5969}
td.channel{white-space:nowrap;width:8rem;color:#4e5969}
.pages{margin:1.2rem 0 0}
.pages ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.pages a,.pages span{display:inline-block;min-width:2.4rem;padding:.25rem .6rem;text-align:center;border:1px solid #c9cdd4;border-radius:3px;text-decoration:none}
.pages [aria-current]{background:#0b4a8f;border-color:#0b4a8f;color:#fff}
.pages .gap{border:0}
.units{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.6rem}
.units li{border:1px solid #e5e6eb;border-radius:4px;padding:.6rem .8rem;background:#fff}
.units a{font-weight:600}
.units .meta{display:block;color:#4e5969;font-size:.85rem}
.group-region{color:#4e5969;font-size:.9rem;font-weight:normal;margin-left:.5rem}
.candidates{padding-left:1.2rem}
.candidates li{margin:.4rem 0}
footer{color:#4e5969;font-size:.85rem;text-align:center;padding:0 0 2rem}
@media (max-width:40rem){
  body{font-size:15px}
  .wrap{padding:0 .6rem}
  main{padding:1rem .9rem 1.4rem;border-left:0;border-right:0;border-radius:0}
  h1{font-size:1.35rem}
  .search .field,.search .field.grow{flex:1 1 100%}
  .search button{width:100%}
  thead{position:absolute;left:-9999px}
  table,tbody,tr,td{display:block;width:auto}
  tr{display:flex;flex-wrap:wrap;gap:0 1rem;border-bottom:1px solid #e5e6eb;padding:.5rem 0}
  td{border:0;padding:0}
  td.title{flex:1 1 100%;order:-1}
  td.date,td.channel{width:auto;font-size:.9rem}
}
@media print{
  body{background:#fff;font-size:11pt;color:#000}
  .banner,.crumbs,.search,.pages,.skip,footer .nav{display:none}
  main{border:0;padding:0;margin:0}
  .wrap{max-width:none;padding:0}
  h1,h3,.muted,.region,.reports .meta,td.date,td.channel,th{color:#000}
  h2{border-left-color:#000;page-break-after:avoid}
  h3,h4{page-break-after:avoid}
  tr,li{page-break-inside:avoid}
  a{color:#000;text-decoration:underline}
  a[href^="http"]::after{content:"（" attr(href) "）";font-size:9pt;word-break:break-all}
  a[data-print]::after{content:"（" attr(data-print) "）";font-size:9pt;word-break:break-all}
  .reports .formats{display:block}
}
`;

export const PUBLIC_CSS_HREF = `/public.css?v=${createHash('sha256').update(PUBLIC_CSS).digest('hex').slice(0, 12)}`;

const SITE = '法治政府建设信息公开';

interface Crumb {
  label: string;
  href?: string;
}

function page(options: { title: string; crumbs: Crumb[]; body: string; canonical?: string; robots?: string }): string {
  const crumbs = options.crumbs
    .map((c, n) =>
      n === options.crumbs.length - 1 ? `<li aria-current="page">${e(c.label)}</li>` : c.href ? `<li><a href="${e(c.href)}">${e(c.label)}</a></li>` : `<li>${e(c.label)}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(options.title)}</title>
${options.canonical ? `<link rel="canonical" href="${e(options.canonical)}">` : ''}${options.robots ? `<meta name="robots" content="${e(options.robots)}">` : ''}
<link rel="stylesheet" href="${e(PUBLIC_CSS_HREF)}">
</head><body>
<a class="skip" href="#main">跳到正文</a>
<header class="banner"><div class="wrap"><a class="site" href="/public">${SITE}</a><span class="tagline">乡镇（街道）法治政府建设年度报告与政务公开</span></div></header>
<div class="wrap">
<nav class="crumbs" aria-label="当前位置"><ol>${crumbs}</ol></nav>
<main id="main">
${options.body}
</main>
<footer><p>本页信息由各单位依法主动公开。</p></footer>
</div>
</body></html>`;
}

const region = (unit: PublicUnit) => unit.ancestors.map((a) => a.name).join(' ');
const dateOf = (iso: string) => iso.slice(0, 10);
/** Links the public may follow: web addresses only (never javascript: or data:). */
const safeUrl = (url: string | null) => (url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null);

const counts = (entry: PublishingEntry) =>
  [entry.reports ? `年度报告 ${entry.reports} 份` : '', entry.disclosures ? `公开信息 ${entry.disclosures} 条` : ''].filter(Boolean).join('，') || '尚无公开内容';

export function indexPage(groups: PublishingGroup[]): string {
  const body = groups.length
    ? groups
        .map((g, n) => {
          const id = `g${n + 1}`;
          const heading = g.headPublishes ? `<a href="${e(unitHref(g.head))}">${e(g.head.name)}</a>` : e(g.head.name);
          const list = g.units.length
            ? `<ul class="units">${g.units
                .map((u) => `<li><a href="${e(unitHref(u.unit))}">${e(u.unit.name)}</a><span class="meta">${e(counts(u))}</span></li>`)
                .join('')}</ul>`
            : '';
          return `<section aria-labelledby="${id}"><h2 id="${id}">${heading}${region(g.head) ? `<span class="group-region">${e(region(g.head))}</span>` : ''}</h2>${
            g.headPublishes ? `<p class="muted">${e(g.head.name)}本级：<a href="${e(unitHref(g.head))}">${e(g.head.name)}法治政府建设信息公开</a></p>` : ''
          }${list}</section>`;
        })
        .join('\n')
    : '<p class="empty">目前还没有单位公开法治政府建设年度报告或政务公开信息。</p>';
  return page({
    title: SITE,
    crumbs: [{ label: '信息公开' }],
    body: `<h1>${SITE}</h1><p class="region">以下单位已公开法治政府建设年度报告或政务信息，点击单位名称查看。</p>${body}`,
  });
}

function reportList(unit: PublicUnit, reports: PublishedReport[]): string {
  if (!reports.length) return '<p class="empty">尚未公开法治政府建设年度报告。</p>';
  return `<ul class="reports">${reports
    .map(
      (r) =>
        `<li><span class="title">${e(r.report.title)}</span><span class="meta">${r.year} 年度，${e(dateOf(r.publishedAt))} 公开</span><span class="formats">${siteLink(unit, ['reports', r.year], '网页版', ` aria-label="${e(`${r.report.title}（网页版）`)}"`)}${siteLink(unit, ['reports', r.year, 'docx'], 'Word 版', ` aria-label="${e(`${r.report.title}（Word 版）`)}"`)}</span></li>`,
    )
    .join('')}</ul>`;
}

/** Whether the list is narrowed by a search or a filter. */
const isFiltered = (filter: DisclosureFilter) => [filter.q, filter.year, filter.category].some((v) => v !== undefined && v !== '');

/** The query string of the list with `changes` applied; empty values are left out. */
function queryOf(filter: DisclosureFilter, changes: Partial<Record<keyof DisclosureFilter, string | number | undefined>>): string {
  const merged: Record<string, string | number | undefined> = { q: filter.q, year: filter.year, category: filter.category, page: filter.page, ...changes };
  const params = new URLSearchParams();
  for (const key of ['q', 'year', 'category', 'page']) {
    const value = merged[key];
    if (value !== undefined && value !== '' && !(key === 'page' && Number(value) === 1)) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function searchForm(unit: PublicUnit, filter: DisclosureFilter, list: DisclosurePage): string {
  const yearOptions = ['<option value="">全部年度</option>', ...list.years.map((y) => `<option value="${e(y)}"${filter.year === y ? ' selected' : ''}>${e(y)} 年</option>`)].join('');
  const categoryOptions = ['<option value="">全部类别</option>', ...list.categories.map((c) => `<option value="${e(c.code)}"${filter.category === c.code ? ' selected' : ''}>${e(c.label)}</option>`)].join('');
  const filtered = isFiltered(filter);
  return `<form class="search" role="search" method="get" action="${e(unitHref(unit))}" aria-label="查找公开信息">
<div class="field grow"><label for="q">标题关键词</label><input id="q" name="q" type="search" maxlength="50" value="${e(filter.q ?? '')}" placeholder="输入标题中的词语"></div>
<div class="field"><label for="year">公开年度</label><select id="year" name="year">${yearOptions}</select></div>
<div class="field"><label for="category">公开类别</label><select id="category" name="category">${categoryOptions}</select></div>
<button type="submit">查询</button>${filtered ? `<a class="reset" href="${e(unitHref(unit))}#info">清除查询条件</a>` : ''}
</form>`;
}

function disclosureGroups(items: PublicDisclosure[]): string {
  const years: Array<{ year: string; categories: Array<{ label: string; items: PublicDisclosure[] }> }> = [];
  for (const item of items) {
    const year = item.publishedOn.slice(0, 4);
    let y = years.at(-1);
    if (y?.year !== year) years.push((y = { year, categories: [] }));
    let c = y.categories.at(-1);
    if (c?.label !== item.categoryLabel) y.categories.push((c = { label: item.categoryLabel, items: [] }));
    c.items.push(item);
  }
  const row = (d: PublicDisclosure) => {
    const url = safeUrl(d.url);
    const title = url ? `<a href="${e(url)}" rel="noopener noreferrer">${e(d.title)}</a>` : e(d.title);
    return `<tr><td class="date">${e(d.publishedOn)}</td><td class="title">${title}</td><td class="channel">${e(d.channelLabel)}</td></tr>`;
  };
  return years
    .map(
      (y) =>
        `<h3>${e(y.year)} 年</h3>${y.categories
          .map(
            (c) =>
              `<h4>${e(c.label)}</h4><table><thead><tr><th scope="col">公开日期</th><th scope="col">标题</th><th scope="col">公开渠道</th></tr></thead><tbody>${c.items.map(row).join('')}</tbody></table>`,
          )
          .join('')}`,
    )
    .join('');
}

/** Page links: the first, the last, and two on either side of the current one. */
function pager(unit: PublicUnit, filter: DisclosureFilter, list: DisclosurePage): string {
  if (list.pageCount <= 1) return '';
  const link = (n: number, label: string, aria?: string) =>
    `<a href="${e(`${unitHref(unit)}${queryOf(filter, { page: n })}#info`)}"${aria ? ` aria-label="${e(aria)}"` : ''}>${e(label)}</a>`;
  const shown = [...new Set([1, list.pageCount, ...[-2, -1, 0, 1, 2].map((d) => list.page + d)])].filter((n) => n >= 1 && n <= list.pageCount).sort((a, b) => a - b);
  const items: string[] = [];
  if (list.page > 1) items.push(`<li>${link(list.page - 1, '上一页')}</li>`);
  shown.forEach((n, i) => {
    if (i > 0 && n - (shown[i - 1] as number) > 1) items.push('<li><span class="gap" aria-hidden="true">…</span></li>');
    items.push(n === list.page ? `<li><span aria-current="page" aria-label="${e(`第 ${n} 页，当前页`)}">${n}</span></li>` : `<li>${link(n, String(n), `第 ${n} 页`)}</li>`);
  });
  if (list.page < list.pageCount) items.push(`<li>${link(list.page + 1, '下一页')}</li>`);
  return `<nav class="pages" aria-label="公开信息分页"><ul>${items.join('')}</ul></nav>`;
}

export function unitPage(options: { unit: PublicUnit; reports: PublishedReport[]; filter: DisclosureFilter; disclosures: DisclosurePage; below: PublishingEntry[]; canonical: string }): string {
  const { unit, reports, filter, disclosures: list, below } = options;
  const title = `${unit.name}法治政府建设信息公开`;
  const filtered = isFiltered(filter);
  const summary = list.total
    ? `<p class="summary" role="status">${filtered ? '符合条件的' : '共有'}公开信息 ${list.total} 条${list.pageCount > 1 ? `，每页 ${list.pageSize} 条，当前第 ${list.page} / ${list.pageCount} 页` : ''}。</p>`
    : `<p class="empty" role="status">${filtered ? '没有符合查询条件的公开信息，请换一个关键词或清除查询条件。' : '暂无政务公开信息。'}</p>`;
  const subunits = below.length
    ? `<section aria-labelledby="below"><h2 id="below">下辖单位</h2><ul class="units">${below
        .map((b) => `<li><a href="${e(unitHref(b.unit))}">${e(b.unit.name)}</a><span class="meta">${e(counts(b))}</span></li>`)
        .join('')}</ul></section>`
    : '';
  const county = unit.ancestors.at(-1);
  const body = `<h1>${e(title)}</h1>
<p class="region">${e(region(unit))}</p>
<section aria-labelledby="reports"><h2 id="reports">法治政府建设年度报告</h2>${reportList(unit, reports)}</section>
<section aria-labelledby="info"><h2 id="info">政务公开信息</h2>
${list.total || filtered ? searchForm(unit, filter, list) : ''}${summary}${disclosureGroups(list.items)}${pager(unit, filter, list)}</section>
${subunits}`;
  return page({
    title: list.page > 1 ? `${title}（第 ${list.page} 页）` : title,
    crumbs: [{ label: '信息公开', href: '/public' }, ...(county ? [{ label: county.name }] : []), { label: unit.name }],
    body,
    canonical: options.canonical,
    robots: filtered ? 'noindex' : undefined,
  });
}

/** A name several units share: each of them, by where it is, with its own address. */
export function severalPage(name: string, candidates: PublicUnit[], below: Array<string | number>): string {
  const items = candidates
    .map((c) => `<li><a href="${e(unitHref(c, ...below))}">${e([...c.ancestors.map((a) => a.name), c.name].join(' › '))}</a></li>`)
    .join('');
  return page({
    title: `名为“${name}”的单位有 ${candidates.length} 个`,
    crumbs: [{ label: '信息公开', href: '/public' }, { label: name }],
    body: `<h1>名为“${e(name)}”的单位有 ${candidates.length} 个</h1><p class="region">请选择要查看的单位：</p><ul class="candidates">${items}</ul>`,
  });
}

export function notFoundPage(message: string): string {
  return page({
    title: '没有找到页面',
    crumbs: [{ label: '信息公开', href: '/public' }, { label: '没有找到页面' }],
    body: `<h1>没有找到页面</h1><p>${e(message)}。</p><p class="muted">村（社区）、社和网格的信息由所属乡镇（街道）公开。</p><p><a href="/public">返回信息公开首页</a>，查看已公开信息的单位。</p>`,
  });
}
