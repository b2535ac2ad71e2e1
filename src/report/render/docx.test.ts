/**
 * The Word report of the demo town, read back: its text against the seed report's figures, its
 * XML against GB/T 9704, and — where LibreOffice is installed — its pages as a real reader lays
 * them out.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../demo/load.js';
import { findOrgByIdOrName } from '../../org/repository.js';
import { systemScope } from '../../org/scope.js';
import { testContext, type TestContext } from '../../testing/context.js';
import { buildReport } from '../builder.js';
import type { ComposedReport } from '../model.js';
import { OFFICIAL_FONTS, renderDocx } from './docx.js';

const run = promisify(execFile);
const TWIPS_PER_MM = 1440 / 25.4;
const PT_PER_MM = 72 / 25.4;

let ctx: TestContext;
let report: ComposedReport;
let docx: Buffer;
let documentXml: string;
let settingsXml: string;
let stylesXml: string;
/** Footer XML by the kind of page it serves: Word's "default" footer is the odd pages'. */
const footers: Record<'default' | 'even', string> = { default: '', even: '' };
const workDir = mkdtempSync(join(tmpdir(), 'fazhi-docx-'));

beforeAll(async () => {
  ctx = await testContext();
  await loadDemo(ctx);
  const [town] = await findOrgByIdOrName(ctx.db, '双庙镇');
  if (!town) throw new Error('demo town 双庙镇 missing');
  report = await buildReport(ctx, systemScope(town), town, 2025, { date: '2026-02-20' });

  const started = performance.now();
  docx = await renderDocx(report);
  console.log(`DOCX of the demo report rendered in ${Math.round(performance.now() - started)} ms (${docx.length} bytes)`);

  const zip = await JSZip.loadAsync(docx);
  const read = async (path: string) => {
    const file = zip.file(path);
    if (!file) throw new Error(`${path} missing from the DOCX`);
    return file.async('string');
  };
  documentXml = await read('word/document.xml');
  settingsXml = await read('word/settings.xml');
  stylesXml = await read('word/styles.xml');
  const rels = await read('word/_rels/document.xml.rels');
  for (const [, type, id] of documentXml.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    if ((type === 'default' || type === 'even') && target) footers[type] = await read(`word/${target}`);
  }
}, 180_000);

afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await (ctx as TestContext | undefined)?.close(); // unset when beforeAll failed
});

// ---- reading WordprocessingML back -------------------------------------------------------------

interface RunXml {
  props: string;
  text: string;
}
interface ParagraphXml {
  props: string;
  runs: RunXml[];
  text: string;
}

const unescape = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');

function paragraphsOf(xml: string): ParagraphXml[] {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map(([, inner = '']) => {
    const props = /^<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(inner)?.[1] ?? '';
    const runs = [...inner.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, r = '']) => ({
      props: /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(r)?.[1] ?? '',
      text: [...r.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(([, t = '']) => unescape(t)).join(''),
    }));
    return { props, runs, text: runs.map((r) => r.text).join('') };
  });
}

const attr = (xml: string, element: string, name: string): string | undefined =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];
const eastAsiaFont = (run: RunXml) => attr(run.props, 'w:rFonts', 'w:eastAsia');
const size = (run: RunXml) => attr(run.props, 'w:sz', 'w:val');
const alignment = (p: ParagraphXml) => attr(p.props, 'w:jc', 'w:val');

/** Paragraphs that hold text: blank spacing lines left out. */
const textParagraphs = () => paragraphsOf(documentXml).filter((p) => p.text.trim() !== '');
const documentText = () => paragraphsOf(documentXml).map((p) => p.text).join('\n');

/** Each seed figure in the phrase it stands in. */
const SEED_FIGURES = [
  '专题部署会4次',
  '中心组学习12次',
  '专题研学3次',
  '文件制度学习1次',
  '法治学习18次',
  '法治讲座2次',
  '警示教育2次',
  '法律顾问1人',
  '政务信息60余条',
  '专项执法检查18次',
  '行政处罚2起',
  '业务培训2次',
  '执法考试1次',
  '执法记录仪5台',
  '网格长115人',
  '网格员308人',
  '专职291人',
  '兼职17人',
  '网格党小组26个',
  '联户长90人',
  '排查矛盾纠纷10件',
  '已化解10件',
  '化解率100%',
  '信访重点人员0人',
  '典型案例80余条',
  '累计阅读超1000人次',
  '专题普法活动12次',
  '覆盖率达到100%',
] as const;

const NUMERALS = ['一', '二', '三', '四', '五'] as const;

