/**
 * The text of an uploaded Word draft, for checking its figures: the paragraphs of
 * word/document.xml, one per line. Deleted text of tracked changes and the fallback copies of
 * text boxes are left out, so nothing is read twice.
 */
import type yauzl from 'yauzl';
import { AppError, fieldError } from '../core/errors.js';

/**
 * The body of a real report is well under a megabyte of XML; a larger one is refused from the size
 * the zip's directory declares, before anything is inflated (yauzl stops an entry that inflates past
 * its declared size), so a zip bomb costs nothing. The text read is held to what a pasted draft may be.
 */
const MAX_DOCUMENT_XML_BYTES = 16 * 1024 * 1024;
export const MAX_DRAFT_CHARS = 200_000;

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
    if (open.length && fallbackDepth === 0) open.push(`${open.pop() ?? ''}${s}`);
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
  const text = paragraphsOfDocumentXml(await documentXml(buffer)).join('\n');
  if (text.length > MAX_DRAFT_CHARS) throw fieldError('file', `报告稿正文超过 ${MAX_DRAFT_CHARS.toLocaleString('en-US')} 字，请只上传报告本身`);
  return text;
}

const unreadable = () => fieldError('file', '无法读取该文件，请上传 Word 文档（.docx）');

/** word/document.xml, inflated only when its declared size is within the limit. */
async function documentXml(buffer: Buffer): Promise<string> {
  let zip: yauzl.ZipFile;
  try {
    const { default: unzip } = await import('yauzl');
    zip = await unzip.fromBufferPromise(buffer, { validateEntrySizes: true, strictFileNames: true });
  } catch {
    throw unreadable();
  }
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== 'word/document.xml') continue;
      if (entry.uncompressedSize > MAX_DOCUMENT_XML_BYTES) {
        throw fieldError('file', `报告稿正文解压后超过 ${MAX_DOCUMENT_XML_BYTES / 1024 / 1024} MB，不像正常的报告（可能是压缩炸弹），已拒绝`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  } finally {
    zip.close();
  }
  throw fieldError('file', '该文件不是 Word 文档（.docx），找不到正文');
}
