/**
 * vitest's asymmetric matchers (expect.stringContaining and the like) are typed `any`, which the lint
 * rules refuse as a property of an object literal (no-unsafe-assignment). These are the same matchers,
 * typed as the value they stand in for, for use inside toMatchObject/toEqual expectations.
 */
import { expect } from 'vitest';

/** Matches a string containing `text`. */
export const stringContaining = (text: string) => expect.stringContaining(text) as string;

/** Matches a string matching `pattern`. */
export const stringMatching = (pattern: RegExp) => expect.stringMatching(pattern) as string;

/** Matches any string. */
export const anyString = () => expect.any(String) as string;
