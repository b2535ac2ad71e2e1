/**
 * The annual report as a Word document in the official layout (GB/T 9704—2012, 党政机关公文格式):
 * A4, text block 156 × 225 mm, 22 lines of 28 characters, 2号小标宋 title, 3号仿宋 body,
 * 黑体/楷体 headings, 4号宋体 "— N —" page numbers alternating right and left.
 *
 * Every run names its fonts, East-Asian slot included: Word picks a run's Chinese font from
 * w:eastAsia alone, and a government PC has the official fonts under exactly these names.
 * A thin adapter: the report is composed elsewhere; figures print as plain text.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import type { Block, ComposedReport } from '../model.js';

/** Twips (1/20 pt) per millimetre. */
const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (n: number) => Math.round(n * TWIPS_PER_MM);

export const PAGE = { width: 11906, height: 16838 } as const; // A4
export const TEXT_WIDTH = mm(156);
const TEXT_HEIGHT = mm(225);
export const MARGIN = {
  top: mm(37),
  left: mm(28),
  right: PAGE.width - mm(28) - TEXT_WIDTH, // ≈ 26 mm
  bottom: PAGE.height - mm(37) - TEXT_HEIGHT, // ≈ 35 mm
} as const;

const LINES_PER_PAGE = 22;
const CHARS_PER_LINE = 28;
/** 225 mm / 22 lines: 579 twips (28.95 pt), the pitch of every line. */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE);
/** 156 mm / 28 characters, in twips (≈ 15.79 pt). */
const CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE;

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
export const SIZE = { hao2: 44, hao3: 32, hao4: 28 } as const;
/**
 * Word's character grid: pitch = the 16 pt default size + charSpace/4096 pt. Rounded down so that
 * 28 characters never overflow the 156 mm line by a rounding error.
 */
export const CHAR_SPACE = Math.floor((CHAR_PITCH / 20 - SIZE.hao3 / 2) * 4096);
/**
 * 3号 characters condensed by 0.3 pt (in twips): 28 of them, 15.7 pt each, fit the 156 mm line
 * by their own widths, so the text has 28 characters a line without snapping to the grid.
 */
const CONDENSE = -6;

export const OFFICIAL_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/**
 * Chinese text is zh-CN; Latin letters and digits keep en-US, as in a Chinese Word's own
 * documents (LibreOffice breaks "12" across lines when digits are tagged Chinese).
 */
const LANGUAGE = { value: 'en-US', eastAsia: 'zh-CN' } as const;

/** A run's font in every slot; hint eastAsia so that “”、— take the Chinese font's full-width forms. */
export function runStyle(font: string, size: number): IRunOptions {
  return { font: { ascii: font, hAnsi: font, eastAsia: font, cs: font, hint: 'eastAsia' }, size, sizeComplexScript: size, language: LANGUAGE };
}

export const text3 = (font: string): IRunOptions => ({ ...runStyle(font, SIZE.hao3), characterSpacing: CONDENSE });
const body = text3(OFFICIAL_FONTS.body);

/**
 * The Normal style, written by hand because the docx library cannot express w:snapToGrid on a
 * paragraph. The section declares the 22 × 28 grid (what Word's page setup shows); the text itself
 * does not snap to it but reaches the same 28 characters and 28.95 pt lines by the condensed
 * runs and exact line spacing, which needs no reader to squeeze characters into a grid cell.
 * LibreOffice (7.4) does not: on a grid narrower than the font (3号 on 15.79 pt) it breaks lines
 * at about 14 characters.
 */
