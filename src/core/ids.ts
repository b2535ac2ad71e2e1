import { randomBytesPooled } from './random.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** A 20-character id that sorts by creation time (10 chars of ms time + 10 random). */
export function newId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytesPooled(10);
  let rand = '';
  for (const b of bytes) rand += ALPHABET.charAt(b % 32);
  return time + rand;
}
