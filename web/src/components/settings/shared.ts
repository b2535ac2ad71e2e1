/** Names and small helpers the settings and org screens share. */
import type { FormInstance } from 'antd';
import { ApiError } from '../../lib/api';
import { ORG_LEVEL_LABELS, ORG_LEVELS as LEVELS, levelRank } from '../../../../src/shared/levels.js';
import type { OrgNode } from '../../../../src/shared/org.js';
import { ADMIN_ROLES as ADMIN, BUSINESS_ROLES as BUSINESS, ROLES } from '../../../../src/shared/roles.js';

/** The roles a user account can be given in the system (the three administrators are made on the server), as a picker lists them. */
export const BUSINESS_ROLES = BUSINESS.map((role) => ({ value: role, label: ROLES[role] }));
export const ADMIN_ROLES = new Set<string>(ADMIN);

export const ORG_LEVELS = LEVELS.map((level) => ({ value: level, label: ORG_LEVEL_LABELS[level] }));
export { levelRank };
export type { OrgNode };

export interface TreeOption {
  value: string;
  title: string;
  level: string;
  disabled?: boolean;
  children: TreeOption[];
}

/** The org tree as TreeSelect data; `selectable` decides which levels may be picked. */
export function treeOptions(nodes: OrgNode[], selectable: (node: OrgNode) => boolean = () => true): TreeOption[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, level: n.level, disabled: !selectable(n), children: treeOptions(n.children, selectable) }));
}

export function findNode(nodes: OrgNode[], id: string): OrgNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const found = findNode(n.children, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Puts the server's field messages under the form's fields ('fields.0.label' → ['fields', 0, 'label']);
 * returns whether any landed, so the caller shows the message itself otherwise.
 */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || !error.details.length) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const fields = error.details
    .map((d) => ({ name: d.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [d.message] }))
    .filter((f) => known.has(String(f.name[0])));
  if (!fields.length) return false;
  form.setFields(fields);
  return true;
}

/** An ISO instant as Beijing wall-clock time, 'YYYY-MM-DD HH:mm:ss'. */
const BEIJING = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
export const beijingTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : BEIJING.format(d);
};
