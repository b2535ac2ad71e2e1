/**
 * The binder as a Word document in the report's official layout (src/report/render/docx.ts):
 * a cover, a table of contents with page numbers, then one section per figure — its records as a
 * table and its photos embedded, scaled to the text width — with "— N —" page numbers.
 *
 * The docx library holds the whole document, images included, until it packs it. Records are read
 * a page at a time and only their table rows are kept; image bytes are the part that grows, so
 * each section embeds at most MAX_IMAGES_PER_SECTION and the binder at most MAX_EMBEDDED_BYTES
 * of them. The rest are named in the section and travel as originals in the ZIP.
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  AlignmentType,
  Bookmark,
  Document,
  DocumentGridType,
  ImageRun,
  LeaderType,
  LineRuleType,
  Packer,
  PageReference,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import {
  CHAR_SPACE,
  EXACT_LINE,
  LINE_PITCH,
  MARGIN,
  NORMAL_STYLE,
  OFFICIAL_FONTS,
  PAGE,
  SIZE,
  TABLE_LINE,
  TABLE_SIZE,
  TEXT_WIDTH,
  chars,
  mm,
  pageNumberFooter,
  runStyle,
  text3,
} from '../report/render/docx.js';
import { imageSizeOf } from './image-size.js';
import { chineseNumber, type BinderAttachment, type BinderOutline, type BinderRecord, type BinderSection, type BinderSource, type ProgressListener } from './model.js';

/** Photos embedded per section; a section of 300 site visits lists the rest by name. */
export const MAX_IMAGES_PER_SECTION = 12;
/** Image bytes embedded in one binder, the bound on what the document holds in memory. */
export const MAX_EMBEDDED_BYTES = 48 * 1024 * 1024;
/** A single photo larger than this is not embedded (it would be most of a page's worth of memory for one picture). */
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

/** The text block in pixels at 96 dpi (what ImageRun's transformation takes): 156 mm wide; a photo at most 110 mm high, two to a page. */
const MAX_IMAGE_WIDTH_PX = Math.floor((156 / 25.4) * 96);
const MAX_IMAGE_HEIGHT_PX = Math.floor((110 / 25.4) * 96);

const EMBEDDABLE: Record<string, 'jpg' | 'png' | 'gif'> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

/** Table columns in twips, adding up to the 156 mm text width. */
const COLUMNS = [
  { header: '序号', width: 560 },
  { header: '日期', width: 1300 },
  { header: '事项', width: 2000 },
  { header: '所属单位', width: 1100 },
  { header: '主要内容', width: 3284 },
  { header: '附件', width: 600 },
] as const;

export interface DocxResult {
  sections: number;
  records: number;
  embeddedImages: number;
  /** Images named in the document but not embedded (over a cap, too large, or of a type Word cannot show). */
  listedImages: number;
}

/** Called for each record written, with its section: the ZIP packs the attachments from this. */
export type RecordVisitor = (section: BinderSection, record: BinderRecord, index: number) => void;

const body = text3(OFFICIAL_FONTS.body);
const para = (options: IParagraphOptions) => new Paragraph({ spacing: EXACT_LINE, widowControl: false, ...options });
const blank = () => para({ children: [new TextRun({ ...body, text: '' })] });
const bookmarkOf = (section: BinderSection) => `section_${section.number}`;