describe('renderDocx: the text', () => {
  it('holds every seed figure in its phrasing', () => {
    const text = documentText();
    for (const phrase of SEED_FIGURES) expect(text, phrase).toContain(phrase);
    expect(text).not.toContain('【');
  });

  it('opens with the title, a blank line and the addressee, and closes with signature and date', () => {
    const all = paragraphsOf(documentXml);
    expect(all[0]?.text).toBe('双庙镇2025年法治政府建设情况报告');
    expect(all[1]?.text).toBe('');
    expect(all[2]?.text).toBe('旗委、旗政府：');
    const texts = textParagraphs();
    expect(texts.at(-2)?.text).toBe('双庙镇人民政府');
    expect(texts.at(-1)?.text).toBe('2026年2月20日');
    // a blank line or two between the last paragraph of text and the signature
    const signatureAt = all.findIndex((p) => p.text === '双庙镇人民政府');
    expect(all[signatureAt - 1]?.text).toBe('');
  });

  it('numbers the five level-1 headings 一、 to 五、 and the level-2 headings of the first one', () => {
    const headings = textParagraphs().filter((p) => /^[一二三四五六七八九十]+、/.test(p.text));
    expect(headings.map((h) => h.text.slice(0, 2))).toEqual(NUMERALS.map((n) => `${n}、`));
    expect(headings[0]?.text).toBe('一、主要举措和成效');
    expect(headings[3]?.text).toBe('四、2026年工作安排');
    const subheadings = textParagraphs().filter((p) => /^（[一二三四五六七八九十]+）/.test(p.text));
    expect(subheadings.map((h) => h.text.slice(0, 3))).toEqual(NUMERALS.map((n) => `（${n}）`));
  });

  it('prints the composed report word for word', () => {
    const text = documentText();
    for (const block of report.blocks) {
      const blockText = block.type === 'heading' ? block.text : block.type === 'table' ? block.caption : block.runs.map((r) => r.text).join('');
      expect(text).toContain(blockText);
    }
  });
});

