/**
 * A small seeded random source, so the demo data set is the same on every run (apart from ids).
 * Each part of the loader seeds its own stream from a label: the data does not depend on the
 * order in which concurrent writes finish.
 */

/** mulberry32: 32-bit state, good enough for picking names and dates. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the label's UTF-16 units: a stable seed for a stream name. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;

  constructor(label: string) {
    this.next = mulberry32(hashLabel(label));
  }

  /** [0, 1) */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }

  /** `total` split into `parts` positive integers near total/parts (each at least `min`). */
  split(total: number, parts: number, min = 1): number[] {
    if (parts <= 0) return [];
    if (total < parts * min) throw new Error(`cannot split ${total} into ${parts} parts of at least ${min}`);
    const weights = Array.from({ length: parts }, () => 0.5 + this.next());
    const sum = weights.reduce((a, b) => a + b, 0);
    const spare = total - parts * min;
    const out = weights.map((w) => min + Math.floor((w / sum) * spare));
    let rest = total - out.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) out[i] = (out[i] as number) + 1;
    return out;
  }
}
