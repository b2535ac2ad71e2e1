/**
 * Ids for synthetic rows, derived from the seed instead of the clock and the CSPRNG, so the same
 * seed writes the same rows. They have newId's shape (20 characters of Crockford base32): a
 * "creation time" picked from the seed, then a sequence number. Every row of one run shares the
 * time part and the sequence part is unique, so ids never collide within a run, and they ascend
 * in load order (appends to the primary-key index instead of random inserts).
 */
import { Rng } from '../demo/random.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Bits of the sequence kept for the units, people and records of one town. */
const LOCAL_BITS = 26;
const LOCAL_SPAN = 2 ** LOCAL_BITS;
/** Namespaces: 0 for the province, its cities and counties; town t (0-based) uses t + 1. */
export const MAX_TOWNS = 2 ** 24 - 1;
/** Where a town's people and records begin in its namespace, after its units. */
export const TOWN_ROWS_START = 2 ** 12;

function base32(value: number, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET.charAt(v % 32) + out;
    v = Math.floor(v / 32);
  }
  return out;
}

/** The time part for a seed: a millisecond in the first ~200 days of 2026 (the load, not the records' dates). */
export function seedPrefix(seed: string): string {
  const offset = Math.floor(new Rng(`ids:${seed}`).float() * 2 ** 34);
  return base32(Date.UTC(2026, 0, 1) + offset, 10);
}

/** Hands out the ids of one namespace in order. */
export class IdSource {
  private next: number;

  /** `start`: where in the namespace to begin (a town's units come first, its people and records after). */
  constructor(
    private readonly prefix: string,
    private readonly namespace: number,
    start = 0,
  ) {
    this.next = start;
    if (!Number.isInteger(namespace) || namespace < 0 || namespace > MAX_TOWNS) throw new RangeError(`id namespace ${namespace} out of range`);
  }

  id(): string {
    if (this.next >= LOCAL_SPAN) throw new RangeError('too many synthetic rows in one town');
    return this.prefix + base32(this.namespace * LOCAL_SPAN + this.next++, 10);
  }
}
