// Small numeric helpers for the benchmark: a seeded PRNG and latency summaries.

/** mulberry32: tiny, fast, and the same sequence on every machine for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const intBelow = (random: () => number, n: number) => Math.floor(random() * n);

export const pickOne = <T>(random: () => number, list: readonly T[]): T => list[intBelow(random, list.length)]!;

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles, in milliseconds. */
export function summarise(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { n: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1]!, mean };
}

export function median(samples: readonly number[]): number {
  return summarise(samples).p50;
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** A command-line option (`--name 100_000`) as a positive whole number, or an error naming it. */
export function positiveWhole(name: string, value: unknown): number {
  const n = Number(String(value).replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
}
