/**
 * Field definitions: the vocabulary every ledger kind is written in.
 * A field's type decides its column, its validation, its form control and its Excel cell.
 */
import type { OrgLevel } from '../org/levels.js';

export type FieldType =
  | 'text' // one line
  | 'textarea' // several lines
  | 'url'
  | 'integer'
  | 'decimal' // e.g. study hours
  | 'money' // yuan in the API, whole fen in the database
  | 'date' // 'YYYY-MM-DD'
  | 'boolean'
  | 'choice' // one item of an editable list
  | 'multiChoice' // several items of an editable list
  | 'person' // a person id
  | 'org' // an org unit inside the record's own unit (a village, a grid)
  | 'orgs' // several such units
  | 'record'; // a record of another kind

export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Personal information under PIPL art. 28: masked on output, encrypted at rest. */
  sensitive?: boolean;
  help?: string;
  /** text: longest accepted, in characters. */
  maxLength?: number;
  /** text: a regular expression the whole value must match, and how to describe it to a person. */
  pattern?: string;
  patternHint?: string;
  /** integer, decimal, money: bounds. */
  min?: number;
  max?: number;
  /** choice, multiChoice: the editable list the value comes from. */
  list?: string;
  /** org, orgs: the levels the unit may be at. */
  levels?: OrgLevel[];
  /** record: the kind linked to. */
  kind?: string;
  /** date: may not be earlier than this other date field (or 'date', the record's own date). */
  notBefore?: string;
  /**
   * date: the end of a term or a time limit (有效期至、完成时限), which lies ahead when it is entered.
   * Every other date records something that happened or a step taken, so it is never after the day it is entered.
   */
  ahead?: boolean;
  /** Shown in list views by default. */
  inList?: boolean;
}

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

/** Whether a field of this type holds a number: what a sum adds up and a number range filters. */
export const isNumericType = (type: string): boolean => type === 'integer' || type === 'decimal' || type === 'money';

/** Fields whose value is a JSON array in storage. */
export const isMultiValued = (f: FieldDefinition) => f.type === 'multiChoice' || f.type === 'orgs';