export const NORMAL_STYLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
<w:pPr><w:widowControl w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr>
<w:rPr><w:rFonts w:ascii="${OFFICIAL_FONTS.body}" w:eastAsia="${OFFICIAL_FONTS.body}" w:hAnsi="${OFFICIAL_FONTS.body}" w:cs="${OFFICIAL_FONTS.body}" w:hint="eastAsia"/><w:sz w:val="${SIZE.hao3}"/><w:szCs w:val="${SIZE.hao3}"/><w:lang w:val="${LANGUAGE.value}" w:eastAsia="${LANGUAGE.eastAsia}"/></w:rPr>
</w:style>
</w:styles>`;

/** Indents in characters (what Word honours) with the twips equivalent for other readers. */
export const chars = (n: number) => Math.round(n * CHAR_PITCH);
export const EXACT_LINE = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;

const paragraph = (options: IParagraphOptions) => new Paragraph({ spacing: EXACT_LINE, widowControl: false, ...options });
const blankLine = () => paragraph({ children: [new TextRun({ ...body, text: '' })] });

/** A roll-up table (a county's towns side by side) in 5号仿宋, its caption centred above it. */
function tableBlock(block: Extract<Block, { type: 'table' }>): Array<Paragraph | Table> {
  const cellRun = (text: string, bold = false) => {
    const options: IRunOptions = { ...runStyle(OFFICIAL_FONTS.body, TABLE_SIZE), text, bold };
    return new TextRun(options);
  };
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text, i) =>
          new TableCell({
            verticalAlign: VerticalAlign.CENTER,
            // The body's exact 28.9 pt pitch would space a wrapped header (部署会／（次）) a line apart.
            children: [new Paragraph({ alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER, spacing: TABLE_LINE, children: [cellRun(text, header)] })],
          }),
      ),
    });
  const caption = paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ ...text3(OFFICIAL_FONTS.heading1), text: block.caption })] });
  const table = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    rows: [row(block.columns, true), ...block.rows.map((r) => row(r, false))],
  });
  return [caption, table, blankLine()];
}

/** 5号 (10.5 pt) in half points: tables of many columns need the smaller size to fit 156 mm. */
export const TABLE_SIZE = 21;
/** Table lines 15 pt apart (in twips), with a little air around each row. */
export const TABLE_LINE = { line: 300, lineRule: LineRuleType.EXACT, before: 40, after: 40 } as const;

/** 一、 headings in 黑体 and （一） headings in 楷体, both indented two characters like the text. */
function blockParagraphs(block: Block): Array<Paragraph | Table> {
  if (block.type === 'table') return tableBlock(block);
  return [blockParagraph(block)];
}

function blockParagraph(block: Exclude<Block, { type: 'table' }>): Paragraph {
  const indent = { firstLine: chars(2), firstLineChars: 200 };
  if (block.type === 'heading') {
    const font = block.level === 1 ? OFFICIAL_FONTS.heading1 : OFFICIAL_FONTS.heading2;
    return paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent,
      keepNext: true,
      children: [new TextRun({ ...text3(font), text: block.text })],
    });
  }
  return paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent,
    children: block.runs.map((run) => new TextRun({ ...body, text: run.text })),
  });
}

/** Width in characters: CJK full width, ASCII (digits) half width. */
const displayWidth = (text: string) => Array.from(text).reduce((w, ch) => w + (/[\u0020-\u007e]/.test(ch) ? 0.5 : 1), 0);

/**
 * Signature and date of a sealed document (GB/T 9704 7.3.5.1): the date 右空四字, the signature
 * centred over it, two blank lines above for the seal.
 */
function signatureBlock(report: ComposedReport): Paragraph[] {
  const dateIndent = 4;
  const signatureIndent = Math.max(0, dateIndent + (displayWidth(report.dateText) - displayWidth(report.signature)) / 2);
  const line = (text: string, indent: number) =>
    paragraph({ alignment: AlignmentType.RIGHT, indent: { right: chars(indent) }, keepNext: true, keepLines: true, children: [new TextRun({ ...body, text })] });
  return [blankLine(), blankLine(), line(report.signature, signatureIndent), line(report.dateText, dateIndent)];
}

/**
 * "— N —" in 4号宋体 below the text block, 单页码居右空一字, 双页码居左空一字 (7.5). With
 * even-and-odd footers on, the default footer is the odd pages'.
 */
export function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = SIZE.hao4 * 10; // one 14 pt character, in twips
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        spacing: { before: 0, after: 0 },
        children: [new TextRun({ ...runStyle(OFFICIAL_FONTS.pageNumber, SIZE.hao4), children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

export function buildDocument(report: ComposedReport): Document {
  const title = paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ ...runStyle(OFFICIAL_FONTS.title, SIZE.hao2), text: report.title })],
  });
  // 主送机关: flush left, no indent.
  const addressee = paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ ...body, text: report.addressee })] });

  return new Document({
    title: report.title,
    creator: report.signature,
    lastModifiedBy: report.signature,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: runStyle(OFFICIAL_FONTS.body, SIZE.hao3), paragraph: { spacing: EXACT_LINE } } } },
    externalStyles: NORMAL_STYLE,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            // The page-number line sits about 7 mm below the text block (7.5).
            margin: { ...MARGIN, header: mm(15), footer: mm(24) },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: [title, blankLine(), addressee, ...report.blocks.flatMap(blockParagraphs), ...signatureBlock(report)],
      },
    ],
  });
}

export async function renderDocx(report: ComposedReport): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(report));
}
