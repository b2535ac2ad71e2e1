/**
 * Field definitions: the vocabulary every ledger kind is written in, as the server keeps them and
 * as GET /api/kinds gives them to the UI. A field's type decides its column, its validation, its
 * form control and its Excel cell. Shared by the server and the UI: imports only zod.
 */
import { z } from 'zod';
import { FIELD_TYPES } from './field-types.js';
import { ORG_LEVELS } from './levels.js';

export { FIELD_TYPES, isNumericType, type FieldType } from './field-types.js';

export const fieldDefinitionSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().optional(),
  /** Personal information under PIPL art. 28: masked on output, encrypted at rest. */
  sensitive: z.boolean().optional(),
  help: z.string().optional(),
  /** text: longest accepted, in characters. */
  maxLength: z.number().optional(),
  /** text: a regular expression the whole value must match, and how to describe it to a person. */
  pattern: z.string().optional(),
  patternHint: z.string().optional(),
  /** integer, decimal, money: bounds. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** choice, multiChoice: the editable list the value comes from. */
  list: z.string().optional(),
  /** org, orgs: the levels the unit may be at. */
  levels: z.array(z.enum(ORG_LEVELS)).optional(),
  /** record: the kind linked to. */
  kind: z.string().optional(),
  /** date: may not be earlier than this other date field (or 'date', the record's own date). */
  notBefore: z.string().optional(),
  /**
   * date: the end of a term or a time limit (有效期至、完成时限), which lies ahead when it is entered.
   * Every other date records something that happened or a step taken, so it is never after the day it is entered.
   */
  ahead: z.boolean().optional(),
  /** Shown in list views by default. */
  inList: z.boolean().optional(),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

/** An item of an editable list, as a form offers it. */
export const optionSchema = z.object({ code: z.string(), label: z.string(), active: z.boolean() });
export type Option = z.infer<typeof optionSchema>;

/** A field as the UI gets it: the definition with its list's items inline. */
export const fieldSchema = fieldDefinitionSchema.extend({ options: z.array(optionSchema).optional() });
export type Field = z.infer<typeof fieldSchema>;
