/** The field types ledger kinds are written in. Shared by the server and the UI; imports nothing, so the UI's bundle takes only these constants. */

export const FIELD_TYPES = [
  'text', // one line
  'textarea', // several lines
  'url',
  'integer',
  'decimal', // e.g. study hours
  'money', // yuan in the API, whole fen in the database
  'date', // 'YYYY-MM-DD'
  'boolean',
  'choice', // one item of an editable list
  'multiChoice', // several items of an editable list
  'person', // a person id
  'org', // an org unit inside the record's own unit (a village, a grid)
  'orgs', // several such units
  'record', // a record of another kind
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Whether a field of this type holds a number: what a sum adds up and a number range filters. */
export const isNumericType = (type: string): boolean => type === 'integer' || type === 'decimal' || type === 'money';

/** Every record has these besides its kind's own fields. */
export const COMMON_FIELDS = ['orgId', 'date', 'endDate', 'title', 'notes', 'tags'] as const;
