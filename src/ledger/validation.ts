/**
 * Validation derived from a kind's definition. Pure: the editable lists are passed in.
 * Every message is Chinese and names the field by its label; all problems are reported at once.
 */
import { z } from 'zod';
import { isValidDate } from '../core/dates.js';
import { ValidationError, type FieldProblem } from '../core/errors.js';
import type { FieldDefinition, FieldValue, RecordValues } from './fields.js';
import { dateLabelOf, endDateLabelOf, titleLabelOf, type KindDefinition } from './kind.js';

/** Which list items a value may take; supplied by the caller (they are editable data). */
export interface ListLookup {
  has(list: string, code: string): boolean;
}

// Defined with the field types, so that the procedure rules (which kinds refer to) need not import this module.
export type { FieldValue, RecordValues };

const ID_RE = /^[0-9a-z]{6,40}$/;

/** Accepts empty (or blank) input for optional fields and normalises it to null. */
const emptyToNull = (value: unknown) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value);

function fieldSchema(f: { label: string } & Partial<FieldDefinition> & { type: FieldDefinition['type'] }, lists: ListLookup) {
  const L = `「${f.label}」`;
  const str = z.string({ error: `${L}应为文字` });
  switch (f.type) {
    case 'text':
    case 'textarea':
    case 'url': {
      let s = str.trim().max(f.maxLength ?? 200, { error: `${L}不能超过${f.maxLength ?? 200}个字` });
      if (f.pattern) {
        s = s.regex(new RegExp(f.pattern), { error: `${L}格式不正确${f.patternHint ? `，应为${f.patternHint}` : ''}` });
      }
      if (f.type === 'url') s = s.regex(/^https?:\/\/\S+$/, { error: `${L}应为以 http:// 或 https:// 开头的网址` });
      return s;
    }
    case 'integer':
    case 'decimal':
    case 'money': {
      let n = z.number({ error: `${L}应为数字` });
      if (f.type === 'integer') n = n.int({ error: `${L}应为整数` });
      if (f.type === 'money') {
        n = n.refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: `${L}最多保留两位小数` });
      }
      if (f.min !== undefined) n = n.min(f.min, { error: `${L}不能小于${f.min}` });
      if (f.max !== undefined) n = n.max(f.max, { error: `${L}不能大于${f.max}` });
      return n;
    }
    case 'date':
      return str.refine(isValidDate, { error: `${L}不是有效日期，应为 年-月-日，如 2025-03-08` });
    case 'boolean':
      return z.boolean({ error: `${L}应为“是”或“否”` });
    case 'choice': {
      const list = f.list ?? '';
      return str.refine((v) => lists.has(list, v), { error: `${L}的取值不在可选范围内` });
    }
    case 'multiChoice': {
      const list = f.list ?? '';
      return z
        .array(str, { error: `${L}应为列表` })
        .max(50, { error: `${L}最多选择50项` })
        .refine((vs) => vs.every((v) => lists.has(list, v)), { error: `${L}含有不在可选范围内的取值` })
        .transform((vs) => [...new Set(vs)]);
    }
    case 'person':
    case 'org':
    case 'record':
      return str.regex(ID_RE, { error: `${L}应为有效的编号` });
    case 'orgs':
      return z
        .array(str.regex(ID_RE, { error: `${L}含有无效的编号` }), { error: `${L}应为列表` })
        .max(500, { error: `${L}最多500项` })
        .transform((vs) => [...new Set(vs)]);
  }
}

interface Slot {
  name: string;
  label: string;
  required: boolean;
  schema: z.ZodType;
}

