/** Checks a draft's figures against the ledger of a unit and year: the adapter around checkDraft(). */
import { extname } from 'node:path';
import { fieldError } from '../core/errors.js';
import type { AppContext } from '../context.js';
import { isLedger } from '../indicators/definition.js';
import { resolvePeriod } from '../indicators/period.js';
import type { OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import { checkDraft, type CheckResult } from './check.js';
import { textOfDocx } from './check-docx.js';
import { aliasesFor } from './draft-check/aliases.js';
import { buildVocabulary } from './draft-check/vocabulary.js';

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

/** The check as the unit reads: its indicators (town- and county-defined ones included), their kinds, and the town's own words. */
export async function checkAgainstLedger(ctx: AppContext, scope: Scope, unit: OrgUnit, year: number, text: string): Promise<CheckResult> {
  if (!text.trim()) throw fieldError('text', '请粘贴或上传报告正文');
  if (text.includes('\u0000')) throw fieldError('text', '正文含有无效字符');
  const { values, vocabulary } = await ledgerWords(ctx, scope, unit, year);
  return checkDraft(text, values, vocabulary);
}

/** What matching a text needs for a unit and year: its kinds, its indicators' values and its words (template-from reuses it). */
export async function ledgerWords(ctx: AppContext, scope: Scope, unit: OrgUnit, year: number) {
  // The unit's own indicators and its county's, not a sibling town's (a county user sees both).
  const { kinds, indicators } = await ctx.indicators.applicableTo(scope, unit);
  const values = await ctx.indicators.evaluate(scope, unit, resolvePeriod({ year }));
  const vocabulary = buildVocabulary(
    indicators.map((i) => ({ ...i, ...(isLedger(i) ? { kind: i.kind } : {}) })),
    kinds,
    await aliasesFor(ctx, unit),
  );
  return { kinds, values, vocabulary };
}
