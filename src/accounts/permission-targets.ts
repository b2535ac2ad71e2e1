/**
 * What a grant can name, with Chinese labels: the report's areas, every ledger kind (by area,
 * built-in and the towns' own), and the annual report. The security administrator sees no
 * business data, so GET /api/kinds shows them nothing; this is how their permission screen (and
 * the audit administrator's log) names the targets instead of showing codes.
 */
import { ACTIONS, ACTION_LABELS, ANNUAL_REPORT, ASSESSMENT } from './permissions.js';
import { AREAS, type AreaCode } from '../ledger/kind.js';
import { isCustom, type AnyKind } from '../ledger/registry.js';
import type { PermissionTarget, PermissionVocabulary } from '../shared/accounts.js';
export type { PermissionTarget, PermissionVocabulary };

/** Areas in the report's order, each followed by its kinds; the county's assessment, then the annual report last. */
export function permissionVocabulary(kinds: readonly AnyKind[]): PermissionVocabulary {
  const targets: PermissionTarget[] = [];
  for (const [area, label] of Object.entries(AREAS) as Array<[AreaCode, string]>) {
    targets.push({ code: area, label, type: 'area' });
    for (const kind of kinds.filter((k) => k.area === area)) {
      targets.push({ code: kind.code, label: kind.label, type: 'kind', area, ...(isCustom(kind) ? { custom: true } : {}) });
    }
  }
  targets.push({ code: ASSESSMENT.code, label: ASSESSMENT.label, type: 'report' });
  targets.push({ code: ANNUAL_REPORT.code, label: '年度报告', type: 'report' });
  return { actions: ACTIONS.map((code) => ({ code, label: ACTION_LABELS[code] })), targets };
}