/** The record's own fields plus the common ones every record has. */
export function slotsOf(kind: KindDefinition, lists: ListLookup): Slot[] {
  const common: Slot[] = [
    { name: 'orgId', label: '所属单位', required: true, schema: fieldSchema({ label: '所属单位', type: 'org' }, lists) },
    { name: 'date', label: dateLabelOf(kind), required: true, schema: fieldSchema({ label: dateLabelOf(kind), type: 'date' }, lists) },
    {
      name: 'title',
      label: titleLabelOf(kind),
      required: true,
      schema: fieldSchema({ label: titleLabelOf(kind), type: 'text', maxLength: 200 }, lists),
    },
    { name: 'notes', label: '备注', required: false, schema: fieldSchema({ label: '备注', type: 'textarea', maxLength: 5000 }, lists) },
  ];
  if (kind.dateRange) {
    const label = endDateLabelOf(kind);
    common.push({ name: 'endDate', label, required: false, schema: fieldSchema({ label, type: 'date' }, lists) });
  }
  if (kind.tags) {
    common.push({
      name: 'tags',
      label: '标签',
      required: false,
      schema: fieldSchema({ label: '标签', type: 'multiChoice', list: kind.tags }, lists),
    });
  }
  return [
    ...common,
    ...kind.fields.map((f) => ({ name: f.name, label: f.label, required: f.required ?? false, schema: fieldSchema(f, lists) })),
  ];
}

export type ValidationMode = 'create' | 'patch';

/**
 * Checks a request body against the kind. On create, required fields must be present;
 * on patch, only the fields sent are checked, and a required field cannot be cleared.
 * `current` is the stored record on patch, for checks across fields (dates in order).
 */
export function validateRecord(
  kind: KindDefinition,
  input: unknown,
  mode: ValidationMode,
  lists: ListLookup,
  current: RecordValues = {},
): RecordValues {
  return recordValidator(kind, lists)(input, mode, current);
}

export type RecordValidator = (input: unknown, mode: ValidationMode, current?: RecordValues) => RecordValues;

/** validateRecord with the schemas built once, for checking many records of one kind (an import). */
export function recordValidator(kind: KindDefinition, lists: ListLookup): RecordValidator {
  const slots = slotsOf(kind, lists);
  const known = new Set(slots.map((s) => s.name));
  return (input, mode, current = {}) => validateWith(kind, slots, known, input, mode, current);
}

function validateWith(
  kind: KindDefinition,
  slots: Slot[],
  known: Set<string>,
  input: unknown,
  mode: ValidationMode,
  current: RecordValues,
): RecordValues {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw ValidationError([{ field: '', message: '请求内容应为一个对象' }]);
  }
  const body = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const values: RecordValues = {};

  for (const key of Object.keys(body)) {
    if (!known.has(key) && key !== 'version') problems.push({ field: key, message: `「${kind.label}」没有名为“${key}”的字段` });
  }

  for (const slot of slots) {
    const present = Object.prototype.hasOwnProperty.call(body, slot.name);
    if (mode === 'patch' && !present) continue;
    const raw = emptyToNull(body[slot.name]);
    if (raw === null) {
      if (slot.required) problems.push({ field: slot.name, message: `请填写「${slot.label}」` });
      else values[slot.name] = null;
      continue;
    }
    const parsed = slot.schema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ field: slot.name, message: parsed.error.issues[0]?.message ?? `「${slot.label}」有误` });
      continue;
    }
    const value = parsed.data as FieldValue;
    if (slot.required && typeof value === 'string' && value === '') {
      problems.push({ field: slot.name, message: `请填写「${slot.label}」` });
      continue;
    }
    values[slot.name] = value;
  }

  problems.push(...dateOrderProblems(kind, { ...current, ...values }, values));
  if (problems.length) throw ValidationError(problems);
  return values;
}

/** End dates not before start dates, and `notBefore` pairs, for the fields being written. */
function dateOrderProblems(kind: KindDefinition, merged: RecordValues, written: RecordValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const labelOf = (name: string) =>
    name === 'date' ? dateLabelOf(kind) : (kind.fields.find((f) => f.name === name)?.label ?? name);
  const check = (later: string, earlier: string, laterLabel: string) => {
    if (!(later in written) && !(earlier in written)) return;
    const a = merged[later];
    const b = merged[earlier];
    if (typeof a === 'string' && typeof b === 'string' && isValidDate(a) && isValidDate(b) && a < b) {
      problems.push({ field: later, message: `「${laterLabel}」不能早于「${labelOf(earlier)}」` });
    }
  };
  if (kind.dateRange) check('endDate', 'date', endDateLabelOf(kind));
  for (const f of kind.fields) if (f.type === 'date' && f.notBefore) check(f.name, f.notBefore, f.label);
  return problems;
}
