/** Checks a draft's figures against the ledger of a unit and year: the adapter around checkDraft(). */
import { extname } from 'node:path';
import { fieldError } from '../core/errors.js';
import type { AppContext } from '../context.js';
import { resolvePeriod } from '../indicators/period.js';
import type { OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import { checkDraft, synonymsOf, type CheckResult } from './check.js';
import { textOfDocx } from './check-docx.js';

/** The text of an uploaded draft: .docx is unpacked, .txt read as UTF-8. */
export async function draftText(filename: string, content: Buffer): Promise<string> {
  const ext = extname(filename).toLowerCase();
  if (ext === '.docx') return textOfDocx(content);
  if (ext === '.txt' || ext === '') {
    const text = content.toString('utf8');
    if (text.includes('\uFFFD')) throw fieldError('file', '文本文件应为 UTF-8 编码');
    return text;
  }
  throw fieldError('file', '只能检查 .docx 或 .txt 文件');
}

export async function checkAgainstLedger(ctx: AppContext, scope: Scope, unit: OrgUnit, year: number, text: string): Promise<CheckResult> {
  if (!text.trim()) throw fieldError('text', '请粘贴或上传报告正文');
  if (text.includes('\u0000')) throw fieldError('text', '正文含有无效字符');
  const { indicators } = await ctx.indicators.definitions(scope);
  const values = await ctx.indicators.evaluate(scope, unit, resolvePeriod({ year }));
  return checkDraft(text, values, synonymsOf(indicators));
}
