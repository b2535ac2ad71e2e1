/** The unit a command line names with --org. */
import type { AppContext } from '../context.js';
import { AppError } from '../core/errors.js';
import { findOrgByIdOrName, type OrgUnit } from '../org/repository.js';

/** The unit named on the command line, by id or by a name that is unique in the tree. */
export async function unitNamed(ctx: AppContext, idOrName: string | undefined): Promise<OrgUnit> {
  if (!idOrName) throw new AppError(400, 'validation', '请用 --org 指定单位（编号或名称）', 'org');
  const units = await findOrgByIdOrName(ctx.db, idOrName);
  if (units.length === 0) throw new AppError(404, 'not_found', `没有名为“${idOrName}”的单位`, 'org');
  if (units.length > 1) throw new AppError(400, 'validation', `名为“${idOrName}”的单位不止一个，请改用编号：${units.map((u) => u.id).join('、')}`, 'org');
  return units[0] as OrgUnit;
}