describe('renderDocx: the GB/T 9704 layout', () => {
  const sectPr = () => /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(documentXml)?.[0] ?? '';
  const twips = (name: string) => Number(attr(sectPr(), 'w:pgMar', name));

  it('is A4 with a 156 × 225 mm text block, 37 mm from the top and 28 mm from the left', () => {
    expect(sectPr()).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(twips('w:top')).toBe(2098);
    expect(twips('w:left')).toBe(1587);
    const width = (11906 - twips('w:left') - twips('w:right')) / TWIPS_PER_MM;
    const height = (16838 - twips('w:top') - twips('w:bottom')) / TWIPS_PER_MM;
    expect(width).toBeCloseTo(156, 1);
    expect(height).toBeCloseTo(225, 1);
    expect(twips('w:right') / TWIPS_PER_MM).toBeCloseTo(26, 0);
    expect(twips('w:bottom') / TWIPS_PER_MM).toBeCloseTo(35, 0);
  });

  it('declares a grid of 22 lines and 28 characters of 3号', () => {
    const grid = /<w:docGrid [^>]*\/>/.exec(sectPr())?.[0] ?? '';
    expect(attr(grid, 'w:docGrid', 'w:type')).toBe('linesAndChars');
    const linePitch = Number(attr(grid, 'w:docGrid', 'w:linePitch'));
    const textHeight = 16838 - twips('w:top') - twips('w:bottom');
    expect(Math.floor(textHeight / linePitch)).toBe(22);
    expect(linePitch).toBeGreaterThanOrEqual(578);
    expect(linePitch).toBeLessThanOrEqual(580);
    // Word's character pitch: the 16 pt default plus charSpace/4096 pt
    const pitchPt = 16 + Number(attr(grid, 'w:docGrid', 'w:charSpace')) / 4096;
    const textWidthPt = (11906 - twips('w:left') - twips('w:right')) / 20;
    expect(Math.floor(textWidthPt / pitchPt)).toBe(28);
    // the body lines themselves: exactly one grid pitch apart
    for (const p of textParagraphs()) {
      expect(attr(p.props, 'w:spacing', 'w:line')).toBe(String(linePitch));
      expect(attr(p.props, 'w:spacing', 'w:lineRule')).toBe('exact');
    }
  });

  it('sets the title in 2号 方正小标宋简体, centred', () => {
    const [title] = paragraphsOf(documentXml);
    expect(title && alignment(title)).toBe('center');
    for (const r of title?.runs ?? []) {
      expect(eastAsiaFont(r)).toBe('方正小标宋简体');
      expect(attr(r.props, 'w:rFonts', 'w:ascii')).toBe('方正小标宋简体');
      expect(attr(r.props, 'w:rFonts', 'w:hAnsi')).toBe('方正小标宋简体');
      expect(size(r)).toBe('44');
    }
  });

  it('puts the addressee flush left without indent', () => {
    const addressee = paragraphsOf(documentXml)[2];
    expect(addressee && alignment(addressee)).toBe('left');
    expect(addressee?.props).not.toContain('<w:ind');
    expect(addressee?.runs.every((r) => eastAsiaFont(r) === '仿宋_GB2312' && size(r) === '32')).toBe(true);
  });

  it('sets body text in 3号 仿宋_GB2312, justified, indented two characters', () => {
    const body = textParagraphs().filter((p) => p.runs.some((r) => r.text.includes('专题部署会') || r.text.includes('累计阅读')));
    expect(body).toHaveLength(2);
    const paragraphs = textParagraphs().filter((p) => p.runs[0] && eastAsiaFont(p.runs[0]) === '仿宋_GB2312' && alignment(p) === 'both');
    expect(paragraphs.length).toBeGreaterThan(15);
    for (const p of paragraphs) {
      expect(attr(p.props, 'w:ind', 'w:firstLineChars')).toBe('200');
      for (const r of p.runs) {
        expect(eastAsiaFont(r)).toBe('仿宋_GB2312');
        expect(size(r)).toBe('32');
      }
    }
    expect(paragraphs).toEqual(expect.arrayContaining(body));
  });

  it('sets level-1 headings in 黑体 and level-2 headings in 楷体_GB2312, indented two characters', () => {
    const level1 = textParagraphs().filter((p) => /^[一二三四五]、/.test(p.text));
    const level2 = textParagraphs().filter((p) => /^（[一二三四五]）/.test(p.text));
    expect(level1).toHaveLength(5);
    expect(level2).toHaveLength(5);
    for (const [headings, font] of [[level1, '黑体'], [level2, '楷体_GB2312']] as const) {
      for (const h of headings) {
        expect(attr(h.props, 'w:ind', 'w:firstLineChars')).toBe('200');
        expect(h.props).toContain('<w:keepNext/>');
        for (const r of h.runs) {
          expect(eastAsiaFont(r)).toBe(font);
          expect(size(r)).toBe('32');
          expect(r.props).not.toMatch(/<w:b\/>/);
        }
      }
    }
  });

  it('right-aligns signature and date, the date four characters in and the signature centred over it', () => {
    const [signature, date] = textParagraphs().slice(-2);
    expect(signature && alignment(signature)).toBe('right');
    expect(date && alignment(date)).toBe('right');
    const charTwips = (11906 - twips('w:left') - twips('w:right')) / 28;
    const dateIndent = Number(attr(date?.props ?? '', 'w:ind', 'w:right')) / charTwips;
    const signatureIndent = Number(attr(signature?.props ?? '', 'w:ind', 'w:right')) / charTwips;
    expect(dateIndent).toBeCloseTo(4, 1);
    // 2026年2月20日 is 6.5 characters wide, 双庙镇人民政府 7: centred, the signature sits ¼ character further out
    expect(signatureIndent).toBeCloseTo(3.75, 1);
  });

  it('names the East-Asian font and the Chinese language on every run', () => {
    const runs = [documentXml, footers.default, footers.even].flatMap((xml) => paragraphsOf(xml).flatMap((p) => p.runs));
    expect(runs.length).toBeGreaterThan(50);
    const allFonts = new Set<string>(Object.values(OFFICIAL_FONTS));
    for (const r of runs) {
      expect(allFonts.has(eastAsiaFont(r) ?? ''), r.props).toBe(true);
      expect(attr(r.props, 'w:lang', 'w:eastAsia')).toBe('zh-CN');
    }
    expect(stylesXml).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/);
    expect(stylesXml).toMatch(/<w:rPrDefault>[\s\S]*<w:lang [^>]*w:eastAsia="zh-CN"[\s\S]*<\/w:rPrDefault>/);
    // the Normal style: off the character grid, its own 28 characters (see docx.ts)
    expect(stylesXml).toMatch(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal">[\s\S]*<w:snapToGrid w:val="0"\/>/);
  });

  it('numbers pages "— N —" in 4号宋体, odd pages right and even pages left', () => {
    expect(settingsXml).toMatch(/<w:evenAndOddHeaders\/>/);
    for (const [kind, align, indent] of [['default', 'right', 'w:right'], ['even', 'left', 'w:left']] as const) {
      const xml = footers[kind];
      expect(xml, `${kind} footer`).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      const [p] = paragraphsOf(xml);
      expect(p && alignment(p)).toBe(align);
      expect(Number(attr(p?.props ?? '', 'w:ind', indent))).toBe(280); // 空一字: one 14 pt character
      expect(p?.text).toBe('—  —'); // the PAGE field sits between "— " and " —"
      for (const r of p?.runs ?? []) {
        expect(eastAsiaFont(r)).toBe('宋体');
        expect(size(r)).toBe('28');
      }
    }
  });
});

// ---- a real reader -----------------------------------------------------------------------------

function onPath(name: string, extra: string[] = []): string | undefined {
  const dirs = [...extra, ...(process.env.PATH ?? '').split(delimiter)];
  return dirs.map((dir) => join(dir, name)).find((candidate) => existsSync(candidate));
}

