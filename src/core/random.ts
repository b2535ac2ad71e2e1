/**
 * Random bytes for ids and IVs, drawn from a pool the operating system's generator fills 4 KiB at a
 * time. Each call to crypto.randomBytes costs a system call; an import of 50,000 records asks for
 * 100,000 small pieces. The bytes are the same CSPRNG output, each handed out once.
 */
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let next = POOL_SIZE;

/** `size` fresh random bytes (a copy: callers may keep it). */
export function randomBytesPooled(size: number): Buffer {
  if (size > POOL_SIZE / 4) return randomFillSync(Buffer.alloc(size));
  if (next + size > POOL_SIZE) {
    randomFillSync(pool);
    next = 0;
  }
  const out = Buffer.from(pool.subarray(next, next + size));
  next += size;
  return out;
}
