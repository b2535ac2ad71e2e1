/** Timing helpers shared by the benchmarks: medians, never means, and references timed alongside. */

export const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;

/** Median milliseconds of `rounds` calls after three warm-up calls. */
export async function timeIt(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

/**
 * Medians of two functions timed in alternation, so a machine that gets busier or quieter during
 * the run moves both alike and the ratio stays honest.
 */
export async function timeSideBySide(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < 3; i++) {
    await a();
    await b();
  }
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    for (const [k, fn] of [a, b].entries()) {
      const start = process.hrtime.bigint();
      await fn();
      samples[k]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return [median(samples[0]), median(samples[1])];
}

export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
