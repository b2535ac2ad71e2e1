import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fullCollection, quietCollector } from './quiet-gc.js';

describe('quietCollector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects once after start-up, then only after a quiet period that follows requests', () => {
    const collect = vi.fn();
    const collector = quietCollector(collect, 1000);
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(collect).toHaveBeenCalledTimes(1);

    // Busy: a request in every period, so no collection however long it lasts.
    for (let i = 0; i < 20; i++) {
      collector.served();
      vi.advanceTimersByTime(1000);
    }
    expect(collect).toHaveBeenCalledTimes(1);
    // The first period without a request collects, once.
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(collect).toHaveBeenCalledTimes(2);
    collector.stop();
  });

  it('stops checking when stopped', () => {
    const collect = vi.fn();
    const collector = quietCollector(collect, 1000);
    collector.stop();
    vi.advanceTimersByTime(5000);
    expect(collect).not.toHaveBeenCalled();
  });
});

describe('fullCollection', () => {
  it('gives a gc() that frees unreachable objects', async () => {
    const gc = fullCollection();
    if (!gc) throw new Error('this Node gives no gc()');
    const ref = new WeakRef({ big: new Array(1000).fill('x') });
    // A WeakRef's target is kept until the current job ends.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(ref.deref()).toBeUndefined();
  });
});
