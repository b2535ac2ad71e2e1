/** `fazhi import-xlsx`: a filled-in import template into a unit's ledger, from the command line. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { AppError } from '../core/errors.js';
import type { ImportError, ImportPhase } from '../ledger/excel/import.js';
import { findOrgByIdOrName } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import type { ArgSpec } from './args.js';

const PHASES: Record<ImportPhase, string> = { checking: '检查文件', reading: '读取', validating: '校验', writing: '写入' };

/** What the command takes, checked before the database is opened. */
export const IMPORT_XLSX_ARGS = {
  options: { kind: { type: 'string' }, org: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  positionals: true,
} as const satisfies ArgSpec;

export async function importXlsxCommand(ctx: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: IMPORT_XLSX_ARGS.positionals, options: IMPORT_XLSX_ARGS.options });
  const path = positionals[0];
  if (!values.kind) throw new AppError(400, 'validation', '请用 --kind 指定台账类型（如 dispute）', 'kind');
  if (!values.org) throw new AppError(400, 'validation', '请用 --org 指定单位（编号或名称）', 'org');
  if (!path) throw new AppError(400, 'validation', '请指定要导入的 .xlsx 文件', 'file');
  const units = await findOrgByIdOrName(ctx.db, values.org);
  if (units.length !== 1 || !units[0]) throw new AppError(400, 'validation', units.length ? `名为“${values.org}”的单位不止一个，请改用编号` : `没有名为“${values.org}”的单位`, 'org');
  const unit = units[0];
  const scope = systemScope(unit);
  const file = { name: basename(path), content: await readFile(path) };
  // Progress on stderr, one line per step, so a long import shows it is alive (and a log shows how far it got).
  const progress = (phase: ImportPhase, done: number, total?: number) => console.error(`${PHASES[phase]}：${done}${total ? `/${total}` : ''} 行`);

  try {
    if (values['dry-run']) {
      const check = await ctx.importer.check(scope, values.kind, unit.id, file, progress);
      if (values.json) console.log(JSON.stringify(check, null, 2));
      else {
        console.log(`检查通过：${file.name} 可导入 ${check.rows} 条（${check.byUnit.map((u) => `${u.orgName} ${u.rows} 条`).join('，')}），未写入。`);
        if (check.duplicate) console.log(`注意：这个文件已于 ${check.duplicate.importedAt} 由${check.duplicate.importedBy}导入过。`);
      }
      return 0;
    }
    const result = await ctx.importer.import(scope, values.kind, unit.id, file, progress);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(`已导入 ${result.created} 条（批次 ${result.batchId}）。`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError) || error.id !== 'import_invalid') throw error;
    const errors = (error.extra?.errors ?? []) as ImportError[];
    if (values.json) console.log(JSON.stringify({ error: error.toJSON().error }, null, 2));
    else {
      console.error(error.message);
      for (const e of errors) console.error(`  ${e.sheet} 第 ${e.row} 行${e.column ? ` ${e.column} 列` : ''}${e.header ? `「${e.header}」` : ''}：${e.message}`);
    }
    return 4;
  }
}
