/**
 * Field definitions: the vocabulary every ledger kind is written in.
 * A field's type decides its column, its validation, its form control and its Excel cell.
 */
import type { FieldType, FieldDefinition } from '../shared/fields.js';

/** The field types and a field's definition are shared with the UI, which renders forms from them (src/shared/fields.ts). */
export { isNumericType } from '../shared/fields.js';
export type { FieldType, FieldDefinition };

type Options = Omit<FieldDefinition, 'name' | 'label' | 'type'>;

const field =
  (type: FieldType, defaults: Options = {}) =>
  (name: string, label: string, options: Options = {}): FieldDefinition => ({
    name,
    label,
    type,
    ...defaults,
    ...options,
  });

export const text = field('text', { maxLength: 200 });
export const textarea = field('textarea', { maxLength: 5000 });
export const url = field('url', { maxLength: 500 });
export const integer = field('integer', { min: 0, max: 10_000_000 });
export const decimal = field('decimal', { min: 0, max: 10_000_000 });
export const money = field('money', { min: 0, max: 1_000_000_000 });
export const date = field('date');
export const boolean = field('boolean');
export const person = field('person');
export const org = field('org');
export const orgs = field('orgs');

export const choice = (name: string, label: string, list: string, options: Options = {}) =>
  field('choice')(name, label, { list, ...options });
export const multiChoice = (name: string, label: string, list: string, options: Options = {}) =>
  field('multiChoice')(name, label, { list, ...options });
/** 'YYYY-MM', e.g. the month a screening round covers. */
export const month = (name: string, label: string, options: Options = {}) =>
  field('text')(name, label, { maxLength: 7, pattern: '^\\d{4}-(0[1-9]|1[0-2])$', patternHint: '年-月，如 2025-03', ...options });
export const recordLink = (name: string, label: string, kind: string, options: Options = {}) =>
  field('record')(name, label, { kind, ...options });

/** A field's value in the API: multiChoice and orgs are arrays of codes and ids, money is yuan. */
export type FieldValue = string | number | boolean | string[] | null;
/** A record's values by field name (common fields included). */
export type RecordValues = Record<string, FieldValue>;
