/**
 * `fazhi binder`: a unit's evidence binder (佐证材料) for a year's report or, with --scheme, for its
 * assessment, as a DOCX or as a ZIP with every
 * original attachment, chosen by the output file's extension. Run as the system, masked unless a
 * reason for full values is given (then audited like any reveal).
 */
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { AppError } from '../core/errors.js';
import { buildBinder } from '../binder/service.js';
import { unitNamed } from './unit-named.js';
import { systemScope } from '../org/scope.js';
import { yearOf } from '../report/service.js';

export const BINDER_HELP = `  binder --org <单位> --year <年度> [--scheme <考核方案编号>] --out <文件.docx|文件.zip> [--reveal-reason <原因>]
                   生成年度报告的佐证材料：封面、目录、每个数字一部分（记录列表和照片）；给出 --scheme 时
                   按考核方案的每个项目分部分，生成该镇的考核佐证材料；输出 .zip 时
                   另附全部附件原件（按部分和记录分文件夹）。个人信息默认遮蔽，给出原因时显示原文并记入审计日志
`;

export async function binderCommand(ctx: AppContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { org: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' }, scheme: { type: 'string' }, 'reveal-reason': { type: 'string' } },
  });
  if (!values.out) throw new AppError(400, 'validation', '请用 --out 指定输出文件（.docx 或 .zip）', 'out');
  const format = extname(values.out).toLowerCase().slice(1);
  if (format !== 'docx' && format !== 'zip') throw new AppError(400, 'validation', '--out 的扩展名应为 .docx（Word文档）或 .zip（含附件原件）', 'out');
  const unit = await unitNamed(ctx, values.org);
  const reason = values['reveal-reason']?.trim();
  if (reason !== undefined && (reason.length < 4 || reason.length > 200)) throw new AppError(400, 'validation', '「查看原因」应为4–200个字', 'reveal-reason');
  let shown = -1;
  const built = await buildBinder(ctx, systemScope(unit), { org: unit.id, year: yearOf(values.year), format, ...(values.scheme ? { scheme: values.scheme } : {}), ...(reason ? { reveal: { reason } } : {}) }, values.out, (fraction) => {
    const percent = Math.floor(fraction * 10) * 10;
    if (percent > shown && process.stderr.isTTY) process.stderr.write(`\r已完成 ${percent}%`);
    shown = Math.max(shown, percent);
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(`已生成：${values.out}（${built.sections}部分，${built.records}条记录，嵌入图片${built.embeddedImages}张${built.listedImages ? `，另列${built.listedImages}张` : ''}${format === 'zip' ? `，压缩包内${built.files}个文件` : ''}）`);
  return 0;
}

