/**
 * A prefetched answer is handed to the first screen that asks for the same path and query, once;
 * a different query, a second asking, or an answer left too long goes to the server again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prefetch, takePrefetched } from './prefetch';

let asked: string[];

beforeEach(() => {
  asked = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      asked.push(url);
      return Promise.resolve(new Response(JSON.stringify({ url, n: asked.length }), { status: 200, headers: { 'content-type': 'application/json' } }));
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('prefetch', () => {
  it('hands the request in flight to the first taker of the same path and query, once', async () => {
    prefetch('/api/dashboard/figures', { org: 'a', year: 2025 });
    prefetch('/api/dashboard/figures', { org: 'a', year: 2025 });
    expect(asked).toEqual(['/api/dashboard/figures?org=a&year=2025']);
    expect(takePrefetched('/api/dashboard/figures', { org: 'a', year: 2024 })).toBeUndefined();
    const taken = takePrefetched<{ url: string }>('/api/dashboard/figures', { org: 'a', year: 2025 });
    expect(await taken).toEqual({ url: '/api/dashboard/figures?org=a&year=2025', n: 1 });
    expect(takePrefetched('/api/dashboard/figures', { org: 'a', year: 2025 })).toBeUndefined();
  });

  it('drops an answer nobody took within half a minute', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    prefetch('/api/dashboard/figures', { org: 'b', year: 2025 });
    vi.setSystemTime(Date.now() + 31_000);
    expect(takePrefetched('/api/dashboard/figures', { org: 'b', year: 2025 })).toBeUndefined();
  });

  it('keeps only the latest few', () => {
    for (let year = 2020; year <= 2025; year++) prefetch('/api/dashboard/figures', { org: 'c', year });
    expect(takePrefetched('/api/dashboard/figures', { org: 'c', year: 2020 })).toBeUndefined();
    expect(takePrefetched('/api/dashboard/figures', { org: 'c', year: 2025 })).toBeDefined();
  });
});
