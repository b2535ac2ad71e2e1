/**
 * Searching for a piece of text: `column LIKE '%text%'` with the text taken literally. A user's
 * "10%" or "A_1" must find those characters, not any digits after 10 or any character between
 * A and 1, so % _ and the escape character itself are escaped — the same on SQLite and PostgreSQL.
 */
import { sql, type RawBuilder } from 'kysely';

/** The LIKE pattern for text anywhere in the value, with % _ and \ escaped (use with `escape '\'`). */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `column` contains `text`, literally. */
export const contains = (column: string, text: string): RawBuilder<boolean> => sql<boolean>`${sql.ref(column)} like ${containsPattern(text)} escape '\\'`;