const reader = (() => {
  const office = ['/usr/bin/libreoffice', '/usr/bin/soffice'].find((p) => existsSync(p)) ?? onPath('libreoffice') ?? onPath('soffice');
  const pdftotext = onPath('pdftotext');
  const pdfinfo = onPath('pdfinfo');
  return office && pdftotext && pdfinfo ? { office, pdftotext, pdfinfo } : undefined;
})();
const mustRead = Boolean(process.env.CI);
if (!reader && !mustRead) {
  console.warn('docx.test: LibreOffice, pdftotext or pdfinfo not installed — skipping the real-reader test (install libreoffice-writer, fonts-noto-cjk, poppler-utils to run it)');
}

interface PdfWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

describe('renderDocx: read by LibreOffice', () => {
  it.skipIf(!reader && !mustRead)(
    'converts to a PDF of several A4 pages carrying every figure, with the page numbers in place',
    async () => {
      if (!reader) throw new Error('CI is set but LibreOffice, pdftotext or pdfinfo is missing: the real-reader test must run in CI');
      const file = join(workDir, 'report.docx');
      writeFileSync(file, docx);
      const profile = pathToFileURL(join(workDir, 'lo-profile')).href;
      await run(reader.office, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, file], { timeout: 120_000 });
      const pdf = join(workDir, 'report.pdf');
      expect(existsSync(pdf)).toBe(true);

      const info = (await run(reader.pdfinfo, [pdf], { timeout: 30_000 })).stdout;
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      expect(pages).toBeGreaterThan(1);
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);

      const text = (await run(reader.pdftotext, [pdf, '-'], { timeout: 30_000 })).stdout.replace(/\s+/g, '');
      for (const phrase of SEED_FIGURES) expect(text, phrase).toContain(phrase);
      for (const phrase of ['双庙镇2025年法治政府建设情况报告', '旗委、旗政府：', '双庙镇人民政府', '2026年2月20日', '—1—', '—2—']) expect(text).toContain(phrase);

      // Where the words landed: text inside the 156 × 225 mm block, page numbers outside it.
      const bbox = (await run(reader.pdftotext, ['-bbox', pdf, '-'], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
      const words: PdfWord[] = [];
      let page = 0;
      for (const line of bbox.split('\n')) {
        if (line.includes('<page ')) page += 1;
        const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
        if (m) words.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5] ?? '' });
      }
      const block = { left: 28 * PT_PER_MM, right: (28 + 156) * PT_PER_MM, top: 37 * PT_PER_MM, bottom: (37 + 225) * PT_PER_MM };
      const body = words.filter((w) => w.yMax <= block.bottom + 2);
      const footer = words.filter((w) => w.yMin > block.bottom + 2);
      // (a closing mark may hang one character past the right edge: 标点溢出边界)
      const outside = body.filter((w) => w.xMin < block.left - 2 || w.xMax > block.right + 17 || w.yMin < block.top - 4);
      expect(outside).toEqual([]);

      for (let p = 1; p <= pages; p += 1) {
        const numberWords = footer.filter((w) => w.page === p);
        expect(numberWords.map((w) => w.text).join('')).toBe(`—${p}—`);
        const [first] = numberWords;
        const last = numberWords.at(-1);
        if (p % 2 === 1) expect(block.right - (last?.xMax ?? 0)).toBeCloseTo(14, -1); // 右空一字
        else expect((first?.xMin ?? 0) - block.left).toBeCloseTo(14, -1); // 左空一字
        const lines = new Set(body.filter((w) => w.page === p).map((w) => Math.round(w.yMax)));
        expect(lines.size).toBeLessThanOrEqual(22);
      }

      // 22 lines of 28.95 pt, 28 characters to a full line
      const page1Lines = [...new Set(body.filter((w) => w.page === 1).map((w) => w.yMax))].sort((a, b) => a - b);
      const gaps = page1Lines.slice(3).map((y, i) => y - (page1Lines[i + 2] ?? 0));
      for (const gap of gaps) expect(gap).toBeCloseTo((225 * PT_PER_MM) / 22, 0);
      // in character widths: digits are half width; a line may hang one punctuation mark
      const width = (s: string) => Array.from(s).reduce((sum, ch) => sum + (/[\u0020-\u007e]/.test(ch) ? 0.5 : 1), 0);
      const lineWidths = [...new Set(body.map((w) => `${w.page}:${Math.round(w.yMax)}`))].map((key) =>
        width(body.filter((w) => `${w.page}:${Math.round(w.yMax)}` === key).map((w) => w.text).join('')),
      );
      expect(Math.max(...lineWidths)).toBeGreaterThanOrEqual(28);
      expect(Math.max(...lineWidths)).toBeLessThanOrEqual(29);
    },
    150_000,
  );
});