/** Builds the binder's DOCX and writes it to `path`; progress runs to `share` of the whole. */
export async function writeBinderDocx(source: BinderSource, path: string, options: { onRecord?: RecordVisitor; onProgress?: ProgressListener; share?: number } = {}): Promise<DocxResult> {
  const { outline } = source;
  const share = options.share ?? 1;
  const total = Math.max(1, outline.sections.reduce((n, s) => n + s.total, 0));
  const result: DocxResult = { sections: outline.sections.length, records: 0, embeddedImages: 0, listedImages: 0 };
  const budget = { bytes: MAX_EMBEDDED_BYTES };

  const content: Array<Paragraph | Table> = [...tableOfContents(outline)];
  for (const section of outline.sections) {
    options.onProgress?.((share * 0.9 * result.records) / total, `正在整理第${section.number}部分：${section.heading}`);
    content.push(...sectionHeading(section));
    const rows: TableRow[] = [];
    const images: Array<{ record: BinderRecord; attachment: BinderAttachment }> = [];
    let index = 0;
    for await (const page of source.records(section)) {
      for (const record of page) {
        index += 1;
        rows.push(recordRow(index, record));
        for (const attachment of record.attachments) if (attachment.mime.startsWith('image/')) images.push({ record, attachment });
        options.onRecord?.(section, record, index);
      }
      result.records += page.length;
      options.onProgress?.((share * 0.9 * result.records) / total, `正在整理第${section.number}部分：${section.heading}`);
    }
    if (rows.length) content.push(recordTable(rows));
    content.push(...(await sectionImages(section, images, budget, result)));
  }

  const doc = new Document({
    title: outline.title,
    creator: outline.orgName,
    lastModifiedBy: outline.orgName,
    evenAndOddHeaderAndFooters: true,
    // Word recomputes the contents' page numbers on opening; LibreOffice lays them out itself.
    features: { updateFields: true },
    styles: { default: { document: { run: runStyle(OFFICIAL_FONTS.body, SIZE.hao3), paragraph: { spacing: EXACT_LINE } } } },
    externalStyles: BINDER_STYLES,
    sections: [
      { properties: pageProperties(), children: cover(outline) },
      {
        properties: { ...pageProperties(), page: { ...pageProperties().page, pageNumbers: { start: 1 } } },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: content,
      },
    ],
  });
  options.onProgress?.(share * 0.92, '正在生成Word文档');
  // Packer.toStream only emits the packed buffer at the end, so it saves nothing over toBuffer.
  await writeFile(path, await Packer.toBuffer(doc));
  options.onProgress?.(share, 'Word文档已生成');
  return result;
}

function pageProperties() {
  return {
    page: { size: { width: PAGE.width, height: PAGE.height }, margin: { ...MARGIN, header: mm(15), footer: mm(24) } },
    grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
  };
}

function cover(outline: BinderOutline): Paragraph[] {
  const centred = (text: string, font: string, size: number) =>
    para({ alignment: AlignmentType.CENTER, children: [new TextRun({ ...runStyle(font, size), text })] });
  return [
    ...Array.from({ length: 5 }, blank),
    centred(outline.title, OFFICIAL_FONTS.title, SIZE.hao2),
    blank(),
    centred(outline.subtitle, OFFICIAL_FONTS.heading2, SIZE.hao3),
    ...Array.from({ length: 8 }, blank),
    centred(`共${outline.sections.length}部分\u3000${outline.sections.reduce((n, s) => n + s.total, 0)}条记录`, OFFICIAL_FONTS.body, SIZE.hao3),
    centred(outline.privacyNote, OFFICIAL_FONTS.body, SIZE.hao3),
    blank(),
    centred(outline.orgName, OFFICIAL_FONTS.body, SIZE.hao3),
  ];
}

/** 目录: each section with a dotted leader to its page, a PAGEREF to the section's bookmark. */
function tableOfContents(outline: BinderOutline): Paragraph[] {
  const title = para({ alignment: AlignmentType.CENTER, children: [new TextRun({ ...runStyle(OFFICIAL_FONTS.title, SIZE.hao2), text: '目\u3000\u3000录' })] });
  const entries = outline.sections.map((section) =>
    para({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
      children: [
        new TextRun({ ...body, text: `${chineseNumber(section.number)}、${section.heading}\t` }),
        // docx's ParagraphChild does not list PageReference, a Run like TextRun that Paragraph writes the same way (its own docs put it in a paragraph's children).
        // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see above: a Run the declared union omits
        new PageReference(bookmarkOf(section)),
      ],
    }),
  );
  return [title, blank(), ...(entries.length ? entries : [para({ children: [new TextRun({ ...body, text: '报告中没有数字，无佐证材料。' })] })])];
}

function sectionHeading(section: BinderSection): Paragraph[] {
  const bookmark: ParagraphChild = new Bookmark({ id: bookmarkOf(section), children: [new TextRun({ ...text3(OFFICIAL_FONTS.heading1), text: `${chineseNumber(section.number)}、${section.heading}` })] });
  const heading = para({
    pageBreakBefore: true,
    keepNext: true,
    indent: { firstLine: chars(2), firstLineChars: 200 },
    children: [bookmark],
  });
  const summary = para({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: chars(2), firstLineChars: 200 }, children: [new TextRun({ ...body, text: section.summary })] });
  return [heading, summary];
}

/**
 * Table cells in paragraph styles of their own (5号仿宋, 15 pt lines) rather than formatting on each
 * run: a binder of 2,000 records has 14,000 cells, and a run carrying its fonts, size and language is
 * several objects in the docx model and as many XML attributes in the document.
 */
