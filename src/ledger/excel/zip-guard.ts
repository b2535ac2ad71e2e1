/**
 * Looks inside an uploaded file before any spreadsheet code does, and hands that code only what it
 * looked at. ExcelJS's reader walks the local entries in file order and never reads the central
 * directory, so every byte of the file must belong to an entry the directory lists: an entry it
 * does not list, entries that overlap, a name given twice or a local header that names another
 * file are refused. The reader then gets a new zip holding only the parts it needs, each inflated
 * here (yauzl, which stops at the size the directory declares) and counted against the limit, so
 * a zip bomb costs the limit, never the memory or the disk of the server.
 */
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry } from 'yauzl';
import { AppError, UnsupportedType } from '../../core/errors.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const DATA_DESCRIPTOR = 0x08074b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const UTF8_NAMES = 0x0800;

/** The parts ExcelJS's streaming reader reads, by the names it looks for; it ignores the rest (styles, themes, pictures). */
const RELATIONS = 'xl/_rels/workbook.xml.rels';
const WORKBOOK = 'xl/workbook.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Stand-ins for parts a workbook may lack (a file with inline strings has no shared strings). With
 * relations and shared strings ahead of the sheets, ExcelJS parses each sheet as it streams instead
 * of spooling it to a temp file first.
 */
const EMPTY_RELATIONS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';
const EMPTY_SHARED_STRINGS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';

/** `cause`, the unzipper's own error, goes to the server log with the answer. */
const damaged = (detail: string, cause?: unknown) =>
  new AppError(400, 'validation', `文件已损坏，无法读取（${detail}）。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入`, 'file', undefined, undefined, cause === undefined ? undefined : { cause });
const tooBig = (limitBytes: number) =>
  new AppError(400, 'validation', `文件解压后超过 ${Math.round(limitBytes / 1024 / 1024)} MB，不像正常的台账表格，已拒绝（可能是压缩炸弹）。请拆分成几个文件导入`, 'file');
const notWorkbook = () => UnsupportedType('这个文件不是 Excel 工作簿（可能是 Word 文档或其他压缩包），请上传 .xlsx 表格');

interface Part {
  name: string;
  size: number;
  crc: number;
  /** The listed entry it is inflated from, or the bytes of a stand-in. */
  source: Entry | Buffer;
  /** Which of the file's own U+FFFD counts its text adds to. */
  text?: 'sharedStrings' | 'worksheets';
}

/** An uploaded workbook whose every entry the central directory lists, once, where it says. */
export class CheckedWorkbook {
  /** Why the file is refused, when a part inflated past or short of its declared size while being fed: the reader must throw it. */
  failure: AppError | undefined;
  /** U+FFFD the file's own text holds (as UTF-8 or as a character reference): the most the cells read may hold. */
  readonly replacementChars = { sharedStrings: 0, worksheets: 0 };

  constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly parts: Part[],
    private readonly maxUnzippedBytes: number,
  ) {}

  /**
   * A zip of the parts the reader needs, stored, relations and strings before the sheets: only
   * checked bytes, inflated as the reader asks for them. Read it once.
   */
  stream(): Readable {
    return Readable.from(this.entries(), { objectMode: false });
  }

  private async *entries(): AsyncGenerator<Buffer> {
    const directory: Buffer[] = [];
    let offset = 0;
    for (const part of this.parts) {
      const name = Buffer.from(part.name, 'utf8');
      const local = header('local', name, part, offset);
      directory.push(header('central', name, part, offset));
      offset += local.length + part.size;
      yield local;
      if (Buffer.isBuffer(part.source)) {
        yield part.source;
        continue;
      }
      const counter = part.text ? new ReplacementCounter() : undefined;
      let written = 0;
      try {
        for await (const chunk of await this.zip.openReadStreamPromise(part.source)) {
          const bytes = chunk as Buffer;
          written += bytes.length;
          counter?.add(bytes);
          yield bytes;
        }
      } catch (error) {
        this.failure = (error instanceof Error && error.message.includes('too many bytes')) ? tooBig(this.maxUnzippedBytes) : damaged('压缩数据有误', error);
      }
      if (counter && part.text) this.replacementChars[part.text] += counter.count;
      if (this.failure) {
        // The reader was promised `size` bytes: zeros, which no XML allows, end its reading at once.
        const zeros = Buffer.alloc(64 * 1024);
        for (let left = part.size - written; left > 0; left -= zeros.length) yield zeros.subarray(0, Math.min(left, zeros.length));
        break;
      }
    }
    const central = Buffer.concat(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_DIRECTORY, 0);
    end.writeUInt16LE(directory.length, 8);
    end.writeUInt16LE(directory.length, 10);
    end.writeUInt32LE(central.length, 12);
    end.writeUInt32LE(offset, 16);
    yield Buffer.concat([central, end]);
  }
}

