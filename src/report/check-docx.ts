/**
 * The text of an uploaded Word draft, for checking its figures: the paragraphs of
 * word/document.xml, one per line. Deleted text of tracked changes and the fallback copies of
 * text boxes are left out, so nothing is read twice.
 */
import JSZip from 'jszip';
import { fieldError } from '../core/errors.js';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(xml: string): string {
  return xml.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** Tags that matter, any other tag, or text between tags. */
const TOKEN = /<(\/?)(w:p|w:t|w:tab|w:br|w:cr|mc:Fallback)(?=[\s>/])[^>]*?(\/?)>|<[^>]*>|[^<]+/g;

/** The paragraphs of a WordprocessingML body, runs' text concatenated; a paragraph inside a text box is its own paragraph. */
export function paragraphsOfDocumentXml(xml: string): string[] {
  const paragraphs: string[] = [];
  const open: string[] = [];
  let inText = false;
  let fallbackDepth = 0;
  const append = (s: string) => {
    if (open.length && fallbackDepth === 0) open[open.length - 1] += s;
  };
  for (const m of xml.matchAll(TOKEN)) {
    const [token, closing, tag, selfClosing] = m;
    if (!tag) {
      if (inText && !token.startsWith('<')) append(decode(token));
      continue;
    }
    const isClose = closing === '/';
    const isEmpty = selfClosing === '/';
    switch (tag) {
      case 'w:p':
        if (isEmpty) {
          if (fallbackDepth === 0) paragraphs.push('');
        } else if (isClose) {
          const text = open.pop();
          if (text !== undefined && fallbackDepth === 0) paragraphs.push(text);
        } else open.push('');
        break;
      case 'w:t':
        inText = !isClose && !isEmpty;
        break;
      case 'w:tab':
        if (!isClose) append('\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (!isClose) append('\n');
        break;
      case 'mc:Fallback':
        if (isEmpty) break;
        fallbackDepth += isClose ? -1 : 1;
        break;
    }
  }
  return paragraphs;
}

/** The text of a .docx file: paragraphs joined with newlines. */
export async function textOfDocx(buffer: Buffer): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw fieldError('file', '无法读取该文件，请上传 Word 文档（.docx）');
  }
  const document = zip.file('word/document.xml');
  if (!document) throw fieldError('file', '该文件不是 Word 文档（.docx），找不到正文');
  return paragraphsOfDocumentXml(await document.async('string')).join('\n');
}
