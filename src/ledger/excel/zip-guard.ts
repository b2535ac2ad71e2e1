/**
 * Looks inside an uploaded file before any spreadsheet code does: it must be a zip holding an Excel
 * workbook, and it must not inflate past a limit. The sizes a zip declares can lie, so every entry
 * is inflated once here (streamed and counted, nothing kept) and stopped at the first byte past
 * its declared size or past the total; a zip bomb costs the limit, never the memory of the server.
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError, UnsupportedType } from '../../core/errors.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const damaged = (detail: string) => new AppError(400, 'validation', `文件已损坏，无法读取（${detail}）。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入`, 'file');
const tooBig = (limitBytes: number) =>
  new AppError(400, 'validation', `文件解压后超过 ${Math.round(limitBytes / 1024 / 1024)} MB，不像正常的台账表格，已拒绝（可能是压缩炸弹）。请拆分成几个文件导入`, 'file');

/** The zip's central directory; refuses what is not an .xlsx workbook. */
export function zipEntries(content: Buffer): ZipEntry[] {
  if (content.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
    throw UnsupportedType('这是旧版 Excel（.xls）文件或加了密码的文件，请在 Excel 或 WPS 中“另存为” .xlsx 格式（并去掉密码）后再导入');
  }
  if (content.length < 22 || content.readUInt32LE(0) !== LOCAL_HEADER) {
    throw UnsupportedType('不是 Excel（.xlsx）文件。请使用下载的导入模板，或在 Excel、WPS 中另存为 .xlsx 后再导入');
  }
  // The end-of-directory record sits in the last 22 bytes plus up to 64 KiB of comment.
  let end = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - 22 - 0xffff); i -= 1) {
    if (content.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged('找不到文件目录，可能没有上传完整');
  const count = content.readUInt16LE(end + 10);
  const directoryOffset = content.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw damaged('不支持 ZIP64 格式');

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged('文件目录不完整');
    const nameLength = content.readUInt16LE(at + 28);
    const extraLength = content.readUInt16LE(at + 30);
    const commentLength = content.readUInt16LE(at + 32);
    entries.push({
      method: content.readUInt16LE(at + 10),
      compressedSize: content.readUInt32LE(at + 20),
      size: content.readUInt32LE(at + 24),
      localOffset: content.readUInt32LE(at + 42),
      name: content.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    throw UnsupportedType('这个文件不是 Excel 工作簿（可能是 Word 文档或其他压缩包），请上传 .xlsx 表格');
  }
  return entries;
}

/**
 * Inflates every entry, counting: refuses a file whose entries inflate past what they declare or
 * whose declared total passes `maxUnzippedBytes`. Resolves when the file is safe to parse.
 */
export async function checkZipBomb(content: Buffer, maxUnzippedBytes: number): Promise<void> {
  const entries = zipEntries(content);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxUnzippedBytes) throw tooBig(maxUnzippedBytes);
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) throw damaged(`不支持的压缩方式 ${entry.method}`);
    const local = entry.localOffset;
    if (local + 30 > content.length || content.readUInt32LE(local) !== LOCAL_HEADER) throw damaged('文件内容与目录不符');
    const start = local + 30 + content.readUInt16LE(local + 26) + content.readUInt16LE(local + 28);
    const data = content.subarray(start, start + entry.compressedSize);
    if (data.length !== entry.compressedSize) throw damaged('文件不完整');
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw damaged('文件内容与目录不符');
      continue;
    }
    const inflated = await inflatedLength(data, entry.size + 1);
    if (inflated > entry.size) throw tooBig(maxUnzippedBytes);
  }
}

/** Bytes `data` inflates to, counting no further than `stopAt`. */
function inflatedLength(data: Buffer, stopAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let length = 0;
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length >= stopAt) {
        inflate.destroy();
        resolve(length);
      }
    });
    inflate.on('end', () => resolve(length));
    inflate.on('error', () => reject(damaged('压缩数据有误')));
    Readable.from([data]).pipe(inflate);
  });
}