/**
 * Checks an uploaded file: an .xlsx workbook (not .xls, not another zip), every byte of it in an
 * entry its directory lists, declaring no more than `maxUnzippedBytes` in all.
 */
export async function checkedWorkbook(content: Buffer, maxUnzippedBytes: number): Promise<CheckedWorkbook> {
  if (content.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
    throw UnsupportedType('这是旧版 Excel（.xls）文件或加了密码的文件，请在 Excel 或 WPS 中“另存为” .xlsx 格式（并去掉密码）后再导入');
  }
  if (content.length < 22 || content.readUInt32LE(0) !== LOCAL_HEADER) {
    throw UnsupportedType('不是 Excel（.xlsx）文件。请使用下载的导入模板，或在 Excel、WPS 中另存为 .xlsx 后再导入');
  }
  const directoryAt = directoryOffset(content);
  let zip: yauzl.ZipFile;
  const entries: Entry[] = [];
  try {
    zip = await yauzl.fromBufferPromise(content, { strictFileNames: true, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    throw damaged('文件目录有误', error);
  }

  const byName = new Map<string, Entry>();
  const folded = new Set<string>();
  for (const entry of entries) {
    if (folded.has(entry.fileName.toLowerCase())) throw damaged(`文件名“${entry.fileName}”重复出现`);
    folded.add(entry.fileName.toLowerCase());
    byName.set(entry.fileName, entry);
    if (entry.isEncrypted()) throw damaged('含有加密的内容');
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw damaged(`不支持的压缩方式 ${entry.compressionMethod}`);
  }
  if (!byName.has('[Content_Types].xml') || !byName.has(WORKBOOK)) throw notWorkbook();
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > maxUnzippedBytes) throw tooBig(maxUnzippedBytes);
  await checkLayout(zip, content, entries, directoryAt);

  const part = (name: string, text?: Part['text']): Part[] => {
    const entry = byName.get(name);
    return entry ? [{ name, size: entry.uncompressedSize, crc: entry.crc32, source: entry, text }] : [];
  };
  const standIn = (name: string, xml: string): Part[] => {
    const bytes = Buffer.from(xml, 'utf8');
    return [{ name, size: bytes.length, crc: crc32(bytes), source: bytes }];
  };
  const parts: Part[] = [
    ...(byName.has(RELATIONS) ? part(RELATIONS) : standIn(RELATIONS, EMPTY_RELATIONS)),
    ...part(WORKBOOK),
    ...(byName.has(SHARED_STRINGS) ? part(SHARED_STRINGS, 'sharedStrings') : standIn(SHARED_STRINGS, EMPTY_SHARED_STRINGS)),
    // Sheets in the file's order: the reader takes the first that looks like an import sheet.
    ...entries.filter((e) => WORKSHEET.test(e.fileName)).flatMap((e) => part(e.fileName, 'worksheets')),
  ];
  return new CheckedWorkbook(zip, parts, maxUnzippedBytes);
}

/** Where the central directory starts, from the end-of-directory record (in the last 22 bytes plus up to 64 KiB of comment). */
function directoryOffset(content: Buffer): number {
  for (let i = content.length - 22; i >= Math.max(0, content.length - 22 - 0xffff); i -= 1) {
    if (content.readUInt32LE(i) !== END_OF_DIRECTORY) continue;
    const offset = content.readUInt32LE(i + 16);
    if (offset === 0xffffffff || content.readUInt16LE(i + 10) === 0xffff) throw damaged('不支持 ZIP64 格式');
    return offset;
  }
  throw damaged('找不到文件目录，可能没有上传完整');
}

/**
 * Walks the local entries in file order, as a streaming reader does: each must start where the one
 * before it ended, name what the directory names, and the last end where the directory begins.
 */
async function checkLayout(zip: yauzl.ZipFile, content: Buffer, entries: Entry[], directoryAt: number): Promise<void> {
  const inFileOrder = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let at = 0;
  for (const entry of inFileOrder) {
    if (entry.relativeOffsetOfLocalHeader > at) throw damaged('含有文件目录未列出的内容');
    if (entry.relativeOffsetOfLocalHeader < at) throw damaged('文件中的条目相互重叠');
    const local = await zip.readLocalFileHeaderPromise(entry).catch(() => {
      throw damaged('文件内容与目录不符');
    });
    if (!local.fileName.equals(entry.fileNameRaw) || local.compressionMethod !== entry.compressionMethod) throw damaged('文件内容与目录不符');
    const dataEnd = local.fileDataStart + entry.compressedSize;
    if (local.generalPurposeBitFlag & 0x08) {
      at = dataEnd + descriptorLength(content, dataEnd, entry);
    } else {
      if (local.crc32 !== entry.crc32 || local.compressedSize !== entry.compressedSize || local.uncompressedSize !== entry.uncompressedSize) {
        throw damaged('文件内容与目录不符');
      }
      at = dataEnd;
    }
  }
  if (at !== directoryAt || content.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged('含有文件目录未列出的内容');
}

/** The data descriptor after an entry's data (signature optional; sizes of 4 or, for ZIP64, 8 bytes) must repeat the directory. */
function descriptorLength(content: Buffer, at: number, entry: Entry): number {
  const signed = at + 4 <= content.length && content.readUInt32LE(at) === DATA_DESCRIPTOR ? 4 : 0;
  const p = at + signed;
  if (p + 12 <= content.length && content.readUInt32LE(p) === entry.crc32) {
    if (content.readUInt32LE(p + 4) === entry.compressedSize && content.readUInt32LE(p + 8) === entry.uncompressedSize) return signed + 12;
    if (p + 20 <= content.length && Number(content.readBigUInt64LE(p + 4)) === entry.compressedSize && Number(content.readBigUInt64LE(p + 12)) === entry.uncompressedSize) {
      return signed + 20;
    }
  }
  throw damaged('文件内容与目录不符');
}

/** A stored entry's local or central header, names in UTF-8. */
function header(kind: 'local' | 'central', name: Buffer, part: Part, offset: number): Buffer {
  const local = kind === 'local';
  const head = Buffer.alloc(local ? 30 : 46);
  let at = 0;
  head.writeUInt32LE(local ? LOCAL_HEADER : CENTRAL_HEADER, at);
  at += 4;
  if (!local) {
    head.writeUInt16LE(20, at); // version made by
    at += 2;
  }
  head.writeUInt16LE(20, at); // version needed
  head.writeUInt16LE(UTF8_NAMES, at + 2);
  head.writeUInt16LE(0, at + 4); // stored
  head.writeUInt16LE(0, at + 6); // time
  head.writeUInt16LE(0x21, at + 8); // 1980-01-01
  head.writeUInt32LE(part.crc >>> 0, at + 10);
  head.writeUInt32LE(part.size, at + 14);
  head.writeUInt32LE(part.size, at + 18);
  head.writeUInt16LE(name.length, at + 22);
  if (!local) head.writeUInt32LE(offset, 42);
  return Buffer.concat([head, name]);
}

/**
 * Counts U+FFFD in a part's bytes: written in UTF-8 (EF BF BD) or as a character reference. Bytes
 * that are not UTF-8 at all count for nothing, so text a decoder had to replace is never "the file's own".
 */
class ReplacementCounter {
  private static readonly PATTERN = /\u00ef\u00bf\u00bd|&#(?:[xX]0*[fF][fF][fF][dD]|0*65533);/g;
  count = 0;
  private tail = '';

  add(chunk: Buffer): void {
    // latin1 maps each byte to one character, so a match split across chunks is found in tail + chunk.
    const text = this.tail + chunk.toString('latin1');
    for (const match of text.matchAll(ReplacementCounter.PATTERN)) {
      if (match.index + match[0].length > this.tail.length) this.count += 1;
    }
    this.tail = text.slice(-16);
  }
}