const BINDER_STYLES = NORMAL_STYLE.replace(
  '</w:styles>',
  `<w:style w:type="paragraph" w:customStyle="1" w:styleId="BinderCell"><w:name w:val="Binder Cell"/><w:basedOn w:val="Normal"/>
<w:pPr><w:spacing w:before="${TABLE_LINE.before}" w:after="${TABLE_LINE.after}" w:line="${TABLE_LINE.line}" w:lineRule="exact"/><w:jc w:val="left"/></w:pPr>
<w:rPr><w:sz w:val="${TABLE_SIZE}"/><w:szCs w:val="${TABLE_SIZE}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="BinderCellCentre"><w:name w:val="Binder Cell Centre"/><w:basedOn w:val="BinderCell"/>
<w:pPr><w:jc w:val="center"/></w:pPr></w:style>
</w:styles>`,
);

function cellRun(text: string, strong = false): TextRun {
  const options: IRunOptions = { text, bold: strong };
  return new TextRun(options);
}

function cell(text: string, width: number, options: { bold?: boolean; centre?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    children: [new Paragraph({ style: options.centre ? 'BinderCellCentre' : 'BinderCell', children: [cellRun(text, options.bold)] })],
  });
}

function recordRow(index: number, record: BinderRecord): TableRow {
  const files = record.attachments.length ? String(record.attachments.length) : '—';
  const cells = [String(index), record.date ?? '—', record.title, record.orgName ?? '—', record.details.map((d) => d.replace(/[。；;，,\s]+$/u, '')).join('；') || '—', files];
  return new TableRow({ cantSplit: true, children: cells.map((text, i) => cell(text, COLUMNS[i]?.width ?? 1000, { centre: i === 0 || i === 1 || i === 5 })) });
}

function recordTable(rows: TableRow[]): Table {
  const header = new TableRow({ tableHeader: true, children: COLUMNS.map((c) => cell(c.header, c.width, { bold: true, centre: true })) });
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: COLUMNS.map((c) => c.width), rows: [header, ...rows] });
}

/** 附图: the section's photos scaled to the text width, each captioned; over the caps, a list of names instead. */
async function sectionImages(section: BinderSection, images: Array<{ record: BinderRecord; attachment: BinderAttachment }>, budget: { bytes: number }, result: DocxResult): Promise<Paragraph[]> {
  if (!images.length) return [];
  const out: Paragraph[] = [blank(), para({ keepNext: true, indent: { firstLine: chars(2), firstLineChars: 200 }, children: [new TextRun({ ...text3(OFFICIAL_FONTS.heading2), text: '附图' })] })];
  const notEmbedded: string[] = [];
  let shown = 0;
  for (const { record, attachment } of images) {
    const type = EMBEDDABLE[attachment.mime];
    const fits = type && shown < MAX_IMAGES_PER_SECTION && attachment.size <= MAX_IMAGE_BYTES && attachment.size <= budget.bytes;
    const data = fits ? await readFile(attachment.path).catch(() => undefined) : undefined;
    const size = data ? imageSizeOf(data) : undefined;
    if (!type || !data || !size) {
      notEmbedded.push(`${record.title}：${attachment.filename}`);
      continue;
    }
    shown += 1;
    budget.bytes -= data.length;
    const scale = Math.min(1, MAX_IMAGE_WIDTH_PX / size.width, MAX_IMAGE_HEIGHT_PX / size.height);
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        // Single auto spacing: the Normal style's exact 28.95 pt line would clip the picture to one line.
        spacing: { before: 120, after: 0, line: 240, lineRule: LineRuleType.AUTO },
        children: [new ImageRun({ type, data, transformation: { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) }, altText: { name: attachment.filename, description: record.title, title: attachment.filename } })],
      }),
      new Paragraph({ style: 'BinderCellCentre', children: [cellRun(`图${section.number}-${shown}\u3000${record.title}（${attachment.filename}）`)] }),
    );
  }
  result.embeddedImages += shown;
  result.listedImages += notEmbedded.length;
  if (notEmbedded.length) {
    out.push(
      para({ indent: { firstLine: chars(2), firstLineChars: 200 }, children: [new TextRun({ ...body, text: `另有${notEmbedded.length}张图片未嵌入本文档，原件在佐证材料压缩包中本部分的文件夹内：` })] }),
      ...notEmbedded.map((name) => new Paragraph({ style: 'BinderCell', indent: { left: chars(2) }, children: [cellRun(name)] })),
    );
  }
  return out;
}
