/**
 * The report as HTML: for the public website (plain figures) and for the preview in the web
 * UI, where every figure links to the records behind it.
 */
import { isFigure, type ComposedReport, type Figure, type Run } from '../model.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface HtmlOptions {
  /** Where a figure links to; figures are plain text without it (the public page). */
  figureHref?: (figure: Figure) => string;
  /** A whole page (with <html>) or just the report's markup. */
  standalone?: boolean;
}

const STYLE = `
.fz-report{max-width:46em;margin:2em auto;padding:0 1em;font-family:"FangSong","仿宋_GB2312","仿宋","STFangsong","Noto Serif CJK SC",serif;font-size:16pt;line-height:1.75;color:#111}
.fz-report h1{font-family:"方正小标宋简体","STZhongsong","Noto Serif CJK SC",serif;font-size:22pt;font-weight:normal;text-align:center;line-height:1.4;margin:0 0 1em}
.fz-report h2{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:16pt;font-weight:normal;margin:0;text-indent:2em}
.fz-report h3{font-family:"楷体_GB2312","KaiTi","STKaiti",serif;font-size:16pt;font-weight:normal;margin:0;text-indent:2em}
.fz-report p{margin:0;text-indent:2em;text-align:justify}
.fz-report p.addressee{text-indent:0}
.fz-report .signature{text-align:right;margin-top:2em;padding-right:4em;text-indent:0}
.fz-report a.figure{color:inherit;text-decoration:underline dotted #c0392b;text-underline-offset:3px}
.fz-report .drafted{background:#fffbe6}
.fz-report table{border-collapse:collapse;width:100%;margin:.5em 0 1em;font-size:14pt}
.fz-report caption{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;padding-bottom:.3em}
.fz-report th,.fz-report td{border:1px solid #333;padding:.1em .4em;text-align:center}
.fz-report td:first-child{text-align:left}
`;

export function renderHtml(report: ComposedReport, options: HtmlOptions = {}): string {
  const runs = (items: Run[]) =>
    items
      .map((run) => {
        if (!isFigure(run) || !options.figureHref) return escape(run.text);
        const title = `${run.figure.label}：${run.figure.records} 条记录`;
        return `<a class="figure" href="${escape(options.figureHref(run.figure))}" title="${escape(title)}" data-code="${escape(run.figure.code)}">${escape(run.text)}</a>`;
      })
      .join('');
  const body = report.blocks
    .map((block) => {
      if (block.type === 'heading') return block.level === 1 ? `<h2>${escape(block.text)}</h2>` : `<h3>${escape(block.text)}</h3>`;
      if (block.type === 'table') {
        const head = `<tr>${block.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
        const rows = block.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
        return `<table><caption>${escape(block.caption)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`;
      }
      return `<p${block.drafted && options.figureHref ? ' class="drafted"' : ''}>${runs(block.runs)}</p>`;
    })
    .join('\n');
  const article = `<article class="fz-report">
<h1>${escape(report.title)}</h1>
<p class="addressee">${escape(report.addressee)}</p>
${body}
<p class="signature">${escape(report.signature)}<br>${escape(report.dateText)}</p>
</article>`;
  if (!options.standalone) return `<style>${STYLE}</style>\n${article}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(report.title)}</title><style>body{margin:0;background:#fff}${STYLE}</style></head>
<body>${article}</body></html>`;
}
