/**
 * Checking a record on the phone before it is queued, against the kind's definition as the server
 * last gave it (GET /api/kinds, cached for offline use): required fields, lengths, patterns,
 * bounds, and that a choice is one of the list's options still in use, in the server's words
 * (src/ledger/validation.ts). A record queued offline is then not refused later for these reasons,
 * unless the definitions changed in the meantime.
 */
import { requiredMessage } from '../components/ledger/rules';
import type { Kind } from '../lib/types';

const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Problems by field name; empty when the record may be queued. */
export function checkRecord(kind: Kind, values: Record<string, unknown>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of kind.fields) {
    const value = values[field.name];
    if (empty(value)) {
      if (field.required) problems[field.name] = requiredMessage(field);
      continue;
    }
    const L = `「${field.label}」`;
    if (typeof value === 'string') {
      const max = field.maxLength ?? 200;
      if (['text', 'textarea', 'url'].includes(field.type) && value.trim().length > max) problems[field.name] = `${L}不能超过${max}个字`;
      else if (field.pattern && !new RegExp(field.pattern).test(value.trim())) problems[field.name] = `${L}格式不正确${field.patternHint ? `，应为${field.patternHint}` : ''}`;
      else if (field.type === 'choice' && field.options && !field.options.some((o) => o.code === value && o.active)) problems[field.name] = `${L}的取值不在可选范围内`;
    }
    if (typeof value === 'number') {
      if (field.type === 'integer' && !Number.isInteger(value)) problems[field.name] = `${L}应为整数`;
      else if (field.min !== undefined && value < field.min) problems[field.name] = `${L}不能小于${field.min}`;
      else if (field.max !== undefined && value > field.max) problems[field.name] = `${L}不能大于${field.max}`;
    }
  }
  return problems;
}
